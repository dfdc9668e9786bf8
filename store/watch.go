package store

import (
	"context"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// watchEvery is how often a watcher asks SQLite whether another program
// wrote: often enough that another process's import shows within a
// second.
const watchEvery = 250 * time.Millisecond

// Watch reports writes by other programs to the file (another window, a
// `spanmark import` in a terminal), as annot.Project says. SQLite tells
// only that something changed, so each report is a Reload.
//
// What changes is PRAGMA data_version, which SQLite keeps per
// connection: it moves when a connection other than the one asking
// commits. It is asked on the writer's connection (the write pool holds
// exactly one), which makes every write of this DB its own, never
// reported, and every other connection's "another"; asked on a read
// connection it would move for this DB's own writes too. If that
// connection is ever replaced the number jumps once, which costs one
// needless reread. The chunks of an import under way elsewhere move it
// too, but readers do not see them (pending_docs) until the import's
// last transaction, which moves it once more.
func (db *DB) Watch(ctx context.Context) <-chan annot.RemoteChange {
	out := make(chan annot.RemoteChange, 1)
	// The version is read before Watch returns: a write another program
	// makes after that is reported, however late the goroutine starts.
	last, ok := db.dataVersion(ctx)
	go func() {
		defer close(out)
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
			v, read := db.dataVersion(ctx)
			switch {
			case !read:
				continue // busy, or closing: ask again
			case !ok:
				last, ok = v, true // the database came back: from here on
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

// dataVersion reads PRAGMA data_version on the write connection; ok is
// false when it cannot be read now.
func (db *DB) dataVersion(ctx context.Context) (v int64, ok bool) {
	err := db.rw.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v, err == nil
}
