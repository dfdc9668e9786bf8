package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// The helpers below serve a store's own tests (reopening a file, two
// processes, a server's notifications), so that they build projects the
// way the contract does.

// Said is a short English article with a claim, an actor and a source.
const Said = said

// Record builds an import record the way a format reader would, each
// span with a fresh ID and, unless it names one, annotator's.
func Record(text, annotator string, spans ...annot.Span) *annot.Record {
	return record(text, annotator, spans...)
}

// Titled builds a record of a document without spans.
func Titled(title, source, text string) *annot.Record { return titled(title, source, text) }

// SpanAt is a span of label over [start, end).
func SpanAt(start, end int, label string) annot.Span { return span(start, end, label) }

// Import imports the records in one transaction, failing tb on error.
func Import(tb testing.TB, p annot.Project, recs ...*annot.Record) annot.ImportResult {
	tb.Helper()
	return importDocs(tb, p, recs...)
}

// ExportAll reads every document as Export gives it.
func ExportAll(tb testing.TB, p annot.Project, f annot.ExportFilter) []annot.Bundle {
	tb.Helper()
	return exportAll(tb, p, f)
}

// NewDoc imports one document without spans and returns its ID.
func NewDoc(tb testing.TB, p annot.Project, text string) string {
	tb.Helper()
	return newDoc(tb, p, text)
}

// MustSpan tags [start, end) with label for who.
func MustSpan(tb testing.TB, p annot.Project, docID, who string, start, end int, label string) annot.Span {
	tb.Helper()
	return mustSpan(tb, p, docID, who, start, end, label)
}

// MustRelation links from to to for who.
func MustRelation(tb testing.TB, p annot.Project, who string, from, to annot.Span, typ string) annot.Relation {
	tb.Helper()
	return mustRelation(tb, p, who, from, to, typ)
}

// MustBundle loads a document.
func MustBundle(tb testing.TB, p annot.Project, docID string) *annot.Bundle {
	tb.Helper()
	return mustBundle(tb, p, docID)
}

// MustUndo undoes who's latest action in the document, which must be of
// the kind given.
func MustUndo(tb testing.TB, p annot.Project, docID, who, kind string) {
	tb.Helper()
	mustUndo(tb, p, docID, who, kind)
}

// MustRedo redoes who's latest undone action, which must be of the kind
// given.
func MustRedo(tb testing.TB, p annot.Project, docID, who, kind string) {
	tb.Helper()
	mustRedo(tb, p, docID, who, kind)
}

// WantKind fails tb unless err is of the kind given.
func WantKind(tb testing.TB, err error, kind annot.Kind) {
	tb.Helper()
	wantKind(tb, err, kind)
}

// TickClock makes p's clock advance a second per reading.
func TickClock(tb testing.TB, p annot.Project) {
	tb.Helper()
	tickClock(tb, p)
}

// ProposeSaid stores suggestions for a document of Said: a CLAIM, an
// ACTOR and a SOURCE, the claim linked to both.
func ProposeSaid(tb testing.TB, p annot.Project, doc string) annot.Change {
	tb.Helper()
	return proposeSaid(tb, p, doc)
}

// MustSuggested reads a document's suggestions.
func MustSuggested(tb testing.TB, p annot.Project, doc string) *annot.Suggested {
	tb.Helper()
	return mustSuggested(tb, p, doc)
}

// OpenLabels lists the labels of the suggestions still open to who.
func OpenLabels(tb testing.TB, p annot.Project, doc, who string) []string {
	tb.Helper()
	return openLabels(p, tb, doc, who)
}
