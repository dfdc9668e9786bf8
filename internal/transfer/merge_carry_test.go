package transfer_test

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

const reviewedDoc = "0190f0a8-0000-7000-8000-000000000101"

// twoReviewers makes two closed databases from one base where asha and
// ravi tagged an article: each runs the built-in rules (the same
// suggestions under other IDs) and decides on them, and each has a
// reviewer: in A lead accepts a CLAIM and takes it back, in B kiran
// corrects ravi's CLAIM.
func twoReviewers(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	x := openPath(t, base)
	tick := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	x.Now = clock
	mustImport(t, x, "base.jsonl", `{"id":"`+reviewedDoc+`","title":"Rao","text":"Minister Rao said the plan will cut costs, according to PTI.",`+
		`"spans":[{"id":"0190f0a8-0000-7000-8000-0000000001a1","start":18,"end":41,"label":"CLAIM","annotator":"asha"},`+
		`{"id":"0190f0a8-0000-7000-8000-0000000001a2","start":0,"end":12,"label":"ACTOR","annotator":"asha"},`+
		`{"id":"0190f0a8-0000-7000-8000-0000000001a3","start":18,"end":41,"label":"CLAIM","annotator":"ravi"},`+
		`{"id":"0190f0a8-0000-7000-8000-0000000001a4","start":9,"end":12,"label":"ACTOR","annotator":"ravi"}]}`)
	x.Close()
	a, b = filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyPath(t, base, a)
	copyPath(t, base, b)
	adb, bdb := openPath(t, a), openPath(t, b)
	adb.Now, bdb.Now = clock, clock
	rules := suggest.Builtin()
	propose := func(text string) suggest.Suggestions { return rules.Suggest(suggest.NewDoc(text)) }
	byLabel := func(db *store.DB) map[string]string {
		s, err := db.Suggested(bg, reviewedDoc)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, g := range s.Suggestions {
			out[g.Label] = g.ID
		}
		if out["CLAIM"] == "" || out["SOURCE"] == "" {
			t.Fatalf("the built-in rules proposed %+v", s.Suggestions)
		}
		return out
	}
	check := func(_ annot.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, db := range []*store.DB{adb, bdb} {
		if _, _, err := transfer.Suggest(bg, db, nil, propose, nil); err != nil {
			t.Fatal(err)
		}
	}
	sa, sb := byLabel(adb), byLabel(bdb)
	check(adb.AcceptSuggestions(bg, "meera", []annot.SuggestionAccept{{ID: sa["SOURCE"]}}))
	check(adb.RejectSuggestions(bg, "asha", []string{sa["SOURCE"]}))
	check(adb.Review(bg, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: reviewedDoc, Reviewer: "lead", Span: "0190f0a8-0000-7000-8000-0000000001a1"}))
	if _, _, err := adb.Undo(bg, reviewedDoc, "lead"); err != nil {
		t.Fatal(err)
	}
	check(bdb.AcceptSuggestions(bg, "asha", []annot.SuggestionAccept{{ID: sb["SOURCE"]}})) // later than her rejection in A
	check(bdb.AcceptSuggestions(bg, "ravi", []annot.SuggestionAccept{{ID: sb["CLAIM"], Label: "SOURCE"}}))
	if _, _, err := bdb.Undo(bg, reviewedDoc, "ravi"); err != nil {
		t.Fatal(err)
	}
	check(bdb.Review(bg, annot.ReviewOp{Kind: annot.ReviewCorrect, DocID: reviewedDoc, Reviewer: "kiran",
		Span: "0190f0a8-0000-7000-8000-0000000001a3", Start: 22, End: 41}))
	adb.Close()
	bdb.Close()
	return a, b
}

