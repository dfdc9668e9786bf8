package annot

import (
	"context"
	"time"
)

// DocSummary is a document as the document list shows it.
type DocSummary struct {
	ID     string
	Seq    int64
	Title  string
	Source string
	Length int // code points
	// Spans counts live spans by annotator name.
	Spans map[string]int
	// States says how far each annotator has got; an annotator with
	// spans but no state counts as in progress.
	States map[string]DocState
	// Assigned names the analysts the document is dealt to, on a team
	// server (Assigner); nil elsewhere.
	Assigned []string
	// Undecided counts the live spans that wait for a verdict.
	Undecided int
	// Curated counts, of Spans, those a reviewer made while reviewing
	// (Span.Curation) by reviewer: gold, and nobody's annotation.
	Curated map[string]int
}

// Annotated counts the live spans by annotator that are annotation: Spans
// without the reviewers' own. A reviewer's corrections neither start
// their work on a document nor make them one of its annotators.
func (d *DocSummary) Annotated() map[string]int {
	if len(d.Curated) == 0 {
		return d.Spans
	}
	out := make(map[string]int, len(d.Spans))
	for name, n := range d.Spans {
		if n -= d.Curated[name]; n > 0 {
			out[name] = n
		}
	}
	return out
}

// SpanCount is the number of live spans in the document.
func (d *DocSummary) SpanCount() int {
	n := 0
	for _, c := range d.Spans {
		n += c
	}
	return n
}

// Reviewed reports whether nothing in the document waits for a verdict
// (DocReviewed).
func (d *DocSummary) Reviewed() bool { return DocReviewed(d.SpanCount(), d.Undecided) }

// DocFilter narrows the document list. Zero values mean no filter.
type DocFilter struct {
	// Search matches title, source or text, case-insensitively.
	Search string
	// IDs, if not nil, lists only these documents (still in import order).
	IDs []string
	// NoCounts leaves out the span counts (Spans is nil), which cost a
	// pass over every span: a list of 100,000 documents reads in a
	// fraction of the time, and the rows on screen get their counts with
	// IDs. States then holds the stored states only: an annotator who
	// has spans but never set a state is not counted as in progress.
	NoCounts bool
}

// SpanUpdate changes a span's label or note; nil fields stay.
type SpanUpdate struct {
	Label *string
	Note  *string
}

// LabelUpdate changes a label; nil fields stay.
type LabelUpdate struct {
	Name   *string
	Color  *string
	Hotkey *string
}

// Action is one undoable step in a document's history.
type Action struct {
	Kind string // one of the Action... kinds; "" for a change that is not undoable
	At   time.Time
}

// Service is what the window needs from a project. The store implements
// it; the window is handed one and never touches SQL. Every method that
// changes something does it in one transaction, committed before it
// returns, records it in the document's undo history where it is a
// tagging action, and returns the Change it made, which the caller
// applies to what it shows (Bundle.Apply) instead of reading it again.
type Service interface {
	// Labels lists labels in display order.
	Labels(ctx context.Context) ([]Label, error)
	// CreateLabel adds a label (CheckLabel); Invalid if it is not
	// valid, Conflict if the name or hotkey is taken (CheckLabelFree).
	// The change holds the stored label.
	CreateLabel(ctx context.Context, l Label) (Change, error)
	// UpdateLabel renames, recolours or re-keys a label; NotFound if it
	// is gone, Invalid or Conflict as CreateLabel. A rename's change
	// holds every live span of the label, renamed.
	UpdateLabel(ctx context.Context, id string, u LabelUpdate) (Change, error)
	// LabelUse counts the live spans that carry a label, so the window can
	// ask before removing one in use.
	LabelUse(ctx context.Context, id string) (int, error)
	// DeleteLabel removes a label and tombstones its spans (and their
	// relations) in every document; NotFound if it is gone.
	DeleteLabel(ctx context.Context, id string) (Change, error)

	// Documents lists documents in import order.
	Documents(ctx context.Context, f DocFilter) ([]DocSummary, error)
	// Bundle loads one document with all annotators' live spans (with
	// review status), their relations and states; NotFound if missing.
	Bundle(ctx context.Context, docID string) (*Bundle, error)
	// SetState records how far an annotator has got with a document;
	// Invalid for an unknown state, NotFound for a missing document.
	SetState(ctx context.Context, docID, annotator string, st DocState) (Change, error)

	// CreateSpan stores a new span (ID assigned if empty) for
	// s.Annotator, and in the same transaction moves the annotator's
	// state in the document on as AfterTagging says; Invalid if the
	// offsets fall outside the text, NotFound for an unknown label or
	// document, Conflict if the annotator has the same span (SpanKey).
	// The change's SpansAdded[0] is the stored span.
	CreateSpan(ctx context.Context, s Span) (Change, error)
	// UpdateSpan changes a live span's label or note (CheckChange:
	// NotFound if the span is gone, Conflict if it is another's). A
	// change that changes nothing returns an empty Change and is not
	// recorded.
	UpdateSpan(ctx context.Context, id, annotator string, u SpanUpdate) (Change, error)
	// DeleteSpan tombstones a span and the relations that touch it
	// (CheckChange).
	DeleteSpan(ctx context.Context, id, annotator string) (Change, error)
	// CreateRelation links two live spans of one document (CheckRelation,
	// CheckRelationEnds); Conflict if the same link exists.
	CreateRelation(ctx context.Context, r Relation) (Change, error)
	// DeleteRelation tombstones a relation (CheckRemoveRelation).
	DeleteRelation(ctx context.Context, id, annotator string) (Change, error)
	// SetVerdict records a reviewer's decision on a live span
	// (Verdict.Check); the change holds the verdict and the span with
	// its new status.
	SetVerdict(ctx context.Context, v Verdict) (Change, error)

	// Undo reverts the annotator's latest action in the document and
	// returns what that changed, with the action in Change.Action, or
	// ok=false if there is nothing to undo. Redo re-applies the latest
	// undone one. A new action clears what could be redone. The history
	// is stored, so it survives switching documents and restarting. A
	// step whose rows others have changed since is applied as far as it
	// still fits, and the change says how far that was.
	Undo(ctx context.Context, docID, annotator string) (c Change, ok bool, err error)
	Redo(ctx context.Context, docID, annotator string) (c Change, ok bool, err error)
}
