package store_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

const (
	text1 = "Minister Rao said the plan will cut costs, PTI reported."
	text2 = "Officials said the port will reopen on Monday."
	text3 = "According to the ministry, exports rose."
)

// diverged is two databases copied from one and then worked on apart,
// with every kind of change a merge must reconcile.
type diverged struct {
	dir, a, b string // paths of the two closed databases
	doc1      string
	s1, s2    string // s1 edited in both (B later); s2 deleted in A, edited later in B
	s4, s5    string // s4 accepted in A, rejected later in B; s5 edited in both (A later)
	r1, r3    string // r1 s1->s2 from the base; r3 made in B to s2
	doc2A     string // text2 as A imported it
	doc2B     string // text2 as B imported it, earlier: its ID stays
	twinA     string // asha's CLAIM on text2 in A; B has the same under another ID
	twinB     string
	undoable  string // made in A on text2, the last thing meera did there
	movedLink string // ravi's link in A from twinA to it
}

func newDiverged(t *testing.T) *diverged {
	t.Helper()
	d := &diverged{dir: t.TempDir()}
	base := filepath.Join(d.dir, "base.db")
	x := openAt(t, base)
	clockFrom(x, t0, time.Second)
	rec := record(text1, "asha", span(18, 41, "CLAIM"), span(0, 12, "ACTOR"), span(43, 46, "SOURCE"), span(13, 17, "CLAIM"))
	rec.Doc.ID = annot.NewID()
	rec.Spans[3].Annotator = "ravi"
	importDocs(t, x, rec)
	d.doc1 = rec.Doc.ID
	d.s1, d.s2, d.s4, d.s5 = rec.Spans[0].ID, rec.Spans[1].ID, rec.Spans[2].ID, rec.Spans[3].ID
	b := mustBundle(t, x, d.doc1)
	byID := map[string]annot.Span{}
	for _, s := range b.Spans {
		byID[s.ID] = s
	}
	d.r1 = mustRelation(t, x, "asha", byID[d.s1], byID[d.s2], annot.SaidBy).ID
	mustState(t, x, d.doc1, "asha", annot.StateInProgress)
	x.Close()
	d.a, d.b = filepath.Join(d.dir, "a.db"), filepath.Join(d.dir, "b.db")
	copyFile(t, base, d.a)
	copyFile(t, base, d.b)

	// One clock for both: what the test does later happens later.
	a, bdb := openAt(t, d.a), openAt(t, d.b)
	clockFrom(a, t0.Add(time.Hour), time.Second)
	bdb.Now = a.Now

	recB := record(text2, "asha", span(0, 9, "CLAIM"))
	importDocs(t, bdb, recB) // B imports text2 first
	recA := record(text2, "asha", span(0, 9, "CLAIM"))
	importDocs(t, a, recA)
	d.doc2A, d.doc2B = mustDocID(t, a, text2), mustDocID(t, bdb, text2)
	d.twinA, d.twinB = recA.Spans[0].ID, recB.Spans[0].ID
	mustVerdict(t, a, d.twinA, "ravi", annot.Accepted)            // on the twin that will be folded
	undoable := mustSpan(t, a, d.doc2A, "meera", 10, 14, "ACTOR") // in A's undo history of text2
	d.undoable = undoable.ID
	twinA := mustBundle(t, a, d.doc2A).Spans[0]
	d.movedLink = mustRelation(t, a, "ravi", twinA, undoable, annot.SaidBy).ID // from the twin that will be folded

	mustUpdate(t, a, d.s1, "asha", note("A's note"))
	mustUpdate(t, bdb, d.s1, "asha", note("B's note"))
	if _, err := a.DeleteSpan(ctx, d.s2, "asha"); err != nil {
		t.Fatal(err)
	}
	mustUpdate(t, bdb, d.s2, "asha", note("B keeps it"))
	mustUpdate(t, bdb, d.s5, "ravi", note("B's early note"))
	claim := "ACTOR"
	if _, err := a.UpdateSpan(ctx, d.s5, "ravi", annot.SpanUpdate{Label: &claim}); err != nil {
		t.Fatal(err)
	}
	mustVerdict(t, a, d.s4, "ravi", annot.Accepted)
	mustVerdict(t, bdb, d.s4, "ravi", annot.Rejected)
	d.r3 = mustRelation(t, bdb, "ravi", byID[d.s1], byID[d.s2], annot.AccordingTo).ID
	mustState(t, a, d.doc1, "asha", annot.StateDone)
	mustState(t, bdb, d.doc1, "ravi", annot.StateReviewed)
	importDocs(t, bdb, record(text3, "ravi", span(17, 25, "SOURCE")))

	// Labels: a new colour for CLAIM in A; QUOTE made in both with other
	// looks; SOURCE renamed in B and made again, so two names claim one ID.
	mustLabelColour(t, a, "CLAIM", "#111111")
	if _, err := a.CreateLabel(ctx, annot.Label{Name: "QUOTE", Color: "#222222", Hotkey: "4"}); err != nil {
		t.Fatal(err)
	}
	if _, err := bdb.CreateLabel(ctx, annot.Label{Name: "QUOTE", Color: "#333333", Hotkey: "5"}); err != nil {
		t.Fatal(err)
	}
	outlet := "OUTLET"
	if _, err := bdb.UpdateLabel(ctx, annot.LabelID("SOURCE"), annot.LabelUpdate{Name: &outlet}); err != nil {
		t.Fatal(err)
	}
	if _, err := bdb.CreateLabel(ctx, annot.Label{Name: "SOURCE", Color: "#444444", Hotkey: "6"}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	bdb.Close()
	return d
}

func mustDocID(tb testing.TB, db *store.DB, text string) string {
	tb.Helper()
	docs, err := db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range docs {
		if b := mustBundle(tb, db, d.ID); b.Doc.Text == text {
			return d.ID
		}
	}
	tb.Fatalf("no document with text %q", text)
	return ""
}

func mustUpdate(tb testing.TB, db *store.DB, id, who string, u annot.SpanUpdate) {
	tb.Helper()
	if _, err := db.UpdateSpan(ctx, id, who, u); err != nil {
		tb.Fatal(err)
	}
}

func mustLabelColour(tb testing.TB, db *store.DB, name, colour string) {
	tb.Helper()
	labels, err := db.Labels(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range labels {
		if l.Name == name {
			if _, err := db.UpdateLabel(ctx, l.ID, annot.LabelUpdate{Color: &colour}); err != nil {
				tb.Fatal(err)
			}
			return
		}
	}
	tb.Fatalf("no label %s", name)
}

// both merges B into a copy of A and A into a copy of B.
func (d *diverged) both(t *testing.T) (ab, ba *store.DB, abRes, baRes annot.MergeResult) {
	t.Helper()
	abPath, baPath := filepath.Join(d.dir, "ab.db"), filepath.Join(d.dir, "ba.db")
	copyFile(t, d.a, abPath)
	copyFile(t, d.b, baPath)
	ab, ba = openAt(t, abPath), openAt(t, baPath)
	return ab, ba, mustMerge(t, ab, d.b), mustMerge(t, ba, d.a)
}

func TestMerge_BothWaysAgree(t *testing.T) {
	d := newDiverged(t)
	ab, ba, res, _ := d.both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)

	t.Run("LaterEditWins", func(t *testing.T) {
		if s := spanByID(t, ab, d.s1); s.Note != "B's note" || !s.DeletedAt.IsZero() {
			t.Errorf("s1 = %+v, want B's later note", s)
		}
		if s := spanByID(t, ab, d.s5); s.Label != "ACTOR" || s.Note != "" {
			t.Errorf("s5 = %+v, want A's later relabelling, without B's earlier note", s)
		}
	})
	t.Run("TombstoneWins", func(t *testing.T) {
		if s := spanByID(t, ab, d.s2); s.DeletedAt.IsZero() {
			t.Errorf("s2 was deleted in A and edited later in B; the merge revived it: %+v", s)
		}
		for _, h := range history(t, ab) {
			for _, r := range h.Relations {
				if (r.ID == d.r1 || r.ID == d.r3) && r.DeletedAt.IsZero() {
					t.Errorf("relation %s to the deleted span is live", r.Type)
				}
			}
		}
		if res.Tombstones != 0 {
			t.Errorf("A+B reports %d tombstones applied; A had deleted s2 itself", res.Tombstones)
		}
	})
	t.Run("LatestVerdictGivesStatus", func(t *testing.T) {
		if s := spanByID(t, ab, d.s4); s.Status != annot.Rejected || s.Reviewer != "ravi" {
			t.Errorf("s4 = %s by %s, want B's later rejection", s.Status, s.Reviewer)
		}
	})
	t.Run("SameArticleIsOneDocument", func(t *testing.T) {
		docs, err := ab.Documents(ctx, annot.DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, doc := range docs {
			ids = append(ids, doc.ID)
		}
		if len(docs) != 3 || !slices.Contains(ids, d.doc2B) || slices.Contains(ids, d.doc2A) {
			t.Fatalf("documents %v: want 3, with text2 under B's ID %s (imported first)", ids, d.doc2B)
		}
		var claims []annot.Span
		for _, s := range mustBundle(t, ab, d.doc2B).Spans {
			if s.Annotator == "asha" {
				claims = append(claims, s)
			}
		}
		if len(claims) != 1 || claims[0].ID != d.twinB || claims[0].Status != annot.Accepted {
			t.Fatalf("asha's spans on text2 = %+v: want her CLAIM once, B's (made first), with the acceptance A's twin had", claims)
		}
		moved := false
		for _, h := range history(t, ab) {
			for _, r := range h.Relations {
				if r.ID == d.movedLink && r.DeletedAt.IsZero() {
					t.Error("the folded twin's link is still live")
				}
				moved = moved || (r.From == d.twinB && r.To == d.undoable && r.DeletedAt.IsZero() && r.Annotator == "ravi")
			}
		}
		if !moved {
			t.Error("the folded twin's link did not move to the span kept")
		}
		if res.JoinedDocuments != 1 || res.FoldedSpans != 1 {
			t.Errorf("result %+v: want 1 document joined and 1 span folded", res)
		}
	})
	t.Run("UndoFollowsTheDocument", func(t *testing.T) {
		// text2 took B's ID in A+B; meera's undo history there follows it.
		mustUndo(t, ab, d.doc2B, "meera", "create span")
		if s := spanByID(t, ab, d.undoable); s.DeletedAt.IsZero() {
			t.Error("undo after the merge did not remove meera's span")
		}
	})
	t.Run("StatesMoveForward", func(t *testing.T) {
		b := mustBundle(t, ab, d.doc1)
		if b.States["asha"] != annot.StateDone || b.States["ravi"] != annot.StateReviewed {
			t.Errorf("states = %v", b.States)
		}
	})
	t.Run("LabelLookStaysAndIsReported", func(t *testing.T) {
		labels, err := ab.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		colours := map[string]string{}
		for _, l := range labels {
			colours[l.Name] = l.Color
		}
		if colours["CLAIM"] != "#111111" || colours["QUOTE"] != "#222222" || colours["OUTLET"] == "" {
			t.Errorf("labels after A+B: %v", colours)
		}
		all := strings.Join(res.LabelConflicts, "\n")
		for _, want := range []string{"label CLAIM: kept this database's colour #111111", "label QUOTE", "label SOURCE"} {
			if !strings.Contains(all, want) {
				t.Errorf("conflicts %q do not mention %q", all, want)
			}
		}
	})
}

func TestMerge_TwiceIsOnce(t *testing.T) {
	d := newDiverged(t)
	ab, _, _, _ := d.both(t)
	before, beforeLabels := annotations(t, ab)
	res := mustMerge(t, ab, d.b)
	after, afterLabels := annotations(t, ab)
	if res.NewDocuments+res.NewSpans+res.UpdatedSpans+res.Tombstones+res.FoldedSpans+res.NewRelations+
		res.DeadRelations+res.FoldedLinks+res.NewVerdicts+res.ChangedStates+len(res.NewLabels)+len(res.NewAnnotators) != 0 {
		t.Errorf("merging B again changed something: %+v", res)
	}
	if res.Documents != 3 || res.Spans == 0 {
		t.Errorf("merging B again read %+v", res)
	}
	if !slices.EqualFunc(before, after, func(a, b annot.DocHistory) bool { return equalHistory(a, b) }) || !slices.Equal(beforeLabels, afterLabels) {
		t.Fatal("merging B again changed the database")
	}
	// And merging the merged database into itself, by way of a copy.
	again := filepath.Join(d.dir, "again.db")
	ab.Close()
	copyFile(t, filepath.Join(d.dir, "ab.db"), again)
	ab = openAt(t, filepath.Join(d.dir, "ab.db"))
	mustMerge(t, ab, again)
	if after2, _ := annotations(t, ab); !slices.EqualFunc(before, after2, equalHistory) {
		t.Fatal("merging a copy of itself changed the database")
	}
}

func equalHistory(a, b annot.DocHistory) bool {
	return slices.Equal([]string{a.Doc.ID, a.Doc.Text}, []string{b.Doc.ID, b.Doc.Text}) &&
		a.Doc.Seq == b.Doc.Seq && a.Doc.CreatedAt.Equal(b.Doc.CreatedAt) &&
		slices.EqualFunc(a.Spans, b.Spans, func(x, y annot.SpanCopy) bool {
			return x.ID == y.ID && x.Label == y.Label && x.Note == y.Note && x.Answer == y.Answer && x.Status == y.Status &&
				x.UpdatedAt.Equal(y.UpdatedAt) && x.DeletedAt.Equal(y.DeletedAt)
		}) &&
		slices.EqualFunc(a.Relations, b.Relations, func(x, y annot.RelationCopy) bool {
			return x.ID == y.ID && x.From == y.From && x.To == y.To && x.DeletedAt.Equal(y.DeletedAt)
		}) &&
		slices.EqualFunc(a.Verdicts, b.Verdicts, func(x, y annot.VerdictCopy) bool {
			return x.ID == y.ID && x.SpanID == y.SpanID && x.WithdrawnAt.Equal(y.WithdrawnAt)
		}) &&
		slices.EqualFunc(a.States, b.States, func(x, y annot.StateCopy) bool { return x == y })
}

// TestMerge_EqualTimes: two edits of one span at the same instant are
// settled by their contents, the same way in both directions.
func TestMerge_EqualTimes(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	x := openAt(t, base)
	clockFrom(x, t0, time.Second)
	rec := record(text1, "asha", span(0, 12, "ACTOR"))
	importDocs(t, x, rec)
	x.Close()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyFile(t, base, a)
	copyFile(t, base, b)
	for path, n := range map[string]string{a: "zebra", b: "apple"} {
		db := openAt(t, path)
		clockFrom(db, t0.Add(time.Hour), time.Second)
		mustUpdate(t, db, rec.Spans[0].ID, "asha", note(n))
		db.Close()
	}
	d := &diverged{dir: dir, a: a, b: b}
	ab, ba, _, _ := d.both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	if s := spanByID(t, ab, rec.Spans[0].ID); s.Note != "apple" {
		t.Errorf("note = %q, want the smaller of two edits at one time", s.Note)
	}
}
