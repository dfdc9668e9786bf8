package formats

import (
	"hash/fnv"
	"sort"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// tokenIndices finds the first and last (inclusive) token of [start,
// end). prodigyTokens makes every span boundary a token boundary, so it
// fails only for a span outside the text.
func tokenIndices(toks []text.Token, start, end int) (int, int, bool) {
	ts := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= start })
	te := sort.Search(len(toks), func(i int) bool { return toks[i].End >= end })
	if ts == len(toks) || te == len(toks) || toks[ts].Start != start || toks[te].End != end || te < ts {
		return 0, 0, false
	}
	return ts, te, true
}

// prodigyTokens tokenises s so that every span starts on a token's start
// and ends on a token's end, which Prodigy's manual interfaces require.
// Word tokens are split where a span boundary falls inside them; where a
// boundary falls in the white space between words (a span that starts or
// ends with a space), that white space becomes tokens of its own, as
// spaCy does with runs of spaces.
func prodigyTokens(s string, idx *text.Index, spans []annot.Span) []text.Token {
	cuts := make([]int, 0, 2*len(spans))
	starts := make(map[int]bool, len(spans))
	ends := make(map[int]bool, len(spans))
	for i := range spans {
		cuts = append(cuts, spans[i].Start, spans[i].End)
		starts[spans[i].Start] = true
		ends[spans[i].End] = true
	}
	sort.Ints(cuts)
	words := text.TokensSplitAt(s, cuts)
	out := make([]text.Token, 0, len(words)+len(cuts))
	prev := 0
	for _, w := range append(words, text.Token{Start: idx.Len(), End: idx.Len()}) {
		out = appendGap(out, prev, w.Start, cuts, starts[prev], ends[w.Start])
		if w.End > w.Start {
			out = append(out, w)
		}
		prev = w.End
	}
	return out
}

// appendGap covers the white space [g0, g1) with tokens split at the cuts
// inside it, when a span needs a boundary there.
func appendGap(out []text.Token, g0, g1 int, cuts []int, spanStarts, spanEnds bool) []text.Token {
	if g0 >= g1 {
		return out
	}
	k := sort.SearchInts(cuts, g0+1)
	inner := k < len(cuts) && cuts[k] < g1
	if !inner && !spanStarts && !spanEnds {
		return out
	}
	start := g0
	for ; k < len(cuts) && cuts[k] < g1; k++ {
		if cuts[k] > start {
			out = append(out, text.Token{Start: start, End: cuts[k]})
			start = cuts[k]
		}
	}
	return append(out, text.Token{Start: start, End: g1})
}

// prodigyHash names a text the way _input_hash does: a 32-bit signed
// integer, the same for the same text. Prodigy's own hash function is
// internal to it; FNV-1a is stable, fast and documented.
func prodigyHash(s string) int64 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int64(int32(h.Sum32()))
}

// prodigyTaskHash names one task: its input, its annotator and its spans,
// so that two annotators' tasks on one text are not merged as duplicates
// when Prodigy adds them to a dataset.
func prodigyTaskHash(inputHash int64, t *prodigyOut, spans []annot.Span) int64 {
	h := fnv.New32a()
	var b []byte
	b = strconv.AppendInt(b, inputHash, 10)
	b = append(b, 0)
	b = append(b, t.who...)
	for _, i := range t.spans {
		s := &spans[i]
		b = append(b, 0)
		b = appendInt(b, s.Start)
		b = append(b, ' ')
		b = appendInt(b, s.End)
		b = append(b, ' ')
		b = append(b, s.Label...)
	}
	h.Write(b)
	return int64(int32(h.Sum32()))
}
