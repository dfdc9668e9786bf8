package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// historyOf reads every document's history.
func historyOf(tb testing.TB, db annot.Project) []annot.DocHistory {
	tb.Helper()
	var out []annot.DocHistory
	if err := db.History(ctx, func(h *annot.DocHistory) error {
		out = append(out, *h)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// verdictsOf lists the verdicts History gives for a document, withdrawn
// ones included.
func verdictsOf(tb testing.TB, db annot.Project, doc string) []annot.VerdictCopy {
	tb.Helper()
	for _, h := range historyOf(tb, db) {
		if h.Doc.ID == doc {
			return h.Verdicts
		}
	}
	tb.Fatalf("no document %s in the history", doc)
	return nil
}

// testReview_UndoWithdrawsVerdicts: undoing a review action withdraws
// its verdicts rather than deleting them, so that a merge does not bring
// them back: History keeps them with the time they were withdrawn, and
// they give no status and count nowhere; redoing brings them back alive.
func testReview_UndoWithdrawsVerdicts(t *testing.T, mustOpen Opener) {
	f := newReviewFixture(t, mustOpen)
	c := f.step(t, "accept ravi's source", f.review(annot.ReviewOp{Kind: annot.ReviewAccept, Span: f.rSrc.ID}))
	if len(c.Verdicts) != 1 {
		t.Fatalf("accepting one span gave %d verdicts", len(c.Verdicts))
	}
	made := c.Verdicts[0]
	live := func(want bool) {
		t.Helper()
		vs := verdictsOf(t, f.db, f.doc)
		if len(vs) != 1 || vs[0].ID != made.ID || vs[0].Live() != want || vs[0].Decision != annot.Accepted || vs[0].Reviewer != "boss" {
			t.Fatalf("verdicts in the history %+v, want %s live=%v", vs, made.ID, want)
		}
		st, err := f.db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		status, counted := annot.Pending, 0
		if want {
			status, counted = annot.Accepted, 1
		}
		if n := st.Reviewed["accepted"]["boss"]; n != counted {
			t.Fatalf("stats count %d accepted by boss, want %d", n, counted)
		}
		for _, s := range mustBundle(t, f.db, f.doc).Spans {
			if s.ID == f.rSrc.ID && s.Status != status {
				t.Fatalf("the source is %s, want %s", s.Status, status)
			}
		}
	}
	live(true)
	f.step(t, "undo", f.undo)
	live(false)
	if vs := verdictsOf(t, f.db, f.doc); vs[0].WithdrawnAt.Before(vs[0].At) {
		t.Fatalf("withdrawn at %v, before it was made at %v", vs[0].WithdrawnAt, vs[0].At)
	}
	f.step(t, "redo", f.redo)
	live(true)
}
