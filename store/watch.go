package store

import "context"

// DataVersion is a number that changes when another connection, in this
// process or another (a `spanmark import` in a terminal, a second
// window), commits to the database, and stays put for this DB's own
// writes, so that a window can poll it cheaply and read again only what
// others changed.
//
// It is SQLite's PRAGMA data_version, which is per connection: it moves
// when a connection other than the one asking commits. It is asked on
// the writer's connection (the write pool holds exactly one), which
// makes every write of this DB its own and every other connection's
// "another"; asked on a read connection it would move for this DB's
// writes too. If that connection is ever replaced the number jumps once,
// which costs one needless reread.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.rw.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v, err
}
