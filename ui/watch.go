package ui

import (
	"context"
	"reflect"
	"slices"
	"time"

	"fyne.io/fyne/v2"
)

// versioned is a project that can tell cheaply when others have changed
// it (store.DB: SQLite's data_version). A project without it is not
// watched.
type versioned interface {
	DataVersion(ctx context.Context) (int64, error)
}

// watchEvery is how often the window asks whether the database changed:
// often enough that another process's import shows within a second.
const watchEvery = 250 * time.Millisecond

// watcher polls the project for changes made by other processes.
type watcher struct {
	stop   chan struct{}
	done   chan struct{}
	cancel context.CancelFunc // a poll waiting behind a long write
}

// watch starts polling the open project; stopWatch ends it. A change
// made elsewhere (an import in a terminal, a colleague's window on the
// same file) reads the labels, the list and the open document again,
// keeping the selection and the scroll position.
func (a *App) watch() {
	p, ok := a.proj.(versioned)
	if !ok || a.watching != nil {
		return
	}
	ctx, cancel := context.WithCancel(a.ctx)
	w := &watcher{stop: make(chan struct{}), done: make(chan struct{}), cancel: cancel}
	a.watching = w
	last, err := p.DataVersion(ctx)
	go func() {
		defer close(w.done)
		tick := time.NewTicker(watchEvery)
		defer tick.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
			v, verr := p.DataVersion(ctx)
			if verr != nil || err != nil {
				last, err = v, verr // the database went away or came back: try again
				continue
			}
			if v == last {
				continue
			}
			last = v
			// Do, not DoAndWait: after the window has closed nothing runs
			// the queue, and stopWatch must not wait on this.
			fyne.Do(func() {
				select {
				case <-w.stop:
				default:
					a.refreshFromOutside()
				}
			})
		}
	}()
}

// stopWatch stops polling and waits for the poller to finish.
func (a *App) stopWatch() {
	w := a.watching
	if w == nil {
		return
	}
	a.watching = nil
	close(w.stop)
	w.cancel()
	<-w.done
}

// refreshFromOutside reads again what another process may have changed.
// The list keeps its rows' place, the article its scroll position and
// selection (DocModel.Reload); nothing is touched that did not change.
func (a *App) refreshFromOutside() {
	if ls, err := a.proj.Labels(a.ctx); err == nil && !reflect.DeepEqual(ls, a.doc.Labels()) {
		a.doc.SetLabels(ls)
	}
	before := slices.Clone(a.docs)
	a.reloadDocs()
	if id := a.doc.DocID(); id != "" {
		if b, err := a.proj.Bundle(a.ctx, id); err == nil {
			cur := a.doc.Bundle()
			if !reflect.DeepEqual(b.Spans, cur.Spans) || !reflect.DeepEqual(b.Relations, cur.Relations) || !reflect.DeepEqual(b.States, cur.States) {
				a.doc.Reload(b)
			}
		}
	} else if len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	}
	a.refreshGuidelines()
	if a.onRefreshed != nil {
		a.onRefreshed(before)
	}
}
