package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

const hindi = "ली क़ियांग ने कहा कि गंझोउ बड़ा है।" // 35 code points, more bytes

func testSpanService_CreateSpan(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, hindi)
		c, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 10, Label: "ACTOR", Note: "PM"})
		if err != nil {
			t.Fatal(err)
		}
		s := c.SpansAdded[0]
		if s.ID == "" || s.Status != annot.Pending || s.CreatedAt.IsZero() || s.Label != "ACTOR" {
			t.Fatalf("created %+v", s)
		}
		b := mustBundle(t, db, doc)
		if len(b.Spans) != 1 || b.Spans[0].ID != s.ID || b.Spans[0].Start != 0 || b.Spans[0].End != 10 || b.Spans[0].Note != "PM" {
			t.Fatalf("stored %+v", b.Spans)
		}
		if b.States["asha"] != annot.StateInProgress {
			t.Errorf("states = %v, want asha in progress", b.States)
		}
	})
	t.Run("WholeTextByCodePoints", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, hindi)
		if _, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 35, Label: "CLAIM"}); err != nil {
			t.Fatalf("span over the whole text: %v", err)
		}
	})
	t.Run("GivenIDAndNewAnnotator", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		id := annot.NewID()
		c, err := db.CreateSpan(ctx, annot.Span{ID: id, DocID: doc, Annotator: "newcomer", Start: 0, End: 8, Label: "ACTOR"})
		if err != nil || c.SpansAdded[0].ID != id {
			t.Fatalf("CreateSpan = %+v, %v", c, err)
		}
		_, err = db.CreateSpan(ctx, annot.Span{ID: id, DocID: doc, Annotator: "newcomer", Start: 9, End: 13, Label: "CLAIM"})
		wantKind(t, err, annot.Conflict)
	})
	t.Run("ErrOutOfRange", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, hindi)
		for _, c := range []struct {
			name       string
			start, end int
		}{{"PastEnd", 30, 36}, {"Negative", -1, 3}, {"Empty", 4, 4}, {"Reversed", 5, 2}} {
			t.Run(c.name, func(t *testing.T) {
				_, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: c.start, End: c.end, Label: "CLAIM"})
				wantKind(t, err, annot.Invalid)
			})
		}
		if b := mustBundle(t, db, doc); len(b.Spans) != 0 {
			t.Fatalf("a refused span was stored: %+v", b.Spans)
		}
	})
	t.Run("ErrNoDocument", func(t *testing.T) {
		db := mustOpen(t)
		_, err := db.CreateSpan(ctx, annot.Span{DocID: annot.NewID(), Annotator: "asha", Start: 0, End: 1, Label: "CLAIM"})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("ErrUnknownLabel", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		_, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 1, Label: "NOPE"})
		wantKind(t, err, annot.NotFound)
		if labels, _ := db.Labels(ctx); len(labels) != 3 {
			t.Fatalf("a label was added: %v", labels)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		mustSpan(t, db, doc, "asha", 0, 4, "CLAIM")
		_, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 4, Label: "CLAIM"})
		wantKind(t, err, annot.Conflict)
		// Another annotator, or another label, is a span of its own.
		mustSpan(t, db, doc, "ravi", 0, 4, "CLAIM")
		mustSpan(t, db, doc, "asha", 0, 4, "ACTOR")
	})
	t.Run("ErrNoAnnotator", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		_, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Start: 0, End: 1, Label: "CLAIM"})
		wantKind(t, err, annot.Invalid)
	})
	t.Run("ErrBadID", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		_, err := db.CreateSpan(ctx, annot.Span{ID: "T1", DocID: doc, Annotator: "asha", Start: 0, End: 1, Label: "CLAIM"})
		wantKind(t, err, annot.Invalid)
	})
}

func testSpanService_UpdateSpan(t *testing.T, mustOpen Opener) {
	label, note := "CLAIM", "checked"
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		tickClock(t, db)
		doc := newDoc(t, db, "Li Qiang said so.")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		c, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &label, Note: &note})
		if err != nil {
			t.Fatal(err)
		}
		got := c.SpansUpdated[0]
		if got.Label != label || got.Note != note || got.Start != 0 || got.End != 8 || !got.UpdatedAt.After(s.UpdatedAt) {
			t.Fatalf("updated %+v", got)
		}
		b := mustBundle(t, db, doc)
		if b.Spans[0].Label != label || b.Spans[0].Note != note {
			t.Fatalf("stored %+v", b.Spans[0])
		}
	})
	t.Run("NothingToChangeKeepsRedo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		mustUndo(t, db, doc, "asha", "create span")
		mustRedo(t, db, doc, "asha", "create span")
		mustUndo(t, db, doc, "asha", "create span")
		mustRedo(t, db, doc, "asha", "create span")
		same := "ACTOR"
		if _, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &same}); err != nil {
			t.Fatal(err)
		}
		mustUndo(t, db, doc, "asha", "create span")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		_, err := db.UpdateSpan(ctx, annot.NewID(), "asha", annot.SpanUpdate{Note: &note})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("ErrDeleted", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		if _, err := db.DeleteSpan(ctx, s.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Note: &note})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("ErrNotOwner", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		_, err := db.UpdateSpan(ctx, s.ID, "ravi", annot.SpanUpdate{Note: &note})
		wantKind(t, err, annot.Conflict)
	})
	t.Run("ErrUnknownLabel", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		bad := "NOPE"
		_, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &bad})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li Qiang said so.")
		mustSpan(t, db, doc, "asha", 0, 8, "CLAIM")
		s := mustSpan(t, db, doc, "asha", 0, 8, "ACTOR")
		_, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &label})
		wantKind(t, err, annot.Conflict)
	})
}

func testSpanService_DeleteSpan(t *testing.T, mustOpen Opener) {
	t.Run("TombstonesRelations", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		mustRelation(t, db, "ravi", claim, actor, annot.SaidBy)
		if _, err := db.DeleteSpan(ctx, actor.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		b := mustBundle(t, db, doc)
		if len(b.Spans) != 1 || b.Spans[0].ID != claim.ID || len(b.Relations) != 0 {
			t.Fatalf("after delete: %+v %+v", b.Spans, b.Relations)
		}
		if got := exportAll(t, db, annot.ExportFilter{}); len(got[0].Relations) != 0 {
			t.Fatalf("export still has the relation: %+v", got[0].Relations)
		}
		// The same span imported again stays deleted: a tombstone is
		// not revived by its ID.
		r := record("Ganzhou is big, Li said.", "asha", span(17, 19, "ACTOR"))
		r.Spans[0].ID = actor.ID
		importDocs(t, db, r)
		if b := mustBundle(t, db, doc); len(b.Spans) != 1 {
			t.Fatalf("import revived a deleted span: %+v", b.Spans)
		}
	})
	t.Run("ErrAlreadyDeleted", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		s := mustSpan(t, db, doc, "asha", 0, 4, "CLAIM")
		if _, err := db.DeleteSpan(ctx, s.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, errOf(db.DeleteSpan(ctx, s.ID, "asha")), annot.NotFound)
		wantKind(t, errOf(db.DeleteSpan(ctx, annot.NewID(), "asha")), annot.NotFound)
	})
	t.Run("ErrNotOwner", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		s := mustSpan(t, db, doc, "asha", 0, 4, "CLAIM")
		wantKind(t, errOf(db.DeleteSpan(ctx, s.ID, "ravi")), annot.Conflict)
		if b := mustBundle(t, db, doc); len(b.Spans) != 1 {
			t.Fatal("another annotator deleted the span")
		}
	})
}
