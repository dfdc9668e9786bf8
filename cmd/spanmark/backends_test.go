package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

// TestBackends_SameOutput runs the same commands on an SQLite file and on
// a PostgreSQL project and compares what they print: the shared corpora
// imported, then exported in the native format, agreement and the
// statistics; and a native export imported into both, which must come
// back byte for byte the same from each.
func TestBackends_SameOutput(t *testing.T) {
	server := pgtest.URL(t) // skips without a test server
	dir := cliEnv(t)
	var corpora []string
	for _, c := range []string{"seed", "doccano", "prodigy", "brat-news"} {
		corpora = append(corpora, corpus(t, c))
	}
	file := filepath.Join(dir, "p.db")
	var imported []cliResult
	for _, db := range []string{file, server} {
		// One doccano file of the corpus is broken on purpose: both
		// refuse it, with the same message, and import the rest.
		args := append([]string{"import", "--db", db, "--annotator", "asha", "--quiet"}, corpora...)
		imported = append(imported, spanmark(t, args...))
		// A second annotator on one file, so that agreement has a pair.
		mustSpanmark(t, "import", "--db", db, "--annotator", "ravi", "--quiet", corpus(t, "brat-news"))
	}
	if a, b := imported[0], imported[1]; a.code != b.code || a.stdout != b.stdout || a.stderr != b.stderr {
		t.Fatalf("import differs:\nSQLite: %v\nPostgreSQL: %v", a, b)
	}
	// A colleague's database is merged into both.
	meera := filepath.Join(dir, "meera.db")
	mustSpanmark(t, "import", "--db", meera, "--annotator", "meera", "--quiet", corpus(t, "brat-news"), corpus(t, "doccano/export_relation_extraction.json"))
	for _, db := range []string{file, server} {
		mustSpanmark(t, "merge", "--db", db, "--quiet", meera)
	}
	// A reviewer accepts what the two agree on, and the built-in rules
	// propose spans, on both.
	for _, db := range []string{file, server} {
		mustSpanmark(t, "review", "--db", db, "--accept-agreed", "--reviewer", "boss")
		mustSpanmark(t, "suggest", "--db", db, "--builtin", "--quiet")
	}
	for _, cmd := range [][]string{
		{"export", "--format", "native"},
		{"export", "--format", "native", "--gold"},
		{"export", "--format", "native", "--suggestions"},
		{"export", "--format", "doccano"},
		{"export", "--format", "prodigy", "--annotator", "ravi"},
		{"agree", "--json"},
		{"stats"},
	} {
		lite := mustSpanmark(t, append(cmd, "--db", file)...)
		pg := mustSpanmark(t, append(cmd, "--db", server)...)
		if strings.TrimSpace(lite) == "" {
			t.Fatalf("%s printed nothing", cmd)
		}
		if slices.Contains(cmd, "--suggestions") && !strings.Contains(lite, `"origin":"rule:`) {
			t.Fatalf("the built-in rules proposed nothing to compare")
		}
		// Articles imported from text get fresh IDs in each project;
		// compare the two with every ID named by its first place.
		if a, b := canonicalIDs(withoutDB(lite)), canonicalIDs(withoutDB(pg)); a != b {
			t.Errorf("%s differs between SQLite and PostgreSQL:\n%s", cmd, firstDiff(a, b))
		}
	}

	// A native export carries every ID: imported into a new project of
	// each kind, it comes back the same to the byte.
	native := filepath.Join(dir, "all.jsonl")
	mustSpanmark(t, "export", "--db", file, "--format", "native", "--out", native)
	file2, server2 := filepath.Join(dir, "q.db"), pgtest.URL(t)
	for _, db := range []string{file2, server2} {
		mustSpanmark(t, "import", "--db", db, "--quiet", native)
	}
	for _, cmd := range [][]string{{"export", "--format", "native"}, {"agree", "--json"}} {
		lite := mustSpanmark(t, append(cmd, "--db", file2)...)
		pg := mustSpanmark(t, append(cmd, "--db", server2)...)
		if lite != pg {
			t.Errorf("%s after importing a native export differs:\n%s", cmd, firstDiff(lite, pg))
		}
	}
	want, _ := os.ReadFile(native)
	if got := mustSpanmark(t, "export", "--db", server2, "--format", "native"); got != string(want) {
		t.Errorf("a native export imported into PostgreSQL does not come back as it was:\n%s", firstDiff(string(want), got))
	}
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// canonicalIDs names every UUID in s by the order it first appears.
func canonicalIDs(s string) string {
	seen := map[string]string{}
	return uuidRE.ReplaceAllStringFunc(s, func(id string) string {
		if n, ok := seen[id]; ok {
			return n
		}
		n := "id-" + strings.Repeat("0", 5-len(itoa(len(seen)))) + itoa(len(seen))
		seen[id] = n
		return n
	})
}

func itoa(n int) string {
	return strconv.Itoa(n)
}

// withoutDB drops the line that names the database (stats).
func withoutDB(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "database:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n  sqlite:   " + clip(x) + "\n  postgres: " + clip(y)
		}
	}
	return "(same lines)"
}

func clip(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}
