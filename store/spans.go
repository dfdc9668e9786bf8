package store

import (
	"context"
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
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
		length, err := docLength(ctx, tx, s.DocID)
		if err != nil {
			return err
		}
		if err := annot.CheckSpan(s.Start, s.End, length); err != nil {
			return err
		}
		lid, err := liveLabelID(ctx, tx, s.Label)
		if err != nil {
			return err
		}
		aid, err := annotatorID(ctx, tx, s.Annotator)
		if err != nil {
			return err
		}
		if dup, err := sameKeyLive(ctx, tx, s.DocID, aid, lid, s.Start, s.End, id); err != nil || dup {
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
		if err := record(ctx, tx, s.DocID, aid, kindCreateSpan, payload{Span: id}, now); err != nil {
			return err
		}
		cur, err := storedState(ctx, tx, s.DocID, aid)
		if err != nil {
			return err
		}
		if next, ok := annot.AfterTagging(cur); ok {
			if err := putState(ctx, tx, s.DocID, aid, next, now); err != nil {
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
	c.Action = annot.Action{Kind: kindCreateSpan, At: s.CreatedAt}
	c.SpansAdded = []annot.Span{s}
	return c, nil
}

// docLength returns a document's length in code points; NotFound if it
// is not stored.
func docLength(ctx context.Context, tx *sql.Tx, docID string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT length FROM documents WHERE id = ?`, docID).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, annot.Errorf(annot.NotFound, "no document %s: it may have been removed", docID)
	}
	return n, err
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
		before := spanFields{Label: s.labelID, Note: s.Note, Changed: s.Changed}
		after := before
		if u.Label != nil && *u.Label != s.Label {
			if after.Label, err = liveLabelID(ctx, tx, *u.Label); err != nil {
				return err
			}
			if dup, err := sameKeyLive(ctx, tx, s.DocID, s.annotatorID, after.Label, s.Start, s.End, s.ID); err != nil || dup {
				if dup {
					d := s.Span
					d.Label = *u.Label
					err = annot.DuplicateSpan(d)
				}
				return err
			}
			s.Label = *u.Label
			// A span accepted from a suggestion and relabelled since is
			// changed from it, as Label Studio's prediction-changed.
			after.Changed = s.Origin != "" || s.Changed
			s.Changed = after.Changed
		}
		if u.Note != nil {
			after.Note, s.Note = *u.Note, *u.Note
		}
		if after == before {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE spans SET label_id = ?, note = ?, changed = ?, updated_at = ? WHERE id = ?`,
			after.Label, after.Note, after.Changed, now, id); err != nil {
			return err
		}
		s.UpdatedAt = parseTime(now)
		c.Action = annot.Action{Kind: kindUpdateSpan, At: s.UpdatedAt}
		c.SpansUpdated = []annot.Span{s.Span}
		return record(ctx, tx, s.DocID, s.annotatorID, kindUpdateSpan, payload{Span: id, Before: &before, After: &after}, now)
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
		rels, err := tombstoneSpan(ctx, tx, id, now)
		if err != nil {
			return err
		}
		for _, rid := range rels {
			r, _, err := loadRelation(ctx, tx, rid)
			if err != nil {
				return err
			}
			c.RelationsRemoved = append(c.RelationsRemoved, r)
		}
		s.Deleted = true
		c.Action = annot.Action{Kind: kindDeleteSpan, At: parseTime(now)}
		c.SpansRemoved = []annot.Span{s.Span}
		return record(ctx, tx, s.DocID, s.annotatorID, kindDeleteSpan, payload{Span: id, Relations: rels}, now)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
