package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// CreateLabel adds a label at the end of the list. Its ID derives from
// its name, so two databases that each add the label agree on it; l.ID
// and l.Order are ignored. The name is trimmed; the colour must be
// #rrggbb and is stored in lower case.
func (db *DB) CreateLabel(ctx context.Context, l annot.Label) (annot.Change, error) {
	l.ID = ""
	l, err := annot.CheckLabel(l)
	if err != nil {
		return annot.Change{}, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := edit.LabelFree(ctx, editTx{tx}, l); err != nil {
			return err
		}
		return insertLabel(ctx, tx, &l)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return annot.Change{Labels: []annot.Label{l}}, nil
}

// UpdateLabel renames, recolours or re-keys a live label. Spans refer to
// the label by ID, so a rename renames them all and keeps the ID.
func (db *DB) UpdateLabel(ctx context.Context, id string, u annot.LabelUpdate) (annot.Change, error) {
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.UpdateLabel(ctx, editTx{tx}, id, u)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// LabelUse counts the live spans that carry a label, whoever made them.
func (db *DB) LabelUse(ctx context.Context, id string) (int, error) {
	var n int
	var live bool
	err := db.ro.QueryRowContext(ctx, `SELECT deleted_at IS NULL,
		(SELECT COUNT(*) FROM spans WHERE label_id = labels.id AND deleted_at IS NULL) FROM labels WHERE id = ?`, id).Scan(&live, &n)
	if err == sql.ErrNoRows || (err == nil && !live) {
		return 0, annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
	}
	return n, err
}

// DeleteLabel removes a label: its live spans and their relations are
// tombstoned, like a delete of each, so that a merge does not bring them
// back. The label row stays, because the tombstones refer to it; it is
// marked removed, loses its hotkey and is renamed out of the way, so the
// name can be used again (and then gets a fresh ID). Removing a label
// cannot be undone, and it clears the undo history of the documents it
// touched, so that no undo can revive a span whose label is gone.
func (db *DB) DeleteLabel(ctx context.Context, id string) (annot.Change, error) {
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) error {
		l := annot.Label{ID: id}
		err := tx.QueryRowContext(ctx, `SELECT name, color, hotkey, ord FROM labels WHERE id = ? AND deleted_at IS NULL`, id).
			Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order)
		if err == sql.ErrNoRows {
			return annot.Errorf(annot.NotFound, "no label %s: it may have been removed already", id)
		}
		if err != nil {
			return err
		}
		if err := forgetLabelHistory(ctx, tx, id); err != nil {
			return err
		}
		who, err := (&readTx{ctx: ctx, tx: tx}).annotatorNames()
		if err != nil {
			return err
		}
		if c.RelationsRemoved, err = tombstoneRelations(ctx, tx, who, `deleted_at IS NULL AND (
				from_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL) OR
				to_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL))`, now, id); err != nil {
			return err
		}
		if c.SpansRemoved, err = tombstoneLabelSpans(ctx, tx, who, l.Name, id, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE labels SET name = ?, hotkey = '', deleted_at = ? WHERE id = ?`,
			annot.RemovedLabelName(l.Name, id), now, id); err != nil {
			return err
		}
		c.LabelsRemoved = []annot.Label{l}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// tombstoneRelations deletes the relations that cond picks (with ?1 the
// time and ?2 the first of args) and returns them as they now are.
func tombstoneRelations(ctx context.Context, tx *sql.Tx, who map[string]string, cond, now string, args ...any) ([]annot.Relation, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE relations SET deleted_at = ?1 WHERE `+cond+`
		RETURNING id, doc_id, annotator_id, from_id, to_id, type, created_at`, append([]any{now}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Relation
	for rows.Next() {
		r := annot.Relation{Deleted: true}
		var aid, created string
		if err := rows.Scan(&r.ID, &r.DocID, &aid, &r.From, &r.To, &r.Type, &created); err != nil {
			return nil, err
		}
		r.Annotator, r.CreatedAt = who[aid], parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// tombstoneLabelSpans deletes the live spans of a label and returns them
// as they were, without their review status.
func tombstoneLabelSpans(ctx context.Context, tx *sql.Tx, who map[string]string, label, labelID, now string) ([]annot.Span, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE spans SET deleted_at = ? WHERE label_id = ? AND deleted_at IS NULL
		RETURNING id, doc_id, annotator_id, off_start, off_end, note, created_at, updated_at`, now, labelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Span
	for rows.Next() {
		s := annot.Span{Label: label, Deleted: true}
		var aid, created, updated string
		if err := rows.Scan(&s.ID, &s.DocID, &aid, &s.Start, &s.End, &s.Note, &created, &updated); err != nil {
			return nil, err
		}
		s.Annotator, s.CreatedAt, s.UpdatedAt = who[aid], parseTime(created), parseTime(updated)
		out = append(out, s)
	}
	return out, rows.Err()
}
