package main

import (
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

func TestAssignCommand(t *testing.T) {
	t.Run("NeedsServer", func(t *testing.T) {
		dir := cliEnv(t)
		r := spanmark(t, "assign", "--db", filepath.Join(dir, "p.db"), "--overlap", "1")
		if r.code != exitError || !strings.Contains(r.stderr, "team server") {
			t.Fatalf("assign on a file: %v", r)
		}
		if r := spanmark(t, "assign", "--db", filepath.Join(dir, "p.db")); r.code != exitUsage {
			t.Fatalf("assign without --overlap: %v", r)
		}
	})
	t.Run("Server", func(t *testing.T) {
		server := pgtest.URL(t)
		cliEnv(t)
		mustSpanmark(t, "import", "--db", server, "--annotator", "lead", "--quiet", corpus(t, "brat-news"))
		out := mustSpanmark(t, "assign", "--db", server, "--overlap", "2", "--annotator", "asha", "--annotator", "ravi", "--annotator", "meera")
		if !strings.Contains(out, "dealt 26 assignments over 13 documents, each to 2 analysts") ||
			!strings.Contains(out, "asha: 9 documents") || !strings.Contains(out, "ravi: 8 documents") {
			t.Fatalf("assign printed:\n%s", out)
		}
		if out := mustSpanmark(t, "assign", "--db", server, "--overlap", "2", "--annotator", "asha", "--annotator", "ravi", "--annotator", "meera"); !strings.Contains(out, "dealt 0 assignments") {
			t.Fatalf("dealing again printed:\n%s", out)
		}
	})
}
