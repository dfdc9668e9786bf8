package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// Open file description locks (F_OFD_*) belong to the descriptor, not to
// the process: SQLite's own POSIX locks on this file are not touched when
// this descriptor's lock is taken or dropped, and two handles in one
// process see each other's.

func turnFlock(typ int16) *unix.Flock_t {
	return &unix.Flock_t{Type: typ, Whence: 0, Start: turnByte, Len: 1}
}

func turnLocksWork(f *os.File) bool {
	l := turnFlock(unix.F_WRLCK)
	return unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, l) == nil
}

func lockTurnByte(f *os.File) {
	unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, turnFlock(unix.F_RDLCK))
}

func unlockTurnByte(f *os.File) {
	unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, turnFlock(unix.F_UNLCK))
}

// turnByteHeldElsewhere asks whether an exclusive lock on the byte would
// conflict with a lock of another descriptor; this descriptor's own lock
// never conflicts with itself, so mine does not matter here.
func turnByteHeldElsewhere(f *os.File, mine bool) bool {
	l := turnFlock(unix.F_WRLCK)
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, l); err != nil {
		return true
	}
	return l.Type != unix.F_UNLCK
}
