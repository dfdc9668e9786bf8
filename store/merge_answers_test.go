package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// TestMerge_AnswerAtOneInstant: two copies of one span, and of one
// document state, that differ only in the annotator's answer, with the
// same times (one database got the answer from a file that carried the
// rows as they were): the copy with the answer wins, in both directions,
// and merging again changes nothing.
func TestMerge_AnswerAtOneInstant(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	x := openAt(t, base)
	clockFrom(x, t0, time.Second)
	rec := record(text1, "asha", span(0, 12, "ACTOR"))
	rec.States = map[string]annot.DocState{"asha": annot.StateDone}
	importDocs(t, x, rec)
	x.Close()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyFile(t, base, a)
	copyFile(t, base, b)

	bdb := openAt(t, b)
	hs := history(t, bdb)
	hs[0].Spans[0].Answer = annot.AnswerAccept
	hs[0].States[0].Answer = annot.AnswerReject
	res, err := bdb.MergeHistory(ctx, "answers.jsonl", func(emit func(*annot.DocHistory) error) error {
		for i := range hs {
			if err := emit(&hs[i]); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.UpdatedSpans != 1 || res.ChangedStates != 1 {
		t.Errorf("an answer alone at the same time: %+v, want 1 span updated and 1 state changed", res)
	}
	bdb.Close()

	d := &diverged{dir: dir, a: a, b: b}
	ab, ba, _, _ := d.both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	if s := spanByID(t, ab, rec.Spans[0].ID); s.Answer != annot.AnswerAccept {
		t.Errorf("span answer %q, want accept: the copy with an answer", s.Answer)
	}
	if st := history(t, ab)[0].States; len(st) != 1 || st[0].Answer != annot.AnswerReject || st[0].State != annot.StateDone {
		t.Errorf("states %+v, want asha done with her answer", st)
	}
	before, _ := annotations(t, ab)
	for _, src := range []string{a, b} {
		mustMerge(t, ab, src)
	}
	if after, _ := annotations(t, ab); len(after) != len(before) || !equalHistory(after[0], before[0]) {
		t.Error("merging A and B again changed the database")
	}
}
