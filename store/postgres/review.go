package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

var _ annot.ReviewService = (*DB)(nil)

// Review carries out one review action (annot.ReviewService; see
// edit.Review) under the document's lock; an accept-agreed with no DocID
// runs in one transaction that waits for every other write.
func (db *DB) Review(ctx context.Context, op annot.ReviewOp) (annot.Change, error) {
	if err := op.Check(); err != nil {
		return annot.Change{}, err
	}
	if err := db.actAs(op.Reviewer); err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	sc := oneDoc
	if op.DocID == "" {
		sc = everything
	}
	err := db.writeDoc(ctx, sc, op.DocID, func(tx pgx.Tx) (err error) {
		c, err = edit.Review(ctx, editTx{tx}, op, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// allBundles reads every document with spans as a review plans against
// it (live spans with their status, relations, states; no text), in a few
// queries for the whole project as an export does, in import order.
func allBundles(ctx context.Context, tx pgx.Tx) ([]*annot.Bundle, error) {
	spans, err := exportSpans(ctx, tx, "")
	if err != nil {
		return nil, err
	}
	rels, err := exportRelations(ctx, tx)
	if err != nil {
		return nil, err
	}
	states, _, err := statesAnswers(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, length FROM documents ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*annot.Bundle
	for rows.Next() {
		b := &annot.Bundle{}
		if err := rows.Scan(&b.Doc.ID, &b.Doc.Length); err != nil {
			return nil, err
		}
		if b.Spans = spans[b.Doc.ID]; len(b.Spans) == 0 {
			continue
		}
		annot.SortSpans(b.Spans)
		b.Relations = annot.RelationsAmong(b.Spans, rels[b.Doc.ID])
		b.States = states[b.Doc.ID]
		out = append(out, b)
	}
	return out, rows.Err()
}
