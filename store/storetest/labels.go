package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func labelNamed(tb testing.TB, db annot.Project, name string) annot.Label {
	tb.Helper()
	labels, err := db.Labels(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range labels {
		if l.Name == name {
			return l
		}
	}
	tb.Fatalf("no label %s in %v", name, labels)
	return annot.Label{}
}

func testLabelService_CreateLabel(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		c, err := db.CreateLabel(ctx, annot.Label{Name: " EVENT ", Color: "#AA00ff", Hotkey: "e", Order: 99})
		if err != nil {
			t.Fatal(err)
		}
		l := c.Labels[0]
		want := annot.Label{ID: annot.LabelID("EVENT"), Name: "EVENT", Color: "#aa00ff", Hotkey: "e", Order: 3}
		if l != want {
			t.Fatalf("created %+v, want %+v", l, want)
		}
		labels, _ := db.Labels(ctx)
		if len(labels) != 4 || labels[3] != want {
			t.Fatalf("labels = %+v", labels)
		}
		// Spans may use it at once.
		mustSpan(t, db, newDoc(t, db, "the summit"), "asha", 4, 10, "EVENT")
	})
	t.Run("NoHotkey", func(t *testing.T) {
		db := mustOpen(t)
		if _, err := db.CreateLabel(ctx, annot.Label{Name: "A", Color: "#000000"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateLabel(ctx, annot.Label{Name: "B", Color: "#000000"}); err != nil {
			t.Fatal("two labels without hotkeys:", err)
		}
	})
	for _, c := range []struct {
		name string
		l    annot.Label
		kind annot.Kind
	}{
		{"ErrNameTaken", annot.Label{Name: "CLAIM", Color: "#000000"}, annot.Conflict},
		{"ErrHotkeyTaken", annot.Label{Name: "EVENT", Color: "#000000", Hotkey: "1"}, annot.Conflict},
		{"ErrNoName", annot.Label{Name: "  ", Color: "#000000"}, annot.Invalid},
		{"ErrNoColour", annot.Label{Name: "EVENT"}, annot.Invalid},
		{"ErrBadColour", annot.Label{Name: "EVENT", Color: "red"}, annot.Invalid},
		{"ErrShortColour", annot.Label{Name: "EVENT", Color: "#fff"}, annot.Invalid},
		{"ErrLongHotkey", annot.Label{Name: "EVENT", Color: "#000000", Hotkey: "ev"}, annot.Invalid},
		{"ErrSpaceHotkey", annot.Label{Name: "EVENT", Color: "#000000", Hotkey: " "}, annot.Invalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := mustOpen(t)
			_, err := db.CreateLabel(ctx, c.l)
			wantKind(t, err, c.kind)
			if labels, _ := db.Labels(ctx); len(labels) != 3 {
				t.Fatalf("labels = %v", labels)
			}
		})
	}
	t.Run("NonLatinHotkey", func(t *testing.T) {
		db := mustOpen(t)
		if _, err := db.CreateLabel(ctx, annot.Label{Name: "दावा", Color: "#123456", Hotkey: "द"}); err != nil {
			t.Fatal(err)
		}
	})
}

func testLabelService_UpdateLabel(t *testing.T, mustOpen Opener) {
	t.Run("RenameKeepsIDAndSpans", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "Li said so")
		mustSpan(t, db, doc, "asha", 0, 2, "ACTOR")
		actor := labelNamed(t, db, "ACTOR")
		if _, err := db.UpdateLabel(ctx, actor.ID, annot.LabelUpdate{Name: str("PERSON"), Color: str("#000001"), Hotkey: str("p")}); err != nil {
			t.Fatal(err)
		}
		got := labelNamed(t, db, "PERSON")
		if got.ID != actor.ID || got.Color != "#000001" || got.Hotkey != "p" || got.Order != actor.Order {
			t.Fatalf("renamed %+v from %+v", got, actor)
		}
		if b := mustBundle(t, db, doc); b.Spans[0].Label != "PERSON" {
			t.Fatalf("span label = %s", b.Spans[0].Label)
		}
		// The old name is free again, with a fresh ID since the renamed
		// label holds the one derived from it.
		c, err := db.CreateLabel(ctx, annot.Label{Name: "ACTOR", Color: "#000002"})
		if err != nil || c.Labels[0].ID == actor.ID {
			t.Fatalf("CreateLabel ACTOR again = %+v, %v", c, err)
		}
	})
	t.Run("ClearHotkey", func(t *testing.T) {
		db := mustOpen(t)
		claim := labelNamed(t, db, "CLAIM")
		if _, err := db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Hotkey: str("")}); err != nil {
			t.Fatal(err)
		}
		if got := labelNamed(t, db, "CLAIM"); got.Hotkey != "" || got.Color != claim.Color {
			t.Fatalf("after clearing the hotkey: %+v", got)
		}
		actor := labelNamed(t, db, "ACTOR")
		if _, err := db.UpdateLabel(ctx, actor.ID, annot.LabelUpdate{Hotkey: str("1")}); err != nil {
			t.Fatal("a freed hotkey cannot be used:", err)
		}
	})
	t.Run("SameValues", func(t *testing.T) {
		db := mustOpen(t)
		claim := labelNamed(t, db, "CLAIM")
		if _, err := db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Name: str("CLAIM"), Hotkey: str("1")}); err != nil {
			t.Fatal("an update to the same values:", err)
		}
	})
	t.Run("ErrTaken", func(t *testing.T) {
		db := mustOpen(t)
		claim := labelNamed(t, db, "CLAIM")
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Name: str("ACTOR")})), annot.Conflict)
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Hotkey: str("2")})), annot.Conflict)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := mustOpen(t)
		claim := labelNamed(t, db, "CLAIM")
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Name: str("")})), annot.Invalid)
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Color: str("#12345g")})), annot.Invalid)
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Hotkey: str("12")})), annot.Invalid)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		wantKind(t, errOf(db.UpdateLabel(ctx, annot.NewID(), annot.LabelUpdate{Name: str("X")})), annot.NotFound)
		claim := labelNamed(t, db, "CLAIM")
		if _, err := db.DeleteLabel(ctx, claim.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, errOf(db.UpdateLabel(ctx, claim.ID, annot.LabelUpdate{Name: str("X")})), annot.NotFound)
	})
}

