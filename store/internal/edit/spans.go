package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// StoredSpan is a live span as a change to it reads it, with the IDs of
// its annotator and label; the store loads it in its own way (the
// PostgreSQL store checks it under its document's lock) and has checked
// that the annotator may change it (annot.CheckChange).
type StoredSpan struct {
	annot.Span
	AnnotatorID, LabelID string
}

// UpdateSpan changes the span's label or note. A change that changes
// nothing is not recorded, so it does not wipe what could be redone.
func UpdateSpan(ctx context.Context, tx Tx, s StoredSpan, u annot.SpanUpdate, now string) (annot.Change, error) {
	before := annot.UndoSpanFields{Label: s.LabelID, Note: s.Note, Changed: s.Changed}
	after := before
	if u.Label != nil && *u.Label != s.Label {
		var err error
		if after.Label, err = LiveLabelID(ctx, tx, *u.Label); err != nil {
			return annot.Change{}, err
		}
		if dup, err := SameKeyLive(ctx, tx, s.DocID, s.AnnotatorID, after.Label, s.Start, s.End, s.ID); err != nil || dup {
			if dup {
				d := s.Span
				d.Label = *u.Label
				err = annot.DuplicateSpan(d)
			}
			return annot.Change{}, err
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
		return annot.Change{}, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE spans SET label_id = ?, note = ?, changed = ?, updated_at = ? WHERE id = ?`,
		after.Label, after.Note, after.Changed, now, s.ID); err != nil {
		return annot.Change{}, err
	}
	s.UpdatedAt = parseTime(now)
	c := annot.Change{Action: annot.Action{Kind: annot.ActionUpdateSpan, At: s.UpdatedAt}, SpansUpdated: []annot.Span{s.Span}}
	step := annot.UndoStep{Span: s.ID, Before: &before, After: &after}
	if err := tx.Record(ctx, s.DocID, s.AnnotatorID, annot.ActionUpdateSpan, step, now); err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// DeleteSpan tombstones the span and the live relations that touch it,
// whoever made them, since a link to nothing means nothing. Undo brings
// the same relations back.
func DeleteSpan(ctx context.Context, tx Tx, s StoredSpan, now string) (annot.Change, error) {
	rels, err := tx.TombstoneSpan(ctx, s.ID, now)
	if err != nil {
		return annot.Change{}, err
	}
	var c annot.Change
	for _, rid := range rels {
		r, _, err := LoadRelation(ctx, tx, rid)
		if err != nil {
			return annot.Change{}, err
		}
		c.RelationsRemoved = append(c.RelationsRemoved, r)
	}
	s.Deleted = true
	c.Action = annot.Action{Kind: annot.ActionDeleteSpan, At: parseTime(now)}
	c.SpansRemoved = []annot.Span{s.Span}
	step := annot.UndoStep{Span: s.ID, Relations: rels}
	if err := tx.Record(ctx, s.DocID, s.AnnotatorID, annot.ActionDeleteSpan, step, now); err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// SameKeyLive reports whether the annotator has another live span with
// these offsets and label in the document: an import would fold the two
// into one.
func SameKeyLive(ctx context.Context, tx Queryer, docID, annotatorID, labelID string, start, end int, except string) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM spans WHERE doc_id = ? AND annotator_id = ?
		AND off_start = ? AND off_end = ? AND label_id = ? AND deleted_at IS NULL AND id <> ?`,
		docID, annotatorID, start, end, labelID, except).Scan(&n)
	return n > 0, err
}
