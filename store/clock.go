package store

import "time"

// SetClock replaces the clock that stamps rows, so that tests can fix
// time (storetest.Clock).
func (db *DB) SetClock(now func() time.Time) { db.Now = now }
