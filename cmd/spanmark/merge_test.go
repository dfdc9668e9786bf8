package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMerge_CLI: two analysts import the same Prodigy file separately,
// one also the Hindi sample; each database merged into a copy of the
// other exports the same native JSONL, each article once, and merging
// again adds nothing.
func TestMerge_CLI(t *testing.T) {
	dir := cliEnv(t)
	news, seed := corpus(t, "prodigy/news_headlines-ner.jsonl"), corpus(t, "seed/rare-earths-hi.txt")
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	mustSpanmark(t, "import", "--db", a, "--annotator", "asha", news)
	mustSpanmark(t, "import", "--db", b, "--annotator", "asha", news)
	mustSpanmark(t, "import", "--db", b, "--annotator", "ravi", seed)
	ab, ba := filepath.Join(dir, "ab.db"), filepath.Join(dir, "ba.db")
	copyBytes(t, a, ab)
	copyBytes(t, b, ba)
	out := mustSpanmark(t, "merge", "--db", ab, b)
	for _, want := range []string{"merged " + b, "documents: 1 added, 373 already here (373 of them imported separately", "conflicts: none"} {
		if !strings.Contains(out, want) {
			t.Errorf("merge output lacks %q:\n%s", want, out)
		}
	}
	mustSpanmark(t, "merge", "--db", ba, a)
	expAB := mustSpanmark(t, "export", "--db", ab, "--format", "native")
	expBA := mustSpanmark(t, "export", "--db", ba, "--format", "native")
	if expAB != expBA {
		t.Fatal("A+B and B+A export different native JSONL")
	}
	if n := strings.Count(expAB, "\n"); n != 374 {
		t.Errorf("A+B has %d documents, want 374", n)
	}
	// asha's Prodigy answers, on her spans and on each task, come through
	// the merge once, whichever database received.
	expA := mustSpanmark(t, "export", "--db", a, "--format", "native")
	for _, key := range []string{`"answer":"`, `"answers":{"asha":"`} {
		if n, want := strings.Count(expAB, key), strings.Count(expA, key); n != want || want == 0 {
			t.Errorf("A+B has %s %d times, A alone %d", key, n, want)
		}
	}
	again := mustSpanmark(t, "merge", "--db", ab, b, a)
	if strings.Count(again, "documents: 0 added") != 2 || !strings.Contains(again, "spans: 0 added, 0 updated by a later edit, 0 deleted") {
		t.Errorf("merging both again:\n%s", again)
	}
	if exp := mustSpanmark(t, "export", "--db", ab, "--format", "native"); exp != expAB {
		t.Error("merging again changed the export")
	}

	// The same through a native export with history, as mailed.
	mail := filepath.Join(dir, "b-history.jsonl")
	mustSpanmark(t, "export", "--db", b, "--format", "native", "--history", "--out", mail)
	viaFile := filepath.Join(dir, "a-file.db")
	copyBytes(t, a, viaFile)
	mustSpanmark(t, "merge", "--db", viaFile, mail)
	if exp := mustSpanmark(t, "export", "--db", viaFile, "--format", "native"); exp != expAB {
		t.Error("merging B's history export gives another export than merging B")
	}
}

func TestMerge_CLIErrors(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "p.db")
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := spanmark(t, "merge", "--db", db, notes)
	if r.code != exitError || !strings.Contains(r.stderr, notes+": neither a Spanmark database nor a native JSONL export") ||
		!strings.Contains(r.stderr, "nothing merged from this file") {
		t.Errorf("merging a text file: %v", r)
	}
	if r := spanmark(t, "merge", "--db", db); r.code != exitUsage {
		t.Errorf("merge without a file: %v", r)
	}
	if r := spanmark(t, "export", "--db", db, "--format", "doccano", "--history"); r.code != exitUsage || !strings.Contains(r.stderr, "--history goes with --format native") {
		t.Errorf("--history with doccano: %v", r)
	}
	if r := spanmark(t, "export", "--db", db, "--format", "native", "--history", "--gold"); r.code != exitUsage {
		t.Errorf("--history with --gold: %v", r)
	}
}

func copyBytes(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(data, nil) {
		t.Fatalf("%s is empty", src)
	}
}
