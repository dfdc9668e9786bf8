package store_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// The contract suite checks the defaults and saving (storetest); these
// are the file's own: guidelines survive closing, and a database made
// before there were guidelines gets the defaults when it is upgraded.
func TestGuidelines(t *testing.T) {
	t.Run("SetKeepsThemAcrossOpens", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetGuidelines(ctx, "# Ours\n\nTag *quotes* only."); err != nil {
			t.Fatal(err)
		}
		db.Close()
		db, err = store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if g, _ := db.Guidelines(ctx); g != "# Ours\n\nTag *quotes* only." {
			t.Fatalf("after reopening, guidelines are %q", g)
		}
		if err := db.SetGuidelines(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if g, _ := db.Guidelines(ctx); g != "" {
			t.Fatalf("emptied guidelines read back as %q", g)
		}
	})
	t.Run("UpgradedProjectGetsTheDefaults", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		// Take the database back to before migration 7.
		raw, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`DROP TABLE guidelines`, `DROP TABLE label_merges`, `DELETE FROM migrations WHERE version = 7`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		raw.Close()
		db, err = store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if g, _ := db.Guidelines(ctx); g != annot.DefaultGuidelines {
			t.Fatalf("an upgraded project's guidelines are %q", g)
		}
	})
}
