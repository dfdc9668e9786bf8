package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// article makes the i-th record of a large import.
func article(i int, who string) *annot.Record {
	return record(fmt.Sprintf("Article %05d: Reuters said the ministry expects exports to fall.", i), who,
		span(0, 13, "SOURCE"), span(15, 22, "SOURCE"))
}

// rawCount counts rows in the file, hidden or not.
func rawCount(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A large import commits in chunks: between them the write lock is free,
// so another process tags at once, and what the import stored so far is
// hidden from every reader until its last transaction shows all of it.
func TestImport_ChunksAreHiddenUntilTheEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chunks.db")
	window, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	doc := newDoc(t, window, "The window's document, open for tagging.")
	cli, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	halfway, resume := make(chan struct{}), make(chan struct{})
	result := make(chan error, 1)
	go func() {
		_, err := cli.Import(ctx, func(emit func(*annot.Record) error) error {
			for i := 0; i < 2000; i++ {
				if i == 1200 {
					close(halfway)
					<-resume
				}
				if err := emit(article(i, "ravi")); err != nil {
					return err
				}
			}
			return nil
		})
		result <- err
	}()
	<-halfway
	time.Sleep(200 * time.Millisecond) // the chunks read so far go in
	if n := rawCount(t, path, "pending_docs"); n < 512 {
		t.Fatalf("%d documents stored so far, want the first chunks in", n)
	}
	start := time.Now()
	if _, err := window.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 3, Label: "ACTOR"}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("tagging took %v while the import was under way", took)
	}
	docs, _ := window.Documents(ctx, annot.DocFilter{})
	st, _ := window.Stats(ctx)
	n := 0
	window.Export(ctx, annot.ExportFilter{}, func(*annot.Bundle) error { n++; return nil })
	if len(docs) != 1 || st.Documents != 1 || st.Spans != 1 || n != 1 {
		t.Fatalf("while the import is under way: %d listed, stats %d documents %d spans, %d exported; want the window's one", len(docs), st.Documents, st.Spans, n)
	}
	close(resume)
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	docs, _ = window.Documents(ctx, annot.DocFilter{})
	if len(docs) != 2001 || rawCount(t, path, "pending_docs") != 0 || rawCount(t, path, "imports") != 0 {
		t.Fatalf("after the import: %d listed, want 2001, and nothing pending", len(docs))
	}
}

// A large import that fails, or is cancelled, half-way leaves nothing.
func TestImport_ChunkedFailureLeavesNothing(t *testing.T) {
	for _, cancel := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "fail.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		c, stop := context.WithCancel(ctx)
		boom := errors.New("line 1500: broken")
		_, err = db.Import(c, func(emit func(*annot.Record) error) error {
			for i := 0; i < 1500; i++ {
				r := article(i, "ravi")
				r.Spans[0].Label = "ORG" // a label the project lacks
				if err := emit(r); err != nil {
					return err
				}
			}
			if cancel {
				stop()
				time.Sleep(50 * time.Millisecond)
				return nil
			}
			return boom
		})
		stop()
		db.Close()
		if cancel && annot.ErrorKind(err) != annot.Cancelled || !cancel && !errors.Is(err, boom) {
			t.Fatalf("cancel=%v: %v", cancel, err)
		}
		for _, table := range []string{"documents", "spans", "pending_docs", "imports", "import_names", "annotators"} {
			if n := rawCount(t, path, table); n != 0 {
				t.Errorf("cancel=%v: %d rows left in %s", cancel, n, table)
			}
		}
		if n := rawCount(t, path, "labels"); n != 3 {
			t.Errorf("cancel=%v: %d labels, want the 3 it had (not the import's ORG)", cancel, n)
		}
	}
}

// A text that comes again later in the file (another annotator's task,
// as Prodigy writes them) joins its document, across chunks.
func TestImport_ChunkedJoinsRepeatedTexts(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "join.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		for i := 0; i < 1000; i++ {
			if err := emit(article(i, "asha")); err != nil {
				return err
			}
		}
		for i := 0; i < 10; i++ {
			if err := emit(article(i*7, "ravi")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 1010 || res.Documents != 1000 || res.NewDocuments != 1000 || res.NewSpans != 2020 {
		t.Fatalf("result %+v", res)
	}
	docs, _ := db.Documents(ctx, annot.DocFilter{})
	if len(docs) != 1000 || docs[7].Spans["ravi"] != 2 || docs[7].Spans["asha"] != 2 || docs[8].Spans["ravi"] != 0 {
		t.Fatalf("%d documents; the 8th has %v", len(docs), docs[7].Spans)
	}
}

// An import whose process died leaves hidden documents; the next open
// removes them, with their spans, relations and verdicts.
func TestOpen_RemovesWhatADeadImportLeft(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dead.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	keep := newDoc(t, db, "Imported whole long ago.")
	gone := newDoc(t, db, "Stored by an import whose process was killed.")
	s := mustSpan(t, db, gone, "asha", 0, 6, "CLAIM")
	a := mustSpan(t, db, gone, "asha", 10, 16, "ACTOR")
	mustRelation(t, db, "asha", s, a, annot.SaidBy)
	if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: s.ID, Reviewer: "ravi", Decision: annot.Accepted}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	host, _ := os.Hostname()
	raw, _ := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	for _, q := range []string{
		`INSERT INTO imports(id, pid, host, proc_start, started_at) VALUES ('dead', 2147483000, '` + host + `', '1', 'x')`,
		`INSERT INTO imports(id, pid, host, proc_start, started_at) VALUES ('elsewhere', 1, 'another-machine', '1', 'x')`,
		`INSERT INTO pending_docs(doc_id, import_id) VALUES ('` + gone + `', 'dead')`,
	} {
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
	docs, _ := db.Documents(ctx, annot.DocFilter{})
	if len(docs) != 1 || docs[0].ID != keep {
		t.Fatalf("listed %+v, want the whole import alone", docs)
	}
	for table, want := range map[string]int{"documents": 1, "spans": 0, "relations": 0, "verdicts": 0, "pending_docs": 0, "imports": 1} {
		if n := rawCount(t, path, table); n != want {
			t.Errorf("%d rows in %s, want %d", n, table, want)
		}
	}
}

// The window imports a file and tags meanwhile through the same handle:
// between chunks its one write connection is free for the tag.
func TestImport_SameHandleTagsBetweenChunks(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "same.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc := newDoc(t, db, "The window's document, open for tagging.")
	halfway, resume := make(chan struct{}), make(chan struct{})
	result := make(chan error, 1)
	go func() {
		_, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
			for i := 0; i < 1000; i++ {
				if i == 600 {
					close(halfway)
					<-resume
				}
				if err := emit(article(i, "ravi")); err != nil {
					return err
				}
			}
			return nil
		})
		result <- err
	}()
	<-halfway
	done := make(chan error, 1)
	go func() {
		_, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 0, End: 3, Label: "ACTOR"})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("tagging waited for the whole import")
	}
	close(resume)
	if err := <-result; err != nil {
		t.Fatal(err)
	}
}
