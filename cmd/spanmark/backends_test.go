package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

// TestBackends_SameOutput runs the same commands on an SQLite file and on
// a PostgreSQL project and compares what they print: the shared corpora
// imported, a colleague's database merged in (with her suggestions
// decided and a review undone and corrected), agreed spans accepted and
// the built-in rules run, then exported in the native format (plain,
// gold, with suggestions, with history), agreement and the statistics;
// and a native export and an export with history taken into both, which
// must come back byte for byte the same from each.
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
	mustSpanmark(t, "suggest", "--db", meera, "--builtin", "--quiet")
	decideAndReview(t, meera)
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
		{"export", "--format", "native", "--history"},
		{"export", "--format", "native", "--history", "--suggestions"},
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
		if slices.Contains(cmd, "--history") {
			// What each project made itself (imports of articles,
			// accepted agreements, the rules' suggestions) has its own
			// IDs and times there: compare the history with its IDs named
			// after the plain exports, its times left out and each list
			// in one order.
			a, b := historyShape(t, lite, known(t, file)), historyShape(t, pg, known(t, server))
			if a != b {
				t.Errorf("%s differs between SQLite and PostgreSQL:\n%s", cmd, firstDiff(a, b))
			}
			for _, want := range []string{`"withdrawn_at":`, `"curation":true`, `"decisions":`, `"deleted_at":`} {
				if !strings.Contains(lite, want) {
					t.Errorf("%s has no %s to compare", cmd, want)
				}
			}
			continue
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

	// An export with history carries every ID and time: merged into a new
	// project of each kind, it comes back the same to the byte, as do the
	// exports with suggestions.
	hist := filepath.Join(dir, "all-history.jsonl")
	mustSpanmark(t, "export", "--db", file, "--format", "native", "--history", "--out", hist)
	file3, server3 := filepath.Join(dir, "r.db"), pgtest.URL(t)
	for _, db := range []string{file3, server3} {
		mustSpanmark(t, "merge", "--db", db, "--quiet", hist)
	}
	for _, cmd := range [][]string{{"export", "--format", "native", "--history"}, {"export", "--format", "native", "--suggestions"}, {"stats"}} {
		lite := mustSpanmark(t, append(cmd, "--db", file3)...)
		pg := mustSpanmark(t, append(cmd, "--db", server3)...)
		if withoutDB(lite) != withoutDB(pg) {
			t.Errorf("%s after merging an export with history differs:\n%s", cmd, firstDiff(lite, pg))
		}
	}
}

// decideAndReview does in a colleague's database what the window does and
// the command line cannot: analysts accept, reject and take back the
// rules' suggestions, and a reviewer accepts a span and takes it back
// (withdrawn verdicts), then corrects another (a reviewer's own span).
func decideAndReview(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	decided, reviewed := false, false
	for _, d := range docs {
		b, err := db.Bundle(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sug, err := db.Suggested(ctx, d.ID); err == nil && !decided && len(sug.Suggestions) >= 3 {
			g := sug.Suggestions
			must(t)(db.AcceptSuggestions(ctx, "meera", []annot.SuggestionAccept{{ID: g[0].ID}}))
			must(t)(db.RejectSuggestions(ctx, "meera", []string{g[1].ID}))
			must(t)(db.RejectSuggestions(ctx, "kiran", []string{g[2].ID}))
			if _, ok, err := db.Undo(ctx, d.ID, "kiran"); err != nil || !ok {
				t.Fatalf("undo kiran's rejection: %v %v", ok, err)
			}
			decided = true
		}
		if !reviewed && len(b.Spans) >= 2 {
			must(t)(db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: d.ID, Reviewer: "lead", Span: b.Spans[0].ID}))
			if _, ok, err := db.Undo(ctx, d.ID, "lead"); err != nil || !ok {
				t.Fatalf("undo lead's acceptance: %v %v", ok, err)
			}
			s := b.Spans[1]
			must(t)(db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewCorrect, DocID: d.ID, Reviewer: "lead", Span: s.ID,
				Start: s.Start, End: s.End, Label: "SOURCE"}))
			reviewed = true
		}
	}
	if !decided || !reviewed {
		t.Fatalf("nothing to decide (%v) or review (%v) in %s", decided, reviewed, path)
	}
}

func must(t *testing.T) func(annot.Change, error) {
	return func(_ annot.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// known is a project's plain and --suggestions native exports, whose
// order names the IDs of a history export (historyShape).
func known(t *testing.T, db string) string {
	t.Helper()
	return mustSpanmark(t, "export", "--db", db, "--format", "native") +
		mustSpanmark(t, "export", "--db", db, "--format", "native", "--suggestions")
}

var timeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`)

// historyShape gives an export with history in the form that two
// projects which did the same things at other times, under other fresh
// IDs, share: each ID named by its first place in known (the project's
// plain exports) or "?" if known lacks it (a verdict, a tombstone),
// every time left out, and every list sorted.
func historyShape(t *testing.T, hist, known string) string {
	t.Helper()
	names := map[string]string{}
	for _, id := range uuidRE.FindAllString(known, -1) {
		if _, ok := names[id]; !ok {
			names[id] = fmt.Sprintf("id-%05d", len(names))
		}
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(hist), "\n") {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("history line %q: %v", clip(line), err)
		}
		b, err := json.Marshal(shape(v, names))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

func shape(v any, names map[string]string) any {
	switch x := v.(type) {
	case string:
		if timeRE.MatchString(x) {
			return "T"
		}
		return uuidRE.ReplaceAllStringFunc(x, func(id string) string {
			if n, ok := names[id]; ok {
				return n
			}
			return "?"
		})
	case []any:
		items := make([]string, len(x))
		for i, e := range x {
			b, _ := json.Marshal(shape(e, names))
			items[i] = string(b)
		}
		sort.Strings(items)
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = json.RawMessage(it)
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = shape(e, names)
		}
		return x
	}
	return v
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
			// From a little before the first byte that differs: lines
			// of long articles differ far into them.
			at := 0
			for at < len(x) && at < len(y) && x[at] == y[at] {
				at++
			}
			from := max(at-120, 0)
			return "line " + itoa(i+1) + ", from byte " + itoa(from) + ":\n  sqlite:   " + clip(x[from:]) + "\n  postgres: " + clip(y[from:])
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
