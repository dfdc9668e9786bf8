package store_test

import (
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// pair copies a base database twice; the two get one clock, an hour on.
func pair(t *testing.T, build func(x *store.DB)) (dir, a, b string, adb, bdb *store.DB) {
	t.Helper()
	dir = t.TempDir()
	base := filepath.Join(dir, "base.db")
	x := openAt(t, base)
	clockFrom(x, t0, time.Second)
	build(x)
	x.Close()
	a, b = filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyFile(t, base, a)
	copyFile(t, base, b)
	adb, bdb = openAt(t, a), openAt(t, b)
	clockFrom(adb, t0.Add(time.Hour), time.Second)
	bdb.Now = adb.Now
	return dir, a, b, adb, bdb
}

// TestMerge_ReviewedWhenTheUnionIsDecided: one reviewer decides asha's
// span in A, another ravi's in B; neither database has the document
// decided, their merge has, and moves both annotators to reviewed, the
// same either way, once.
func TestMerge_ReviewedWhenTheUnionIsDecided(t *testing.T) {
	var doc, claim, actor string
	dir, a, b, adb, bdb := pair(t, func(x *store.DB) {
		rec := record(text1, "asha", span(18, 41, "CLAIM"), span(0, 12, "ACTOR"))
		rec.Doc.ID = annot.NewID()
		rec.Spans[1].Annotator = "ravi"
		rec.Answers = map[string]annot.Answer{"asha": annot.AnswerAccept}
		importDocs(t, x, rec)
		doc, claim, actor = rec.Doc.ID, rec.Spans[0].ID, rec.Spans[1].ID
	})
	mustReview(t, adb, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: doc, Reviewer: "lead", Span: claim})
	mustReview(t, bdb, annot.ReviewOp{Kind: annot.ReviewReject, DocID: doc, Reviewer: "kiran", Span: actor})
	for _, db := range []*store.DB{adb, bdb} {
		if st := mustBundle(t, db, doc).States; st["asha"] == annot.StateReviewed || st["ravi"] == annot.StateReviewed {
			t.Fatalf("reviewed before the merge: %v", st)
		}
	}
	adb.Close()
	bdb.Close()
	ab, ba, res, _ := (&diverged{dir: dir, a: a, b: b}).both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	var states []annot.StateCopy
	for _, h := range history(t, ab) {
		states = h.States
	}
	// At the later of the two decisions; asha's answer rides with her
	// record.
	lastVerdict := t0.Add(time.Hour + time.Second)
	want := []annot.StateCopy{{Annotator: "asha", State: annot.StateReviewed, Answer: annot.AnswerAccept, At: lastVerdict},
		{Annotator: "ravi", State: annot.StateReviewed, At: lastVerdict}}
	if !reflect.DeepEqual(states, want) {
		t.Errorf("states after the merge\n got %+v\nwant %+v", states, want)
	}
	if res.Reviewed != 2 {
		t.Errorf("result %+v: want 2 moved to reviewed", res)
	}
	if again := mustMerge(t, ab, b); changes(again) != 0 {
		t.Errorf("merging again: %+v", again)
	}
}

