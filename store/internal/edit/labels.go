package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// UpdateLabel renames, recolours or re-keys a live label. Spans refer to
// the label by ID, so a rename renames them all and keeps the ID; the
// change holds them then.
func UpdateLabel(ctx context.Context, tx Tx, id string, u annot.LabelUpdate) (annot.Change, error) {
	l, err := liveLabel(ctx, tx, id, "removed")
	if err != nil {
		return annot.Change{}, err
	}
	next := l
	for _, f := range []struct{ to, from *string }{{&next.Name, u.Name}, {&next.Color, u.Color}, {&next.Hotkey, u.Hotkey}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if next, err = annot.CheckLabel(next); err != nil {
		return annot.Change{}, err
	}
	if next == l {
		return annot.Change{}, nil
	}
	if err := LabelFree(ctx, tx, next); err != nil {
		return annot.Change{}, err
	}
	if _, err = tx.Exec(ctx, `UPDATE labels SET name = ?, color = ?, hotkey = ? WHERE id = ?`,
		next.Name, next.Color, next.Hotkey, id); err != nil {
		return annot.Change{}, err
	}
	c := annot.Change{Labels: []annot.Label{next}}
	if next.Name != l.Name {
		if c.SpansUpdated, err = tx.LiveSpans(ctx, `s.label_id = ?`, id); err != nil {
			return annot.Change{}, err
		}
	}
	return c, nil
}

// LabelFree checks l against the other live labels
// (annot.CheckLabelFree).
func LabelFree(ctx context.Context, tx Tx, l annot.Label) error {
	labels, err := tx.LiveLabels(ctx)
	if err != nil {
		return err
	}
	return annot.CheckLabelFree(labels, l)
}

// DeleteLabel removes a live label: its live spans and their relations
// are tombstoned, like a delete of each, so that a merge does not bring
// them back. The label row stays, because the tombstones refer to it; it
// is marked removed, loses its hotkey and is renamed out of the way, so
// the name can be used again (and then gets a fresh ID). Removing a
// label cannot be undone, and it clears the undo history of the
// documents it touched (Tx.ForgetLabelHistory), so that no undo can
// revive a span whose label is gone.
func DeleteLabel(ctx context.Context, tx Tx, id, now string) (annot.Change, error) {
	l, err := liveLabel(ctx, tx, id, "removed already")
	if err != nil {
		return annot.Change{}, err
	}
	if err := tx.ForgetLabelHistory(ctx, id); err != nil {
		return annot.Change{}, err
	}
	who, err := idNames(ctx, tx, `SELECT id, name FROM annotators`)
	if err != nil {
		return annot.Change{}, err
	}
	var c annot.Change
	if c.RelationsRemoved, err = tombstoneLabelRelations(ctx, tx, who, id, now); err != nil {
		return annot.Change{}, err
	}
	if c.SpansRemoved, err = tombstoneLabelSpans(ctx, tx, who, l.Name, id, now); err != nil {
		return annot.Change{}, err
	}
	if _, err := tx.Exec(ctx, `UPDATE labels SET name = ?, hotkey = '', deleted_at = ? WHERE id = ?`,
		annot.RemovedLabelName(l.Name, id), now, id); err != nil {
		return annot.Change{}, err
	}
	c.LabelsRemoved = []annot.Label{l}
	return c, nil
}

// tombstoneLabelRelations deletes the live relations that touch a live
// span of the label and returns them as they now are.
func tombstoneLabelRelations(ctx context.Context, q Queryer, who map[string]string, labelID, now string) ([]annot.Relation, error) {
	var out []annot.Relation
	err := each(ctx, q, `UPDATE relations SET deleted_at = ?1 WHERE deleted_at IS NULL AND (
			from_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL) OR
			to_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL))
		RETURNING id, doc_id, annotator_id, from_id, to_id, type, created_at`, []any{now, labelID}, func(rows Rows) error {
		r := annot.Relation{Deleted: true}
		var aid, created string
		if err := rows.Scan(&r.ID, &r.DocID, &aid, &r.From, &r.To, &r.Type, &created); err != nil {
			return err
		}
		r.Annotator, r.CreatedAt = who[aid], parseTime(created)
		out = append(out, r)
		return nil
	})
	return out, err
}

// tombstoneLabelSpans deletes the live spans of a label and returns them
// as they were, without their review status.
func tombstoneLabelSpans(ctx context.Context, q Queryer, who map[string]string, label, labelID, now string) ([]annot.Span, error) {
	var out []annot.Span
	err := each(ctx, q, `UPDATE spans SET deleted_at = ? WHERE label_id = ? AND deleted_at IS NULL
		RETURNING id, doc_id, annotator_id, off_start, off_end, note, created_at, updated_at`, []any{now, labelID}, func(rows Rows) error {
		s := annot.Span{Label: label, Deleted: true}
		var aid, created, updated string
		if err := rows.Scan(&s.ID, &s.DocID, &aid, &s.Start, &s.End, &s.Note, &created, &updated); err != nil {
			return err
		}
		s.Annotator, s.CreatedAt, s.UpdatedAt = who[aid], parseTime(created), parseTime(updated)
		out = append(out, s)
		return nil
	})
	return out, err
}

// liveLabel reads a live label; NotFound, saying it may have been gone
// (removed, removed already), if there is none.
func liveLabel(ctx context.Context, q Queryer, id, gone string) (annot.Label, error) {
	l := annot.Label{ID: id}
	err := q.QueryRow(ctx, `SELECT name, color, hotkey, ord FROM labels WHERE id = ? AND deleted_at IS NULL`, id).
		Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order)
	if noRows(err) {
		return l, annot.Errorf(annot.NotFound, "no label %s: it may have been %s", id, gone)
	}
	return l, err
}
