package suggest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// layout is what the attribution rules need to know of a document beyond
// its tokens: where each sentence starts and ends, and which quotation
// marks pair up.
type layout struct {
	sentStart, sentEnd []int  // per token: its sentence's token range
	closeOf, openOf    []int  // per token: the matching quote mark, or -1
	quoted             []bool // per token: inside a quotation of one paragraph
}

// inQuote reports whether token k stands inside a quotation.
func (l *layout) inQuote(k int) bool { return l.quoted[k] }

func (d *Doc) layout() *layout { return d.layoutInto(&layout{}) }

// layoutPool keeps layouts for Rules.Suggest, which needs one per
// document and none after: a run over 20,000 documents made 110 MB of
// them, and collecting that garbage cost as much as building them.
var layoutPool = sync.Pool{New: func() any { return &layout{} }}

// layoutInto fills l, reusing its slices when they are long enough.
func (d *Doc) layoutInto(l *layout) *layout {
	n := d.Len()
	if cap(l.sentStart) < n {
		buf := make([]int, 4*n)
		l.sentStart, l.sentEnd, l.closeOf, l.openOf = buf[:n:n], buf[n:2*n:2*n], buf[2*n:3*n:3*n], buf[3*n:]
		l.quoted = make([]bool, n)
	} else {
		l.sentStart, l.sentEnd, l.closeOf, l.openOf = l.sentStart[:n], l.sentEnd[:n], l.closeOf[:n], l.openOf[:n]
		l.quoted = l.quoted[:n]
		clear(l.sentStart)
		clear(l.sentEnd)
		clear(l.quoted)
	}
	for i := range l.closeOf {
		l.closeOf[i], l.openOf[i] = -1, -1
	}
	var stack []int
	straight := -1
	for i := 0; i < n; i++ {
		switch d.words[i] {
		case "“", "«", "„":
			stack = append(stack, i)
		case "”", "»":
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				l.closeOf[o], l.openOf[i] = i, o
			}
		case "\"":
			if straight < 0 {
				straight = i
			} else {
				l.closeOf[straight], l.openOf[i] = i, straight
				straight = -1
			}
		}
	}
	for o := 0; o < n; o++ {
		c := l.closeOf[o]
		if c <= o {
			continue
		}
		// Quotation marks paired across paragraphs are more likely a
		// stray mark than a quotation: they mark nothing.
		para := true
		for k := o + 1; k <= c && para; k++ {
			para = !strings.Contains(d.gap(k), "\n")
		}
		if para {
			for k := o + 1; k < c; k++ {
				l.quoted[k] = true
			}
			o = c
		}
	}
	start := 0
	for i := 0; i < n; i++ {
		if d.endsSentence(i) {
			end := i + 1
			// Closing quotes after the full stop belong to the sentence.
			for end < n && l.openOf[end] >= 0 && d.gap(end) == "" {
				end++
			}
			for k := start; k < end; k++ {
				l.sentStart[k], l.sentEnd[k] = start, end
			}
			start, i = end, end-1
		}
	}
	for k := start; k < n; k++ {
		l.sentStart[k], l.sentEnd[k] = start, n
	}
	return l
}

// endsSentence reports whether token i is a full stop that ends a
// sentence. A period after an abbreviation ("B.C.", "Mr.", "बी.") or
// followed by a lower-case word does not.
func (d *Doc) endsSentence(i int) bool {
	switch d.words[i] {
	case "।", "॥", "!", "?":
		return true
	case ".":
	default:
		return false
	}
	if d.abbrevDot(i) {
		return false
	}
	if i+1 >= d.Len() {
		return true
	}
	next := d.words[i+1]
	if next == "." || (d.punct(i+1) && !isQuote(next)) {
		return false // an ellipsis, "?.", "..."
	}
	r, _ := utf8.DecodeRuneInString(next)
	return !unicode.IsLower(r)
}

// abbrevDot reports whether the period at token i closes an abbreviation
// written against it: "B.C", "Mr", "St", or a Devanagari initial "बी".
func (d *Doc) abbrevDot(i int) bool {
	if d.words[i] != "." || i == 0 || d.gap(i) != "" {
		return false
	}
	prev := d.words[i-1]
	if unicode.IsDigit(firstRune(prev)) {
		return false // "the magnitude was 5.5."
	}
	if strings.Contains(prev, ".") {
		return true
	}
	n := utf8.RuneCountInString(prev)
	r, _ := utf8.DecodeRuneInString(prev)
	if unicode.IsUpper(r) && n <= 2 {
		return true
	}
	return unicode.In(r, unicode.Devanagari) && n <= 2
}

// punct reports whether token i is punctuation that ends a phrase; the
// period of an abbreviation does not.
func (d *Doc) punct(i int) bool {
	return isPunct(d.words[i]) && !d.abbrevDot(i) && d.words[i] != "'" && d.words[i] != "’"
}

func isQuote(w string) bool {
	switch w {
	case "\"", "“", "”", "«", "»", "„", "'", "‘", "’":
		return true
	}
	return false
}
