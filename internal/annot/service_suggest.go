package annot

import "context"

// SuggestionService is what the window and `spanmark suggest` need to
// keep suggestions. It is apart from Service so that a project store can
// add it without the rest changing; the SQLite store implements both.
// Every method that changes something does it in one transaction and
// returns the Change it made.
type SuggestionService interface {
	// AddSuggestions stores what read emits, one Proposal per document,
	// in one transaction: all of it, or nothing if read or any proposal
	// fails. A suggestion whose document already has one with the same
	// start, end and label (SameSuggestion), and a link stored already,
	// are not added again, so proposing the same twice adds nothing and a
	// rejection stays. A label the project lacks is added, as an import
	// adds it. Invalid for a suggestion outside its text or without an
	// origin (CheckSuggestion), NotFound for a missing document. The
	// change holds what was newly stored.
	AddSuggestions(ctx context.Context, read func(emit func(*Proposal) error) error) (Change, error)
	// Suggested loads a document's suggestions (of live labels), their
	// links and every analyst's live decisions; NotFound for a missing
	// document.
	Suggested(ctx context.Context, docID string) (*Suggested, error)
	// AcceptSuggestions makes each suggestion annotator's span, as
	// suggested or changed (SuggestionAccept.Decide), with the
	// suggestion's origin, and links two accepted suggestions that a
	// suggested link joins (AcceptedLink). Where annotator has the span
	// already, the decision points at it and nothing is added. One undo
	// step per document (ActionAcceptSuggestions). NotFound for an
	// unknown suggestion or label, Conflict if annotator has decided on
	// it already, Invalid for offsets outside the text.
	AcceptSuggestions(ctx context.Context, annotator string, accepts []SuggestionAccept) (Change, error)
	// RejectSuggestions records that annotator rejects each suggestion,
	// so that it no longer shows for them. One undo step per document
	// (ActionRejectSuggestions); NotFound and Conflict as for accepting.
	RejectSuggestions(ctx context.Context, annotator string, ids []string) (Change, error)
	// HasSuggestions reports whether the project holds any suggestion (of
	// a document whose import has finished): the window leaves its
	// suggestions toolbar out of a project that has never had one, and
	// asks on every document opened, so it is one cheap probe.
	HasSuggestions(ctx context.Context) (bool, error)
}
