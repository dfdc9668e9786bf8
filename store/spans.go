package store

import (
	"context"
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// CreateSpan stores a new span for s.Annotator, who is added on their
// first span. The offsets are checked against the stored text's length;
// the label must exist (the window offers only existing ones), and the
// annotator must not already have the same span, since an import would
// fold the two into one. Tagging starts work on the document, so the
// annotator's state moves on (annot.AfterTagging) in the same
// transaction.
func (db *DB) CreateSpan(ctx context.Context, s annot.Span) (annot.Change, error) {
	if s.Annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	id, err := newRowID(s.ID, "span")
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.write(ctx, func(tx *sql.Tx) error {
		length, err := edit.DocLength(ctx, editTx{tx}, s.DocID)
		if err != nil {
			return err
		}
		if err := annot.CheckSpan(s.Start, s.End, length); err != nil {
			return err
		}
		lid, err := edit.LiveLabelID(ctx, editTx{tx}, s.Label)
		if err != nil {
			return err
		}
		aid, err := annotatorID(ctx, tx, s.Annotator)
		if err != nil {
			return err
		}
		if dup, err := edit.SameKeyLive(ctx, editTx{tx}, s.DocID, aid, lid, s.Start, s.End, id); err != nil || dup {
			if dup {
				err = annot.DuplicateSpan(s)
			}
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, s.DocID, aid, s.Start, s.End, lid, s.Note, now, now)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return annot.Errorf(annot.Conflict, "a span with ID %s is stored already", id)
		}
		if err != nil {
			return err
		}
		if err := record(ctx, tx, s.DocID, aid, annot.ActionCreateSpan, annot.UndoStep{Span: id}, now); err != nil {
			return err
		}
		cur, err := edit.StoredState(ctx, editTx{tx}, s.DocID, aid)
		if err != nil {
			return err
		}
		if next, ok := annot.AfterTagging(cur); ok {
			if err := edit.PutState(ctx, editTx{tx}, s.DocID, aid, next, now); err != nil {
				return err
			}
			c.States = []annot.StateChange{{DocID: s.DocID, Annotator: s.Annotator, State: next}}
		}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	s.ID, s.Status, s.Reviewer, s.Deleted = id, annot.Pending, "", false
	s.CreatedAt = parseTime(now)
	s.UpdatedAt = s.CreatedAt
	c.Action = annot.Action{Kind: annot.ActionCreateSpan, At: s.CreatedAt}
	c.SpansAdded = []annot.Span{s}
	return c, nil
}

// UpdateSpan changes a live span's label or note. Only the span's
// annotator may change it (Conflict otherwise). A change that changes
// nothing is not recorded, so it does not wipe what could be redone.
func (db *DB) UpdateSpan(ctx context.Context, id, annotator string, u annot.SpanUpdate) (annot.Change, error) {
	var c annot.Change
	now := db.stamp()
	err := db.write(ctx, func(tx *sql.Tx) error {
		s, err := liveSpanOf(ctx, tx, id, annotator)
		if err != nil {
			return err
		}
		c, err = edit.UpdateSpan(ctx, editTx{tx}, s.stored(), u, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// DeleteSpan tombstones a live span of the annotator's and the live
// relations that touch it, whoever made them, since a link to nothing
// means nothing. Undo brings the same relations back.
func (db *DB) DeleteSpan(ctx context.Context, id, annotator string) (annot.Change, error) {
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) error {
		s, err := liveSpanOf(ctx, tx, id, annotator)
		if err != nil {
			return err
		}
		c, err = edit.DeleteSpan(ctx, editTx{tx}, s.stored(), now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
