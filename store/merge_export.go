package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// History calls fn with every document in import order and everything a
// merge needs from it (edit.History), from one snapshot, leaving out the
// documents of an import still under way; a native export with --history
// writes what it gives.
func (db *DB) History(ctx context.Context, fn func(*annot.DocHistory) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return edit.History(ctx, editTx{tx}, visibleDoc, fn)
}
