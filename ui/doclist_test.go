package ui

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// The list is read without counts, and the rows on screen get theirs in a
// batch off the UI goroutine: a project of 100,000 documents shows its
// list without a pass over a million spans first.
func TestDocList_CountsArriveForRowsOnScreen(t *testing.T) {
	old := lazyCountsAbove
	lazyCountsAbove = 2 // as for a project of thousands
	t.Cleanup(func() { lazyCountsAbove = old })
	a, db := newTestApp(t)
	for i := 0; i < 3; i++ {
		importText(t, db, fmt.Sprintf("extra-%d.txt", i), fmt.Sprintf("Extra article %d: nothing tagged.", i))
	}
	a.reloadDocs()
	if len(a.docs) != 4 {
		t.Fatalf("%d documents listed", len(a.docs))
	}
	for _, d := range a.docs {
		if d.Spans != nil || d.States != nil {
			t.Fatalf("the list read counts for %q at once", d.Title)
		}
	}
	a.tag(0, 4, "ACTOR")
	a.list.list.Resize(fyne.NewSize(300, 600))
	a.list.list.Refresh()
	var row string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		row = rowText(a, 0)
		if strings.Contains(row, "1 spans") || strings.Contains(row, "1 span") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(row, "span") || !strings.HasPrefix(row, "in progress") {
		t.Fatalf("the open document's row says %q, want its state and its one span", row)
	}
	fyne.DoAndWait(func() {})
	for i := 1; i < 4; i++ {
		if got := rowText(a, i); got != "…" && !strings.Contains(got, "no spans") {
			t.Errorf("row %d says %q", i, got)
		}
	}
}

// rowText is the second line the list shows for row i.
func rowText(a *App, i int) string {
	var out string
	fyne.DoAndWait(func() {
		o := a.list.list.CreateItem()
		a.list.list.UpdateItem(i, o)
		out = o.(*fyne.Container).Objects[1].(*widget.Label).Text
	})
	return out
}

// A write off the UI goroutine (an import from the window) that waits for
// another process's write lock says so in the status bar, wired as
// cmd/spanmark wires it.
func TestApp_SaysWhenAWriteWaits(t *testing.T) {
	a, db := newTestApp(t)
	db.OnWait(func(w bool) { fyne.Do(func() { a.SetWaiting(w) }) })
	other, err := sql.Open("sqlite3", "file:"+db.Path()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.SetState(context.Background(), a.doc.DocID(), "asha", annot.StateDone)
		done <- err
	}()
	var msg string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		fyne.DoAndWait(func() { msg = a.status.message() })
		if strings.Contains(msg, "waiting for another Spanmark") {
			break
		}
	}
	tx.Rollback()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "waiting for another Spanmark to finish writing") {
		t.Fatalf("the status bar said %q while the write waited", msg)
	}
}
