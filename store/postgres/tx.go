package postgres

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// scope is how much of the project a write may touch, which decides the
// locks it takes first (see the package comment).
type scope int

const (
	// oneDoc writes share the project and lock the one document they
	// change (lockDoc) before they read it.
	oneDoc scope = iota
	// imports share the project and queue among themselves, then lock
	// each document they join.
	imports
	// everything (labels, merges) waits for every other write to end.
	everything
)

// write runs fn in one transaction at READ COMMITTED, after the locks of
// sc, and commits it. A transaction the server aborted to break a
// deadlock or a serialization clash is run again from the start, so fn
// must set what it returns afresh on every run.
func (db *DB) write(ctx context.Context, sc scope, fn func(tx pgx.Tx) error) error {
	return db.writeDoc(ctx, sc, "", fn)
}

// writeDoc is write for a write that changes the one document docID (""
// for none known yet): its lock is taken with the project's, before fn
// reads anything.
func (db *DB) writeDoc(ctx context.Context, sc scope, docID string, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.writeOnce(ctx, sc, docID, fn)
		var na newAnnotator
		if errors.As(err, &na) {
			if _, err = ensureAnnotator(ctx, db.pool, string(na)); err != nil {
				break
			}
			attempt--
			continue
		}
		if !retryable(err) {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
	return serverError(err)
}

// writeOnce opens the transaction, takes its locks and marks its origin
// in the one round trip that BEGIN takes: a tag is a few round trips in
// all, which is what its latency is made of on a busy server.
func (db *DB) writeOnce(ctx context.Context, sc scope, docID string, fn func(tx pgx.Tx) error) error {
	// The origin marks the notifications this transaction sends, so this
	// handle's own watcher can skip them. Every value here is a number or
	// hex this package made, so it is written into the statement.
	begin := fmt.Sprintf("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT set_config('spanmark.origin', '%s', true)", db.origin)
	switch sc {
	case oneDoc:
		begin += fmt.Sprintf(", pg_advisory_xact_lock_shared(%d)", db.lockKey)
	case imports:
		begin += fmt.Sprintf(", pg_advisory_xact_lock_shared(%d), pg_advisory_xact_lock(%d)", db.lockKey, db.lockKey|1)
	case everything:
		begin += fmt.Sprintf(", pg_advisory_xact_lock(%d)", db.lockKey)
	}
	if docID != "" {
		begin += fmt.Sprintf(", pg_advisory_xact_lock(%d)", db.docKey(docID))
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// lockDoc takes the lock of one document for the rest of the
// transaction. A write locks one document only, so no two writes wait on
// each other in a circle.
func (db *DB) lockDoc(ctx context.Context, tx pgx.Tx, docID string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, db.docKey(docID))
	return err
}

// docKey is the advisory lock of one document.
func (db *DB) docKey(docID string) int64 {
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(db.lockKey))
	h.Write(b[:])
	h.Write([]byte(docID))
	k := int64(h.Sum64())
	if k&^0xffff == db.lockKey {
		k ^= 1 << 32 // never one of the project's own keys
	}
	return k
}

// read runs fn in one read-only REPEATABLE READ transaction: one
// snapshot, however long the read, that holds up no writer.
func (db *DB) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return serverError(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return serverError(err)
	}
	return serverError(tx.Commit(ctx))
}

// retryable reports whether the server aborted the transaction to break
// a deadlock or a serialization clash, so that running it again is the
// right answer.
func retryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// serverError says in the user's words what the server refused, keeping
// the cause: a row-level security refusal is a conflict with who owns the
// row, not an internal error.
func serverError(err error) error {
	if err == nil {
		return nil
	}
	var ae *annot.Error
	if errors.As(err, &ae) {
		return err
	}
	switch pgCode(err) {
	case "42501":
		return &annot.Error{Kind: annot.Conflict, Msg: "the server does not allow this to your role (each analyst changes only their own work; verdicts need the reviewer role)", Err: err}
	case "40001", "40P01":
		return &annot.Error{Kind: annot.Conflict, Msg: "the server is busy with colleagues' changes; try again", Err: err}
	case "57014":
		return &annot.Error{Kind: annot.Cancelled, Msg: "cancelled", Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return &annot.Error{Kind: annot.Cancelled, Msg: "cancelled", Err: err}
	}
	return err
}

// errMoved means a row's document changed between looking it up and
// locking it (a merge joined two copies of a text): look again.
var errMoved = errors.New("the row moved to another document")

// writeMoving runs a one-document write whose document was looked up
// from a row before the transaction, and looks again (relookup, into
// *doc) if the row moved before the lock was taken.
func (db *DB) writeMoving(ctx context.Context, fn func(tx pgx.Tx) error, doc *string, relookup func() (string, error)) error {
	for attempt := 0; ; attempt++ {
		err := db.writeDoc(ctx, oneDoc, *doc, fn)
		if !errors.Is(err, errMoved) || attempt == 3 {
			return err
		}
		if *doc, err = relookup(); err != nil {
			return err
		}
	}
}

// newAnnotator stops a write that needs an annotator not stored yet; write
// adds them in a transaction of their own and runs the write again.
type newAnnotator string

func (n newAnnotator) Error() string { return "new annotator " + string(n) }
