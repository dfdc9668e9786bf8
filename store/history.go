package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// record adds an action to the top of the annotator's stack for the
// document, in the transaction that made the change. A new action
// makes the undone ones meaningless, so they go.
func record(ctx context.Context, tx *sql.Tx, docID, annotatorID, kind string, p annot.UndoStep, now string) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM actions WHERE doc_id = ? AND annotator_id = ? AND undone = 1`,
		docID, annotatorID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO actions(doc_id, annotator_id, kind, payload, at) VALUES (?, ?, ?, ?, ?)`,
		docID, annotatorID, kind, string(body), now); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM actions WHERE doc_id = ?1 AND annotator_id = ?2 AND seq <= (
		SELECT seq FROM actions WHERE doc_id = ?1 AND annotator_id = ?2 ORDER BY seq DESC LIMIT 1 OFFSET ?3)`,
		docID, annotatorID, edit.HistoryLimit)
	return err
}

// Undo reverts the annotator's latest action that is not undone yet.
func (db *DB) Undo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, true)
}

// Redo re-applies the action undone last, which is the lowest undone one
// on the stack, since undo walks down it.
func (db *DB) Redo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, false)
}

func (db *DB) step(ctx context.Context, docID, annotator string, undo bool) (annot.Change, bool, error) {
	now := db.stamp()
	var c annot.Change
	var ok bool
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
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
func tombstoneSpan(ctx context.Context, tx *sql.Tx, spanID, now string) ([]string, error) {
	rels, err := edit.Column(ctx, editTx{tx}, `UPDATE relations SET deleted_at = ?1
		WHERE deleted_at IS NULL AND (from_id = ?2 OR to_id = ?2) RETURNING id`, now, spanID)
	if err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE spans SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, now, spanID)
	return rels, err
}

// forgetLabelHistory drops the undo history of every document where
// undo or redo could bring back a span of a removed label: the label's
// removal cannot be undone, and the stack must not step around it.
func forgetLabelHistory(ctx context.Context, tx *sql.Tx, labelID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM actions WHERE doc_id IN (
			SELECT doc_id FROM spans WHERE label_id = ?1
			UNION
			SELECT doc_id FROM actions WHERE kind = ?2
				AND (json_extract(payload, '$.before.label') = ?1 OR json_extract(payload, '$.after.label') = ?1))`,
		labelID, annot.ActionUpdateSpan)
	return err
}
