package formats

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText gathers an HTML tree's visible text the way a browser lays it
// out (see ReadHTML for the rules). Line breaks are owed rather than
// written, so that nested blocks and trailing white space add no blank
// lines of their own.
type htmlText struct {
	b     strings.Builder
	want  int  // line breaks owed before the next character
	tail  int  // line breaks already at the end of b
	space bool // collapsed white space owed as one space
	pre   int  // depth inside pre-formatted elements
}

// skipped elements render nothing a reader sees as article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Iframe: true,
	atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Object: true, atom.Embed: true,
	atom.Select: true, atom.Datalist: true, atom.Input: true,
}

// blocks maps block elements to the line breaks around them: 2 sets a
// paragraph off by a blank line.
var blocks = map[atom.Atom]int{
	atom.P: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Pre: 2, atom.Figure: 2, atom.Hr: 2,
	atom.Address: 1, atom.Article: 1, atom.Aside: 1, atom.Caption: 1, atom.Center: 1,
	atom.Dd: 1, atom.Details: 1, atom.Dialog: 1, atom.Dir: 1, atom.Div: 1, atom.Dl: 1,
	atom.Dt: 1, atom.Fieldset: 1, atom.Figcaption: 1, atom.Footer: 1, atom.Form: 1,
	atom.Header: 1, atom.Hgroup: 1, atom.Legend: 1, atom.Li: 1, atom.Listing: 1,
	atom.Main: 1, atom.Menu: 1, atom.Nav: 1, atom.Ol: 1, atom.Plaintext: 1,
	atom.Section: 1, atom.Summary: 1, atom.Table: 1, atom.Tbody: 1, atom.Thead: 1,
	atom.Tfoot: 1, atom.Tr: 1, atom.Ul: 1, atom.Xmp: 1, atom.Textarea: 1,
	atom.Body: 1, atom.Html: 1,
}

// preformatted elements keep their white space.
var preformatted = map[atom.Atom]bool{
	atom.Pre: true, atom.Textarea: true, atom.Listing: true, atom.Plaintext: true, atom.Xmp: true,
}

func (t *htmlText) String() string { return t.b.String() }

func (t *htmlText) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if t.pre > 0 {
			t.verbatim(n.Data)
		} else {
			t.inline(n.Data)
		}
	case html.DocumentNode:
		t.children(n)
	case html.ElementNode:
		t.element(n)
	}
}

func (t *htmlText) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.walk(c)
	}
}

func (t *htmlText) element(n *html.Node) {
	// Inline SVG (icons, charts) is drawn, not read; MathML is kept.
	if n.Namespace == "svg" || n.Namespace == "" && skipped[n.DataAtom] || hidden(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		t.want = max(t.want, t.tail) + 1
		return
	case atom.Td, atom.Th:
		t.space = true
	}
	lines := blocks[n.DataAtom]
	t.block(lines)
	if preformatted[n.DataAtom] {
		t.pre++
		defer func() { t.pre-- }()
	}
	t.children(n)
	t.block(lines)
}

// hidden reports an element the page hides from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// block owes n line breaks, counting those already written.
func (t *htmlText) block(n int) {
	if n > 0 {
		t.want = max(t.want, n)
		t.space = false
	}
}

// inline writes text outside pre, collapsing HTML white space.
func (t *htmlText) inline(s string) {
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\f', '\r':
			t.space = true
		default:
			t.put(r)
		}
	}
}

// verbatim writes pre-formatted text as it is.
func (t *htmlText) verbatim(s string) {
	for _, r := range s {
		if r == '\n' && t.b.Len() == 0 {
			continue // no blank lines before the first text
		}
		t.put(r)
		t.space = false
	}
}

// put writes one character after what is owed before it.
func (t *htmlText) put(r rune) {
	if t.b.Len() > 0 {
		if k := t.want - t.tail; k > 0 {
			t.b.WriteString(strings.Repeat("\n", k))
			t.tail += k
		} else if t.space && t.tail == 0 && r != '\n' {
			t.b.WriteByte(' ')
		}
	}
	t.want, t.space = 0, false
	t.b.WriteRune(r)
	if r == '\n' {
		t.tail++
	} else {
		t.tail = 0
	}
}
