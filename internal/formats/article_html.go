package formats

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"app.spanmark.org/spanmark/internal/annot"
)

// ReadHTML reads an HTML article as the text a reader sees in a browser,
// since that is what an analyst tags; the markup is not kept.
//
//   - Left out: script, style, noscript, template, the head (but for the
//     title), iframe, svg, canvas, audio, video, object, embed, select,
//     datalist and input, and elements with the hidden attribute or an
//     inline display:none or visibility:hidden style.
//   - Block elements (p, div, headings, li, tr, section, article, header,
//     footer, blockquote, pre, …) and br start a new line; p, h1–h6,
//     blockquote, pre, figure and hr are set off by a blank line. Table
//     cells of a row are separated by a space. Nothing else is added: no
//     bullets, no numbers, no link targets.
//   - Outside pre and textarea, runs of white space collapse to one space
//     and vanish at line starts and ends, as in a browser; inside them the
//     text is kept as written. Entities are decoded; a no-break space stays
//     U+00A0.
//   - The title is <title>, else the first h1, else the first h2, else the
//     file name. meta holds {"html_lang": …} when <html lang> is given.
//   - The file must be UTF-8. A page that declares another charset (in
//     <meta charset> or http-equiv) is read when its bytes are UTF-8 anyway
//     (with a warning if they hold more than ASCII), and refused with the
//     charset's name otherwise, so that the analyst can convert it; guessing
//     an encoding would put wrong letters under every span.
func ReadHTML(name string, data []byte, opt Options, sink *Sink) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"))
	}
	// A browser drops a UTF-8 BOM while decoding; the parser would keep it
	// as text.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "cannot read the HTML: %v", err))
	}
	if err := checkCharset(name, data, declaredCharset(root), sink); err != nil {
		return err
	}
	if err := checkArticle(name, data); err != nil {
		return err
	}
	var t htmlText
	t.walk(root)
	body := t.String()
	if blank(body) {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "empty file: the HTML has no visible text"))
	}
	b := newBuilder(name, 0, body)
	rec, err := b.finish(htmlTitle(root, name), htmlMeta(root))
	if err != nil {
		return annot.At(name, 0, err)
	}
	return sink.Record(rec)
}

// checkCharset holds a page to UTF-8 whatever it declares (see ReadHTML).
func checkCharset(name string, data []byte, cs string, sink *Sink) error {
	switch strings.ToLower(cs) {
	case "", "utf-8", "utf8", "unicode-1-1-utf-8":
		return nil
	}
	if ascii(data) {
		return nil
	}
	if utf8.Valid(data) {
		sink.warn(name, 0, "the page declares charset %q, but its bytes are UTF-8: read as UTF-8", cs)
		return nil
	}
	return annot.At(name, 0, annot.Errorf(annot.Invalid,
		"the page is in charset %q; Spanmark reads UTF-8 only: convert it first (for instance iconv -f %s -t UTF-8)", cs, cs))
}

func ascii(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// declaredCharset finds <meta charset> or <meta http-equiv content-type>.
func declaredCharset(root *html.Node) string {
	cs := ""
	find(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != atom.Meta {
			return false
		}
		if c := attr(n, "charset"); c != "" {
			cs = strings.TrimSpace(c)
			return true
		}
		if strings.EqualFold(attr(n, "http-equiv"), "content-type") {
			content := strings.ToLower(attr(n, "content"))
			if _, c, ok := strings.Cut(content, "charset="); ok {
				cs = strings.Trim(strings.TrimSpace(strings.SplitN(c, ";", 2)[0]), `"'`)
				return true
			}
		}
		return false
	})
	return cs
}

// htmlTitle picks the title (see ReadHTML).
func htmlTitle(root *html.Node, name string) string {
	for _, a := range []atom.Atom{atom.Title, atom.H1, atom.H2} {
		var n *html.Node
		find(root, func(c *html.Node) bool {
			if c.Type == html.ElementNode && c.DataAtom == a && c.Namespace == "" {
				n = c
				return true
			}
			return false
		})
		if n == nil {
			continue
		}
		var t htmlText
		if a == atom.Title {
			t.inline(textContent(n))
		} else {
			t.children(n)
		}
		if s := strings.Join(strings.Fields(t.String()), " "); s != "" {
			return cutAtWord(s, 120)
		}
	}
	return filepath.Base(name)
}

// htmlMeta keeps the page's language, which tells a reviewer the script to
// expect and a pipeline which model to use.
func htmlMeta(root *html.Node) json.RawMessage {
	lang := ""
	find(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			lang = strings.TrimSpace(attr(n, "lang"))
			return true
		}
		return false
	})
	if lang == "" {
		return nil
	}
	m, err := json.Marshal(map[string]string{"html_lang": lang})
	if err != nil {
		return nil
	}
	return m
}

// find walks the tree in document order until fn returns true.
func find(n *html.Node, fn func(*html.Node) bool) bool {
	if fn(n) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if find(c, fn) {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textContent(n *html.Node) string {
	var b strings.Builder
	find(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return false
	})
	return b.String()
}
