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
		return edit.InsertLabel(ctx, editTx{tx}, &l)
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

// DeleteLabel removes a label, tombstoning its live spans and their
// relations (edit.DeleteLabel).
func (db *DB) DeleteLabel(ctx context.Context, id string) (annot.Change, error) {
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.DeleteLabel(ctx, editTx{tx}, id, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
