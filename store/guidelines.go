package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// guidelinesMigration made the guidelines table; a database it upgrades
// or creates gets the default guidelines, in the transaction that runs it
// (see migrate).
const guidelinesMigration = 7

var _ annot.GuidelineService = (*DB)(nil)

// Guidelines returns the project's annotation guidelines, Markdown.
func (db *DB) Guidelines(ctx context.Context) (string, error) {
	var text string
	err := db.ro.QueryRowContext(ctx, `SELECT text FROM guidelines WHERE id = 1`).Scan(&text)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return text, err
}

// SetGuidelines replaces the guidelines.
func (db *DB) SetGuidelines(ctx context.Context, text string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO guidelines(id, text, updated_at) VALUES (1, ?1, ?2)
			ON CONFLICT(id) DO UPDATE SET text = ?1, updated_at = ?2`, text, db.stamp())
		return err
	})
}