func testLabelService_LabelUse(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	doc := newDoc(t, db, "Li said so")
	mustSpan(t, db, doc, "asha", 0, 2, "ACTOR")
	mustSpan(t, db, doc, "ravi", 0, 2, "ACTOR")
	gone := mustSpan(t, db, doc, "ravi", 3, 7, "ACTOR")
	if _, err := db.DeleteSpan(ctx, gone.ID, "ravi"); err != nil {
		t.Fatal(err)
	}
	t.Run("CountsLiveSpans", func(t *testing.T) {
		if n, err := db.LabelUse(ctx, labelNamed(t, db, "ACTOR").ID); n != 2 || err != nil {
			t.Fatalf("LabelUse(ACTOR) = %d, %v; want 2", n, err)
		}
		if n, err := db.LabelUse(ctx, labelNamed(t, db, "CLAIM").ID); n != 0 || err != nil {
			t.Fatalf("LabelUse(CLAIM) = %d, %v; want 0", n, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.LabelUse(ctx, annot.NewID())
		wantKind(t, err, annot.NotFound)
	})
}

func testLabelService_DeleteLabel(t *testing.T, mustOpen Opener) {
	t.Run("WithSpans", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		claim := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		actor := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		source := mustSpan(t, db, doc, "asha", 32, 38, "SOURCE")
		mustRelation(t, db, "asha", claim, actor, annot.SaidBy)
		keep := mustRelation(t, db, "asha", claim, source, annot.AccordingTo)
		id := labelNamed(t, db, "ACTOR").ID
		if _, err := db.DeleteLabel(ctx, id); err != nil {
			t.Fatal(err)
		}
		b := mustBundle(t, db, doc)
		if len(b.Spans) != 2 || len(b.Relations) != 1 || b.Relations[0].ID != keep.ID {
			t.Fatalf("after removing ACTOR: %+v %+v", b.Spans, b.Relations)
		}
		labels, _ := db.Labels(ctx)
		if len(labels) != 2 || labels[0].Name != "CLAIM" || labels[1].Name != "SOURCE" {
			t.Fatalf("labels = %+v", labels)
		}
		_, err := db.LabelUse(ctx, id)
		wantKind(t, err, annot.NotFound)
		wantKind(t, errOf(db.DeleteLabel(ctx, id)), annot.NotFound)
		_, err = db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 16, End: 18, Label: "ACTOR"})
		wantKind(t, err, annot.NotFound)
	})
	t.Run("NameUsableAgain", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		old := labelNamed(t, db, "ACTOR")
		if _, err := db.DeleteLabel(ctx, old.ID); err != nil {
			t.Fatal(err)
		}
		// An import that brings the name back makes a new label, with
		// a hotkey again, and does not revive the old spans.
		importDocs(t, db, record(said, "ravi", span(16, 18, "ACTOR")))
		again := labelNamed(t, db, "ACTOR")
		if again.ID == old.ID || again.Hotkey == "" {
			t.Fatalf("label after import: %+v (old %+v)", again, old)
		}
		b := mustBundle(t, db, doc)
		if len(b.Spans) != 1 || b.Spans[0].Annotator != "ravi" || b.Spans[0].Label != "ACTOR" {
			t.Fatalf("spans = %+v", b.Spans)
		}
		if _, err := db.DeleteLabel(ctx, again.ID); err != nil {
			t.Fatal("removing the name a second time:", err)
		}
		if _, err := db.CreateLabel(ctx, annot.Label{Name: "ACTOR", Color: "#4a90d9", Hotkey: "2"}); err != nil {
			t.Fatal("CreateLabel after two removals:", err)
		}
		if got := exportAll(t, db, annot.ExportFilter{}); len(got[0].Spans) != 0 {
			t.Fatalf("export shows removed spans: %+v", got[0].Spans)
		}
	})
	t.Run("ClearsHistory", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		s := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		label := "SOURCE"
		if _, err := db.UpdateSpan(ctx, s.ID, "asha", annot.SpanUpdate{Label: &label}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DeleteLabel(ctx, labelNamed(t, db, "ACTOR").ID); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Undo(ctx, doc, "asha"); ok || err != nil {
			t.Fatalf("Undo after removing a label it would need = %v, %v", ok, err)
		}
		if b := mustBundle(t, db, doc); len(b.Spans) != 1 || b.Spans[0].Label != "SOURCE" {
			t.Fatalf("spans = %+v", b.Spans)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		wantKind(t, errOf(db.DeleteLabel(ctx, annot.NewID())), annot.NotFound)
	})
}
