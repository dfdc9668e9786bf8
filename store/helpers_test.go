package store_test

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

// The SQLite store's own tests (files, merges of databases) build
// projects with the contract suite's helpers.

func record(text, annotator string, spans ...annot.Span) *annot.Record {
	return storetest.Record(text, annotator, spans...)
}

func span(start, end int, label string) annot.Span { return storetest.SpanAt(start, end, label) }

func importDocs(tb testing.TB, db *store.DB, recs ...*annot.Record) annot.ImportResult {
	tb.Helper()
	return storetest.Import(tb, db, recs...)
}

func exportAll(tb testing.TB, db *store.DB, f annot.ExportFilter) []annot.Bundle {
	tb.Helper()
	return storetest.ExportAll(tb, db, f)
}

func mustSpan(tb testing.TB, db *store.DB, docID, who string, start, end int, label string) annot.Span {
	tb.Helper()
	return storetest.MustSpan(tb, db, docID, who, start, end, label)
}

func mustRelation(tb testing.TB, db *store.DB, who string, from, to annot.Span, typ string) annot.Relation {
	tb.Helper()
	return storetest.MustRelation(tb, db, who, from, to, typ)
}

func mustBundle(tb testing.TB, db *store.DB, docID string) *annot.Bundle {
	tb.Helper()
	return storetest.MustBundle(tb, db, docID)
}

func mustUndo(tb testing.TB, db *store.DB, docID, who, kind string) {
	tb.Helper()
	storetest.MustUndo(tb, db, docID, who, kind)
}

func wantKind(tb testing.TB, err error, kind annot.Kind) {
	tb.Helper()
	storetest.WantKind(tb, err, kind)
}

const said = storetest.Said

func newDoc(tb testing.TB, db *store.DB, text string) string {
	tb.Helper()
	return storetest.NewDoc(tb, db, text)
}

func proposeSaid(tb testing.TB, db *store.DB, doc string) annot.Change {
	tb.Helper()
	return storetest.ProposeSaid(tb, db, doc)
}

func mustSuggested(tb testing.TB, db *store.DB, doc string) *annot.Suggested {
	tb.Helper()
	return storetest.MustSuggested(tb, db, doc)
}

func openLabels(db *store.DB, tb testing.TB, doc, who string) []string {
	tb.Helper()
	return storetest.OpenLabels(tb, db, doc, who)
}
