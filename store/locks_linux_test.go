package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// sharedLockHeld reports whether some connection holds SQLite's shared
// lock on the database file (the bytes after 1 GiB + 2), asked through a
// descriptor of the test's own with an open-file-description lock, which
// sees this process's POSIX locks too. The descriptor is never closed:
// closing it would drop those very locks.
func sharedLockHeld(t *testing.T, f *os.File) bool {
	t.Helper()
	l := unix.Flock_t{Type: unix.F_WRLCK, Start: 0x40000002, Len: 510}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &l); err != nil {
		t.Fatal(err)
	}
	return l.Type != unix.F_UNLCK
}

// An open handle keeps SQLite's shared lock on its database however the
// process goes on to touch the file: opening a second handle on it, and
// merging the project into itself (refused), used to open and close the
// file, and closing any descriptor of a file drops every lock the process
// holds on it; importing it did too. Without its shared lock, another process closing the
// database takes itself for the last user and deletes the write-ahead log
// under the open handle.
func TestOpen_KeepsTheOpenHandlesLocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locks.db")
	a, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	newDoc(t, a, "Reuters said the ministry expects exports to fall.")
	probe, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !sharedLockHeld(t, probe) {
		t.Skip("SQLite holds no shared lock on an open WAL database here")
	}

	b, err := store.Open(path) // File > Open of the open project
	if err != nil {
		t.Fatal(err)
	}
	if !sharedLockHeld(t, probe) {
		t.Error("opening a second handle dropped the first one's lock on the file")
	}
	b.Close()
	if !sharedLockHeld(t, probe) {
		t.Error("closing the second handle dropped the first one's lock on the file")
	}
	if _, err := transfer.Merge(ctx, a, path, nil); annot.ErrorKind(err) != annot.Invalid {
		t.Errorf("merging the project into itself: %v, want it refused", err)
	}
	if !sharedLockHeld(t, probe) {
		t.Error("merging the project into itself dropped its lock on the file")
	}
	_, err = transfer.Import(ctx, a, transfer.Job{Path: path}, formats.Options{Annotator: "asha"}, func(error) {})
	if err == nil || !strings.Contains(err.Error(), "is a database, not a file to import") {
		t.Errorf("importing the project into itself: %v, want it refused as a database", err)
	}
	if !sharedLockHeld(t, probe) {
		t.Error("importing the project into itself dropped its lock on the file")
	}
}
