package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

const said = "Ganzhou is big, Li said, citing Xinhua."

func testHistory_Undo(t *testing.T, mustOpen Opener) {
	t.Run("CreateUndoRedo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		before := snapshot(t, db, doc)
		mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		after := snapshot(t, db, doc)
		mustUndo(t, db, doc, "asha", "create span")
		wantSame(t, "after undo", snapshot(t, db, doc), before)
		mustRedo(t, db, doc, "asha", "create span")
		wantSame(t, "after redo", snapshot(t, db, doc), after)
	})
	t.Run("DeleteUndoBringsRelationsBack", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		source := mustSpan(t, db, doc, "asha", 32, 38, "SOURCE")
		mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		mustRelation(t, db, "ravi", claim, source, annot.AccordingTo)
		before := snapshot(t, db, doc)
		if _, err := db.DeleteSpan(ctx, claim.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		deleted := snapshot(t, db, doc)
		if len(deleted.Relations) != 0 || len(deleted.Spans) != 2 {
			t.Fatalf("after delete: %+v", deleted)
		}
		mustUndo(t, db, doc, "asha", "delete span")
		wantSame(t, "after undo", snapshot(t, db, doc), before)
		mustRedo(t, db, doc, "asha", "delete span")
		wantSame(t, "after redo", snapshot(t, db, doc), deleted)
		mustUndo(t, db, doc, "asha", "delete span")
		wantSame(t, "after second undo", snapshot(t, db, doc), before)
	})
	t.Run("UpdateUndo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		s := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		before := snapshot(t, db, doc)
		label, note := "SOURCE", "a person, really"
		if _, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &label, Note: &note}); err != nil {
			t.Fatal(err)
		}
		after := snapshot(t, db, doc)
		mustUndo(t, db, doc, "asha", "update span")
		wantSame(t, "after undo", snapshot(t, db, doc), before)
		mustRedo(t, db, doc, "asha", "update span")
		wantSame(t, "after redo", snapshot(t, db, doc), after)
	})
	t.Run("RelationUndo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		before := snapshot(t, db, doc)
		r := mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		linked := snapshot(t, db, doc)
		mustUndo(t, db, doc, "asha", "create relation")
		wantSame(t, "after undo of create", snapshot(t, db, doc), before)
		mustRedo(t, db, doc, "asha", "create relation")
		wantSame(t, "after redo of create", snapshot(t, db, doc), linked)
		if _, err := db.DeleteRelation(ctx, r.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		mustUndo(t, db, doc, "asha", "delete relation")
		wantSame(t, "after undo of delete", snapshot(t, db, doc), linked)
	})
	t.Run("UndoCreateTakesLaterRelations", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "ravi", 16, 18, "ACTOR")
		mustRelation(t, db, "ravi", claim, actor, annot.SaidBy)
		linked := snapshot(t, db, doc)
		mustUndo(t, db, doc, "asha", "create span")
		if got := snapshot(t, db, doc); len(got.Spans) != 1 || len(got.Relations) != 0 {
			t.Fatalf("after undo: %+v", got)
		}
		mustRedo(t, db, doc, "asha", "create span")
		wantSame(t, "after redo", snapshot(t, db, doc), linked)
	})
	t.Run("StackOrder", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		var states []stored
		states = append(states, snapshot(t, db, doc))
		for _, sp := range []annot.Span{span(0, 15, "CLAIM"), span(16, 18, "ACTOR"), span(32, 38, "SOURCE")} {
			mustSpan(t, db, doc, "asha", sp.Start, sp.End, sp.Label)
			states = append(states, snapshot(t, db, doc))
		}
		for i := 2; i >= 0; i-- {
			mustUndo(t, db, doc, "asha", "create span")
			wantSame(t, "undo", snapshot(t, db, doc), states[i])
		}
		if _, ok, err := db.Undo(ctx, doc, "asha"); ok || err != nil {
			t.Fatalf("Undo past the bottom = %v, %v", ok, err)
		}
		for i := 1; i <= 3; i++ {
			mustRedo(t, db, doc, "asha", "create span")
			wantSame(t, "redo", snapshot(t, db, doc), states[i])
		}
		if _, ok, err := db.Redo(ctx, doc, "asha"); ok || err != nil {
			t.Fatalf("Redo past the top = %v, %v", ok, err)
		}
	})
	t.Run("NewActionClearsRedo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		mustUndo(t, db, doc, "asha", "create span")
		mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		if _, ok, err := db.Redo(ctx, doc, "asha"); ok || err != nil {
			t.Fatalf("Redo after a new action = %v, %v; want nothing to redo", ok, err)
		}
		mustUndo(t, db, doc, "asha", "create span")
		if _, ok, _ := db.Undo(ctx, doc, "asha"); ok {
			t.Fatal("the undone create came back onto the stack")
		}
		if got := snapshot(t, db, doc); len(got.Spans) != 0 {
			t.Fatalf("spans left: %+v", got.Spans)
		}
	})
	t.Run("NothingToUndo", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		for _, who := range []string{"asha", "nobody-yet"} {
			if _, ok, err := db.Undo(ctx, doc, who); ok || err != nil {
				t.Fatalf("Undo for %s = %v, %v", who, ok, err)
			}
			if _, ok, err := db.Redo(ctx, doc, who); ok || err != nil {
				t.Fatalf("Redo for %s = %v, %v", who, ok, err)
			}
		}
	})
	t.Run("PerAnnotatorAndDocument", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		other := newDoc(t, db, "another text")
		mine := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		mustSpan(t, db, doc, "ravi", 16, 18, "ACTOR")
		mustSpan(t, db, other, "asha", 0, 7, "CLAIM")
		mustUndo(t, db, doc, "asha", "create span")
		got := snapshot(t, db, doc)
		if len(got.Spans) != 1 || got.Spans[0].Annotator != "ravi" {
			t.Fatalf("asha's undo took %+v", got.Spans)
		}
		if b := mustBundle(t, db, other); len(b.Spans) != 1 {
			t.Fatal("undo in one document changed another")
		}
		if _, ok, _ := db.Undo(ctx, doc, "asha"); ok {
			t.Fatalf("asha could undo more than her span %s", mine.ID)
		}
	})
}
