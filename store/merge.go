package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// Merge brings the Spanmark database at path into this one, in one
// transaction: all of it, or nothing if anything fails or ctx is
// cancelled. The rules (who wins, which ID stays, tombstones first) are
// internal/annot's; see merge_rows.go for how they are applied.
//
// The other database is never written to: it is read through a copy
// when no program has it open, else opened read-only, never migrated and
// never switched to another journal mode. A file that is not SQLite, an
// SQLite file of another program and a database made by a newer
// Spanmark are refused. One made by an older Spanmark is copied and the
// copy migrated.
func (db *DB) Merge(ctx context.Context, path string, progress annot.MergeProgress) (annot.MergeResult, error) {
	if same(db.path, path) {
		return annot.MergeResult{}, &annot.Error{File: path, Kind: annot.Invalid, Msg: "is the database being merged into: nothing to merge"}
	}
	dir, err := os.MkdirTemp("", "spanmark-merge-")
	if err != nil {
		return annot.MergeResult{}, err
	}
	defer os.RemoveAll(dir)
	src, err := readableCopy(path, dir)
	if err != nil {
		return annot.MergeResult{}, err
	}
	version, err := checkSource(ctx, path, src)
	if err != nil {
		return annot.MergeResult{}, err
	}
	if version < newestVersion() {
		if src, err = migratedCopy(ctx, path, src, dir); err != nil {
			return annot.MergeResult{}, err
		}
	}
	res, err := db.mergeFrom(ctx, src, false, progress)
	return res, placeMergeError(ctx, path, err)
}

// same reports whether two paths name one file.
func same(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// readableCopy returns a file to read the database at path from. When no
// program has it open (it has no write-ahead log beside it), its bytes
// are the whole database and are copied into dir, so that SQLite's
// read-only open, which makes -wal and -shm files and cannot remove them,
// makes them there. Otherwise it is read where it is, read-only; the log
// files exist already.
func readableCopy(path, dir string) (string, error) {
	before, err := os.Stat(path)
	if err != nil {
		return "", &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPath(err)}
	}
	if before.IsDir() {
		return "", &annot.Error{File: path, Kind: annot.Invalid, Msg: "is a folder, not a database"}
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return path, nil
	}
	dst := filepath.Join(dir, "source.db")
	if err := copyFile(path, dst); err != nil {
		return "", &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPath(err)}
	}
	// A program that opened it meanwhile may have written to it: then
	// read it in place instead.
	after, err := os.Stat(path)
	if _, werr := os.Stat(path + "-wal"); werr == nil || err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		return path, nil
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readOnlyURI opens a database file for reading only: SQLite refuses
// every write through it, a journal-mode change included.
func readOnlyURI(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro"
}

