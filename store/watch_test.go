package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

// TestWatch has a window and a `spanmark import` on one file: the window
// hears of the import within the second, and never of its own writes.
func TestWatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	window, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	doc := storetest.NewDoc(t, window, storetest.Said)
	changes := window.Watch(ctx)
	time.Sleep(2 * store.WatchEvery)

	// Its own writes and reads are not others'.
	storetest.MustSpan(t, window, doc, "asha", 0, 7, "ACTOR")
	if _, err := window.Labels(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-changes:
		t.Fatalf("the window heard of its own write: %+v", c)
	case <-time.After(4 * store.WatchEvery):
	}

	cli, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Import(t, cli, storetest.Record("Another article arrives.", "ravi", storetest.SpanAt(0, 7, "ACTOR")))
	cli.Close()
	select {
	case c := <-changes:
		if !c.Reload {
			t.Fatalf("change = %+v, want a reload", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the window did not hear of the other program's import")
	}
	if docs, _ := window.Documents(ctx, annot.DocFilter{}); len(docs) != 2 {
		t.Fatalf("documents after the other program's import: %d", len(docs))
	}

	window.Close()
	select {
	case _, open := <-changes:
		if open {
			t.Fatal("a change after closing")
		}
	case <-time.After(time.Second):
		t.Fatal("the watch did not end when the project closed")
	}
}
