package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"app.spanmark.org/spanmark/internal/annot"
)

// Action kinds, as stored in the actions table.
const (
	kindCreateSpan     = annot.ActionCreateSpan
	kindDeleteSpan     = annot.ActionDeleteSpan
	kindUpdateSpan     = annot.ActionUpdateSpan
	kindCreateRelation = annot.ActionCreateRelation
	kindDeleteRelation = annot.ActionDeleteRelation
	kindReview         = annot.ActionReview
)

// historyLimit is how many actions each annotator can undo per document;
// older ones are dropped so the table does not grow without end.
const historyLimit = 1000

// payload and spanFields are an undo step's stored form, shared by both
// stores (annot.UndoStep).
type (
	payload    = annot.UndoStep
	spanFields = annot.UndoSpanFields
)

// record adds an action to the top of the annotator's stack for the
// document, in the transaction that made the change. A new action
// makes the undone ones meaningless, so they go.
func record(ctx context.Context, tx *sql.Tx, docID, annotatorID, kind string, p payload, now string) error {
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
		docID, annotatorID, historyLimit)
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
	var c annot.Change
	var ok bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		aid, err := findAnnotator(ctx, tx, annotator)
		if err != nil || aid == "" {
			return err
		}
		q := `SELECT seq, kind, payload, at FROM actions WHERE doc_id = ? AND annotator_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1`
		if !undo {
			q = `SELECT seq, kind, payload, at FROM actions WHERE doc_id = ? AND annotator_id = ? AND undone = 1 ORDER BY seq LIMIT 1`
		}
		var seq int64
		var kind, body, at string
		err = tx.QueryRowContext(ctx, q, docID, aid).Scan(&seq, &kind, &body, &at)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		var p payload
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return fmt.Errorf("undo history entry %d: %w", seq, err)
		}
		h := history{ctx: ctx, tx: tx, now: db.stamp(), doc: docID}
		before, err := h.touched(&p)
		if err != nil {
			return err
		}
		if err := h.apply(kind, &p, undo); err != nil {
			return err
		}
		if c, err = h.changes(before); err != nil {
			return err
		}
		c.States = h.states
		updated, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE actions SET undone = ?, payload = ? WHERE seq = ?`, undo, string(updated), seq); err != nil {
			return err
		}
		c.Action, ok = annot.Action{Kind: kind, At: parseTime(at)}, true
		return nil
	})
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, ok, nil
}

// history applies actions and their inverses inside one transaction.
// Each step only moves rows that are in the state it expects, so an
// action whose rows someone else has changed since (a colleague's
// relation to the span, a merge) is applied as far as it still fits
// instead of failing or reviving something twice.
type history struct {
	ctx context.Context
	tx  *sql.Tx
	now string
	doc string
	// states are the document states a step moved, for its Change.
	states []annot.StateChange
}

// apply redoes the action, or undoes it when undo is set. p may be
// changed: tombstoning a span records the relations that went with it.
func (h *history) apply(kind string, p *payload, undo bool) error {
	var err error
	switch {
	case kind == kindCreateSpan && undo, kind == kindDeleteSpan && !undo:
		p.Relations, err = tombstoneSpan(h.ctx, h.tx, p.Span, h.now)
	case kind == kindCreateSpan, kind == kindDeleteSpan:
		err = h.reviveSpan(p.Span, p.Relations)
	case kind == kindUpdateSpan && undo:
		err = h.setFields(p.Span, p.Before)
	case kind == kindUpdateSpan:
		err = h.setFields(p.Span, p.After)
	case kind == kindCreateRelation && undo, kind == kindDeleteRelation && !undo:
		_, err = h.tx.ExecContext(h.ctx, `UPDATE relations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, p.Relation)
	case kind == kindCreateRelation, kind == kindDeleteRelation:
		err = h.reviveRelations([]string{p.Relation})
	case kind == kindAcceptSuggestions || kind == kindRejectSuggestions:
		err = h.suggestionStep(p, undo)
	case kind == kindReview:
		err = h.applyReview(&p.ReviewUndo, undo)
	default:
		err = fmt.Errorf("undo history: unknown action %q", kind)
	}
	return err
}

// tombstoneSpan deletes a live span and the live relations that touch
// it, returning those relations so that an undo can bring them back.
func tombstoneSpan(ctx context.Context, tx *sql.Tx, spanID, now string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE relations SET deleted_at = ?1
		WHERE deleted_at IS NULL AND (from_id = ?2 OR to_id = ?2) RETURNING id`, now, spanID)
	if err != nil {
		return nil, err
	}
	var rels []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		rels = append(rels, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE spans SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, now, spanID)
	return rels, err
}

// reviveSpan clears a span's tombstone and brings back the relations
// that went with it.
func (h *history) reviveSpan(spanID string, rels []string) error {
	s, err := loadSpan(h.ctx, h.tx, spanID)
	if err != nil {
		return err
	}
	if !s.labelLive {
		return annot.Errorf(annot.Conflict, "cannot bring back span %d-%d: its label has been removed", s.Start, s.End)
	}
	if s.Deleted {
		if _, err := h.tx.ExecContext(h.ctx, `UPDATE spans SET deleted_at = NULL, updated_at = ? WHERE id = ?`, h.now, spanID); err != nil {
			return err
		}
	}
	return h.reviveRelations(rels)
}

// reviveRelations clears the tombstones of relations whose two spans are
// live, unless an identical link has been made meanwhile.
func (h *history) reviveRelations(ids []string) error {
	for _, id := range ids {
		_, err := h.tx.ExecContext(h.ctx, `UPDATE relations SET deleted_at = NULL
			WHERE id = ? AND deleted_at IS NOT NULL
			AND from_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND to_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM relations o WHERE o.deleted_at IS NULL
				AND o.from_id = relations.from_id AND o.to_id = relations.to_id AND o.type = relations.type)`, id)
		if err != nil {
			return err
		}
	}
	return nil
}

// setFields puts back one version of a span's label and note. Undoing is
// a change like any other, so updated_at moves on rather than back: a
// merge must see the span as changed.
func (h *history) setFields(spanID string, f *spanFields) error {
	if f == nil {
		return fmt.Errorf("undo history: update of span %s has no fields", spanID)
	}
	var live int
	if err := h.tx.QueryRowContext(h.ctx, `SELECT COUNT(*) FROM labels WHERE id = ? AND deleted_at IS NULL`, f.Label).Scan(&live); err != nil {
		return err
	}
	if live == 0 {
		return annot.Errorf(annot.Conflict, "cannot change the span back: its label has been removed")
	}
	_, err := h.tx.ExecContext(h.ctx, `UPDATE spans SET label_id = ?, note = ?, changed = ?, updated_at = ? WHERE id = ?`,
		f.Label, f.Note, f.Changed, h.now, spanID)
	return err
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
		labelID, kindUpdateSpan)
	return err
}
