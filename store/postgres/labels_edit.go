package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// CreateLabel adds a label at the end of the list (annot.CheckLabel,
// annot.CheckLabelFree). Label changes touch every document, so they
// wait for every other write.
func (db *DB) CreateLabel(ctx context.Context, l annot.Label) (annot.Change, error) {
	l.ID = ""
	l, err := annot.CheckLabel(l)
	if err != nil {
		return annot.Change{}, err
	}
	err = db.write(ctx, everything, func(tx pgx.Tx) error {
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

// UpdateLabel renames, recolours or re-keys a live label; a rename
// renames its spans, which refer to the label by ID.
func (db *DB) UpdateLabel(ctx context.Context, id string, u annot.LabelUpdate) (annot.Change, error) {
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) (err error) {
		c, err = edit.UpdateLabel(ctx, editTx{tx}, id, u)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// LabelUse counts the live spans that carry a label.
func (db *DB) LabelUse(ctx context.Context, id string) (int, error) {
	var n int
	var live bool
	err := db.pool.QueryRow(ctx, `SELECT deleted_at IS NULL,
		(SELECT COUNT(*) FROM spans WHERE label_id = labels.id AND deleted_at IS NULL) FROM labels WHERE id = $1`, id).Scan(&live, &n)
	if noRows(err) || (err == nil && !live) {
		return 0, annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
	}
	return n, serverError(err)
}

// DeleteLabel removes a label, tombstoning its live spans and their
// relations (edit.DeleteLabel). Label changes touch every document, so it
// waits for every other write.
func (db *DB) DeleteLabel(ctx context.Context, id string) (annot.Change, error) {
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) (err error) {
		c, err = edit.DeleteLabel(ctx, editTx{tx}, id, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
