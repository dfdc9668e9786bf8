package store

import (
	"os"
	"path/filepath"
	"sync"
)

// A writer that finds another handle holding the write lock says so by
// holding a shared lock on one byte of the database file while it waits,
// and a handle that has just committed leaves the write lock free for a
// moment (turnGap) only when some other handle holds that byte. Without
// the sign every commit had to leave the gap in case another process was
// polling for its turn: a chunked import of 20,000 documents left 52 gaps,
// a sixth of its time, with nobody waiting.
//
// The byte lies in SQLite's lock page, the page of the file at 1 GiB that
// SQLite never stores data in, and past the bytes SQLite itself locks
// there (the first 512), so that neither SQLite's locking nor its reads and
// writes ever meet it. The lock is one the operating system drops when the
// process dies, so a killed waiter leaves no sign behind.
const (
	lockPage = 0x40000000       // SQLite's PENDING_BYTE: the lock page starts here
	turnByte = lockPage + 0x300 // inside the lock page of every page size from 1 KB
)

// turnSign is a handle's own lock on the byte, taken while any of its
// writers wait. A handle whose platform has no such lock leaves the gap
// after every commit, as if someone waited.
type turnSign struct {
	mu      sync.Mutex
	f       *os.File // nil: no sign on this platform or file
	key     string
	waiting int // this handle's writers that hold the sign
}

// The descriptors are opened once per file and process and closed with
// the last handle of that file: on Linux, closing any descriptor of a file
// drops every POSIX lock the process holds on it, SQLite's own included,
// so a descriptor may be closed only when no connection of this process
// is left on the file. Each handle's sign still has a descriptor of its
// own (the locks below belong to the descriptor): the process keeps them
// in a pool per file and closes them together.
var turnFiles = struct {
	sync.Mutex
	open map[string][]*os.File // per file: every descriptor, in use or free
	free map[string][]*os.File
}{open: map[string][]*os.File{}, free: map[string][]*os.File{}}

func openTurnSign(path string) *turnSign {
	key, err := filepath.Abs(path)
	if err != nil {
		return &turnSign{}
	}
	turnFiles.Lock()
	defer turnFiles.Unlock()
	if free := turnFiles.free[key]; len(free) > 0 {
		f := free[len(free)-1]
		turnFiles.free[key] = free[:len(free)-1]
		return &turnSign{f: f, key: key}
	}
	f, err := os.Open(path)
	if err != nil {
		return &turnSign{}
	}
	if !turnLocksWork(f) {
		f.Close()
		return &turnSign{}
	}
	turnFiles.open[key] = append(turnFiles.open[key], f)
	return &turnSign{f: f, key: key}
}

// raise says that one more of this handle's writers waits.
func (t *turnSign) raise() {
	if t == nil || t.f == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.waiting == 0 {
		lockTurnByte(t.f)
	}
	t.waiting++
}

// lower says that one of them got its turn or gave up.
func (t *turnSign) lower() {
	if t == nil || t.f == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.waiting--
	if t.waiting == 0 {
		unlockTurnByte(t.f)
	}
}

// othersWait reports whether a writer of another handle (another process,
// or another DB of this one) waits for the write lock. Where that cannot
// be known, it says yes.
func (t *turnSign) othersWait() bool {
	if t == nil || t.f == nil {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return turnByteHeldElsewhere(t.f, t.waiting > 0)
}

// close gives the descriptor back, its lock dropped; the last handle of
// the file closes them all.
func (t *turnSign) close() {
	if t == nil || t.f == nil {
		return
	}
	t.mu.Lock()
	if t.waiting > 0 {
		unlockTurnByte(t.f)
		t.waiting = 0
	}
	t.mu.Unlock()
	turnFiles.Lock()
	defer turnFiles.Unlock()
	free := append(turnFiles.free[t.key], t.f)
	if len(free) < len(turnFiles.open[t.key]) {
		turnFiles.free[t.key] = free
		return
	}
	for _, f := range free {
		f.Close()
	}
	delete(turnFiles.free, t.key)
	delete(turnFiles.open, t.key)
}
