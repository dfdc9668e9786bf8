package text

import (
	"sort"
	"unicode/utf8"

	"github.com/apparentlymart/go-textseg/v17/textseg"
)

// Graphemes returns the code-point offsets of every grapheme cluster
// boundary in s, from 0 to its length. A span may start or end only at one
// of these, so that it never splits a Devanagari conjunct, a ZWJ emoji, a
// flag or a letter from its combining marks.
//
// Clusters follow Unicode 17 (go-textseg), whose rule GB9c keeps a
// conjunct such as क्ष or ज्य together; the Unicode 15.0 rules in
// rivo/uniseg would split it after the virama.
func Graphemes(s string) []int {
	bounds := make([]int, 1, len(s)/2+1)
	data := []byte(s)
	pos := 0
	for len(data) > 0 {
		adv, tok, err := textseg.ScanGraphemeClusters(data, true)
		if err != nil || adv <= 0 {
			// Cannot happen for valid UTF-8; fall back to code points.
			_, adv = utf8.DecodeRune(data)
			tok = data[:adv]
		}
		pos += utf8.RuneCount(tok)
		bounds = append(bounds, pos)
		data = data[adv:]
	}
	return bounds
}

// IsBoundary reports whether offset lies on a cluster boundary in the
// sorted boundaries that Graphemes returned.
func IsBoundary(bounds []int, offset int) bool {
	i := sort.SearchInts(bounds, offset)
	return i < len(bounds) && bounds[i] == offset
}

// SnapDown returns the last boundary at or before offset.
func SnapDown(bounds []int, offset int) int {
	i := sort.SearchInts(bounds, offset)
	if i < len(bounds) && bounds[i] == offset {
		return offset
	}
	if i == 0 {
		return bounds[0]
	}
	return bounds[i-1]
}

// SnapUp returns the first boundary at or after offset.
func SnapUp(bounds []int, offset int) int {
	i := sort.SearchInts(bounds, offset)
	if i >= len(bounds) {
		return bounds[len(bounds)-1]
	}
	return bounds[i]
}
