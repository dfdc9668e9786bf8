package annot

import (
	"context"
	_ "embed"
)

// DefaultGuidelines are the annotation guidelines a new project starts
// with (Markdown): what CLAIM, ACTOR and SOURCE mark, what is not tagged,
// and how claims are linked. The built-in suggestion rules aim at them.
//
//go:embed guidelines.md
var DefaultGuidelines string

// GuidelineService keeps the project's annotation guidelines, Markdown
// that the window shows beside the article and analysts edit.
type GuidelineService interface {
	// Guidelines returns the guidelines, "" if there are none.
	Guidelines(ctx context.Context) (string, error)
	// SetGuidelines replaces them, in one transaction.
	SetGuidelines(ctx context.Context, text string) error
}

// LabelMerger folds one label into another across the project, as one
// action that can be undone whole.
type LabelMerger interface {
	// MergeLabel gives every live span of label from the label into, in
	// every document and whoever made it, and removes from. A span that
	// would then duplicate one its annotator already has (same offsets,
	// label into) is deleted instead, with its links. NotFound if either
	// label is gone; Invalid if they are the same. The change holds the
	// relabelled spans (SpansUpdated), the deleted ones and their links,
	// and the removed label.
	MergeLabel(ctx context.Context, from, into string) (Change, error)
	// UndoMergeLabel undoes the latest merge that is not undone: the
	// label comes back with its name, colour and key, its spans get it
	// again, and the spans the merge deleted come back with their links.
	// ok is false when there is nothing to undo; Conflict if a label
	// of that name has been added since. RedoMergeLabel merges again the
	// merge undone last. A new merge clears what could be redone.
	UndoMergeLabel(ctx context.Context) (c Change, ok bool, err error)
	RedoMergeLabel(ctx context.Context) (c Change, ok bool, err error)
}