// TestMerge_DecisionFollowsTheFoldedTwin: one file imported in both
// databases gives asha's ACTOR two IDs; she accepts a suggestion in A,
// which finds her ACTOR there. When the merge folds the twin away, her
// decision names the span kept, whichever database receives, and a
// verdict moved with the twin is withdrawn when its original is.
func TestMerge_DecisionFollowsTheFoldedTwin(t *testing.T) {
	dir, a, b, adb, bdb := pair(t, func(*store.DB) {})
	twinB := record(said, "asha", span(16, 18, "ACTOR"))
	importDocs(t, bdb, twinB) // first: its span is the one kept
	twinA := record(said, "asha", span(16, 18, "ACTOR"))
	importDocs(t, adb, twinA)
	doc := mustDocID(t, adb, said)
	proposeSaid(t, adb, doc)
	dec := mustAccept(t, adb, "asha", annot.SuggestionAccept{ID: suggestionIDs(t, adb, doc)["ACTOR"]}).SuggestionDecisions[0]
	if dec.Span != twinA.Spans[0].ID {
		t.Fatalf("the acceptance made %s, want it to find asha's ACTOR %s", dec.Span, twinA.Spans[0].ID)
	}
	mustReview(t, adb, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: doc, Reviewer: "lead", Span: twinA.Spans[0].ID})
	adb.Close()
	bdb.Close()
	// A later copy of A where lead takes the acceptance back.
	undone := filepath.Join(dir, "a-undone.db")
	copyFile(t, a, undone)
	u := openAt(t, undone)
	clockFrom(u, t0.Add(2*time.Hour), time.Second)
	mustUndo(t, u, doc, "lead", annot.ActionReview)
	u.Close()

	ab, ba, _, _ := (&diverged{dir: dir, a: a, b: b}).both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	for _, db := range []*store.DB{ab, ba} {
		if d := decisionsOf(t, db, mustDocID(t, db, said))[dec.ID]; d.Span != twinB.Spans[0].ID || !d.DeletedAt.IsZero() {
			t.Errorf("asha's decision = %+v, want it on the span kept, %s", d, twinB.Spans[0].ID)
		}
		if s := spanByID(t, db, twinB.Spans[0].ID); s.Status != annot.Accepted {
			t.Errorf("the span kept is %s, want the acceptance its twin had", s.Status)
		}
	}
	// The undo arrives after the fold: the moved acceptance goes too.
	res := mustMerge(t, ab, undone)
	if s := spanByID(t, ab, twinB.Spans[0].ID); s.Status != annot.Pending || res.Withdrawn < 2 {
		t.Errorf("after merging the undo: the span kept is %s (result %+v), want pending", s.Status, res)
	}
	if again := mustMerge(t, ab, undone); changes(again) != 0 {
		t.Errorf("merging the undo again: %+v", again)
	}
}

// TestMerge_SuggestionsOfARenamedLabel: B renames SOURCE to OUTLET, makes
// SOURCE again and runs the rules again, so one suggestion ID has two
// labels and B proposes SOURCE a second time. The merge keeps one
// suggestion per label and place, the same either way, and its decisions
// with it.
func TestMerge_SuggestionsOfARenamedLabel(t *testing.T) {
	var doc string
	dir, a, b, adb, bdb := pair(t, func(x *store.DB) {
		doc = newDoc(t, x, said)
		proposeSaid(t, x, doc)
	})
	mustReject(t, adb, "asha", suggestionIDs(t, adb, doc)["SOURCE"])
	outlet := "OUTLET"
	if _, err := bdb.UpdateLabel(ctx, annot.LabelID("SOURCE"), annot.LabelUpdate{Name: &outlet}); err != nil {
		t.Fatal(err)
	}
	if _, err := bdb.CreateLabel(ctx, annot.Label{Name: "SOURCE", Color: "#444444", Hotkey: "6"}); err != nil {
		t.Fatal(err)
	}
	proposeSaid(t, bdb, doc)
	mustAccept(t, bdb, "ravi", annot.SuggestionAccept{ID: suggestionIDs(t, bdb, doc)["SOURCE"]})
	adb.Close()
	bdb.Close()
	ab, ba, _, _ := (&diverged{dir: dir, a: a, b: b}).both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	for _, db := range []*store.DB{ab, ba} {
		got := map[string]bool{}
		for _, g := range mustSuggested(t, db, doc).Suggestions {
			got[g.Label] = true
		}
		if !got["OUTLET"] || !got["SOURCE"] || len(got) != 4 {
			t.Errorf("suggestions by label %v", got)
		}
		var live int
		for _, d := range decisionsOf(t, db, doc) {
			if d.DeletedAt.IsZero() {
				live++
			}
		}
		if live != 2 {
			t.Errorf("%d live decisions, want asha's rejection and ravi's acceptance", live)
		}
	}
	if again := mustMerge(t, ab, b); changes(again) != 0 {
		t.Errorf("merging again: %+v", again)
	}
}

// TestMerge_RefusedSuggestion: a file whose suggestion, under an ID this
// database has, proposes another span, was edited by hand: nothing is
// merged and neither file changes.
func TestMerge_RefusedSuggestion(t *testing.T) {
	var doc string
	_, a, b, adb, bdb := pair(t, func(x *store.DB) {
		doc = newDoc(t, x, said)
		proposeSaid(t, x, doc)
	})
	adb.Close()
	bdb.Close()
	raw, err := sql.Open("sqlite3", b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE suggestions SET off_end = off_end + 1 WHERE label_id = ?`, annot.LabelID("ACTOR")); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	wantUntouched(t, a, b, annot.Invalid, func(db *store.DB) error {
		_, err := db.Merge(ctx, b, nil)
		return err
	})
}
