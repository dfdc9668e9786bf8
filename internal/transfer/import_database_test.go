package transfer_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// A Spanmark database given to import (dropped on the window, or named on
// the command line) is told to come in with merge, whether or not a
// program has it open; it was called a file of invalid UTF-8.
func TestImport_DatabaseIsToldToMerge(t *testing.T) {
	db := openStore(t)
	closed := filepath.Join(t.TempDir(), "colleague.db")
	other, err := store.Open(closed)
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	open := filepath.Join(t.TempDir(), "open.db")
	inUse, err := store.Open(open)
	if err != nil {
		t.Fatal(err)
	}
	defer inUse.Close()
	for _, path := range []string{closed, open} {
		_, err := transfer.Import(context.Background(), db, transfer.Job{Path: path}, formats.Options{Annotator: "asha"}, func(error) {})
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), "comes in with merge") {
			t.Errorf("import of %s: %v, want it named and told to merge", filepath.Base(path), err)
		}
	}
	if n := countDocs(t, db); n != 0 {
		t.Errorf("%d documents stored", n)
	}
}
