package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// SetVerdict records a reviewer's decision on a live span. Verdicts are
// kept, not replaced: the latest gives the span its status. A verdict is
// not in the undo history.
func (db *DB) SetVerdict(ctx context.Context, v annot.Verdict) (annot.Change, error) {
	if err := db.actAs(v.Reviewer); err != nil {
		return annot.Change{}, err
	}
	if err := v.Check(); err != nil {
		return annot.Change{}, err
	}
	id, err := newRowID(v.ID, "verdict")
	if err != nil {
		return annot.Change{}, err
	}
	at := db.stamp()
	if !v.At.IsZero() {
		at = formatTime(v.At)
	}
	doc, err := db.spanDoc(ctx, v.SpanID)
	if err != nil {
		return annot.Change{}, err
	}
	var c annot.Change
	err = db.writeMoving(ctx, func(tx pgx.Tx) error {
		s, err := db.lockSpanDoc(ctx, tx, v.SpanID, doc)
		if err != nil {
			return err
		}
		if s.Deleted {
			return annot.Errorf(annot.NotFound, "span %d-%d (%s) has been deleted", s.Start, s.End, s.Label)
		}
		rid, err := annotatorIn(ctx, tx, v.Reviewer)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, v.SpanID, rid, string(v.Decision), v.Comment, at)
		if isUnique(err, "verdicts_pkey") {
			return annot.Errorf(annot.Conflict, "a verdict with ID %s is stored already", id)
		}
		if err != nil {
			return err
		}
		// The span's status is its latest verdict's, which need not be
		// this one: a verdict may carry an earlier time.
		if s, err = loadSpan(ctx, tx, v.SpanID); err != nil {
			return err
		}
		out := v
		out.ID, out.At = id, parseTime(at)
		c = annot.Change{Verdicts: []annot.Verdict{out}, SpansUpdated: []annot.Span{s.Span}}
		return nil
	}, &doc, func() (string, error) { return db.spanDoc(ctx, v.SpanID) })
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
