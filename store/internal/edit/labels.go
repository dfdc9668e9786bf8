package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// UpdateLabel renames, recolours or re-keys a live label. Spans refer to
// the label by ID, so a rename renames them all and keeps the ID; the
// change holds them then.
func UpdateLabel(ctx context.Context, tx Tx, id string, u annot.LabelUpdate) (annot.Change, error) {
	l := annot.Label{ID: id}
	err := tx.QueryRow(ctx, `SELECT name, color, hotkey, ord FROM labels WHERE id = ? AND deleted_at IS NULL`, id).
		Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order)
	if noRows(err) {
		return annot.Change{}, annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
	}
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
