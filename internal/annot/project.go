package annot

import (
	"context"
	_ "embed"
)

// Project is an open Spanmark project, whatever keeps it: an SQLite file
// on the analyst's machine or a team's PostgreSQL server. The window and
// every subcommand work through it alone, so that each works on both;
// main opens one from --db (a path or a postgres:// URL) and hands it on.
// Every store that implements it passes the same contract tests
// (store/storetest).
type Project interface {
	Service
	ReviewService
	SuggestionService
	GuidelineService
	LabelMerger

	// Import stores the records that read emits, in one transaction: all
	// of them, or none if read or any record fails (then the error says
	// which record, by line). A text already stored (same ContentHash) is
	// joined, and spans, relations and verdicts already there are not
	// added twice, so importing the same file again adds nothing. read
	// runs on another goroutine; emit returns an error once the import
	// has failed, and read should then stop. Cancelled if ctx ends first.
	Import(ctx context.Context, read func(emit func(*Record) error) error) (ImportResult, error)
	// Texts calls fn with the text of each document named (every
	// document when ids is empty), in import order, for the suggestion
	// engines; NotFound, before any call, for an ID that names no
	// document.
	Texts(ctx context.Context, ids []string, fn func(id, text string) error) error
	// Export calls fn with every document in import order, its live spans
	// sorted by CompareSpans and the relations among them (gold folded,
	// or one annotator's, as f says), all from one snapshot. NotFound for
	// an annotator the project does not know.
	Export(ctx context.Context, f ExportFilter, fn func(*Bundle) error) error
	// History calls fn with every document in import order and
	// everything a merge needs from it (DocHistory): tombstones, every
	// verdict, states with their times, and the labels with the first
	// document; from one snapshot.
	History(ctx context.Context, fn func(*DocHistory) error) error
	// Merge brings another Spanmark database (an SQLite file at path) into
	// the project, and MergeHistory the documents of a native export with
	// history (or another project's History), each in one transaction:
	// all of it or nothing, by the rules in merge.go, so that merging
	// either way round ends the same and merging twice adds nothing.
	Merge(ctx context.Context, path string, progress MergeProgress) (MergeResult, error)
	MergeHistory(ctx context.Context, name string, read func(emit func(*DocHistory) error) error, progress MergeProgress) (MergeResult, error)
	// Stats counts documents, spans by label and annotator, states and
	// verdicts.
	Stats(ctx context.Context) (*Stats, error)
	// AnnotatorNames lists every annotator the project knows, sorted, so
	// that agreement can tell a misspelt name from one who tagged nothing.
	AnnotatorNames(ctx context.Context) ([]string, error)

	// Watch reports, until ctx ends or the project is closed (then the
	// channel closes), what others write to the project: other programs
	// on the same file, colleagues on the same server. This handle's own
	// writes are not reported; they come back from the writing methods.
	// Changes close together may come as one.
	Watch(ctx context.Context) <-chan RemoteChange

	// Path says where the project is, for the status bar and messages: a
	// file path, or a server URL without its password.
	Path() string
	// Fresh reports whether opening created the project, so that main
	// seeds the sample article into a new default database only.
	Fresh() bool
	// Close releases the project; work committed before stays.
	Close() error
}

// Stats summarises a project for `spanmark stats`.
type Stats struct {
	Documents int
	Spans     int // live spans
	Relations int
	Labels    []string                  // in display order
	Counts    map[string]map[string]int // annotator -> label -> live spans
	States    map[string]map[string]int // annotator -> state -> documents
	Reviewed  map[string]map[string]int // decision (accepted/rejected) -> reviewer -> spans
	// Suggestions counts the stored suggestions, which are nobody's
	// spans; Decided counts analysts' live decisions on them: annotator
	// -> accepted, changed or rejected -> suggestions.
	Suggestions int
	Decided     map[string]map[string]int
	// SpannedDocs counts the documents with live spans, and ReviewedDocs
	// those of them where none waits for a verdict (DocReviewed).
	SpannedDocs, ReviewedDocs int
}

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
