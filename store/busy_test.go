package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// busyHold is how long TestWrite_WaitsForTheLock holds the write lock:
// short in CI; SPANMARK_BUSY_HOLD=12s shows that nothing gives up after
// the 10 s busy timeout writers used to have.
func busyHold(t *testing.T) time.Duration {
	if s := os.Getenv("SPANMARK_BUSY_HOLD"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	return 1200 * time.Millisecond
}

// Reproduction of issue 9.3: a writer that found the lock held longer
// than the busy timeout failed ("database is busy … locked"). It waits
// its turn, however long, and says that it waits.
func TestWrite_WaitsForTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc := newDoc(t, db, "The ministry said exports would fall.")
	var waits []bool
	var mu sync.Mutex
	db.OnWait(func(w bool) { mu.Lock(); waits = append(waits, w); mu.Unlock() })

	// Another process's long write: a connection of its own holding the
	// write lock.
	other, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	hold := busyHold(t)
	released := make(chan time.Time, 1)
	go func() {
		time.Sleep(hold)
		released <- time.Now()
		tx.Rollback()
	}()
	start := time.Now()
	c, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: 4, End: 12, Label: "ACTOR"})
	done := time.Now()
	if err != nil {
		t.Fatalf("tagging while another process writes: %v", err)
	}
	if len(c.SpansAdded) != 1 {
		t.Fatalf("change %+v", c)
	}
	rel := <-released
	if done.Before(rel) {
		t.Fatalf("the write went in while the lock was held")
	}
	if lag := done.Sub(rel); lag > 250*time.Millisecond {
		t.Errorf("the write took %v after the lock was freed", lag)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(waits) != "[true false]" {
		t.Errorf("OnWait was told %v, want [true false] (waiting, then its turn)", waits)
	}
	t.Logf("held %v; the write waited %v and went in %v after the lock was freed", hold, done.Sub(start), done.Sub(rel))
}

// A writer waiting for the lock can be cancelled; nothing is written.
func TestWrite_WaitCanBeCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc := newDoc(t, db, "Text.")
	other, _ := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	c, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	_, err = db.SetState(c, doc, "asha", annot.StateDone)
	wantKind(t, err, annot.Cancelled)
}

// Reproduction of issue 9.3's other half: a steady stream of tagging in
// one process starved an import in another until it failed. The import
// gets its turn while the stream goes on, and the stream is never refused.
func TestWrite_StreamDoesNotStarveImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stream.db")
	window, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	doc := newDoc(t, window, "Reuters said the mine would close next year, officials said.")
	cli, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	stop := make(chan struct{})
	var tags atomic.Int64
	streamErr := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				streamErr <- nil
				return
			default:
			}
			c, err := window.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: i % 20, End: 30 + i%20, Label: "CLAIM"})
			if err == nil {
				_, err = window.DeleteSpan(ctx, c.SpansAdded[0].ID, "asha")
			}
			if err != nil {
				streamErr <- fmt.Errorf("tag %d: %w", i, err)
				return
			}
			tags.Add(1)
		}
	}()
	time.Sleep(100 * time.Millisecond) // the stream is going
	var recs []*annot.Record
	for i := 0; i < 200; i++ {
		recs = append(recs, record(fmt.Sprintf("Imported article %d: the agency said so.", i), "ravi", span(0, 8, "SOURCE")))
	}
	start := time.Now()
	res := importDocs(t, cli, recs...)
	took := time.Since(start)
	before := tags.Load()
	time.Sleep(50 * time.Millisecond)
	close(stop)
	if err := <-streamErr; err != nil {
		t.Fatal(err)
	}
	if res.NewDocuments != 200 {
		t.Fatalf("imported %+v", res)
	}
	if tags.Load() == before {
		t.Error("the stream stopped while the import ran")
	}
	t.Logf("the import went in after %v, among %d tag-and-delete pairs", took, tags.Load())
}
