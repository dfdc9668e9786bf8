package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func testRelationService_CreateRelation(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		r := mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		if r.ID == "" || r.DocID != doc || r.CreatedAt.IsZero() {
			t.Fatalf("created %+v", r)
		}
		b := mustBundle(t, db, doc)
		if len(b.Relations) != 1 || b.Relations[0].ID != r.ID || b.Relations[0].From != claim.ID || b.Relations[0].Annotator != "asha" {
			t.Fatalf("stored %+v", b.Relations)
		}
		// The reverse link, or another type, is a link of its own.
		mustRelation(t, db, "asha", actor, claim, annot.SaidBy)
		mustRelation(t, db, "asha", claim, actor, annot.AccordingTo)
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		_, err := db.CreateRelation(ctx, annot.Relation{Annotator: "ravi", From: claim.ID, To: actor.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.Conflict)
	})
	t.Run("ErrSameSpan", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		_, err := db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: claim.ID, To: claim.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.Invalid)
	})
	t.Run("ErrOtherDocument", func(t *testing.T) {
		db := mustOpen(t)
		a := mustSpan(t, db, newDoc(t, db, "first text"), "asha", 0, 5, "CLAIM")
		b := mustSpan(t, db, newDoc(t, db, "second text"), "asha", 0, 6, "ACTOR")
		_, err := db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: a.ID, To: b.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.Invalid)
	})
	t.Run("ErrWrongDocID", func(t *testing.T) {
		db := mustOpen(t)
		other := newDoc(t, db, "other text")
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		_, err := db.CreateRelation(ctx, annot.Relation{DocID: other, Annotator: "asha", From: claim.ID, To: actor.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.Invalid)
	})
	t.Run("ErrDeletedSpan", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		if _, err := db.DeleteSpan(ctx, actor.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		_, err := db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: claim.ID, To: actor.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.NotFound)
		_, err = db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: claim.ID, To: annot.NewID(), Type: annot.SaidBy})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("ErrNoTypeOrAnnotator", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		_, err := db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: claim.ID, To: actor.ID, Type: " "})
		wantKind(t, err, annot.Invalid)
		_, err = db.CreateRelation(ctx, annot.Relation{From: claim.ID, To: actor.ID, Type: annot.SaidBy})
		wantKind(t, err, annot.Invalid)
	})
}

func testRelationService_DeleteRelation(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		r := mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		if _, err := db.DeleteRelation(ctx, r.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		if b := mustBundle(t, db, doc); len(b.Relations) != 0 || len(b.Spans) != 2 {
			t.Fatalf("after delete: %+v", b)
		}
		// The link may be made again once the old one is gone.
		mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		wantKind(t, errOf(db.DeleteRelation(ctx, r.ID, "asha")), annot.NotFound)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		wantKind(t, errOf(db.DeleteRelation(ctx, annot.NewID(), "asha")), annot.NotFound)
	})
	t.Run("ErrNotOwner", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big, Li said.")
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 17, 19, "ACTOR")
		r := mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		wantKind(t, errOf(db.DeleteRelation(ctx, r.ID, "ravi")), annot.Conflict)
	})
}

func testVerdictService_SetVerdict(t *testing.T, mustOpen Opener) {
	t.Run("LatestDecides", func(t *testing.T) {
		db := mustOpen(t)
		tickClock(t, db)
		doc := newDoc(t, db, "Ganzhou is big.")
		s := mustSpan(t, db, doc, "asha", 0, 7, "SOURCE")
		if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "meera", Decision: annot.Rejected}); err != nil {
			t.Fatal(err)
		}
		if b := mustBundle(t, db, doc); b.Spans[0].Status != annot.Rejected || b.Spans[0].Reviewer != "meera" {
			t.Fatalf("after reject: %+v", b.Spans[0])
		}
		if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "omar", Decision: annot.Accepted, Comment: "fine"}); err != nil {
			t.Fatal(err)
		}
		if b := mustBundle(t, db, doc); b.Spans[0].Status != annot.Accepted || b.Spans[0].Reviewer != "omar" {
			t.Fatalf("after accept: %+v", b.Spans[0])
		}
		if gold := exportAll(t, db, annot.ExportFilter{Gold: true}); len(gold[0].Spans) != 1 {
			t.Fatalf("gold export: %+v", gold[0].Spans)
		}
	})
	t.Run("AnEarlierVerdictDoesNotDecide", func(t *testing.T) {
		db := mustOpen(t)
		tickClock(t, db)
		doc := newDoc(t, db, "Ganzhou is big.")
		s := mustSpan(t, db, doc, "asha", 0, 7, "SOURCE")
		if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "omar", Decision: annot.Accepted}); err != nil {
			t.Fatal(err)
		}
		c, err := db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "meera", Decision: annot.Rejected, At: s.CreatedAt})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.SpansUpdated[0]; got.Status != annot.Accepted || got.Reviewer != "omar" {
			t.Fatalf("the change says %s by %s, want still accepted by omar", got.Status, got.Reviewer)
		}
		if b := mustBundle(t, db, doc); b.Spans[0].Status != annot.Accepted || b.Spans[0].Reviewer != "omar" {
			t.Fatalf("bundle: %+v", b.Spans[0])
		}
		if e := exportAll(t, db, annot.ExportFilter{}); e[0].Spans[0].Status != annot.Accepted || e[0].Spans[0].Reviewer != "omar" {
			t.Fatalf("export: %+v", e[0].Spans[0])
		}
	})
	t.Run("ErrDecision", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big.")
		s := mustSpan(t, db, doc, "asha", 0, 7, "SOURCE")
		for _, d := range []annot.Status{annot.Pending, "maybe", ""} {
			wantKind(t, errOf(db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "meera", Decision: d})), annot.Invalid)
		}
		wantKind(t, errOf(db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Decision: annot.Accepted})), annot.Invalid)
	})
	t.Run("ErrSpanGone", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Ganzhou is big.")
		s := mustSpan(t, db, doc, "asha", 0, 7, "SOURCE")
		if _, err := db.DeleteSpan(ctx, s.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, errOf(db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "meera", Decision: annot.Accepted})), annot.NotFound)
		wantKind(t, errOf(db.SetVerdict(ctx, annot.Verdict{SpanID: annot.NewID(), Reviewer: "meera", Decision: annot.Accepted})), annot.NotFound)
	})
}
