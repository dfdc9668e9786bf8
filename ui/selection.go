package ui

import (
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// The selection rules are pure functions of offsets, tested without a
// window: a drag selects whole words (tokens) from the one pressed to the
// one under the pointer, in either direction; in grapheme mode it selects
// clusters instead; nothing ever ends inside a cluster.

// tokenAt returns the token that contains code point p, or, when p falls
// in white space, the nearest token after it (before it at the end).
func tokenAt(toks []text.Token, p int) (text.Token, bool) {
	if len(toks) == 0 {
		return text.Token{}, false
	}
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End > p })
	if i == len(toks) {
		return toks[len(toks)-1], true
	}
	return toks[i], true
}

// wordRange is the selection of a drag from the token at a to the token
// at b.
func wordRange(toks []text.Token, a, b int) (int, int) {
	ta, ok1 := tokenAt(toks, a)
	tb, ok2 := tokenAt(toks, b)
	if !ok1 || !ok2 {
		return 0, 0
	}
	return min(ta.Start, tb.Start), max(ta.End, tb.End)
}

// clusterRange is the selection of a grapheme-mode drag between two
// pointer offsets: from the cluster boundary at or before the earlier to
// the one at or after the later, and at least one cluster.
func clusterRange(bounds []int, a, b int) (int, int) {
	if a > b {
		a, b = b, a
	}
	s, e := text.SnapDown(bounds, a), text.SnapUp(bounds, b)
	if s == e {
		e = text.SnapUp(bounds, s+1)
	}
	return s, e
}

// spanAt returns the span under code point p that a click selects: the
// shortest of those covering it, so a nested ACTOR inside a CLAIM can be
// picked. ok is false if no span covers p.
func spanAt(spans []annot.Span, p int) (annot.Span, bool) {
	var best annot.Span
	found := false
	for _, s := range spans {
		if s.Start <= p && p < s.End && (!found || s.End-s.Start < best.End-best.Start) {
			best, found = s, true
		}
	}
	return best, found
}

// tracks gives each span an underline row so that overlapping spans are
// drawn as stacked underlines: greedy interval colouring in start order.
func tracks(spans []annot.Span) map[string]int {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := spans[order[i]], spans[order[j]]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End // the outer span first, on top
	})
	var ends []int // end of the last span on each track
	out := make(map[string]int, len(spans))
	for _, i := range order {
		s := spans[i]
		t := 0
		for t < len(ends) && ends[t] > s.Start {
			t++
		}
		if t == len(ends) {
			ends = append(ends, 0)
		}
		ends[t] = s.End
		out[s.ID] = t
	}
	return out
}
