package annot

import (
	"cmp"
	"slices"
)

// Change is what one write did to a project: the rows it added, changed
// and removed, each as it is after the write. Every changing Service
// method returns one, so the window updates what it shows from it
// instead of reading the document again (Bundle.Apply).
//
// A Change names documents row by row (every span, relation and state
// carries its DocID) and may cover several (removing a label removes its
// spans everywhere), so the same value can describe changes made
// elsewhere, by a merge, an import or a colleague on a shared project,
// and a window applies those the same way.
type Change struct {
	// Action is the undoable step the change was, or, for Undo and Redo,
	// the step undone or redone. Its Kind is "" for changes outside the
	// undo history (verdicts, states, labels).
	Action Action

	SpansAdded   []Span // created, or brought back by undo or redo
	SpansUpdated []Span // label, note or review status changed
	SpansRemoved []Span // tombstoned (Deleted set), as they were

	RelationsAdded   []Relation // created or brought back
	RelationsRemoved []Relation // tombstoned (Deleted set)

	Verdicts []Verdict     // recorded; the spans they decide are in SpansUpdated
	States   []StateChange // document states set

	Labels        []Label // labels created or changed; a rename's spans are in SpansUpdated
	LabelsRemoved []Label // as they were called before removal

	// Suggestions and SuggestionLinks were stored. SuggestionDecisions
	// were recorded, or undone (Deleted set): an accepted suggestion's
	// span is in SpansAdded, and the links accepting made in
	// RelationsAdded.
	Suggestions         []Suggestion
	SuggestionLinks     []SuggestionLink
	SuggestionDecisions []SuggestionDecision
}

// StateChange is one annotator's new state in one document.
type StateChange struct {
	DocID     string
	Annotator string
	State     DocState
}

// Action kinds: the undoable steps of a document's history.
const (
	ActionCreateSpan     = "create span"
	ActionDeleteSpan     = "delete span"
	ActionUpdateSpan     = "update span"
	ActionCreateRelation = "create relation"
	ActionDeleteRelation = "delete relation"
	// Accepting and rejecting suggestions: one step for every suggestion
	// of one document that a single request decided.
	ActionAcceptSuggestions = "accept suggestions"
	ActionRejectSuggestions = "reject suggestions"
)

// Empty reports whether c changes nothing.
func (c *Change) Empty() bool {
	return len(c.SpansAdded)+len(c.SpansUpdated)+len(c.SpansRemoved)+
		len(c.RelationsAdded)+len(c.RelationsRemoved)+len(c.Verdicts)+
		len(c.States)+len(c.Labels)+len(c.LabelsRemoved)+
		len(c.Suggestions)+len(c.SuggestionLinks)+len(c.SuggestionDecisions) == 0
}

// Apply brings b up to date with the part of c about b's document, so
// that b is what reading the document again would give: spans and
// relations added, replaced or dropped by ID and kept in their order
// (CompareSpans; relations by creation), relations whose ends are gone
// dropped, states set, and annotators who now have spans but no state
// counted in progress (EffectiveStates). It reports whether b changed.
// Changes apply one at a time, in the order they were made.
func (b *Bundle) Apply(c Change) bool {
	doc := b.Doc.ID
	changed := false
	gone := map[string]bool{}
	for _, s := range c.SpansRemoved {
		gone[s.ID] = true
	}
	put := map[string]Span{}
	for _, list := range [][]Span{c.SpansAdded, c.SpansUpdated} {
		for _, s := range list {
			if s.DocID == doc && !s.Deleted {
				put[s.ID] = s
				delete(gone, s.ID)
			}
		}
	}
	if len(gone) > 0 || len(put) > 0 {
		spans := b.Spans[:0:0]
		for _, s := range b.Spans {
			if gone[s.ID] {
				changed = true
				continue
			}
			if n, ok := put[s.ID]; ok {
				s, changed = n, true
				delete(put, s.ID)
			}
			spans = append(spans, s)
		}
		for _, s := range put {
			spans = append(spans, s)
			changed = true
		}
		SortSpans(spans)
		b.Spans = spans
	}

	relGone := map[string]bool{}
	for _, r := range c.RelationsRemoved {
		relGone[r.ID] = true
	}
	relPut := map[string]Relation{}
	for _, r := range c.RelationsAdded {
		if r.DocID == doc && !r.Deleted {
			relPut[r.ID] = r
			delete(relGone, r.ID)
		}
	}
	rels := b.Relations[:0:0]
	for _, r := range b.Relations {
		if relGone[r.ID] {
			changed = true
			continue
		}
		if n, ok := relPut[r.ID]; ok {
			r = n
			delete(relPut, r.ID)
		}
		rels = append(rels, r)
	}
	for _, r := range relPut {
		rels = append(rels, r)
		changed = true
	}
	slices.SortFunc(rels, func(x, y Relation) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	if among := RelationsAmong(b.Spans, rels); len(among) != len(rels) {
		rels, changed = among, true
	}
	if len(rels) == 0 {
		rels = nil
	}
	b.Relations = rels

	counts := map[string]int{}
	for _, s := range b.Spans {
		if !s.Curation { // a reviewer's own span starts no annotation
			counts[s.Annotator]++
		}
	}
	for _, st := range c.States {
		if st.DocID == doc && b.States[st.Annotator] != st.State {
			if b.States == nil {
				b.States = map[string]DocState{}
			}
			b.States[st.Annotator], changed = st.State, true
		}
	}
	before := len(b.States)
	b.States = EffectiveStates(b.States, counts)
	return changed || len(b.States) != before
}
