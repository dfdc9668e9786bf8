package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// slowSuggested reads a document's suggestions at once but, while
// holding, hands them back only when released: a slow load.
type slowSuggested struct {
	Project
	hold    chan struct{}
	holding bool
	read    chan struct{} // told when a held read has been made
}

func (p *slowSuggested) Suggested(ctx context.Context, doc string) (*annot.Suggested, error) {
	set, err := p.Project.Suggested(ctx, doc)
	if p.holding {
		p.read <- struct{}{}
		<-p.hold
	}
	return set, err
}

// A load of the document's suggestions that was read before "tag all
// occurrences" stored its batch, and comes back after it, must not put
// back the set as it was: the batch and its selection stay. (It did, now
// and then, when the load was slow: the test of the batch failed one run
// in ten.)
func TestSuggestions_LateLoadKeepsTheBatch(t *testing.T) {
	proj := &slowSuggested{hold: make(chan struct{}), read: make(chan struct{}, 1)}
	a, db := newTestAppOn(t, func(db *store.DB) Project { proj.Project = db; return proj })
	a.async = func(f func()) { go f() } // the load held back must not hold the test
	china := runeIndex(a.doc.Text(), "चीन")
	a.tag(china, china+3, annot.Actor)
	a.sugg.pending.Wait()

	proj.holding = true
	a.sugg.reload() // a load under way, read before the batch
	<-proj.read
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault})
	go func() {
		// The batch is stored, then the late load comes back.
		for {
			if has, _ := db.HasSuggestions(context.Background()); has {
				close(proj.hold)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	a.sugg.pending.Wait()
	open := a.sugg.layer.Open()
	if len(open) < 1 {
		t.Fatalf("after the late load, %d of the batch shown", len(open))
	}
	if sel, ok := a.sugg.layer.Selected(); !ok || sel.Origin != annot.OriginOccurrence {
		t.Error("after the late load the batch's first is not selected")
	}
}
