package store

import "context"

// HasSuggestions reports whether the project holds any suggestion, of a
// document whose import has finished. The window leaves its suggestions
// toolbar out of a project that has never had one: one indexed probe,
// cheap enough to ask on every document opened.
func (db *DB) HasSuggestions(ctx context.Context) (bool, error) {
	var has bool
	err := db.ro.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM suggestions WHERE `+visibleDocOf+`)`).Scan(&has)
	return has, err
}
