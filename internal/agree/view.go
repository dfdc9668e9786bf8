package agree

import (
	"cmp"
	"slices"
	"sort"
	"strings"

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
	// code point with the token. A document's labels are a project's few
	// dozen at most, far below 16 bits.
	tok []uint16
	// in[l*nTok+t] is 1 when some span of label l covers token t.
	in   []uint8
	nIn  []int // per label, the tokens it covers
	nTok int
	secs [][]section // per label, made on first use by sections
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

// buildViews gathers each annotator's distinct spans of the labels in
// scope, the token labels and the links, in one pass over the spans.
// names are sorted; keep says whether a label is in scope.
func buildViews(names []string, b *annot.Bundle, toks []text.Token, labels *docLabels, keep func(string) bool, sc *scratch) []*view {
	views := make([]*view, len(names))
	who := make(map[string]int, len(names))
	for i, n := range names {
		views[i] = &view{name: n, nTok: len(toks), spans: sc.spans(i)}
		who[n] = i
	}
	var at map[string]int // span ID -> index in b.Spans, for links
	if len(b.Relations) > 0 {
		at = sc.at
		clear(at)
	}
	// Labels are numbered as the annotators in scope use them, so that a
	// label only others used is not in the document's list.
	for i := range b.Spans {
		s := &b.Spans[i]
		if s.Deleted || s.Curation || !keep(s.Label) {
			continue
		}
		if at != nil {
			at[s.ID] = i
		}
		if x, ok := who[s.Annotator]; ok {
			views[x].spans = append(views[x].spans, spanKey{s.Start, s.End, labels.id(s.Label)})
		}
	}
	keyOf := func(id string) (spanKey, bool) {
		i, ok := at[id]
		if !ok {
			return spanKey{}, false
		}
		s := &b.Spans[i]
		return spanKey{s.Start, s.End, labels.id(s.Label)}, true
	}
	for _, r := range b.Relations {
		x, ok := who[r.Annotator]
		if r.Deleted || !ok {
			continue
		}
		from, ok1 := keyOf(r.From)
		to, ok2 := keyOf(r.To)
		if !ok1 || !ok2 {
			continue // an end is out of scope (another label, or gone)
		}
		v := views[x]
		if v.links == nil {
			v.links = map[linkKey]bool{}
		}
		v.links[linkKey{from, to, r.Type}] = true
	}
	nl := len(labels.names)
	for i, v := range views {
		slices.SortFunc(v.spans, func(a, b spanKey) int { return compareKey(a, b, labels.names) })
		v.spans = dedupe(v.spans)
		sc.keep(i, v.spans)
		v.tok, v.in = sc.marks(i, len(toks), nl)
		v.nIn = make([]int, nl)
		v.paint(toks, labels)
	}
	return views
}

// scratch holds the buffers one goroutine reuses from one document to
// the next: what a document keeps after it is measured is counts, never
// these.
type scratch struct {
	toks []text.Token
	at   map[string]int
	span [][]spanKey
	tok  [][]uint16
	in   [][]uint8
}

func newScratch() *scratch { return &scratch{at: map[string]int{}} }

// spans returns annotator i's span buffer, emptied.
func (sc *scratch) spans(i int) []spanKey {
	for len(sc.span) <= i {
		sc.span = append(sc.span, nil)
	}
	return sc.span[i][:0]
}

// keep remembers annotator i's span buffer, grown.
func (sc *scratch) keep(i int, s []spanKey) { sc.span[i] = s }

// marks returns annotator i's token label and coverage buffers, zeroed.
func (sc *scratch) marks(i, nTok, nl int) ([]uint16, []uint8) {
	for len(sc.tok) <= i {
		sc.tok = append(sc.tok, nil)
		sc.in = append(sc.in, nil)
	}
	sc.tok[i] = grow(sc.tok[i], nTok)
	sc.in[i] = grow(sc.in[i], nl*nTok)
	return sc.tok[i], sc.in[i]
}

// grow returns b with length n, zeroed, reusing its array when it is big
// enough.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// dedupe drops repeats from sorted keys: an annotator's duplicate spans
// count once.
func dedupe(s []spanKey) []spanKey {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, k := range s[1:] {
		if k != out[len(out)-1] {
			out = append(out, k)
		}
	}
	return out
}

func compareKey(a, b spanKey, names []string) int {
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.end, b.end); c != 0 {
		return c
	}
	return strings.Compare(names[a.label], names[b.label])
}

// paint gives each token the label of the shortest span covering it.
// Spans are painted longest first, so a shorter one overwrites; among
// spans of the same length the one that starts later wins, and then the
// label first in alphabetical order, so the result never depends on
// storage order.
func (v *view) paint(toks []text.Token, labels *docLabels) {
	order := append([]spanKey(nil), v.spans...)
	slices.SortFunc(order, func(a, b spanKey) int {
		if c := cmp.Compare(b.end-b.start, a.end-a.start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return strings.Compare(labels.names[b.label], labels.names[a.label])
	})
	for _, s := range order {
		lo, hi := tokenRange(toks, s.start, s.end)
		in := v.in[s.label*v.nTok:]
		for t := lo; t < hi; t++ {
			v.tok[t] = uint16(s.label + 1)
			if in[t] == 0 {
				in[t] = 1
				v.nIn[s.label]++
			}
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
func compareSpans(a, b *view, nLabels int, names []string) []spanCounts {
	out := make([]spanCounts, nLabels)
	for _, s := range b.spans {
		out[s.label].b++
	}
	for _, s := range a.spans {
		out[s.label].a++
	}
	// Both are sorted and distinct, so equal spans meet walking side by side.
	for i, j := 0, 0; i < len(a.spans) && j < len(b.spans); {
		switch c := compareKey(a.spans[i], b.spans[j], names); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out[a.spans[i].label].exact++
			i++
			j++
		}
	}
	countOverlaps(a.spans, b.spans, out, func(c *spanCounts) { c.overA++ })
	countOverlaps(b.spans, a.spans, out, func(c *spanCounts) { c.overB++ })
	return out
}

// countOverlaps calls hit once for each span of x that shares a code
// point with a span of y of the same label. y is sorted by start, so the
// search for each span of x stops at the first span of y that starts
// after it ends.
func countOverlaps(x, y []spanKey, out []spanCounts, hit func(*spanCounts)) {
	for _, s := range x {
		for _, t := range y {
			if t.start >= s.end {
				break
			}
			if t.label == s.label && t.end > s.start {
				hit(&out[s.label])
				break
			}
		}
	}
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
