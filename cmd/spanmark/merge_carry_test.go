package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// onDB opens a closed database for what the command line has no command
// for (deciding on suggestions, a correction, undo), as the window would,
// and closes it again.
func onDB(t *testing.T, path string, clock func() time.Time, fn func(db *store.DB, doc string)) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = clock
	docs, err := db.Documents(context.Background(), annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	fn(db, docs[0].ID)
}

// sugOf is the ID of the document's suggestion of label over text.
func sugOf(t *testing.T, db *store.DB, doc, label, text string) string {
	t.Helper()
	s, err := db.Suggested(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	b := mustOK(db.Bundle(context.Background(), doc))(t)
	for _, g := range s.Suggestions {
		if g.Label == label && string([]rune(b.Doc.Text)[g.Start:g.End]) == text {
			return g.ID
		}
	}
	t.Fatalf("no %s suggestion %q in %+v", label, text, s.Suggestions)
	return ""
}

// spanOf is the ID of who's live span of label at [start, end).
func spanOf(t *testing.T, db *store.DB, doc, who, label string, start, end int) string {
	t.Helper()
	for _, s := range mustOK(db.Bundle(context.Background(), doc))(t).Spans {
		if s.Annotator == who && s.Label == label && s.Start == start && s.End == end {
			return s.ID
		}
	}
	t.Fatalf("no %s %s %d-%d", who, label, start, end)
	return ""
}

func mustOK[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestMerge_CLIReviewAndSuggestions: asha and ravi tagged two articles;
// two copies run the built-in rules and are worked on apart: in A meera
// accepts a suggestion, asha rejects one and a reviewer accepts a span and
// takes it back; in B asha accepts the suggestion she rejected in A,
// later, ravi rejects one, a reviewer corrects ravi's ACTOR and accepts
// what both marked the same. Merged both ways they export the same bytes
// in native, with suggestions and with history; B's history file merges
// as B does; merging again adds nothing.
func TestMerge_CLIReviewAndSuggestions(t *testing.T) {
	dir := cliEnv(t)
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(raoJSONL), 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "base.db")
	mustSpanmark(t, "import", "--db", base, "--format", "native", in)
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyBytes(t, base, a)
	copyBytes(t, base, b)
	for _, db := range []string{a, b} {
		if out := mustSpanmark(t, "suggest", "--db", db, "--builtin"); !strings.Contains(out, "new") {
			t.Fatalf("suggest said %q", out)
		}
	}
	tick := time.Now().UTC().Add(time.Minute)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	ctx := context.Background()
	check := func(_ annot.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	onDB(t, a, clock, func(db *store.DB, doc string) {
		check(db.AcceptSuggestions(ctx, "meera", []annot.SuggestionAccept{{ID: sugOf(t, db, doc, "ACTOR", "Minister Rao")}}))
		check(db.RejectSuggestions(ctx, "asha", []string{sugOf(t, db, doc, "CLAIM", "the plan will cut costs , PTI")}))
		check(db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: doc, Reviewer: "lead", Span: spanOf(t, db, doc, "asha", "CLAIM", 18, 41)}))
		if _, ok, err := db.Undo(ctx, doc, "lead"); err != nil || !ok {
			t.Fatalf("undo: %v %v", ok, err)
		}
	})
	onDB(t, b, clock, func(db *store.DB, doc string) {
		check(db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: sugOf(t, db, doc, "CLAIM", "the plan will cut costs , PTI")}}))
		check(db.RejectSuggestions(ctx, "ravi", []string{sugOf(t, db, doc, "ACTOR", "Minister Rao")}))
		check(db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewCorrect, DocID: doc, Reviewer: "kiran",
			Span: spanOf(t, db, doc, "ravi", "ACTOR", 0, 12), Start: 9, End: 12}))
	})
	mustSpanmark(t, "review", "--db", b, "--accept-agreed", "--reviewer", "kiran")

	ab, ba := filepath.Join(dir, "ab.db"), filepath.Join(dir, "ba.db")
	copyBytes(t, a, ab)
	copyBytes(t, b, ba)
	out := mustSpanmark(t, "merge", "--db", ab, b)
	for _, want := range []string{"merged " + b, "suggestions: 0 added, 0 links added; decisions on them: ", ", 1 undone", "conflicts: none"} {
		if !strings.Contains(out, want) {
			t.Errorf("merge output lacks %q:\n%s", want, out)
		}
	}
	mustSpanmark(t, "merge", "--db", ba, a)
	exports := [][]string{{}, {"--suggestions"}, {"--history"}, {"--history", "--suggestions"}}
	export := func(db string, extra []string) string {
		return mustSpanmark(t, append([]string{"export", "--db", db, "--format", "native"}, extra...)...)
	}
	want := map[int]string{}
	for i, extra := range exports {
		want[i] = export(ab, extra)
		if got := export(ba, extra); got != want[i] {
			t.Errorf("A+B and B+A export different native JSONL with %q", extra)
		}
	}
	hist := want[2]
	for _, key := range []string{`"withdrawn_at":`, `"curation":true,"corrects":`, `"deleted_decisions":[`, `"origin":"rule:`, `"decision":"rejected"`} {
		if !strings.Contains(hist, key) {
			t.Errorf("the history export lacks %s", key)
		}
	}
	if want[3] != hist {
		t.Error("--history --suggestions differs from --history, which carries the suggestions")
	}

	again := mustSpanmark(t, "merge", "--db", ab, b, a)
	if strings.Count(again, "documents: 0 added") != 2 || strings.Count(again, "suggestions: 0 added, 0 links added; decisions on them: 0 added, 0 undone") != 2 {
		t.Errorf("merging both again:\n%s", again)
	}
	for i, extra := range exports {
		if export(ab, extra) != want[i] {
			t.Errorf("merging again changed the export with %q", extra)
		}
	}

	// The same through B's history file, as mailed.
	mail := filepath.Join(dir, "b-history.jsonl")
	mustSpanmark(t, "export", "--db", b, "--format", "native", "--history", "--suggestions", "--out", mail)
	viaFile := filepath.Join(dir, "a-file.db")
	copyBytes(t, a, viaFile)
	mustSpanmark(t, "merge", "--db", viaFile, mail)
	if export(viaFile, []string{"--history"}) != hist {
		t.Error("merging B's history export gives another history than merging B")
	}
	checkIntegrity(t, ab)
}
