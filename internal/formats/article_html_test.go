package formats_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/formats"
)

var articleHTMLCases = []struct {
	name, html, text, title, meta string
	warns                         int
}{
	{
		name:  "NestedBlocks",
		html:  `<html><body><div><div><p>One</p><p>Two <b>bold</b>   words</p></div><ul><li>a</li><li>b <i>c</i></li></ul></div><div>end</div></body></html>`,
		text:  "One\n\nTwo bold words\n\na\nb c\nend",
		title: "page.html",
	},
	{
		name:  "Entities",
		html:  `<p>Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#x1F600; &quot;q&quot; a&nbsp;b</p>`,
		text:  "Tom & Jerry <3 été 😀 \"q\" a\u00a0b",
		title: "page.html",
	},
	{
		name: "HiddenThingsDropped",
		html: `<html><head><style>p{color:red}</style><script>var x = "<p>no</p>";</script><title>Kept title</title><meta name="x" content="y"></head>` +
			`<body><script>alert(1)</script><p>Yes</p><noscript>Enable JS</noscript><template><p>tmpl</p></template>` +
			`<div hidden>hid</div><span style="display: NONE">gone</span><iframe>frame</iframe><!-- comment --><p>Also</p></body></html>`,
		text:  "Yes\n\nAlso",
		title: "Kept title",
	},
	{
		name:  "TitleFromH1BeforeH2",
		html:  `<body><h2>Second</h2><h1>First  <em>Head</em><script>x</script></h1><p>text</p></body>`,
		text:  "Second\n\nFirst Head\n\ntext",
		title: "First Head",
	},
	{
		name:  "TitleFromH2",
		html:  `<title>  </title><h2>Only   h2</h2><p>x</p>`,
		text:  "Only h2\n\nx",
		title: "Only h2",
	},
	{
		name:  "TitleWhiteSpace",
		html:  "<title>  A\n   B </title><p>x</p>",
		text:  "x",
		title: "A B",
	},
	{
		name:  "SVGIsNotText",
		html:  `<p>Hi<svg><title>icon</title><text>drawn</text></svg> there</p>`,
		text:  "Hi there",
		title: "page.html",
	},
	{
		name:  "Hindi",
		html:  `<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8"><title>दुर्लभ खनिज</title></head><body><h1>चीन ने कहा</h1><p>भारत ने कहा है।चीनी कंपनियां</p></body></html>`,
		text:  "चीन ने कहा\n\nभारत ने कहा है।चीनी कंपनियां",
		title: "दुर्लभ खनिज",
		meta:  `{"html_lang":"hi"}`,
	},
	{
		name:  "Pre",
		html:  "<p>Code:</p><pre>\n  x = 1\n\n  y  =  2\n</pre><p>after   it</p>",
		text:  "Code:\n\n  x = 1\n\n  y  =  2\n\nafter it",
		title: "page.html",
	},
	{
		name:  "LineBreaks",
		html:  "<p>line one<br>line   two<br><br>line four<br></p><p>next</p>",
		text:  "line one\nline two\n\nline four\n\nnext",
		title: "page.html",
	},
	{
		name:  "Table",
		html:  "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td> 2 </td></tr></table>",
		text:  "A B\n1 2",
		title: "page.html",
	},
	{
		name:  "InlineNoSpace",
		html:  "<p>foo<span>bar</span> <a href='x'>baz</a></p>",
		text:  "foobar baz",
		title: "page.html",
	},
	{
		name:  "CRLFAndBOM",
		html:  "\uFEFF<p>one\r\ntwo</p>\r\n<pre>a\r\nb</pre>",
		text:  "one two\n\na\nb",
		title: "page.html",
	},
	{
		name:  "OtherCharsetButASCII",
		html:  `<meta charset="windows-1252"><p>plain</p>`,
		text:  "plain",
		title: "page.html",
	},
	{
		name:  "OtherCharsetButUTF8",
		html:  `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>été</p>`,
		text:  "été",
		title: "page.html",
		warns: 1,
	},
}

func TestReadHTML(t *testing.T) {
	for _, tc := range articleHTMLCases {
		t.Run(tc.name, func(t *testing.T) {
			rec, warns, err := articleRead(formats.ReadHTML, "site/page.html", tc.html)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Doc.Text != tc.text {
				t.Errorf("text %q\nwant %q", rec.Doc.Text, tc.text)
			}
			if rec.Doc.Title != tc.title {
				t.Errorf("title %q, want %q", rec.Doc.Title, tc.title)
			}
			if string(rec.Doc.Meta) != tc.meta {
				t.Errorf("meta %s, want %s", rec.Doc.Meta, tc.meta)
			}
			if len(warns) != tc.warns {
				t.Errorf("warnings %v", warns)
			}
		})
	}
}

func TestReadHTML_Bad(t *testing.T) {
	for _, tc := range []struct{ name, html, where, reason string }{
		{"NoVisibleText", "<html><head><title>T</title></head><body> <script>x</script> </body></html>", "p.html:", "empty file"},
		{"OtherCharset", "<meta charset=\"windows-1252\">\n<p>\xe9t\xe9</p>", "p.html:", `charset "windows-1252"`},
		{"InvalidUTF8", "<p>ok</p>\n<p>\xff</p>", "p.html:2:", "invalid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := articleRead(formats.ReadHTML, "p.html", tc.html)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.where) || !strings.Contains(msg, tc.reason) {
				t.Errorf("error %q, want %q… with %q", msg, tc.where, tc.reason)
			}
		})
	}
}

func FuzzHTML(f *testing.F) {
	for _, tc := range articleHTMLCases {
		f.Add(tc.html)
	}
	for _, tc := range articleBad {
		f.Add(tc.data)
	}
	f.Fuzz(func(t *testing.T, data string) {
		rec, _, err := articleRead(formats.ReadHTML, "p.html", data)
		if err != nil {
			return
		}
		text := rec.Doc.Text
		if !utf8.ValidString(text) || strings.ContainsAny(text, "\r\x00") || strings.HasPrefix(text, "\n") {
			t.Fatalf("stored text %q", text)
		}
		if rec.Doc.Title == "" || !utf8.ValidString(rec.Doc.Title) {
			t.Fatalf("title %q", rec.Doc.Title)
		}
	})
}
