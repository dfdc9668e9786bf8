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
}

// DocFilter narrows the document list. Zero values mean no filter.
type DocFilter struct {
	// Search matches title, source or text, case-insensitively.
	Search string
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
	Kind string // "create span", "delete span", "update span", "create relation", "delete relation"
	At   time.Time
}

// Service is what the window needs from a project. The store implements
// it; the window is handed one and never touches SQL. Every method that
// changes something does it in one transaction, committed before it
// returns, and records it in the document's undo history where it is a
// tagging action.
type Service interface {
	// Labels lists labels in display order.
	Labels(ctx context.Context) ([]Label, error)
	// CreateLabel adds a label; Conflict if the name or hotkey is taken.
	CreateLabel(ctx context.Context, l Label) (Label, error)
	// UpdateLabel renames, recolours or re-keys a label; NotFound if it is
	// gone, Conflict if the new name or hotkey is taken.
	UpdateLabel(ctx context.Context, id string, u LabelUpdate) error
	// LabelUse counts the live spans that carry a label, so the window can
	// ask before removing one in use.
	LabelUse(ctx context.Context, id string) (int, error)
	// DeleteLabel removes a label and tombstones its spans (and their
	// relations); NotFound if it is gone.
	DeleteLabel(ctx context.Context, id string) error

	// Documents lists documents in import order.
	Documents(ctx context.Context, f DocFilter) ([]DocSummary, error)
	// Bundle loads one document with all annotators' live spans (with
	// review status), their relations and states; NotFound if missing.
	Bundle(ctx context.Context, docID string) (*Bundle, error)
	// SetState records how far an annotator has got with a document.
	SetState(ctx context.Context, docID, annotator string, st DocState) error

	// CreateSpan stores a new span (ID assigned if empty) for
	// s.Annotator; Invalid if the offsets fall outside the text.
	CreateSpan(ctx context.Context, s Span) (Span, error)
	// UpdateSpan changes a live span's label or note; NotFound if the
	// span is gone.
	UpdateSpan(ctx context.Context, id, annotator string, u SpanUpdate) (Span, error)
	// DeleteSpan tombstones a span and the relations that touch it;
	// NotFound if it is already gone.
	DeleteSpan(ctx context.Context, id, annotator string) error
	// CreateRelation links two live spans of one document; Invalid if
	// they are in different documents or the same span, Conflict if the
	// same link exists.
	CreateRelation(ctx context.Context, r Relation) (Relation, error)
	// DeleteRelation tombstones a relation; NotFound if gone.
	DeleteRelation(ctx context.Context, id, annotator string) error
	// SetVerdict records a reviewer's decision on a span.
	SetVerdict(ctx context.Context, v Verdict) error

	// Undo reverts the annotator's latest action in the document and
	// returns it, or ok=false if there is nothing to undo. Redo re-applies
	// the latest undone one. A new action clears what could be redone.
	// The history is stored, so it survives switching documents and
	// restarting.
	Undo(ctx context.Context, docID, annotator string) (a Action, ok bool, err error)
	Redo(ctx context.Context, docID, annotator string) (a Action, ok bool, err error)
}
