package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImport_Map imports doccano data whose labels are not the
// project's, mapping two of them onto ACTOR and SOURCE: the spans land
// under the project's labels, no ORG or NEWS label is made, and a label
// not mapped keeps its name.
func TestImport_Map(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	data := filepath.Join(dir, "ner.jsonl")
	line := `{"text":"Reuters said Acme grew on Monday.","label":[[0,7,"NEWS"],[13,17,"ORG"],[26,32,"DATE"]]}` + "\n"
	if err := os.WriteFile(data, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", "--map", "ORG=ACTOR", data, "--map", "NEWS=SOURCE")
	out := string(exportNative(t, db))
	for _, want := range []string{`"label":"SOURCE"`, `"label":"ACTOR"`, `"label":"DATE"`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	for _, not := range []string{`"ORG"`, `"NEWS"`} {
		if strings.Contains(out, not) {
			t.Errorf("export still has %s", not)
		}
	}
	stats := mustSpanmark(t, "stats", "--db", db)
	if strings.Contains(stats, "ORG") || strings.Contains(stats, "NEWS") || !strings.Contains(stats, "DATE") {
		t.Errorf("labels after the import:\n%s", stats)
	}

	for _, bad := range [][]string{{"--map", "ORG"}, {"--map", "=ACTOR"}, {"--map", "ORG=ACTOR", "--map", "ORG=SOURCE"}} {
		r := spanmark(t, append(append([]string{"import", "--db", db}, bad...), data)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--map") {
			t.Errorf("import %q: %v", bad, r)
		}
	}
}
