package store

import (
	"os"

	"golang.org/x/sys/windows"
)

// Windows byte-range locks belong to the handle. Whether another handle
// holds the byte is asked by trying to lock it exclusively, and letting go
// at once if that worked.

func turnRange() *windows.Overlapped {
	return &windows.Overlapped{Offset: turnByte & 0xffffffff, OffsetHigh: turnByte >> 32}
}

func turnLocksWork(f *os.File) bool { return true }

func lockTurnByte(f *os.File) {
	windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, turnRange())
}

func unlockTurnByte(f *os.File) {
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, turnRange())
}

// turnByteHeldElsewhere tries the exclusive lock. With this handle's own
// shared lock held that would fail whoever else waits, so the answer is
// then yes; a handle rarely commits while one of its writers waits.
func turnByteHeldElsewhere(f *os.File, mine bool) bool {
	if mine {
		return true
	}
	h := windows.Handle(f.Fd())
	if err := windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, turnRange()); err != nil {
		return true
	}
	windows.UnlockFileEx(h, 0, 1, 0, turnRange())
	return false
}
