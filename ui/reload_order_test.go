package ui

import (
	"context"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// slowBundle reads a document at once but, while holding, hands it back
// only when released: a Reload's read of the open article that was made
// before the window's next write and is shown after it.
type slowBundle struct {
	Project
	hold    chan struct{}
	holding bool
	read    chan struct{} // told when a held read has been made
}

func (p *slowBundle) Bundle(ctx context.Context, doc string) (*annot.Bundle, error) {
	b, err := p.Project.Bundle(ctx, doc)
	if p.holding {
		p.holding = false
		p.read <- struct{}{}
		<-p.hold
	}
	return b, err
}

// A Reload for another program's commit (an import in a terminal) that
// read the article before the window tagged in it must not show the
// article as it was: the tag stays on screen and selected, so that
// Delete right after it deletes it. (During an import the tag vanished
// now and then, came back unselected with the next Reload, Delete did
// nothing, and tagging again said the span was already there.)
func TestReload_ReadBeforeATagKeepsTheTag(t *testing.T) {
	proj := &slowBundle{hold: make(chan struct{}), read: make(chan struct{}, 1)}
	a, _ := newTestAppOn(t, func(db *store.DB) Project { proj.Project = db; return proj })
	a.async = func(f func()) { go f() } // the read held back must not hold the test
	shown := make(chan struct{}, 4)
	proj.holding = true
	a.refreshAll(func() { shown <- struct{}{} })
	<-proj.read // the article is read as it is before the tag

	china := runeIndex(a.doc.Text(), "चीन")
	a.tag(china, china+3, annot.Actor)
	id := a.doc.SelectedSpan()
	if id == "" {
		t.Fatal("the tag is not selected")
	}
	close(proj.hold)
	<-shown // once the article is read again and shown
	a.sugg.pending.Wait()

	if _, ok := a.doc.Span(id); !ok {
		t.Fatal("after a Reload read before it, the tag is no longer shown")
	}
	if got := a.doc.SelectedSpan(); got != id {
		t.Fatalf("after a Reload read before it, the selected span is %q, want the tag %q", got, id)
	}
}
