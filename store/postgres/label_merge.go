package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

var _ annot.LabelMerger = (*DB)(nil)

// MergeLabel gives every live span of from the label into and removes
// from, as one step of the project's merge history (edit.MergeLabel). It
// touches every document, so it waits for every other write; on a team
// server it is the owner's, as renaming and removing labels are.
func (db *DB) MergeLabel(ctx context.Context, from, into string) (annot.Change, error) {
	if err := annot.CheckLabelMerge(from, into); err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) (err error) {
		c, err = edit.MergeLabel(ctx, editTx{tx}, from, into, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// UndoMergeLabel undoes the latest merge not undone yet.
func (db *DB) UndoMergeLabel(ctx context.Context) (annot.Change, bool, error) {
	return db.stepLabelMerge(ctx, true)
}

// RedoMergeLabel merges again the merge undone last.
func (db *DB) RedoMergeLabel(ctx context.Context) (annot.Change, bool, error) {
	return db.stepLabelMerge(ctx, false)
}

func (db *DB) stepLabelMerge(ctx context.Context, undo bool) (c annot.Change, ok bool, err error) {
	now := db.stamp()
	err = db.write(ctx, everything, func(tx pgx.Tx) (err error) {
		c, ok, err = edit.StepLabelMerge(ctx, editTx{tx}, undo, now)
		return err
	})
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, ok, nil
}
