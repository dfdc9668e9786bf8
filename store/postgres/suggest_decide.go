package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// AcceptSuggestions makes suggestions the annotator's spans; see
// annot.SuggestionService.
func (db *DB) AcceptSuggestions(ctx context.Context, annotator string, accepts []annot.SuggestionAccept) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	ids := make([]string, len(accepts))
	for i, a := range accepts {
		ids[i] = a.ID
	}
	sc, doc, err := db.suggestionScope(ctx, ids)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) (err error) {
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
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	sc, doc, err := db.suggestionScope(ctx, ids)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) (err error) {
		c, err = edit.RejectSuggestions(ctx, editTx{tx}, annotator, ids, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// suggestionScope is the lock a decision on the suggestions ids needs:
// their one document's, as for a tag, or, for suggestions in several
// documents (a command over a project), a place among the imports.
func (db *DB) suggestionScope(ctx context.Context, ids []string) (scope, string, error) {
	var docs []string
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT doc_id FROM suggestions WHERE id = ANY ($1)`, ids)
	if err == nil {
		docs, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil {
		return oneDoc, "", serverError(err)
	}
	if len(docs) == 1 {
		return oneDoc, docs[0], nil
	}
	return imports, "", nil
}
