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
	before := slices.Clone(a.docs)
	refreshed := func() {
		if a.onRefreshed != nil {
			a.onRefreshed(before)
		}
	}
	if c.Reload {
		a.refreshAll(refreshed) // logged once shown
		return
	}
	start := time.Now()
	defer a.logAction("remote", start, nil) // it holds the window too
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
	refreshed()
}

// reloadRead is what refreshAll reads, off the UI goroutine.
type reloadRead struct {
	query, openID string
	review        bool
	labels        []annot.Label
	labelsErr     error
	list          docsRead
	listErr       error
	open          *annot.Bundle
	openErr       error
	stale         bool // read before the window's latest change: show the list only
}

// refreshAll reads again whatever another program may have changed. The
// reads run off the UI goroutine (the list of a large project takes a
// tenth of a second), one Reload at a time: one that comes meanwhile
// reads again once the first is shown. What did not change is not
// touched: a list read as it was is not listed again, so that the
// hidden chunks of another program's import cost the window nothing;
// the article keeps its scroll position and selection (DocModel.Reload).
// shown runs once what was read is on screen.
func (a *App) refreshAll(shown func()) {
	if a.reloading {
		a.reloadAgain = true
		return
	}
	a.reloading = true
	w := a.watching
	gen := a.applied
	r := reloadRead{query: a.list.query(), review: a.doc.Mode() == ModeReview, openID: a.doc.DocID()}
	a.async(func() {
		r.labels, r.labelsErr = a.proj.Labels(a.ctx)
		r.list, r.listErr = a.readDocs(r.query, r.review)
		r.list.sum = summariesSum(r.list.docs, r.list.all)
		if r.openID != "" {
			r.open, r.openErr = a.proj.Bundle(a.ctx, r.openID)
		}
		fyne.Do(func() {
			a.reloading = false
			if a.watching != w {
				return // another project since
			}
			start := time.Now()
			// The window wrote (or showed a colleague's change) while this
			// was read: the labels and the article read may be older than
			// what it shows, and would take that change off the screen,
			// and the selection with it. Only the list is shown; the rest
			// is read again.
			if r.stale = a.applied != gen; r.stale {
				a.reloadAgain = true
			}
			a.showReload(r)
			a.logAction("remote", start, nil)
			if !r.stale {
				shown()
			}
			if a.reloadAgain {
				a.reloadAgain = false
				a.refreshAll(shown)
			}
		})
	})
}

// showReload shows what refreshAll read, where the window still shows
// what it was read for.
func (a *App) showReload(r reloadRead) {
	if r.labelsErr == nil && !r.stale && !reflect.DeepEqual(r.labels, a.doc.Labels()) {
		a.doc.SetLabels(r.labels)
	}
	switch {
	case r.query != a.list.query() || r.review != (a.doc.Mode() == ModeReview):
		a.reloadDocs() // the search or the mode changed meanwhile
	case r.listErr != nil:
		a.fail("list documents", r.listErr)
	case r.list.sum != a.listSum:
		a.showDocs(r.list)
	}
	if a.doc.DocID() == "" && len(a.docs) > 0 {
		a.open(a.docs[0].ID) // the project was empty until now
	} else if id := a.doc.DocID(); id != "" && id == r.openID && !r.stale {
		switch {
		case r.openErr == nil:
			cur := a.doc.Bundle()
			if !reflect.DeepEqual(r.open.Spans, cur.Spans) || !reflect.DeepEqual(r.open.Relations, cur.Relations) || !reflect.DeepEqual(r.open.States, cur.States) {
				a.doc.Reload(r.open)
			}
			a.sugg.reload() // another program may have run the rules
		case annot.ErrorKind(r.openErr) == annot.NotFound:
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
