package suggest

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/text"
)

// Doc is a document's text with its tokens, built once and shared by the
// matcher, the attribution rules and "tag all occurrences".
type Doc struct {
	Text   string
	Tokens []text.Token // code-point offsets
	words  []string     // token texts
	lowers []string     // lower-cased token texts
	bytes  []int        // byte offset of each token's start, then of the text's end
}

// NewDoc tokenizes text the way the window selects words.
func NewDoc(s string) *Doc {
	// The tokens are found in a buffer kept between documents and copied
	// out at their size: text.Tokens reserves room for a token every five
	// bytes, twice what Hindi text (three bytes a letter) needs.
	buf := tokenBufs.Get().(*[]text.Token)
	*buf = text.AppendTokens((*buf)[:0], s)
	toks := slices.Clone(*buf)
	tokenBufs.Put(buf)
	n := len(toks)
	words := make([]string, 2*n)
	d := &Doc{Text: s, Tokens: toks, words: words[:n:n], lowers: words[n:], bytes: make([]int, n+1)}
	// Tokens come in order, so one walk over the text converts their
	// code-point offsets to byte offsets.
	b, r := 0, 0
	for i, t := range toks {
		for r < t.Start {
			_, n := utf8.DecodeRuneInString(s[b:])
			b += n
			r++
		}
		start := b
		for r < t.End {
			_, n := utf8.DecodeRuneInString(s[b:])
			b += n
			r++
		}
		d.bytes[i] = start
		d.words[i] = s[start:b]
		d.lowers[i] = lower(d.words[i])
	}
	d.bytes[len(toks)] = len(s)
	return d
}

var tokenBufs = sync.Pool{New: func() any { return new([]text.Token) }}

// lower is strings.ToLower without an allocation for the common cases:
// text already in lower case, and scripts without case such as
// Devanagari, whose letters it passes over without unicode.ToLower's
// table search (a third of the time of making a Hindi document's Doc).
func lower(w string) string {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return strings.ToLower(w)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		if n == 1 || (r < 0x0900 || r > 0x097f) && unicode.ToLower(r) != r { // n == 1: invalid UTF-8, which ToLower replaces
			return strings.ToLower(w)
		}
		i += n
	}
	return w
}

// Len is the number of tokens.
func (d *Doc) Len() int { return len(d.Tokens) }

// Word returns token i's text.
func (d *Doc) Word(i int) string { return d.words[i] }

// Lower returns token i's text in lower case.
func (d *Doc) Lower(i int) string { return d.lowers[i] }

// gap returns the text between tokens i-1 and i (white space, usually).
func (d *Doc) gap(i int) string {
	if i <= 0 || i >= len(d.Tokens) {
		return ""
	}
	return d.Text[d.bytes[i-1]+len(d.words[i-1]) : d.bytes[i]]
}

func isPunct(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

func isDigit(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isAlpha(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
			return false
		}
	}
	return true
}

// isTitle follows Python's str.istitle, which spaCy's IS_TITLE uses: at
// least one cased letter, every cased run starting with an upper-case or
// title-case letter followed only by lower-case ones.
func isTitle(w string) bool {
	cased, prevCased := false, false
	for _, r := range w {
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			if prevCased {
				return false
			}
			prevCased, cased = true, true
		case unicode.IsLower(r):
			if !prevCased {
				return false
			}
			prevCased, cased = true, true
		default:
			prevCased = false
		}
	}
	return cased
}

// isLowerCase and isUpperCase follow Python's str.islower and str.isupper.
func isLowerCase(w string) bool { return hasCase(w, unicode.IsLower, unicode.IsUpper) }
func isUpperCase(w string) bool { return hasCase(w, unicode.IsUpper, unicode.IsLower) }

func hasCase(w string, want, not func(rune) bool) bool {
	seen := false
	for _, r := range w {
		if not(r) || unicode.IsTitle(r) {
			return false
		}
		if want(r) {
			seen = true
		}
	}
	return seen
}
