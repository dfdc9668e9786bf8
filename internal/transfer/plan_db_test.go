package transfer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/transfer"
)

// A database named to import, by whatever name, is called a database and
// pointed to merge; it was refused as a file of no known extension, with
// advice to name a format, which then failed again.
func TestPlan_DatabaseNamedToImport(t *testing.T) {
	dir := t.TempDir()
	head := append([]byte("SQLite format 3\x00"), make([]byte, 100)...)
	for _, name := range []string{"asha.db", "asha-backup"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, head, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := transfer.Plan([]string{p}, "")
		if err == nil || !strings.Contains(err.Error(), p+": is a database, not a file to import") ||
			!strings.Contains(err.Error(), "merge") {
			t.Errorf("%s: error %v, want it called a database to merge", name, err)
		}
	}
	// Any other file of no known extension keeps the advice to name a format.
	other := filepath.Join(dir, "notes.conf")
	if err := os.WriteFile(other, []byte("key = value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := transfer.Plan([]string{other}, ""); err == nil || !strings.Contains(err.Error(), "name one with --format") {
		t.Errorf("notes.conf: error %v, want the advice to name a format", err)
	}
}
