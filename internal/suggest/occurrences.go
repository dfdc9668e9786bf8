package suggest

import (
	"strings"
	"unicode/utf8"
)

// Occurrences returns the other places in d where the text of the span
// [start, end) appears, each starting where a token starts and ending where
// one ends, so that tagging "Li" does not suggest the "Li" inside "Lima".
// They carry label and the origin "occurrence"; the span itself is left
// out. The match is exact (case and all), as the analyst's span is.
func Occurrences(d *Doc, start, end int, label string) []Span {
	if start < 0 || end <= start {
		return nil
	}
	needle := sliceRunes(d.Text, start, end)
	if needle == "" || utf8.RuneCountInString(needle) != end-start {
		return nil
	}
	starts := make(map[int]bool, len(d.Tokens))
	ends := make(map[int]bool, len(d.Tokens))
	for _, t := range d.Tokens {
		starts[t.Start] = true
		ends[t.End] = true
	}
	n := end - start
	var out []Span
	// Walk the text by bytes, counting code points as we go.
	b, r := 0, 0
	for {
		k := strings.Index(d.Text[b:], needle)
		if k < 0 {
			break
		}
		r += utf8.RuneCountInString(d.Text[b : b+k])
		b += k
		if r != start && starts[r] && ends[r+n] {
			out = append(out, Span{Start: r, End: r + n, Label: label, Origin: OriginOccurrence})
		}
		// Step one character, so that overlapping occurrences are seen.
		_, size := utf8.DecodeRuneInString(d.Text[b:])
		b += size
		r++
	}
	return out
}
