package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"app.spanmark.org/spanmark/internal/annot"
)

// listRefresh is how often at most the document list is read again for
// colleagues' changes: its counts and states, not worth a read per tag
// when twenty people tag at once.
const listRefresh = time.Second

// watch shows what others write to the project (colleagues on a team
// server, another program on the file) as it happens: the open document
// takes their rows as it takes the window's own changes, and the
// document list follows within listRefresh. It runs until the project
// closes.
func (a *App) watch() {
	changes := a.proj.Watch(a.ctx)
	go func() {
		for c := range changes {
			fyne.Do(func() { a.remote(c) })
		}
	}()
}

// remote applies one change made elsewhere. Applying rows as they now
// are is idempotent, so a change seen twice does no harm; a Reload reads
// again what is shown and keeps the open document, scroll position and
// selection.
func (a *App) remote(c annot.RemoteChange) {
	if c.Reload {
		a.reloadLabels()
		a.reloadDocs()
		a.reloadOpen()
		return
	}
	a.apply(c.Change)
	if id := a.doc.DocID(); id != "" && slices.Contains(c.Docs, id) {
		a.reloadOpen()
	}
	a.refreshListSoon()
}

// refreshListSoon reads the document list again once listRefresh has
// passed, however many changes come meanwhile.
func (a *App) refreshListSoon() {
	if a.listDue {
		return
	}
	a.listDue = true
	time.AfterFunc(listRefresh, func() {
		fyne.Do(func() {
			a.listDue = false
			a.reloadDocs()
		})
	})
}
