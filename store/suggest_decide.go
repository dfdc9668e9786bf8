package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// AcceptSuggestions makes suggestions the annotator's spans; see
// annot.SuggestionService.
func (db *DB) AcceptSuggestions(ctx context.Context, annotator string, accepts []annot.SuggestionAccept) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.AcceptSuggestions(ctx, editTx{tx}, annotator, accepts, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// RejectSuggestions records the annotator's rejections; see
// annot.SuggestionService.
func (db *DB) RejectSuggestions(ctx context.Context, annotator string, ids []string) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.RejectSuggestions(ctx, editTx{tx}, annotator, ids, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
