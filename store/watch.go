package store

import (
	"context"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// watchEvery is how often a watcher asks SQLite whether another program
// wrote: well under the second in which a window should show it.
const watchEvery = 250 * time.Millisecond

// Watch reports writes by other programs to the file (another window, a
// `spanmark import`). SQLite says only that something changed, through
// PRAGMA data_version, which changes when another connection commits;
// it is read on the write connection, which makes all of this handle's
// own writes, so they are never reported. Each report is a Reload.
func (db *DB) Watch(ctx context.Context) <-chan annot.RemoteChange {
	out := make(chan annot.RemoteChange, 1)
	go func() {
		defer close(out)
		version := func() (int64, bool) {
			var v int64
			err := db.rw.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
			return v, err == nil
		}
		last, ok := version()
		tick := time.NewTicker(watchEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-db.closed:
				return
			case <-tick.C:
			}
			v, read := version()
			switch {
			case !read:
				continue // busy, or closing: ask again
			case !ok:
				last, ok = v, true
				continue
			case v == last:
				continue
			}
			last = v
			select {
			case out <- annot.RemoteChange{Reload: true}:
			default: // one waiting already says as much
			}
		}
	}()
	return out
}