// checkSource refuses what is not a Spanmark database and returns the
// schema version of one that is. name is the path the user gave, src the
// file read.
func checkSource(ctx context.Context, name, src string) (int, error) {
	ro, err := sql.Open("sqlite3", readOnlyURI(src)+"&_busy_timeout=10000")
	if err != nil {
		return 0, err
	}
	defer ro.Close()
	var ours, tables int
	err = ro.QueryRowContext(ctx, `SELECT COALESCE(SUM(name = 'migrations'), 0), COUNT(*)
		FROM sqlite_master WHERE type = 'table'`).Scan(&ours, &tables)
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return 0, &annot.Error{File: name, Kind: annot.Invalid, Msg: "neither a Spanmark database nor a native JSONL export (a damaged SQLite file?); nothing was merged"}
	}
	if err != nil {
		return 0, &annot.Error{File: name, Kind: annot.Invalid, Msg: "cannot read the database", Err: err}
	}
	if ours == 0 {
		return 0, &annot.Error{File: name, Kind: annot.Invalid, Msg: "an SQLite file of another program, not a Spanmark database; nothing was merged"}
	}
	var v int
	if err := ro.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM migrations`).Scan(&v); err != nil {
		return 0, &annot.Error{File: name, Kind: annot.Invalid, Msg: "cannot read the database", Err: err}
	}
	switch newest := newestVersion(); {
	case v > newest:
		return 0, &annot.Error{File: name, Kind: annot.TooNew,
			Msg: fmt.Sprintf("made by a newer Spanmark (schema %d; this one knows up to %d): update Spanmark to merge it; nothing was merged", v, newest)}
	case v == 0:
		return 0, &annot.Error{File: name, Kind: annot.Invalid, Msg: "an empty Spanmark database: nothing to merge"}
	}
	return v, nil
}

// newestVersion is the schema version this Spanmark writes.
func newestVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// migratedCopy copies a database made by an older Spanmark and brings the
// copy to this schema, leaving the original as it was.
func migratedCopy(ctx context.Context, name, src, dir string) (string, error) {
	dst := filepath.Join(dir, "migrated.db")
	ro, err := sql.Open("sqlite3", readOnlyURI(src)+"&_busy_timeout=10000")
	if err != nil {
		return "", err
	}
	_, err = ro.ExecContext(ctx, `VACUUM INTO ?`, dst)
	ro.Close()
	if err != nil {
		return "", &annot.Error{File: name, Kind: annot.Invalid, Msg: "cannot copy the database to bring it up to date", Err: err}
	}
	c, err := Open(dst)
	if err != nil {
		return "", &annot.Error{File: name, Kind: annot.Invalid, Msg: "cannot bring a copy of the database up to date", Err: err}
	}
	if err := c.Close(); err != nil {
		return "", err
	}
	return dst, nil
}

// placeMergeError names the source in an error, and marks the error of a
// cancelled merge as such whichever layer noticed first.
func placeMergeError(ctx context.Context, name string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && annot.ErrorKind(err) != annot.Cancelled {
		err = &annot.Error{Kind: annot.Cancelled, Msg: "merge cancelled; nothing was merged", Err: ctx.Err()}
	}
	return annot.At(name, 0, err)
}

// mergeFrom attaches the database at src read-only and merges it in one
// immediate transaction. ATTACH cannot run inside a transaction, so the
// write connection is held for the whole merge. staged is set for a
// database that MergeHistory made from a file.
func (db *DB) mergeFrom(ctx context.Context, src string, staged bool, progress annot.MergeProgress) (annot.MergeResult, error) {
	var res annot.MergeResult
	conn, err := db.rw.Conn(ctx)
	if err != nil {
		return res, db.writeError(err)
	}
	defer conn.Close()
	// The sorts that find twins and join rows would spill to temporary
	// files; a merge keeps them in memory.
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return res, err
	}
	defer conn.ExecContext(context.Background(), `PRAGMA temp_store = DEFAULT`)
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS o`, readOnlyURI(src)); err != nil {
		return res, err
	}
	defer conn.ExecContext(context.Background(), `DETACH DATABASE o`)
	// Documents of an import still under way in the other database, or
	// left by one whose process died, are hidden there (pending_docs);
	// merging its tables as they are would bring them in.
	var hidden int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM o.sqlite_master WHERE name = 'pending_docs'`).Scan(&hidden); err != nil {
		return res, err
	}
	if hidden > 0 {
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM o.pending_docs`).Scan(&hidden); err != nil {
			return res, err
		}
	}
	if hidden > 0 {
		return res, &annot.Error{File: src, Kind: annot.Conflict, Msg: "an import is under way in this database, or one was cut short: merge it once the import has finished, or after opening it with Spanmark, which removes what an interrupted import left"}
	}
	tx, err := db.beginOn(ctx, conn)
	if err != nil {
		return res, db.writeError(err)
	}
	defer tx.Rollback()
	if progress == nil {
		progress = func(string, int, int) {}
	}
	m := &merger{ctx: ctx, quiet: context.WithoutCancel(ctx), tx: tx, now: db.stamp(), staged: staged, res: &res, progress: progress}
	if err := m.run(); err != nil {
		return annot.MergeResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return annot.MergeResult{}, err // the transaction was begun uncancellable (see beginOn)
	}
	progress("saving", 1, 1)
	err = tx.Commit()
	db.wait.committed()
	if err != nil {
		return annot.MergeResult{}, db.writeError(err)
	}
	db.ckpt.committed()
	return res, nil
}
