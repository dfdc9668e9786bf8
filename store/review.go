package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

var _ annot.ReviewService = (*DB)(nil)

// Review carries out one review action (annot.ReviewService; see
// edit.Review) in one transaction, so that an accept-agreed over every
// document, a pipeline's merge, lands whole or not at all.
func (db *DB) Review(ctx context.Context, op annot.ReviewOp) (annot.Change, error) {
	if err := op.Check(); err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
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
func allBundles(r *readTx) ([]*annot.Bundle, error) {
	who, err := r.annotatorNames()
	if err != nil {
		return nil, err
	}
	spans, err := r.liveSpans(who, "")
	if err != nil {
		return nil, err
	}
	rels, err := r.liveRelations(who)
	if err != nil {
		return nil, err
	}
	states, err := r.states(who)
	if err != nil {
		return nil, err
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, length FROM documents WHERE `+visibleDoc+` ORDER BY seq`)
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
