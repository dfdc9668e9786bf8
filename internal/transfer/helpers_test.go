package transfer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// openStore opens a new project in a temporary folder.
func openStore(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "project.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// importFile writes content to a file called name in a temporary folder
// and imports it as the command line would, returning the file's path.
func importFile(tb testing.TB, db *store.DB, name, content string) (string, annot.ImportResult, error) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	jobs, _, err := transfer.Plan([]string{path}, "")
	if err != nil {
		return path, annot.ImportResult{}, err
	}
	res, err := transfer.Import(context.Background(), db, jobs[0], formats.Options{Annotator: "asha"}, nil)
	return path, res, err
}

// mustImport imports content and fails the test on an error.
func mustImport(tb testing.TB, db *store.DB, name, content string) {
	tb.Helper()
	if _, _, err := importFile(tb, db, name, content); err != nil {
		tb.Fatal(err)
	}
}

// bundles is every document of db as an export sees it.
func bundles(tb testing.TB, db *store.DB) []annot.Bundle {
	tb.Helper()
	var out []annot.Bundle
	err := db.Export(context.Background(), annot.ExportFilter{}, func(b *annot.Bundle) error {
		out = append(out, *b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// threeDocs is native JSONL with three documents from two sources.
const threeDocs = `{"id":"","title":"Alpha","source":"alpha.txt","text":"Reuters said the mine closed.","spans":[{"start":0,"end":7,"label":"SOURCE"},{"start":13,"end":28,"label":"CLAIM"}],"relations":[]}
{"id":"","title":"Beta","source":"beta.txt","text":"चीन ने कहा\nनिर्यात रुकेगा।","spans":[{"start":0,"end":3,"label":"ACTOR"},{"start":11,"end":25,"label":"CLAIM"}],"relations":[]}
{"id":"","title":"Gamma","source":"gamma.txt","text":"Nothing to tag here.","spans":[],"relations":[]}
`
