package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

func mustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "project.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

var ctx = context.Background()

// TestContract holds the SQLite store to every behaviour of a project.
func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) annot.Project { return mustOpen(tb) })
}

func TestOpen(t *testing.T) {
	t.Run("ReopenKeepsData", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Import(t, db, storetest.Record("Some text here", "asha", storetest.SpanAt(0, 4, "ACTOR")))
		db.Close()
		db, err = store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if db.Fresh() {
			t.Error("reopened database reported fresh")
		}
		if got := storetest.ExportAll(t, db, annot.ExportFilter{}); len(got) != 1 || len(got[0].Spans) != 1 {
			t.Fatalf("after reopen: %+v", got)
		}
	})
	t.Run("PragmasOnEveryConnection", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		raw, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var mode string
		if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
		}
	})
	t.Run("ErrTooNew", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		raw, _ := sql.Open("sqlite3", "file:"+path)
		if _, err := raw.Exec(`INSERT INTO migrations(version, name, applied_at) VALUES (999, '999_future.sql', 'x')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = store.Open(path)
		if annot.ErrorKind(err) != annot.TooNew {
			t.Fatalf("Open of a newer database: %v, want a too-new error", err)
		}
		var e *annot.Error
		if !errors.As(err, &e) || e.File != path {
			t.Fatalf("error does not name the file: %v", err)
		}
		raw, _ = sql.Open("sqlite3", "file:"+path)
		defer raw.Close()
		var n int
		raw.QueryRow(`SELECT COUNT(*) FROM migrations WHERE version = 999`).Scan(&n)
		if n != 1 {
			t.Fatal("the newer database was altered")
		}
	})
	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		os.WriteFile(path, []byte("these are my notes, not a database, but long enough to look like a header.............."), 0o644)
		_, err := store.Open(path)
		if err == nil {
			t.Fatal("a text file opened as a database")
		}
		var e *annot.Error
		if !errors.As(err, &e) || e.File != path {
			t.Fatalf("error does not name the file: %v", err)
		}
		data, _ := os.ReadFile(path)
		if string(data[:10]) != "these are " {
			t.Fatal("the file was changed")
		}
	})
	t.Run("ErrOtherProgram", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		raw, _ := sql.Open("sqlite3", "file:"+path)
		raw.Exec(`CREATE TABLE accounts(id INTEGER PRIMARY KEY)`)
		raw.Close()
		if _, err := store.Open(path); err == nil {
			t.Fatal("another program's SQLite file opened as a project")
		}
	})
}
