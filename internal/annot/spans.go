package annot

import (
	"cmp"
	"slices"
)

// SpanKey is what makes two spans the same annotation: same annotator,
// offsets and label (within one document). Importing a span whose key
// is already stored adds nothing, and an annotator cannot make two live
// spans with one key.
type SpanKey struct {
	Annotator  string
	Start, End int
	Label      string
}

// Key returns the span's identity for de-duplication.
func (s *Span) Key() SpanKey {
	return SpanKey{Annotator: s.Annotator, Start: s.Start, End: s.End, Label: s.Label}
}

// SameSpan reports whether a and b mark the same thing: the same start,
// end and label, whoever made them. Two annotators agree exactly on a
// span when they have such a pair, and gold folds such spans into one.
func SameSpan(a, b Span) bool {
	return a.Start == b.Start && a.End == b.End && a.Label == b.Label
}

// Overlap reports whether the ranges of a and b share at least one code
// point, whatever their labels. Ranges are half-open, so a span that
// ends where the other starts does not overlap it.
func Overlap(a, b Span) bool {
	return a.Start < b.End && b.Start < a.End
}

// CompareSpans orders spans as exports and the window list them: by
// start, end and label, then annotator and ID, so that the order never
// depends on how they were stored.
func CompareSpans(a, b Span) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.End, b.End); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Label, b.Label); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Annotator, b.Annotator); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// SortSpans puts spans in CompareSpans order.
func SortSpans(s []Span) { slices.SortFunc(s, CompareSpans) }

// RelationsAmong keeps the relations whose two ends are both in spans:
// a link to a span that is not shown (deleted, filtered out) means
// nothing to whoever reads the rest.
func RelationsAmong(spans []Span, rels []Relation) []Relation {
	if len(rels) == 0 {
		return nil
	}
	in := make(map[string]bool, len(spans))
	for i := range spans {
		in[spans[i].ID] = true
	}
	out := rels[:0:0]
	for _, r := range rels {
		if in[r.From] && in[r.To] {
			out = append(out, r)
		}
	}
	return out
}

// Gold is a document's gold layer: its accepted spans, with spans that
// are the same (SameSpan) from several annotators folded into the first
// of them in the order given, and the relations among them pointed at
// the kept spans, each link once.
func Gold(spans []Span, rels []Relation) ([]Span, []Relation) {
	type key struct {
		start, end int
		label      string
	}
	kept := make(map[key]string)
	alias := make(map[string]string) // span id -> kept span id
	var out []Span
	for _, s := range spans {
		if s.Status != Accepted {
			continue
		}
		k := key{s.Start, s.End, s.Label}
		if id, ok := kept[k]; ok {
			alias[s.ID] = id
			continue
		}
		kept[k] = s.ID
		alias[s.ID] = s.ID
		out = append(out, s)
	}
	type rkey struct{ from, to, typ string }
	seen := map[rkey]bool{}
	var outRels []Relation
	for _, r := range rels {
		from, to := alias[r.From], alias[r.To]
		if from == "" || to == "" {
			continue
		}
		k := rkey{from, to, r.Type}
		if seen[k] {
			continue
		}
		seen[k] = true
		r.From, r.To = from, to
		outRels = append(outRels, r)
	}
	return out, outRels
}

// CheckChange reports whether annotator may change or delete span s.
// Spans record who made them, so only their annotator edits them; a
// reviewer who disagrees records a verdict instead. The span must be
// live: NotFound for a tombstone, Conflict for another's span, Invalid
// without an annotator.
func CheckChange(s Span, annotator string) error {
	switch {
	case annotator == "":
		return Errorf(Invalid, "no annotator name")
	case s.Deleted:
		return Errorf(NotFound, "span %d-%d (%s) has been deleted", s.Start, s.End, s.Label)
	case s.Annotator != annotator:
		return Errorf(Conflict, "span %d-%d (%s) belongs to %s; only they can change it", s.Start, s.End, s.Label, s.Annotator)
	}
	return nil
}

// DuplicateSpan is the error for a span whose key the annotator already
// has live: an import would fold the two into one, so the second is
// refused.
func DuplicateSpan(s Span) error {
	return Errorf(Conflict, "%s already has a %s span at %d-%d", s.Annotator, s.Label, s.Start, s.End)
}
