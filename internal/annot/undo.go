package annot

// The stored form of undo steps. Each store keeps an annotator's undo
// history as rows whose body is one of these, as JSON; a project's
// history travels between the stores (merge, sync, `export --history`),
// so both write exactly this form. Rows are never deleted by an action,
// only tombstoned, so IDs are enough to find them again.

// UndoStep is what an action stores to be undone and redone; an update
// keeps both versions of what it changed.
type UndoStep struct {
	Span     string `json:"span,omitempty"`
	Relation string `json:"relation,omitempty"`
	// Relations went down with Span when it was last tombstoned (by a
	// delete, or by undoing its creation) and come back with it.
	Relations []string        `json:"relations,omitempty"`
	Before    *UndoSpanFields `json:"before,omitempty"`
	After     *UndoSpanFields `json:"after,omitempty"`
	// Accepting and rejecting suggestions: the spans accepting made, the
	// relations it made between them (suggested links), and the
	// decisions recorded. Undo tombstones all three; Relations then holds
	// the relations that went down with the spans.
	SugSpans     []string `json:"suggestion_spans,omitempty"`
	SugLinks     []string `json:"suggestion_links,omitempty"`
	SugDecisions []string `json:"suggestion_decisions,omitempty"`
	// A review's parts.
	ReviewUndo
}

// UndoSpanFields are the parts of a span that UpdateSpan changes.
type UndoSpanFields struct {
	Label string `json:"label"` // label ID: a rename between undo and redo is kept
	Note  string `json:"note"`
	// Changed marks a span accepted from a suggestion whose label the
	// analyst has changed since (Span.Changed).
	Changed bool `json:"changed,omitempty"`
}

// ReviewUndo is what a review action (ActionReview) stores: everything
// one review call did, so that Ctrl+Z takes back a whole "accept agreed"
// as it takes back one tag.
type ReviewUndo struct {
	Verdicts []string `json:"verdicts,omitempty"` // recorded: undo withdraws them
	Spans    []string `json:"spans,omitempty"`    // the spans they decide
	Added    string   `json:"added,omitempty"`    // the reviewer's span it made
	// AddedRels went down with Added when an undo tombstoned it, and come
	// back with it.
	AddedRels   []string        `json:"added_relations,omitempty"`
	Removed     string          `json:"removed,omitempty"` // the reviewer's span it removed
	RemovedRels []string        `json:"removed_relations,omitempty"`
	Links       []string        `json:"links,omitempty"` // links it made
	States      []UndoStateStep `json:"states,omitempty"`
}

// UndoStateStep is one annotator's state in the document before and
// after a review; Before "" is no stored state.
type UndoStateStep struct {
	Annotator string `json:"annotator"` // ID
	Name      string `json:"name"`
	Before    string `json:"before"`
	After     string `json:"after"`
}

// LabelMergeUndo is what a label merge stores to be undone and redone.
type LabelMergeUndo struct {
	From Label `json:"from"` // as it was before the merge: name, colour, key, place
	// Relabelled are the spans that went from From to the other label.
	Relabelled []string `json:"relabelled,omitempty"`
	// Removed are the spans that would have duplicated one of their
	// annotator's and were deleted, with the relations that went with
	// them.
	Removed   []string `json:"removed,omitempty"`
	Relations []string `json:"relations,omitempty"`
	// Actions are the undo steps of documents that named From, as they
	// were and as the merge left them (pointing at the other label), so
	// that undoing a relabel in a document does not fail on a removed
	// label, and undoing the merge puts them back.
	Actions []LabelMergedAction `json:"actions,omitempty"`
}

// LabelMergedAction is one document's undo step as it was before a label
// merge and after it.
type LabelMergedAction struct {
	Seq    int64  `json:"seq"`
	Before string `json:"before"`
	After  string `json:"after"`
}
