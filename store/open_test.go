package store_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

func rawQuery(tb testing.TB, path, q string) string {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return s
}

// Reproduction of issue 9.1: the schema, the labels and the sample were
// committed apart, so a kill in between left a database without labels
// for good. Everything a new database starts with is one transaction: if
// any of it fails, nothing is stored, and the next open does it all.
func TestOpen_FirstOpenIsOneTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	boom := errors.New("the sample failed")
	_, err := store.OpenWith(path, store.Options{Seed: func(emit func(*annot.Record) error) error {
		if err := emit(record("The sample article.", "asha")); err != nil {
			return err
		}
		return boom
	}})
	if !errors.Is(err, boom) {
		t.Fatalf("open: %v, want the seed's error", err)
	}
	db, err := store.OpenWith(path, store.Options{Seed: func(emit func(*annot.Record) error) error {
		return emit(record("The sample article.", "asha"))
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.Fresh() {
		t.Error("the second open did not create the database: the failed one left part of it")
	}
	labels, _ := db.Labels(ctx)
	docs, _ := db.Documents(ctx, annot.DocFilter{})
	if len(labels) != 3 || len(docs) != 1 {
		t.Fatalf("%d labels and %d documents, want the 3 default labels and the sample", len(labels), len(docs))
	}
	// A later open seeds nothing again.
	db.Close()
	db, _ = store.OpenWith(path, store.Options{Seed: func(emit func(*annot.Record) error) error {
		return emit(record("Another sample.", "asha"))
	}})
	docs, _ = db.Documents(ctx, annot.DocFilter{})
	if db.Fresh() || len(docs) != 1 {
		t.Fatalf("reopening seeded again: fresh=%v, %d documents", db.Fresh(), len(docs))
	}
}

// A database left without labels by an older Spanmark killed between the
// schema and the labels gets them at its next open (a removed label keeps
// its row, so no row at all means none was ever stored).
func TestOpen_RepairsDatabaseWithoutLabels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := raw.Exec(`DELETE FROM labels`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if labels, _ := db.Labels(ctx); len(labels) != 3 {
		t.Fatalf("%d labels after reopening, want the 3 defaults", len(labels))
	}
}

// Reproduction of issue 9.4: opening another program's SQLite file
// switched it to WAL and then said the file was not changed. Now nothing
// is written: the journal mode, the bytes and the folder stay as they were.
func TestOpen_AnotherProgramsFileIsNotChanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "other.db")
	raw, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := raw.Exec(`CREATE TABLE t(x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(path)
	_, err := store.Open(path)
	if err == nil || !strings.Contains(err.Error(), path+": an SQLite file of another program") {
		t.Fatalf("open: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the file's bytes changed")
	}
	if mode := rawQuery(t, path, `PRAGMA journal_mode`); mode != "delete" {
		t.Errorf("journal mode is now %s, want delete as before", mode)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("the folder holds %d files, want the database alone", len(names))
	}
}

// A database of a newer schema is refused the same way: not switched,
// not migrated, not written.
func TestOpen_NewerSchemaIsNotChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	raw, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := raw.Exec(`CREATE TABLE migrations(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT);
		INSERT INTO migrations VALUES (9999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(path)
	_, err := store.Open(path)
	if annot.ErrorKind(err) != annot.TooNew || !strings.Contains(err.Error(), path) {
		t.Fatalf("open: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) || rawQuery(t, path, `PRAGMA journal_mode`) != "delete" {
		t.Error("the newer database was changed")
	}
}

// Migration numbers are handed out ahead, so a database may have run a
// higher one (made by a build that had it) and lack a lower one that
// landed later: the lower one runs at the next open.
func TestOpen_RunsAMigrationNumberedBelowTheNewest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gap.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	newDoc(t, db, "Stored before the gap.")
	db.Close()
	raw, _ := sql.Open("sqlite3", "file:"+path)
	for _, q := range []string{`DELETE FROM migrations WHERE version = 8`, `DROP TABLE import_names`, `DROP TABLE pending_docs`,
		`DROP TABLE imports`, `DROP INDEX documents_list`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if docs, err := db.Documents(ctx, annot.DocFilter{}); err != nil || len(docs) != 1 {
		t.Fatalf("%d documents, %v", len(docs), err)
	}
	if n := rawQuery(t, path, `SELECT COUNT(*) FROM migrations WHERE version = 8`); n != "1" {
		t.Fatalf("migration 8 recorded %s times", n)
	}
}
