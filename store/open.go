package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"app.spanmark.org/spanmark/internal/annot"
)

// Options change how OpenWith opens a database.
type Options struct {
	// Seed, if not nil, emits records that a database this Open creates
	// starts with (the default database's sample article). They are stored
	// in the transaction that creates the schema and the labels, so that
	// a database exists with all of it or not at all.
	Seed func(emit func(*annot.Record) error) error
}

// checkOurs looks at the file at path before anything that could change
// it: the connections of a DB switch a database to WAL as they connect,
// so the file must be known to be a Spanmark database first (or new), one
// this Spanmark can open, and one it may write. It reads through a
// connection that sets no journal mode.
func checkOurs(ctx context.Context, path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return checkWritable(path, false)
	}
	if err != nil {
		return &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read the database", Err: pathErr(err)}
	}
	if info.IsDir() {
		return &annot.Error{File: path, Kind: annot.Invalid, Msg: "is a folder, not a database file"}
	}
	// A database with its write-ahead log beside it is open in some
	// program, perhaps this one, and is not opened and closed here: on
	// Linux, closing any descriptor of a file drops every lock this
	// process holds on it, SQLite's shared lock of a handle already open
	// included, after which another process that closes the database
	// takes itself for its last user and deletes the log under that
	// handle. The probe below, through SQLite, tells what it is.
	_, walErr := os.Stat(path + "-wal")
	inUse := walErr == nil
	if info.Size() > 0 && !inUse {
		if err := checkHeader(path); err != nil {
			return err
		}
	}
	if err := checkWritable(path, true); err != nil {
		return err
	}
	if info.Size() == 0 {
		return nil
	}
	probe, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer probe.Close()
	var ours, other int
	err = probe.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(name = 'migrations'), 0),
		COALESCE(SUM(name <> 'migrations' AND name NOT LIKE 'sqlite_%'), 0)
		FROM sqlite_master WHERE type = 'table'`).Scan(&ours, &other)
	if err != nil {
		return describeOpenError(path, err)
	}
	if ours == 0 && other > 0 {
		return &annot.Error{File: path, Kind: annot.Invalid, Msg: "an SQLite file of another program, not a Spanmark database; the file was not changed"}
	}
	if ours == 0 {
		return nil
	}
	applied, err := appliedVersions(ctx, probe)
	if err != nil {
		return describeOpenError(path, err)
	}
	return tooNew(path, applied)
}

// checkHeader refuses a file that is not SQLite at all without opening it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read the database", Err: pathErr(err)}
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return &annot.Error{File: path, Kind: annot.Invalid, Msg: "not a Spanmark database (not an SQLite file); the file was not changed"}
	}
	return nil
}

// checkWritable refuses a database that cannot be written, or whose
// folder cannot take the journal files SQLite keeps beside it, before
// SQLite creates them: opened anyway, such a database fails at the first
// write, against whatever was being written, and leaves its -wal and
// -shm files behind.
func checkWritable(path string, exists bool) error {
	if exists {
		if err := fileWritable(path); err != nil {
			return readOnly(path, err)
		}
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(path + "-wal"); err == nil && exists {
		return nil // the journal is there already
	}
	if err := dirWritable(dir); err != nil {
		return readOnly(path, &fs.PathError{Op: "write", Path: dir, Err: err})
	}
	return nil
}

func readOnly(path string, err error) error {
	return &annot.Error{File: path, Kind: annot.Invalid,
		Msg: "the database is read-only: Spanmark needs to write to it and to its folder; nothing was changed", Err: pathErr(err)}
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tooNew refuses a database that ran a migration this binary does not
// have: a newer Spanmark made it.
func tooNew(path string, applied map[int]bool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	unknown := 0
	for v := range applied {
		if !known[v] && v > unknown {
			unknown = v
		}
	}
	if unknown > 0 {
		return &annot.Error{File: path, Kind: annot.TooNew, Msg: fmt.Sprintf(
			"made by a newer Spanmark (schema %d; this one knows up to %d): update Spanmark to open it; the file was not changed", unknown, ms[len(ms)-1].Version)}
	}
	return nil
}
