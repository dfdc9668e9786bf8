package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// receiver makes a closed database with one document and returns its path.
func receiver(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "receiver.db")
	db := openAt(tb, path)
	importDocs(tb, db, record(text1, "asha", span(0, 12, "ACTOR")))
	db.Close()
	return path
}

// wantUntouched merges other into the database at recv, expects the error
// kind, and checks that neither file changed by a byte and that nothing
// was left beside the other.
func wantUntouched(t *testing.T, recv, other string, kind annot.Kind, merge func(db *store.DB) error) {
	t.Helper()
	sumR, sumO := fileSum(t, recv), fileSum(t, other)
	beside := siblings(t, other)
	db := openAt(t, recv)
	err := merge(db)
	wantKind(t, err, kind)
	db.Close()
	if fileSum(t, recv) != sumR {
		t.Error("the receiving database changed")
	}
	if fileSum(t, other) != sumO {
		t.Error("the other file changed")
	}
	if now := siblings(t, other); !slices.Equal(now, beside) {
		t.Errorf("files beside the other: %v, were %v", now, beside)
	}
}

func TestMerge_Refused(t *testing.T) {
	merge := func(other string) func(db *store.DB) error {
		return func(db *store.DB) error {
			_, err := db.Merge(ctx, other, nil)
			return err
		}
	}
	t.Run("NotSQLite", func(t *testing.T) {
		dir := t.TempDir()
		recv, other := receiver(t, dir), filepath.Join(t.TempDir(), "notes.db")
		if err := os.WriteFile(other, []byte("these are my notes, not a database\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		wantUntouched(t, recv, other, annot.Invalid, merge(other))
	})
	t.Run("AnotherProgram", func(t *testing.T) {
		dir := t.TempDir()
		recv, other := receiver(t, dir), filepath.Join(t.TempDir(), "shop.db")
		raw, err := sql.Open("sqlite3", other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Rao')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		wantUntouched(t, recv, other, annot.Invalid, merge(other))
	})
	t.Run("NewerSpanmark", func(t *testing.T) {
		dir := t.TempDir()
		recv, other := receiver(t, dir), filepath.Join(t.TempDir(), "future.db")
		db := openAt(t, other)
		importDocs(t, db, record(text2, "ravi", span(0, 9, "ACTOR")))
		db.Close()
		raw, err := sql.Open("sqlite3", other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO migrations(version, name, applied_at) VALUES (99, '0099_future.sql', '2030-01-01')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		wantUntouched(t, recv, other, annot.TooNew, merge(other))
	})
	t.Run("ItselfIsRefused", func(t *testing.T) {
		recv := receiver(t, t.TempDir())
		sum := fileSum(t, recv)
		db := openAt(t, recv)
		_, err := db.Merge(ctx, recv, nil)
		wantKind(t, err, annot.Invalid)
		db.Close()
		if fileSum(t, recv) != sum {
			t.Error("the database changed")
		}
	})
	t.Run("Missing", func(t *testing.T) {
		db := mustOpen(t)
		_, err := db.Merge(ctx, filepath.Join(t.TempDir(), "nowhere.db"), nil)
		wantKind(t, err, annot.Invalid)
	})
}

// TestMerge_Cancelled: a merge cancelled half-way leaves the receiver as
// it was, byte for byte.
func TestMerge_Cancelled(t *testing.T) {
	d := newDiverged(t)
	for _, at := range []string{"documents", "spans", "suggestions", "withdrawn verdicts and reviewed documents", "document order"} {
		t.Run(at, func(t *testing.T) {
			wantUntouched(t, d.a, d.b, annot.Cancelled, func(db *store.DB) error {
				c, cancel := context.WithCancel(ctx)
				defer cancel()
				_, err := db.Merge(c, d.b, func(step string, _, _ int) {
					if step == at {
						cancel()
					}
				})
				return err
			})
		})
	}
}

// TestMerge_OlderSchema merges a database made by the first Spanmark
// schema, which has no label removal or undo history: its copy is brought
// up to date and merged, and the file itself is left alone.
func TestMerge_OlderSchema(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "v1.db")
	ddl, err := os.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+old+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	docID, spanID, at := annot.NewID(), annot.NewID(), "2024-01-01T10:00:00.000000000Z"
	stmts := []string{string(ddl),
		`CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		`INSERT INTO migrations VALUES (1, '0001_init.sql', '` + at + `')`,
		`INSERT INTO labels(id, name, color, hotkey, ord) VALUES ('` + annot.LabelID("ACTOR") + `', 'ACTOR', '#4a90d9', '2', 0)`,
		`INSERT INTO annotators VALUES ('` + annot.AnnotatorID("meera") + `', 'meera')`,
		`INSERT INTO documents VALUES ('` + docID + `', 1, 't', 'old.txt', '` + text3 + `', '{}', '` + annot.ContentHash(text3) + `', 40, '` + at + `')`,
		`INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, created_at, updated_at) VALUES ('` +
			spanID + `', '` + docID + `', '` + annot.AnnotatorID("meera") + `', 17, 25, '` + annot.LabelID("ACTOR") + `', '', '` + at + `', '` + at + `')`,
	}
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	raw.Close()
	sum := fileSum(t, old)
	recv := receiver(t, dir)
	db := openAt(t, recv)
	res := mustMerge(t, db, old)
	if res.NewDocuments != 1 || res.NewSpans != 1 {
		t.Fatalf("merged %+v, want the old database's document and span", res)
	}
	if s := spanByID(t, db, spanID); s.Annotator != "meera" || s.Label != "ACTOR" || s.DocID != docID {
		t.Errorf("span came as %+v", s)
	}
	if fileSum(t, old) != sum {
		t.Error("the old database changed")
	}
	if got := siblings(t, old); !slices.Contains(got, "v1.db") || slices.Contains(got, "v1.db-wal") {
		t.Errorf("files beside the old database: %v", got)
	}
}

// TestMerge_SourceInUse reads a database that another program has open
// (its write-ahead log exists) in place, read-only, and sees what that
// program committed.
func TestMerge_SourceInUse(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "busy.db")
	busy := openAt(t, other)
	clockFrom(busy, t0, time.Second)
	importDocs(t, busy, record(text2, "ravi", span(0, 9, "ACTOR")))
	recv := openAt(t, receiver(t, t.TempDir()))
	res := mustMerge(t, recv, other)
	if res.NewDocuments != 1 || res.NewSpans != 1 {
		t.Fatalf("merged %+v from a database in use", res)
	}
	importDocs(t, busy, record(text3, "ravi"))
	if res := mustMerge(t, recv, other); res.NewDocuments != 1 {
		t.Fatalf("second merge %+v: want the document committed since", res)
	}
}
