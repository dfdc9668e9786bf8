package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

// TestConcurrentHandles plays the window and a `spanmark export` on one
// file: two Opens, so two sets of connections as two processes would
// have. The writer tags while the other reads and now and then writes;
// nobody may see an error, and the file must stay sound.
func TestConcurrentHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	window, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	var recs []*annot.Record
	for i := 0; i < 20; i++ {
		recs = append(recs, storetest.Titled(fmt.Sprintf("doc %d", i), "x.txt", fmt.Sprintf("article %d: %s", i, storetest.Said)))
	}
	storetest.Import(t, window, recs...)
	cli, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	docs, err := cli.Documents(ctx, annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}

	const rounds = 150
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			d := docs[i%len(docs)]
			c, err := window.CreateSpan(ctx, annot.Span{DocID: d.ID, Annotator: "asha", Start: i / len(docs), End: 20, Label: "CLAIM"})
			if err == nil && i%5 == 0 {
				_, _, err = window.Undo(ctx, d.ID, "asha")
			} else if err == nil && i%7 == 0 {
				_, err = window.DeleteSpan(ctx, c.SpansAdded[0].ID, "asha")
			}
			if err != nil {
				errs <- fmt.Errorf("writer, round %d: %w", i, err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds/5; i++ {
			n := 0
			if err := cli.Export(ctx, annot.ExportFilter{}, func(*annot.Bundle) error { n++; return nil }); err != nil || n != len(docs) {
				errs <- fmt.Errorf("export, round %d: %d documents, %w", i, n, err)
				return
			}
			if _, err := cli.Documents(ctx, annot.DocFilter{Search: "article"}); err != nil {
				errs <- fmt.Errorf("documents, round %d: %w", i, err)
				return
			}
			if _, err := cli.SetState(ctx, docs[i%len(docs)].ID, "ravi", annot.StateDone); err != nil {
				errs <- fmt.Errorf("set state, round %d: %w", i, err)
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	var live int
	for _, b := range storetest.ExportAll(t, cli, annot.ExportFilter{}) {
		live += len(b.Spans)
	}
	if want := rounds - rounds/5 - countSevens(rounds); live != want {
		t.Errorf("live spans = %d, want %d", live, want)
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
}

// countSevens counts the rounds whose span the writer deletes.
func countSevens(rounds int) int {
	n := 0
	for i := 0; i < rounds; i++ {
		if i%5 != 0 && i%7 == 0 {
			n++
		}
	}
	return n
}
