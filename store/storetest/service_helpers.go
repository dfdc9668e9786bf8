package storetest

import (
	"reflect"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// tickClock makes db's clock advance a second per reading, so that
// timestamps order the rows the way the test made them.
func tickClock(tb testing.TB, db annot.Project) {
	tb.Helper()
	c, ok := db.(Clock)
	if !ok {
		tb.Fatalf("%T offers no clock to set (storetest.Clock)", db)
	}
	t := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	c.SetClock(func() time.Time {
		t = t.Add(time.Second)
		return t
	})
}

// newDoc imports one document without spans and returns its ID.
func newDoc(tb testing.TB, db annot.Project, text string) string {
	tb.Helper()
	r := record(text, "")
	r.Doc.ID = annot.NewID()
	importDocs(tb, db, r)
	return r.Doc.ID
}

func mustSpan(tb testing.TB, db annot.Project, docID, who string, start, end int, label string) annot.Span {
	tb.Helper()
	c, err := db.CreateSpan(ctx, annot.Span{DocID: docID, Annotator: who, Start: start, End: end, Label: label})
	if err != nil {
		tb.Fatalf("CreateSpan %d-%d %s: %v", start, end, label, err)
	}
	return c.SpansAdded[0]
}

func mustRelation(tb testing.TB, db annot.Project, who string, from, to annot.Span, typ string) annot.Relation {
	tb.Helper()
	c, err := db.CreateRelation(ctx, annot.Relation{Annotator: who, From: from.ID, To: to.ID, Type: typ})
	if err != nil {
		tb.Fatalf("CreateRelation %s: %v", typ, err)
	}
	return c.RelationsAdded[0]
}

func mustBundle(tb testing.TB, db annot.Project, docID string) *annot.Bundle {
	tb.Helper()
	b, err := db.Bundle(ctx, docID)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// errOf is the error of a write, for wantKind.
func errOf(_ annot.Change, err error) error { return err }

// wantKind fails unless err is of the given kind.
func wantKind(tb testing.TB, err error, kind annot.Kind) {
	tb.Helper()
	if got := annot.ErrorKind(err); err == nil || got != kind {
		tb.Fatalf("error = %v (kind %v), want kind %v", err, got, kind)
	}
}

// stored is what undo must put back exactly: everything but timestamps.
type stored struct {
	Spans     []storedSpan
	Relations []annot.Relation
}

type storedSpan struct {
	ID, Annotator, Label, Note string
	Start, End                 int
	Status                     annot.Status
}

func snapshot(tb testing.TB, db annot.Project, docID string) stored {
	tb.Helper()
	b := mustBundle(tb, db, docID)
	var s stored
	for _, sp := range b.Spans {
		s.Spans = append(s.Spans, storedSpan{sp.ID, sp.Annotator, sp.Label, sp.Note, sp.Start, sp.End, sp.Status})
	}
	for _, r := range b.Relations {
		r.CreatedAt = time.Time{}
		s.Relations = append(s.Relations, r)
	}
	return s
}

func wantSame(tb testing.TB, what string, got, want stored) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func mustUndo(tb testing.TB, db annot.Project, docID, who, wantAction string) {
	tb.Helper()
	c, ok, err := db.Undo(ctx, docID, who)
	if err != nil || !ok || c.Action.Kind != wantAction {
		tb.Fatalf("Undo = %+v, %v, %v; want %q", c.Action, ok, err, wantAction)
	}
}

func mustRedo(tb testing.TB, db annot.Project, docID, who, wantAction string) {
	tb.Helper()
	c, ok, err := db.Redo(ctx, docID, who)
	if err != nil || !ok || c.Action.Kind != wantAction {
		tb.Fatalf("Redo = %+v, %v, %v; want %q", c.Action, ok, err, wantAction)
	}
}

func str(s string) *string { return &s }
