//go:build !linux && !windows

package store

import "os"

// Elsewhere there is no lock that leaves SQLite's own alone, so no sign:
// a handle leaves the gap after every commit.

func turnLocksWork(*os.File) bool               { return false }
func lockTurnByte(*os.File)                     {}
func unlockTurnByte(*os.File)                   {}
func turnByteHeldElsewhere(*os.File, bool) bool { return true }
