package agree

import (
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// spanKey is a span's identity for agreement: two annotators' spans are
// the same when start, end and label are.
type spanKey struct {
	start, end int
	label      int // index into the document's labels
}

// view is one annotator's work on one document, as agreement reads it.
type view struct {
	name  string
	spans []spanKey // distinct, sorted by start, end, label
	// tok is the label of each token (0 for none, else label index+1):
	// the label of the shortest span of this annotator that shares a
	// code point with the token.
	tok []int
	// in[l] marks the tokens that some span of label l covers; nil when
	// the annotator has no span of that label.
	in [][]bool
	// links are the annotator's relations between its spans' identities.
	links map[linkKey]bool
}

type linkKey struct {
	from, to spanKey
	typ      string
}

// docLabels numbers the labels of one document.
type docLabels struct {
	names []string
	index map[string]int
}

func (d *docLabels) id(name string) int {
	if i, ok := d.index[name]; ok {
		return i
	}
	d.index[name] = len(d.names)
	d.names = append(d.names, name)
	return len(d.names) - 1
}

// buildView gathers one annotator's distinct spans of the labels in
// scope, the token labels and the links. keep says whether a label is in
// scope.
func buildView(name string, b *annot.Bundle, toks []text.Token, labels *docLabels, keep func(string) bool) *view {
	v := &view{name: name, tok: make([]int, len(toks))}
	seen := map[spanKey]bool{}
	keyOf := map[string]spanKey{} // span ID -> identity
	for i := range b.Spans {
		s := &b.Spans[i]
		if s.Deleted || !keep(s.Label) {
			continue
		}
		k := spanKey{s.Start, s.End, labels.id(s.Label)}
		keyOf[s.ID] = k
		if s.Annotator != name || seen[k] {
			continue
		}
		seen[k] = true
		v.spans = append(v.spans, k)
	}
	sort.Slice(v.spans, func(i, j int) bool { return lessKey(v.spans[i], v.spans[j], labels.names) })
	for _, r := range b.Relations {
		if r.Deleted || r.Annotator != name {
			continue
		}
		from, ok1 := keyOf[r.From]
		to, ok2 := keyOf[r.To]
		if !ok1 || !ok2 {
			continue // an end is out of scope (another label, or gone)
		}
		if v.links == nil {
			v.links = map[linkKey]bool{}
		}
		v.links[linkKey{from, to, r.Type}] = true
	}
	v.paint(toks, labels)
	return v
}

func lessKey(a, b spanKey, names []string) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	if a.end != b.end {
		return a.end < b.end
	}
	return names[a.label] < names[b.label]
}

// paint gives each token the label of the shortest span covering it.
// Spans are painted longest first, so a shorter one overwrites; among
// spans of the same length the one that starts later wins, and then the
// label first in alphabetical order, so the result never depends on
// storage order.
func (v *view) paint(toks []text.Token, labels *docLabels) {
	order := append([]spanKey(nil), v.spans...)
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return la > lb
		}
		if a.start != b.start {
			return a.start < b.start
		}
		return labels.names[a.label] > labels.names[b.label]
	})
	for _, s := range order {
		lo, hi := tokenRange(toks, s.start, s.end)
		for t := lo; t < hi; t++ {
			v.tok[t] = s.label + 1
		}
		for len(v.in) <= s.label {
			v.in = append(v.in, nil)
		}
		if v.in[s.label] == nil {
			v.in[s.label] = make([]bool, len(toks))
		}
		for t := lo; t < hi; t++ {
			v.in[s.label][t] = true
		}
	}
}

// tokenRange returns the tokens [lo, hi) that share a code point with
// [start, end).
func tokenRange(toks []text.Token, start, end int) (lo, hi int) {
	lo = sort.Search(len(toks), func(i int) bool { return toks[i].End > start })
	hi = lo
	for hi < len(toks) && toks[hi].Start < end {
		hi++
	}
	return lo, hi
}

// covered reports whether token t is inside a span of label l.
func (v *view) covered(l, t int) bool {
	return l < len(v.in) && v.in[l] != nil && v.in[l][t]
}

// spanCounts are the span matches of two annotators for one label (or
// all labels).
type spanCounts struct {
	a, b         int // distinct spans of each
	exact        int // spans both marked with the same start, end and label
	overA, overB int // spans of each that overlap a span of the other with the same label
}

func (c *spanCounts) add(o spanCounts) {
	c.a += o.a
	c.b += o.b
	c.exact += o.exact
	c.overA += o.overA
	c.overB += o.overB
}

func (c *spanCounts) exactF1() Figure { return f1(c.a, c.b, c.exact, c.exact) }
func (c *spanCounts) overlapF1() Figure {
	return f1(c.a, c.b, c.overA, c.overB)
}

// compareSpans counts, per label, the spans of a and b and how many
// match exactly or overlap.
func compareSpans(a, b *view, nLabels int) []spanCounts {
	out := make([]spanCounts, nLabels)
	inB := make(map[spanKey]bool, len(b.spans))
	for _, s := range b.spans {
		inB[s] = true
		out[s.label].b++
	}
	for _, s := range a.spans {
		out[s.label].a++
		if inB[s] {
			out[s.label].exact++
		}
	}
	out2 := overlapping(a.spans, b.spans)
	for _, s := range a.spans {
		if out2[s] {
			out[s.label].overA++
		}
	}
	out3 := overlapping(b.spans, a.spans)
	for _, s := range b.spans {
		if out3[s] {
			out[s.label].overB++
		}
	}
	return out
}

// overlapping marks the spans of x that share a code point with a span
// of y of the same label. Both are sorted by start, so the spans of y
// that can overlap a span of x are found by walking forward.
func overlapping(x, y []spanKey) map[spanKey]bool {
	hit := map[spanKey]bool{}
	for _, s := range x {
		for _, t := range y {
			if t.start >= s.end {
				break
			}
			if t.label == s.label && t.end > s.start {
				hit[s] = true
				break
			}
		}
	}
	return hit
}

// linkCounts compares the links going out of the spans both annotators
// marked identically (in practice the claims, with their SAID_BY and
// ACCORDING_TO links): a link is the same when its source, its target
// (start, end, label) and its type are.
type linkCounts struct {
	shared int // spans both marked identically that either linked from
	a, b   int // links of each from those spans
	both   int // links both made
}

func (c *linkCounts) add(o linkCounts) {
	c.shared += o.shared
	c.a += o.a
	c.b += o.b
	c.both += o.both
}

func compareLinks(a, b *view) linkCounts {
	var c linkCounts
	if len(a.links) == 0 && len(b.links) == 0 {
		return c
	}
	inA := make(map[spanKey]bool, len(a.spans))
	for _, s := range a.spans {
		inA[s] = true
	}
	shared := map[spanKey]bool{}
	for _, s := range b.spans {
		if inA[s] {
			shared[s] = true
		}
	}
	from := map[spanKey]bool{}
	for l := range a.links {
		if shared[l.from] {
			c.a++
			from[l.from] = true
			if b.links[l] {
				c.both++
			}
		}
	}
	for l := range b.links {
		if shared[l.from] {
			c.b++
			from[l.from] = true
		}
	}
	c.shared = len(from)
	return c
}

func (c *linkCounts) f1() Figure {
	if c.a+c.b == 0 {
		return none("no links from claims both annotators marked identically")
	}
	return value(2 * float64(c.both) / float64(c.a+c.b))
}
