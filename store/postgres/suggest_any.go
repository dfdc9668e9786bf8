package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// HasSuggestions reports whether the project holds any suggestion; see
// annot.SuggestionService. An import on the server is one transaction,
// so every stored suggestion's document is whole.
func (db *DB) HasSuggestions(ctx context.Context) (bool, error) {
	var has bool
	err := db.read(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suggestions)`).Scan(&has)
	})
	return has, err
}
