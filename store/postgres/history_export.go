package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// History calls fn with every document in import order and everything a
// merge needs from it (edit.History), as the SQLite store's History gives
// it, from one snapshot. A laptop that syncs pulls the server's project
// through it.
func (db *DB) History(ctx context.Context, fn func(*annot.DocHistory) error) error {
	return db.read(ctx, func(tx pgx.Tx) error {
		return edit.History(ctx, editTx{tx}, "", fn)
	})
}
