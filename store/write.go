package store

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// Writers take turns. Every write is one BEGIN IMMEDIATE transaction,
// and a writer that finds another process holding the write lock waits
// for it, however long, instead of failing: the window's tagging during a
// long import in another process, and an import behind a stream of
// tagging, each get their turn. SQLite's busy handler is not used for
// this: it gives up after its timeout and polls ever more slowly, so a
// writer that came first could lose the lock to every later one. Here a
// waiting writer polls every couple of milliseconds and raises a sign that
// it waits (turn.go); a handle that sees the sign leaves the lock free
// for a moment after its commit, and bulk writers commit in chunks (see
// Import), so waits are short.
//
// A wait longer than waitNotice is reported to the function given to
// OnWait, so that the window can say "waiting for another Spanmark to
// finish writing" rather than seem to hang.

// waitNotice is how long a writer waits before it is reported as waiting.
const waitNotice = 150 * time.Millisecond

// turnGap is how long a handle leaves the write lock free after a commit
// before it takes it again, when a writer of another handle waits. Waiting
// writers poll more often than that, so a stream of writes from one
// process (a script tagging in a loop, an import's chunks) cannot keep
// the lock from them: each waiter gets its turn within one write.
const turnGap = 4 * time.Millisecond

// waiter tells a listener when writers start and stop waiting, and
// keeps the time of the handle's last commit (see turnGap).
type waiter struct {
	mu         sync.Mutex
	notify     func(waiting bool)
	waiting    int
	lastCommit time.Time
}

func (w *waiter) committed() {
	w.mu.Lock()
	w.lastCommit = time.Now()
	w.mu.Unlock()
}

// yield sleeps out the rest of turnGap after this handle's last commit,
// if a writer of another handle waits.
func (w *waiter) yield(ctx context.Context, turn *turnSign) {
	w.mu.Lock()
	rest := turnGap - time.Since(w.lastCommit)
	w.mu.Unlock()
	if rest > 0 && turn.othersWait() {
		select {
		case <-ctx.Done():
		case <-time.After(rest):
		}
	}
}

// OnWait sets f to be told, from the waiting goroutine, when a write has
// waited waitNotice for another process to finish writing (true) and when
// it got its turn (false).
func (db *DB) OnWait(f func(waiting bool)) {
	db.wait.mu.Lock()
	db.wait.notify = f
	db.wait.mu.Unlock()
}

func (w *waiter) change(d int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := w.waiting > 0
	w.waiting += d
	if after := w.waiting > 0; after != before && w.notify != nil {
		w.notify(after)
	}
}

// beginner is what starts transactions: the write pool, or one of its
// connections held for a run of transactions (see importChunks).
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// beginOn starts a write transaction, waiting for the write lock as long
// as it takes, or until ctx is done.
//
// The transaction itself is begun with a context that is never
// cancelled. database/sql rolls back a transaction whose context ends on
// a goroutine of its own, and on a connection held with DB.Conn (an
// import's chunk, a merge) that raced with the holder putting the
// connection's pragmas back: a Ctrl+C during a merge crashed in
// database/sql on a connection it had just closed. Statements take ctx
// and stop when it ends (go-sqlite3 interrupts them), the writer's error
// rolls back, and writeOn does not commit once ctx is done.
func (db *DB) beginOn(ctx context.Context, on beginner) (*sql.Tx, error) {
	start := time.Now()
	noticed, raised := false, false
	defer func() {
		if noticed {
			db.wait.change(-1)
		}
		if raised {
			db.turn.lower()
		}
	}()
	db.wait.yield(ctx, db.turn)
	for {
		if err := ctx.Err(); err != nil {
			return nil, cancelledWrite(err)
		}
		tx, err := on.BeginTx(context.WithoutCancel(ctx), nil)
		if err == nil || !isBusy(err) {
			return tx, err
		}
		if !raised {
			raised = true
			db.turn.raise()
		}
		if !noticed && time.Since(start) >= waitNotice {
			noticed = true
			db.wait.change(+1)
		}
		select {
		case <-ctx.Done():
			return nil, cancelledWrite(ctx.Err())
		case <-time.After(time.Millisecond + rand.N(2*time.Millisecond)):
		}
	}
}

func cancelledWrite(err error) error {
	return &annot.Error{Kind: annot.Cancelled, Msg: "cancelled while waiting for another Spanmark to finish writing", Err: err}
}

// write runs fn in one immediate transaction and commits it.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.writeOn(ctx, db.rw, fn)
}

func (db *DB) writeOn(ctx context.Context, on beginner, fn func(tx *sql.Tx) error) error {
	tx, err := db.beginOn(ctx, on)
	if err != nil {
		return db.writeError(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return db.writeError(err)
	}
	if err := ctx.Err(); err != nil {
		return &annot.Error{Kind: annot.Cancelled, Msg: "cancelled; nothing of this change was stored", Err: err}
	}
	err = tx.Commit()
	db.wait.committed()
	if err == nil {
		db.ckpt.committed()
	}
	return db.writeError(err)
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// writeError names the database in what goes wrong with it rather than
// with the input: a database made read-only, or a full disk, is reported
// against the database file, not against line 1 of a file being imported.
func (db *DB) writeError(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrCantOpen:
		return readOnly(db.path, err)
	case sqlite3.ErrFull:
		return &annot.Error{File: db.path, Kind: annot.Invalid, Msg: "the disk is full; nothing of this change was stored", Err: err}
	case sqlite3.ErrIoErr:
		return &annot.Error{File: db.path, Kind: annot.Invalid, Msg: "the database could not be written; nothing of this change was stored", Err: err}
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return &annot.Error{File: db.path, Kind: annot.Conflict, Msg: "the database is busy: another Spanmark is writing to it", Err: err}
	}
	return err
}
