package storetest

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// TestChange_ApplyIsReload checks the promise the window relies on:
// applying the Change that a write returns to the document as it was
// gives exactly the document as read again, for every kind of write,
// including undo and redo, and for another annotator's rows.
func testChange_ApplyIsReload(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	tickClock(t, db)
	doc := newDoc(t, db, said) // "Ganzhou is big, Li said, citing Xinhua."
	other := newDoc(t, db, "Another article, untouched.")
	shown := mustBundle(t, db, doc)
	var claim, actor, source annot.Span
	var rel annot.Relation
	step := func(what string, write func() (annot.Change, error)) annot.Change {
		t.Helper()
		c, err := write()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		shown.Apply(c)
		want := mustBundle(t, db, doc)
		if !reflect.DeepEqual(shown.Spans, want.Spans) {
			t.Fatalf("%s: spans after Apply\n got %+v\nwant %+v", what, shown.Spans, want.Spans)
		}
		if !reflect.DeepEqual(shown.Relations, want.Relations) {
			t.Fatalf("%s: relations after Apply\n got %+v\nwant %+v", what, shown.Relations, want.Relations)
		}
		if !reflect.DeepEqual(shown.States, want.States) {
			t.Fatalf("%s: states after Apply %v, want %v", what, shown.States, want.States)
		}
		return c
	}
	undo := func(who string) func() (annot.Change, error) {
		return func() (annot.Change, error) { c, _, err := db.Undo(ctx, doc, who); return c, err }
	}
	redo := func(who string) func() (annot.Change, error) {
		return func() (annot.Change, error) { c, _, err := db.Redo(ctx, doc, who); return c, err }
	}

	c := step("tag a claim", func() (annot.Change, error) {
		return db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 14, Label: "CLAIM"})
	})
	claim = c.SpansAdded[0]
	if want := []annot.StateChange{{DocID: doc, Annotator: "asha", State: annot.StateInProgress}}; !reflect.DeepEqual(c.States, want) {
		t.Fatalf("first tag's states = %+v, want %+v: tagging starts the document, in the same call", c.States, want)
	}
	if c.Action.Kind != annot.ActionCreateSpan {
		t.Fatalf("action = %+v", c.Action)
	}
	c = step("tag an actor", func() (annot.Change, error) {
		return db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 16, End: 18, Label: "ACTOR"})
	})
	actor = c.SpansAdded[0]
	if len(c.States) != 0 {
		t.Fatalf("second tag changed states: %+v", c.States)
	}
	c = step("ravi tags a source", func() (annot.Change, error) {
		return db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "ravi", Start: 32, End: 38, Label: "SOURCE"})
	})
	source = c.SpansAdded[0]
	c = step("link", func() (annot.Change, error) {
		return db.CreateRelation(ctx, annot.Relation{Annotator: "asha", From: claim.ID, To: actor.ID, Type: annot.SaidBy})
	})
	rel = c.RelationsAdded[0]
	step("ravi links asha's claim", func() (annot.Change, error) {
		return db.CreateRelation(ctx, annot.Relation{Annotator: "ravi", From: claim.ID, To: source.ID, Type: annot.AccordingTo})
	})
	label, note := "SOURCE", "a person, really"
	step("relabel and note", func() (annot.Change, error) {
		return db.UpdateSpan(ctx, actor.ID, "asha", annot.SpanUpdate{Label: &label, Note: &note})
	})
	c = step("a verdict", func() (annot.Change, error) {
		return db.SetVerdict(ctx, annot.Verdict{SpanID: claim.ID, Reviewer: "meera", Decision: annot.Accepted})
	})
	if len(c.Verdicts) != 1 || c.Verdicts[0].ID == "" || c.SpansUpdated[0].Status != annot.Accepted || c.SpansUpdated[0].Reviewer != "meera" {
		t.Fatalf("verdict change = %+v", c)
	}
	c = step("delete the claim", func() (annot.Change, error) { return db.DeleteSpan(ctx, claim.ID, "asha") })
	if len(c.SpansRemoved) != 1 || len(c.RelationsRemoved) != 2 {
		t.Fatalf("delete removed %d spans and %d relations, want 1 and both links", len(c.SpansRemoved), len(c.RelationsRemoved))
	}
	c = step("undo the delete", undo("asha"))
	if c.Action.Kind != annot.ActionDeleteSpan || len(c.SpansAdded) != 1 || len(c.RelationsAdded) != 2 {
		t.Fatalf("undo of delete = %+v", c)
	}
	step("redo the delete", redo("asha"))
	step("undo it again", undo("asha"))
	step("undo the relabel", undo("asha"))
	step("redo the relabel", redo("asha"))
	step("undo the relabel again", undo("asha"))
	c = step("undo the link", undo("asha"))
	if len(c.RelationsRemoved) != 1 || c.RelationsRemoved[0].ID != rel.ID {
		t.Fatalf("undo of link = %+v", c)
	}
	step("redo the link", redo("asha"))
	step("remove the link", func() (annot.Change, error) { return db.DeleteRelation(ctx, rel.ID, "asha") })
	step("undo the removal", undo("asha"))
	step("mark done", func() (annot.Change, error) { return db.SetState(ctx, doc, "asha", annot.StateDone) })
	c = step("rename a label", func() (annot.Change, error) {
		return db.UpdateLabel(ctx, labelNamed(t, db, "SOURCE").ID, annot.LabelUpdate{Name: str("OUTLET")})
	})
	if len(c.Labels) != 1 || c.Labels[0].Name != "OUTLET" || len(c.SpansUpdated) != 1 {
		t.Fatalf("rename = %+v", c)
	}
	step("recolour a label", func() (annot.Change, error) {
		return db.UpdateLabel(ctx, labelNamed(t, db, "CLAIM").ID, annot.LabelUpdate{Color: str("#010203")})
	})
	c = step("remove a label", func() (annot.Change, error) { return db.DeleteLabel(ctx, labelNamed(t, db, "OUTLET").ID) })
	if len(c.LabelsRemoved) != 1 || c.LabelsRemoved[0].Name != "OUTLET" || len(c.SpansRemoved) != 1 || len(c.RelationsRemoved) != 1 {
		t.Fatalf("label removal = %+v", c)
	}
	c = step("undo the claim's creation", func() (annot.Change, error) {
		// Label removal cleared the history; make a fresh span to undo.
		c, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 20, End: 24, Label: "CLAIM"})
		if err != nil {
			return c, err
		}
		shown.Apply(c)
		u, _, err := db.Undo(ctx, doc, "asha")
		return u, err
	})
	if len(c.SpansRemoved) != 1 {
		t.Fatalf("undo of create = %+v", c)
	}

	// A change in another document leaves this one as it is.
	before := mustBundle(t, db, doc)
	c, err := db.CreateSpan(ctx, annot.Span{DocID: other, Annotator: "asha", Start: 0, End: 7, Label: "CLAIM"})
	if err != nil {
		t.Fatal(err)
	}
	if before.Apply(c) || !reflect.DeepEqual(before, mustBundle(t, db, doc)) {
		t.Fatal("a change in another document changed this one")
	}
}

// A write that changes nothing returns an empty change, which applies as
// nothing.
func testChange_Empty(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	doc := newDoc(t, db, said)
	s := mustSpan(t, db, doc, "asha", 0, 14, "CLAIM")
	same := "CLAIM"
	c, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &same})
	if err != nil || !c.Empty() {
		t.Fatalf("UpdateSpan to the same label = %+v, %v; want an empty change", c, err)
	}
	if b := mustBundle(t, db, doc); b.Apply(c) {
		t.Fatal("an empty change changed the document")
	}
	var _ annot.Service = (annot.Project)(nil)
}
