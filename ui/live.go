package ui

import (
	"context"
	"reflect"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"app.spanmark.org/spanmark/internal/annot"
)

// listRefresh is how often at most the document list is read again for
// colleagues' tags on a team server: its counts and states, not worth a
// read per tag when twenty people tag at once. New documents and a
// Reload read it at once.
const listRefresh = time.Second

// watcher hears what the project reports of others' writes
// (annot.Project.Watch), until stopWatch.
type watcher struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// watch shows what others write to the open project as it happens:
// colleagues on a team server, or another program on the same file (an
// import in a terminal, a second window). The open document takes their
// rows as it takes the window's own changes, keeping the selection and
// the scroll position; the document list, the labels and the guidelines
// follow. It runs until stopWatch, or until the project closes.
func (a *App) watch() {
	if a.watching != nil {
		return
	}
	ctx, cancel := context.WithCancel(a.ctx)
	w := &watcher{cancel: cancel, done: make(chan struct{})}
	a.watching = w
	changes := a.proj.Watch(ctx)
	go func() {
		defer close(w.done)
		for c := range changes {
			// Do, not DoAndWait: after the window has closed nothing runs
			// the queue, and stopWatch must not wait on this.
			fyne.Do(func() {
				if ctx.Err() == nil && a.watching == w {
					a.remote(c)
				}
			})
		}
	}()
}

// stopWatch stops hearing of others' changes (the window closes, or
// opens another project) and waits for the watch to end.
func (a *App) stopWatch() {
	w := a.watching
	if w == nil {
		return
	}
	a.watching = nil
	w.cancel()
	<-w.done
}

// remote applies one change made elsewhere. Applying rows as they now
// are is idempotent, so a change seen twice does no harm; a Reload reads
// again what is shown and keeps the open document, scroll position and
// selection.
func (a *App) remote(c annot.RemoteChange) {
	start := time.Now()
	defer a.logAction("remote", start, nil) // it holds the window too
	before := slices.Clone(a.docs)
	switch {
	case c.Reload:
		a.refreshAll()
	default:
		a.apply(c.Change)
		if id := a.doc.DocID(); id != "" && slices.Contains(c.Docs, id) {
			a.reloadOpen()
		}
		if c.Guidelines {
			a.refreshGuidelines()
		}
		if len(c.Docs) > 0 || a.doc.DocID() == "" {
			a.refreshList() // documents added: list them at once
		} else {
			a.refreshListSoon()
		}
	}
	if a.onRefreshed != nil {
		a.onRefreshed(before)
	}
}

// refreshAll reads again whatever another program may have changed. The
// list keeps its rows' place, the article its scroll position and
// selection (DocModel.Reload); nothing that did not change is touched.
func (a *App) refreshAll() {
	if ls, err := a.proj.Labels(a.ctx); err == nil && !reflect.DeepEqual(ls, a.doc.Labels()) {
		a.doc.SetLabels(ls)
	}
	a.refreshList()
	if id := a.doc.DocID(); id != "" {
		b, err := a.proj.Bundle(a.ctx, id)
		switch {
		case err == nil:
			cur := a.doc.Bundle()
			if !reflect.DeepEqual(b.Spans, cur.Spans) || !reflect.DeepEqual(b.Relations, cur.Relations) || !reflect.DeepEqual(b.States, cur.States) {
				a.doc.Reload(b)
			}
			a.sugg.reload() // another program may have run the rules
		case annot.ErrorKind(err) == annot.NotFound:
			a.openGone() // merged into a copy imported first elsewhere
		default:
			a.sugg.reload()
		}
	}
	a.refreshGuidelines()
}

// refreshList reads the document list again, and opens the first
// document if none is open yet (the project was empty until now).
func (a *App) refreshList() {
	a.reloadDocs()
	if a.doc.DocID() == "" && len(a.docs) > 0 {
		a.open(a.docs[0].ID)
		return
	}
	a.checkOpenGone()
}

// checkOpenGone follows the open document when it is no longer listed
// and no longer in the project: a team server names the documents a
// merge into it added (the open one under its new ID), not the ID it
// removed. A document the filter or the search hides is still found and
// stays open.
func (a *App) checkOpenGone() {
	id := a.doc.DocID()
	if id == "" || slices.ContainsFunc(a.docs, func(d annot.DocSummary) bool { return d.ID == id }) {
		return
	}
	if _, err := a.proj.Bundle(a.ctx, id); annot.ErrorKind(err) == annot.NotFound {
		a.openGone()
	}
}

// refreshListSoon reads the document list again once listRefresh has
// passed, however many changes come meanwhile.
func (a *App) refreshListSoon() {
	if a.listDue {
		return
	}
	a.listDue = true
	w := a.watching
	time.AfterFunc(listRefresh, func() {
		fyne.Do(func() {
			a.listDue = false
			if a.watching != w { // another project since
				return
			}
			before := slices.Clone(a.docs)
			a.refreshList()
			if a.onRefreshed != nil {
				a.onRefreshed(before)
			}
		})
	})
}
