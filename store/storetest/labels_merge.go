package storetest

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func labelID(t *testing.T, db annot.Project, name string) string {
	t.Helper()
	return labelNamed(t, db, name).ID
}

// spansByLabel lists every live span in the project as "annotator
// label start-end".
func spansByLabel(t *testing.T, db annot.Project) []string {
	t.Helper()
	var out []string
	err := db.Export(ctx, annot.ExportFilter{}, func(b *annot.Bundle) error {
		for _, s := range b.Spans {
			out = append(out, fmt.Sprintf("%s %s %d-%d", s.Annotator, s.Label, s.Start, s.End))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// testLabelMerger_MergeLabel: ORG merged into ACTOR relabels every
// annotator's spans, deletes the one that would duplicate asha's ACTOR
// (with its link), keeps documents' undo steps working, and comes undone
// and redone whole.
func testLabelMerger_MergeLabel(t *testing.T, mustOpen Opener) {
	setup := func(t *testing.T) annot.Project {
		db := mustOpen(t)
		importDocs(t, db,
			record("Reuters said Acme grew.", "asha", span(0, 7, "ORG"), span(13, 17, "ORG"), span(13, 17, annot.Actor)),
			record("The agency PTI reported it.", "ravi", span(11, 14, "ORG")))
		return db
	}
	before := []string{"asha ACTOR 13-17", "asha ORG 0-7", "asha ORG 13-17", "ravi ORG 11-14"}
	merged := []string{"asha ACTOR 0-7", "asha ACTOR 13-17", "ravi ACTOR 11-14"}

	t.Run("OK", func(t *testing.T) {
		db := setup(t)
		if got := spansByLabel(t, db); strings.Join(got, ",") != strings.Join(before, ",") {
			t.Fatalf("before: %q", got)
		}
		org, actor := labelID(t, db, "ORG"), labelID(t, db, annot.Actor)
		shown := firstBundle(t, db)
		c, err := db.MergeLabel(ctx, org, actor)
		if err != nil {
			t.Fatal(err)
		}
		// The window applies the change instead of reading again.
		shown.Apply(c)
		if again := firstBundle(t, db); !sameSpans(shown.Spans, again.Spans) {
			t.Fatalf("the merge's change applied gives\n%+v\nread again\n%+v", shown.Spans, again.Spans)
		}
		if got := spansByLabel(t, db); strings.Join(got, ",") != strings.Join(merged, ",") {
			t.Fatalf("after the merge: %q, want %q", got, merged)
		}
		if len(c.SpansUpdated) != 2 || len(c.SpansRemoved) != 1 || len(c.LabelsRemoved) != 1 || c.LabelsRemoved[0].Name != "ORG" {
			t.Fatalf("change: %d updated, %d removed, labels removed %+v", len(c.SpansUpdated), len(c.SpansRemoved), c.LabelsRemoved)
		}
		for _, s := range c.SpansUpdated {
			if s.Label != annot.Actor {
				t.Fatalf("the change gives a relabelled span label %s", s.Label)
			}
		}
		for _, l := range mustLabels(t, db) {
			if l.Name == "ORG" {
				t.Fatal("ORG is still listed")
			}
		}

		c, ok, err := db.UndoMergeLabel(ctx)
		if err != nil || !ok {
			t.Fatalf("undo: %v, %v", ok, err)
		}
		if got := spansByLabel(t, db); strings.Join(got, ",") != strings.Join(before, ",") {
			t.Fatalf("after undo: %q, want %q", got, before)
		}
		if len(c.Labels) != 1 || c.Labels[0].Name != "ORG" || c.Labels[0].ID != org || len(c.SpansUpdated) != 2 || len(c.SpansAdded) != 1 {
			t.Fatalf("undo change: labels %+v, %d updated, %d added", c.Labels, len(c.SpansUpdated), len(c.SpansAdded))
		}
		if _, ok, _ := db.UndoMergeLabel(ctx); ok {
			t.Fatal("a second undo found another merge")
		}

		if _, ok, err := db.RedoMergeLabel(ctx); err != nil || !ok {
			t.Fatalf("redo: %v, %v", ok, err)
		}
		if got := spansByLabel(t, db); strings.Join(got, ",") != strings.Join(merged, ",") {
			t.Fatalf("after redo: %q", got)
		}
		if _, ok, _ := db.RedoMergeLabel(ctx); ok {
			t.Fatal("a second redo found another merge")
		}
	})

	t.Run("DuplicateTakesItsLinksAndGivesThemBack", func(t *testing.T) {
		db := setup(t)
		b := firstBundle(t, db)
		var claimID, dupID string
		for _, s := range b.Spans {
			if s.Label == "ORG" && s.Start == 13 {
				dupID = s.ID
			}
		}
		cc, err := db.CreateSpan(ctx, annot.Span{DocID: b.Doc.ID, Annotator: "asha", Start: 18, End: 22, Label: annot.Claim})
		if err != nil {
			t.Fatal(err)
		}
		claimID = cc.SpansAdded[0].ID
		if _, err := db.CreateRelation(ctx, annot.Relation{DocID: b.Doc.ID, Annotator: "asha", From: claimID, To: dupID, Type: "MENTIONS"}); err != nil {
			t.Fatal(err)
		}
		c, err := db.MergeLabel(ctx, labelID(t, db, "ORG"), labelID(t, db, annot.Actor))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.RelationsRemoved) != 1 || len(firstBundle(t, db).Relations) != 0 {
			t.Fatalf("the duplicate's link: %d removed in the change", len(c.RelationsRemoved))
		}
		c, _, err = db.UndoMergeLabel(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.RelationsAdded) != 1 || len(firstBundle(t, db).Relations) != 1 {
			t.Fatalf("undo brought back %d links", len(c.RelationsAdded))
		}
	})

	t.Run("DocumentUndoStillWorks", func(t *testing.T) {
		db := setup(t)
		b := firstBundle(t, db)
		var reuters annot.Span
		for _, s := range b.Spans {
			if s.Start == 0 {
				reuters = s
			}
		}
		// asha relabels Reuters ORG -> SOURCE, then ORG is merged into
		// ACTOR: undoing the relabel must not fail on the removed ORG.
		src := annot.Source
		if _, err := db.UpdateSpan(ctx, reuters.ID, "asha", annot.SpanUpdate{Label: &src}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MergeLabel(ctx, labelID(t, db, "ORG"), labelID(t, db, annot.Actor)); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Undo(ctx, b.Doc.ID, "asha"); err != nil || !ok {
			t.Fatalf("undoing the relabel after the merge: %v, %v", ok, err)
		}
		if s := spanIn(t, db, reuters.ID); s.Label != annot.Actor {
			t.Fatalf("undone relabel gives %s, want ACTOR (ORG merged into it)", s.Label)
		}
		if _, _, err := db.Redo(ctx, b.Doc.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		// Undoing the merge puts the history back as it was.
		if _, _, err := db.UndoMergeLabel(ctx); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Undo(ctx, b.Doc.ID, "asha"); err != nil || !ok {
			t.Fatalf("undoing the relabel after undoing the merge: %v, %v", ok, err)
		}
		if s := spanIn(t, db, reuters.ID); s.Label != "ORG" {
			t.Fatalf("undone relabel gives %s, want ORG", s.Label)
		}
	})

	t.Run("ErrConflictWhenTheNameIsTaken", func(t *testing.T) {
		db := setup(t)
		if _, err := db.MergeLabel(ctx, labelID(t, db, "ORG"), labelID(t, db, annot.Actor)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateLabel(ctx, annot.Label{Name: "ORG", Color: "#000000"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.UndoMergeLabel(ctx); annot.ErrorKind(err) != annot.Conflict {
			t.Fatalf("undo with the name taken: %v, want a conflict", err)
		}
	})

	t.Run("ErrInvalidIntoItself", func(t *testing.T) {
		db := setup(t)
		org := labelID(t, db, "ORG")
		if _, err := db.MergeLabel(ctx, org, org); annot.ErrorKind(err) != annot.Invalid {
			t.Fatalf("merging a label into itself: %v", err)
		}
		if _, err := db.MergeLabel(ctx, org, "nope"); annot.ErrorKind(err) != annot.NotFound {
			t.Fatalf("merging into a missing label: %v", err)
		}
	})

	t.Run("NewMergeClearsRedo", func(t *testing.T) {
		db := setup(t)
		if _, err := db.MergeLabel(ctx, labelID(t, db, "ORG"), labelID(t, db, annot.Actor)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.UndoMergeLabel(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MergeLabel(ctx, labelID(t, db, "ORG"), labelID(t, db, annot.Source)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := db.RedoMergeLabel(ctx); ok {
			t.Fatal("redo after a new merge")
		}
	})
}

func mustLabels(t *testing.T, db annot.Project) []annot.Label {
	t.Helper()
	ls, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func firstBundle(t *testing.T, db annot.Project) *annot.Bundle {
	t.Helper()
	docs, err := db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Bundle(ctx, docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func spanIn(t *testing.T, db annot.Project, id string) annot.Span {
	t.Helper()
	for _, s := range firstBundle(t, db).Spans {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("span %s is not live", id)
	return annot.Span{}
}

// sameSpans compares spans as the window shows them: what they cover,
// their label, who made them and their status.
func sameSpans(a, b []annot.Span) bool {
	key := func(ss []annot.Span) []string {
		var out []string
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s %s %s %d-%d %s", s.ID, s.Annotator, s.Label, s.Start, s.End, s.Status))
		}
		sort.Strings(out)
		return out
	}
	return strings.Join(key(a), "\n") == strings.Join(key(b), "\n")
}
