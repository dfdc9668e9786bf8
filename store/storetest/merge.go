package storetest

import (
	"bytes"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

// mergeFrom merges src's history into dst.
func mergeFrom(t *testing.T, dst, src annot.Project) annot.MergeResult {
	t.Helper()
	res, err := dst.MergeHistory(ctx, src.Path(), func(emit func(*annot.DocHistory) error) error {
		return src.History(ctx, emit)
	}, nil)
	if err != nil {
		t.Fatalf("merge %s into %s: %v", src.Path(), dst.Path(), err)
	}
	return res
}

// exported is a project's native export and its export with history.
func exported(t *testing.T, p annot.Project) (string, string) {
	t.Helper()
	var plain, hist bytes.Buffer
	if _, err := transfer.Export(ctx, p, formats.Native, "-", &plain, annot.ExportFilter{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	w := formats.NewNativeHistoryWriter(&hist)
	if err := p.History(ctx, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return plain.String(), hist.String()
}

// testMerge_BothWaysAgree works on two copies of one project apart, with
// every kind of change a merge reconciles, then merges each into a copy
// of the other: both end the same, by the rules (the later edit wins, a
// deletion wins, the latest verdict gives the status, the same text is
// one document), and merging again adds nothing.
func testMerge_BothWaysAgree(t *testing.T, mustOpen Opener) {
	base := mustOpen(t)
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	tick := func() time.Time { clock = clock.Add(time.Second); return clock }
	setClock(t, base, tick)
	text1 := "Minister Rao said the plan will cut costs, PTI reported."
	text2 := "Officials said the port will reopen on Monday."
	rec := record(text1, "asha", span(18, 41, "CLAIM"), span(0, 12, "ACTOR"), span(43, 46, "SOURCE"))
	rec.Doc.ID = annot.NewID()
	importDocs(t, base, rec)
	doc1 := rec.Doc.ID
	s1, s2, s3 := rec.Spans[0], rec.Spans[1], rec.Spans[2]
	s1.DocID, s2.DocID, s3.DocID = doc1, doc1, doc1
	link := mustRelation(t, base, "asha", s1, s2, annot.SaidBy)

	a, b := mustOpen(t), mustOpen(t)
	for _, p := range []annot.Project{a, b} {
		setClock(t, p, tick)
		mergeFrom(t, p, base)
	}
	note := func(s string) annot.SpanUpdate { return annot.SpanUpdate{Note: &s} }
	must := func(_ annot.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	importDocs(t, b, record(text2, "ravi", span(0, 9, "ACTOR"))) // B imports text2 first
	importDocs(t, a, record(text2, "asha", span(15, 19, "CLAIM")))
	must(a.UpdateSpan(ctx, s1.ID, "asha", note("A's note")))
	must(b.UpdateSpan(ctx, s1.ID, "asha", note("B's later note")))
	must(a.DeleteSpan(ctx, s2.ID, "asha"))
	must(b.UpdateSpan(ctx, s2.ID, "asha", note("edited after A deleted it")))
	must(a.SetVerdict(ctx, annot.Verdict{SpanID: s3.ID, Reviewer: "meera", Decision: annot.Accepted}))
	must(b.SetVerdict(ctx, annot.Verdict{SpanID: s3.ID, Reviewer: "meera", Decision: annot.Rejected}))
	must(a.SetState(ctx, doc1, "asha", annot.StateDone))
	must(b.SetState(ctx, doc1, "ravi", annot.StateReviewed))
	must(b.CreateLabel(ctx, annot.Label{Name: "QUOTE", Color: "#333333", Hotkey: "5"}))

	ab, ba := mustOpen(t), mustOpen(t)
	for _, p := range []annot.Project{ab, ba} {
		setClock(t, p, tick)
	}
	mergeFrom(t, ab, a)
	res := mergeFrom(t, ab, b)
	mergeFrom(t, ba, b)
	mergeFrom(t, ba, a)
	abPlain, abHist := exported(t, ab)
	baPlain, baHist := exported(t, ba)
	if abPlain != baPlain {
		t.Fatalf("A then B exports\n%s\nB then A exports\n%s", abPlain, baPlain)
	}
	if abHist != baHist {
		t.Fatal("A then B and B then A differ in their histories")
	}
	if res.JoinedDocuments != 1 || res.Tombstones != 0 {
		t.Errorf("merging B after A: %+v", res)
	}
	docs, err := ab.Documents(ctx, annot.DocFilter{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents after the merges: %d, %v; want text2 once", len(docs), err)
	}
	b1 := mustBundle(t, ab, doc1)
	for _, s := range b1.Spans {
		switch s.ID {
		case s1.ID:
			if s.Note != "B's later note" {
				t.Errorf("s1's note = %q, want the later edit", s.Note)
			}
		case s2.ID:
			t.Error("the span A deleted is live again")
		case s3.ID:
			if s.Status != annot.Rejected {
				t.Errorf("s3 = %s, want the later verdict's rejection", s.Status)
			}
		}
	}
	for _, r := range b1.Relations {
		if r.ID == link.ID {
			t.Error("the link to the deleted span is live")
		}
	}
	if b1.States["asha"] != annot.StateDone || b1.States["ravi"] != annot.StateReviewed {
		t.Errorf("states = %v", b1.States)
	}

	again := mergeFrom(t, ab, b)
	if again.NewDocuments+again.NewSpans+again.UpdatedSpans+again.Tombstones+again.NewRelations+again.DeadRelations+
		again.NewVerdicts+again.ChangedStates+len(again.NewLabels) != 0 {
		t.Errorf("merging B again: %+v", again)
	}
	if p, h := exported(t, ab); p != abPlain || h != abHist {
		t.Fatal("merging B again changed the project")
	}
}

func setClock(t *testing.T, p annot.Project, now func() time.Time) {
	t.Helper()
	c, ok := p.(Clock)
	if !ok {
		t.Fatalf("%T offers no clock to set (storetest.Clock)", p)
	}
	c.SetClock(now)
}

// testMerge_AnswerAtOneInstant: two copies of a span, and of a document
// state, that differ only in the annotator's answer at the same times:
// the copy with the answer wins, both ways round.
func testMerge_AnswerAtOneInstant(t *testing.T, mustOpen Opener) {
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	tick := func() time.Time { clock = clock.Add(time.Second); return clock }
	base := mustOpen(t)
	setClock(t, base, tick)
	rec := record("Minister Rao said the plan will cut costs.", "asha", span(0, 12, "ACTOR"))
	rec.States = map[string]annot.DocState{"asha": annot.StateDone}
	importDocs(t, base, rec)
	a, b := mustOpen(t), mustOpen(t)
	mergeFrom(t, a, base)
	mergeFrom(t, b, base)
	var hs []annot.DocHistory
	if err := b.History(ctx, func(h *annot.DocHistory) error { hs = append(hs, *h); return nil }); err != nil {
		t.Fatal(err)
	}
	hs[0].Spans[0].Answer = annot.AnswerAccept
	hs[0].States[0].Answer = annot.AnswerReject
	res, err := b.MergeHistory(ctx, "answers.jsonl", func(emit func(*annot.DocHistory) error) error {
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
	ab, ba := mustOpen(t), mustOpen(t)
	mergeFrom(t, ab, a)
	mergeFrom(t, ab, b)
	mergeFrom(t, ba, b)
	mergeFrom(t, ba, a)
	abPlain, abHist := exported(t, ab)
	if p, h := exported(t, ba); p != abPlain || h != abHist {
		t.Fatalf("A then B exports\n%s\nB then A\n%s", abPlain, p)
	}
	all := exportAll(t, ab, annot.ExportFilter{})
	if len(all) != 1 || len(all[0].Spans) != 1 || all[0].Spans[0].Answer != annot.AnswerAccept || all[0].Answers["asha"] != annot.AnswerReject {
		t.Fatalf("after the merges: %+v", all)
	}
}
