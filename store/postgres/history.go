package postgres

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// record adds an action to the top of the annotator's stack for the
// document and drops what could have been redone, and the oldest
// actions past edit.HistoryLimit.
func record(ctx context.Context, tx pgx.Tx, docID, annotatorID, kind string, p annot.UndoStep, now string) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	queueRecord(b, docID, annotatorID, kind, body, now)
	return tx.SendBatch(ctx, b).Close()
}

// queueRecord queues what record does onto a batch of other writes.
func queueRecord(b *pgx.Batch, docID, annotatorID, kind string, body []byte, now string) {
	b.Queue(`DELETE FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND undone`, docID, annotatorID)
	b.Queue(`INSERT INTO actions(doc_id, annotator_id, kind, payload, at) VALUES ($1, $2, $3, $4, $5)`,
		docID, annotatorID, kind, string(body), now)
	b.Queue(`DELETE FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND seq <= (
		SELECT seq FROM actions WHERE doc_id = $1 AND annotator_id = $2 ORDER BY seq DESC LIMIT 1 OFFSET $3)`,
		docID, annotatorID, edit.HistoryLimit)
}

// Undo reverts the annotator's latest action that is not undone yet.
func (db *DB) Undo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, true)
}

// Redo re-applies the action undone last.
func (db *DB) Redo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, false)
}

func (db *DB) step(ctx context.Context, docID, annotator string, undo bool) (annot.Change, bool, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, false, err
	}
	now := db.stamp()
	var c annot.Change
	var ok bool
	err := db.writeDoc(ctx, oneDoc, docID, func(tx pgx.Tx) (err error) {
		c, ok, err = edit.Step(ctx, editTx{tx}, docID, annotator, undo, now)
		return err
	})
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, ok, nil
}

// tombstoneSpan deletes a live span and the live relations that touch
// it, returning those relations so that an undo can bring them back.
func tombstoneSpan(ctx context.Context, tx pgx.Tx, spanID, now string) ([]string, error) {
	// spanmark_unlink takes colleagues' links to the span along, which
	// an analyst may not touch directly (0003_roles.sql).
	rows, err := tx.Query(ctx, `SELECT spanmark_unlink($1, $2)`, spanID, now)
	if err != nil {
		return nil, err
	}
	rels, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	slices.Sort(rels)
	_, err = tx.Exec(ctx, `UPDATE spans SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`, now, spanID)
	return rels, err
}
