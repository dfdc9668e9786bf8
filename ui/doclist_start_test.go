package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The window opens on its first document before the list has been laid
// out: the list must still start at its top, its first row whole (it
// started a row down, the first title hidden, at every start).
func TestDocList_StartsAtTheTop(t *testing.T) {
	_, db := newTestApp(t)
	for i := 0; i < 40; i++ {
		importText(t, db, fmt.Sprintf("a%02d.txt", i), fmt.Sprintf("Article %d: the ministry said exports would fall.", i))
	}
	b := New(test.NewTempApp(t), db, "asha")
	b.view.manualLayout = true
	// The test driver lays a window out at a good size when it is made;
	// the real one is at its smallest until it is shown, after Start.
	b.list.list.Resize(fyne.NewSize(250, 30))
	b.Start()             // as ShowAndRun does
	b.sugg.pending.Wait() // the article's suggestions load on a goroutine
	b.win.Resize(fyne.NewSize(1280, 800))
	if got := b.list.list.GetScrollOffset(); got != 0 {
		t.Fatalf("the document list starts scrolled %v down", got)
	}
	if b.doc.DocID() != b.docs[0].ID {
		t.Fatalf("opened %s, want the first listed", b.doc.DocID())
	}
}
