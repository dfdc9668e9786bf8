package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// guidelinesMigration made the guidelines table; the project it upgrades
// or creates gets the default guidelines, in its transaction.
const guidelinesMigration = 7

var _ annot.GuidelineService = (*DB)(nil)

// Guidelines returns the project's annotation guidelines, Markdown.
func (db *DB) Guidelines(ctx context.Context) (string, error) {
	var text string
	err := db.pool.QueryRow(ctx, `SELECT text FROM guidelines WHERE id = 1`).Scan(&text)
	if noRows(err) {
		return "", nil
	}
	return text, serverError(err)
}

// SetGuidelines replaces the guidelines. On a team server they are the
// reviewers' to keep (0007_guidelines_label_merges.sql): an analyst's
// edit is refused, and every open window hears of a saved one.
func (db *DB) SetGuidelines(ctx context.Context, text string) error {
	now := db.stamp()
	return db.write(ctx, oneDoc, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO guidelines(id, text, updated_at) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`, text, now)
		return err
	})
}
