package main

import (
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

// TestSyncCommand: two laptops with different work sync with one server
// in turn; afterwards all three export the same.
func TestSyncCommand(t *testing.T) {
	server := pgtest.URL(t)
	dir := cliEnv(t)
	asha, ravi := filepath.Join(dir, "asha.db"), filepath.Join(dir, "ravi.db")
	mustSpanmark(t, "import", "--db", asha, "--annotator", "asha", "--quiet", corpus(t, "brat-news"))
	mustSpanmark(t, "import", "--db", ravi, "--annotator", "ravi", "--quiet", corpus(t, "doccano/export_sequence_labeling.jsonl"))
	out := mustSpanmark(t, "sync", "--db", asha, "--server", server)
	if !strings.Contains(out, "pushed to "+server+": 13 documents (13 new") || !strings.Contains(out, "pulled into "+asha+": 13 documents (0 new") {
		t.Fatalf("asha's first sync said:\n%s", out)
	}
	mustSpanmark(t, "sync", "--db", ravi, "--server", server)
	mustSpanmark(t, "sync", "--db", asha, "--server", server)
	want := mustSpanmark(t, "export", "--db", server, "--format", "native")
	for _, db := range []string{asha, ravi} {
		if got := mustSpanmark(t, "export", "--db", db, "--format", "native"); got != want {
			t.Fatalf("%s after syncing:\n%s", db, firstDiff(want, got))
		}
	}
	if n := strings.Count(want, "\n"); n != 16 {
		t.Fatalf("%d documents after syncing, want 13 + 3", n)
	}
	if r := spanmark(t, "sync", "--db", asha); r.code != exitUsage {
		t.Fatalf("sync without a server: %v", r)
	}
}