func exportWith(t *testing.T, db *store.DB, f annot.ExportFilter) []byte {
	t.Helper()
	var out bytes.Buffer
	if _, err := transfer.Export(bg, db, formats.Native, "-", &out, f, nil, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestMerge_ReviewAndSuggestionsBothWays: A+B and B+A write the same
// native export, with suggestions and with history, byte for byte;
// merging B's history file does what merging B does; merging either again
// adds nothing.
func TestMerge_ReviewAndSuggestionsBothWays(t *testing.T) {
	a, b := twoReviewers(t)
	ab, ba := merged(t, a, b), merged(t, b, a)
	wantSameBytes(t, "native exports of A+B and B+A", exportNative(t, ab), exportNative(t, ba))
	withSugs := exportWith(t, ab, annot.ExportFilter{Suggestions: true})
	wantSameBytes(t, "native exports with suggestions", withSugs, exportWith(t, ba, annot.ExportFilter{Suggestions: true}))
	hist := exportHistory(t, ab)
	wantSameBytes(t, "history exports", hist, exportHistory(t, ba))
	for _, want := range []string{`"curation":true,"corrects":"0190f0a8-0000-7000-8000-0000000001a3"`, `"withdrawn_at":`,
		`"deleted_decisions":[`, `"origin":"rule:`, `"decision":"accepted"`} {
		if !bytes.Contains(hist, []byte(want)) {
			t.Errorf("the history export lacks %s", want)
		}
	}
	// asha's later acceptance stands over her rejection, on one
	// suggestion; the CLAIM ravi took as a SOURCE was undone.
	if !bytes.Contains(withSugs, []byte(`"annotator":"asha","decision":"accepted"`)) || bytes.Contains(withSugs, []byte(`"annotator":"asha","decision":"rejected"`)) ||
		bytes.Contains(withSugs, []byte(`"annotator":"ravi","decision"`)) {
		t.Errorf("decisions after the merge:\n%s", withSugs)
	}

	file := filepath.Join(t.TempDir(), "b.jsonl")
	if _, err := transfer.ExportHistory(bg, openPath(t, b), file, nil, nil); err != nil {
		t.Fatal(err)
	}
	viaFile := merged(t, a, file)
	wantSameBytes(t, "history exports after merging B and B's file", exportHistory(t, viaFile), hist)
	for _, again := range []struct {
		db  *store.DB
		src string
	}{{ab, b}, {viaFile, file}, {ba, a}} {
		before := exportHistory(t, again.db)
		res, err := transfer.Merge(bg, again.db, again.src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.NewSuggestions+res.NewSuggestionLinks+res.NewDecisions+res.UndoneDecisions+res.Withdrawn+res.Reviewed+res.NewVerdicts+res.NewSpans != 0 {
			t.Errorf("merging %s again changed %+v", filepath.Base(again.src), res)
		}
		wantSameBytes(t, "history before and after merging again", exportHistory(t, again.db), before)
	}
}

// TestNative_RoundTripKeepsReview: a native export imported into a new
// project and exported again gives the same bytes: the reviewer's
// correction stays a correction, spans keep their origins, and the
// suggestions their decisions.
func TestNative_RoundTripKeepsReview(t *testing.T) {
	a, b := twoReviewers(t)
	ab := merged(t, a, b)
	for _, f := range []annot.ExportFilter{{}, {Suggestions: true}} {
		out := exportWith(t, ab, f)
		file := filepath.Join(t.TempDir(), "ab.jsonl")
		if _, err := transfer.Export(bg, ab, formats.Native, file, nil, f, nil, nil); err != nil {
			t.Fatal(err)
		}
		fresh := openStore(t)
		jobs, _, err := transfer.Plan([]string{file}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := transfer.Import(bg, fresh, jobs[0], formats.Options{Annotator: "someone"}, nil); err != nil {
			t.Fatal(err)
		}
		wantSameBytes(t, "native export before and after a round trip", exportWith(t, fresh, f), out)
		if !bytes.Contains(out, []byte(`"curation":true`)) {
			t.Errorf("the export has no correction:\n%s", out)
		}
	}
}
