// Package store keeps Spanmark's projects in SQLite: schema migrations
// embedded in the binary, documents, labels, annotators, spans with
// tombstones, relations, verdicts and per-annotator status, imports that
// land whole or not at all, and exports in a stable order.
//
// Every write is one transaction. Writes open it with BEGIN IMMEDIATE, so
// that the window and a `spanmark import` in another process take turns
// instead of failing half-way with a stale snapshot, and a writer waits
// for its turn however long that takes (see write.go); reads go through a
// second pool of plain read transactions, so an export never holds up the
// window.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// DB is an open Spanmark database.
type DB struct {
	path string
	rw   *sql.DB // writes: BEGIN IMMEDIATE, one connection
	ro   *sql.DB // reads

	fresh bool // Open created the schema

	closed chan struct{} // closed by Close, which ends the watchers

	// Now is the clock; tests replace it to fix time.
	Now func() time.Time

	wait waiter // writers waiting for another process's write lock
	turn *turnSign
	ckpt *checkpointer
}

// dsn sets the pragmas in the connection string, so that every pooled
// connection has them, not only the one a PRAGMA statement happened to
// reach. synchronous=FULL because the window says "saved" after a commit
// and a power cut must not take that back.
func dsn(path string, write bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	if !write {
		q.Set("_journal_mode", "WAL")
	}
	// Writers wait for the write lock in write.go, polling without a
	// deadline; SQLite's own busy handler would give up after its timeout
	// and poll ever more slowly (100 ms apart), so a queue never forms.
	if write {
		q.Set("_busy_timeout", "0")
	} else {
		q.Set("_busy_timeout", "10000")
	}
	q.Set("_synchronous", "FULL")
	q.Set("_cache_size", "-32768") // 32 MB of pages, for imports that touch many
	if write {
		q.Set("_txlock", "immediate")
	} else {
		q.Set("_txlock", "deferred")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens or creates the database at path, runs the migrations it
// lacks and seeds the default labels into a new one. A database made by a
// newer Spanmark, another program's SQLite file and a database that
// cannot be written are refused, never altered.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options (see Options).
func OpenWith(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, annot.Errorf(annot.Invalid, "no database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	ctx := context.Background()
	if err := checkOurs(ctx, path); err != nil {
		return nil, err
	}
	rw, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	rw.SetMaxOpenConns(1)
	db := &DB{path: path, rw: rw, closed: make(chan struct{}), Now: func() time.Time { return time.Now().UTC() }}
	if err := db.migrate(ctx, opt.Seed); err != nil {
		rw.Close()
		return nil, describeOpenError(path, err)
	}
	db.turn = openTurnSign(path) // the file exists now
	ro, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		rw.Close()
		db.turn.close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.ro = ro
	if db.ckpt, err = startCheckpointer(path); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// describeOpenError says in words what SQLite's codes mean for a user
// who pointed --db at the wrong file.
func describeOpenError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return &annot.Error{File: path, Kind: annot.Invalid, Msg: "not a Spanmark database (not an SQLite file)"}
		case sqlite3.ErrCorrupt:
			return &annot.Error{File: path, Kind: annot.Invalid, Msg: "the database file is damaged", Err: err}
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly:
			return &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot open the database for writing", Err: err}
		}
	}
	var ae *annot.Error
	if errors.As(err, &ae) && ae.File == "" {
		c := *ae
		c.File = path
		return &c
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// Fresh reports whether Open created this database, so that the caller
// can seed a sample article into a new default database only.
func (db *DB) Fresh() bool { return db.fresh }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes both pools; WAL content is checkpointed by SQLite.
func (db *DB) Close() error {
	select {
	case <-db.closed:
	default:
		close(db.closed)
	}
	var err error
	db.ckpt.close()
	if db.ro != nil {
		err = db.ro.Close()
	}
	if e := db.rw.Close(); e != nil {
		err = e
	}
	db.turn.close() // after every connection of this handle
	return err
}

func (db *DB) stamp() string { return formatTime(db.Now()) }

// timeLayout is RFC 3339 with a fixed nine-digit fraction, so that times
// stored as text sort in time order ("latest verdict" queries rely on it);
// RFC3339Nano drops trailing zeros and would not.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
