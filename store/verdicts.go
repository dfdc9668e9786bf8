package store

import (
	"context"
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// SetVerdict records a reviewer's decision on a live span. Verdicts are
// kept, not replaced: the latest one gives the span its status, and the
// earlier ones say how the review went. A verdict is a review, not a
// tagging action, so it is not in the undo history; a reviewer who
// changes their mind records a new verdict.
func (db *DB) SetVerdict(ctx context.Context, v annot.Verdict) (annot.Change, error) {
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
	var c annot.Change
	err = db.write(ctx, func(tx *sql.Tx) error {
		s, err := loadSpan(ctx, tx, v.SpanID)
		if err != nil {
			return err
		}
		if s.Deleted {
			return annot.Errorf(annot.NotFound, "span %d-%d (%s) has been deleted", s.Start, s.End, s.Label)
		}
		rid, err := annotatorID(ctx, tx, v.Reviewer)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, v.SpanID, rid, string(v.Decision), v.Comment, at)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
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
		v.ID, v.At = id, parseTime(at)
		c = annot.Change{Verdicts: []annot.Verdict{v}, SpansUpdated: []annot.Span{s.Span}}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
