package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// CreateLabel adds a label at the end of the list (annot.CheckLabel,
// annot.CheckLabelFree). Label changes touch every document, so they
// wait for every other write.
func (db *DB) CreateLabel(ctx context.Context, l annot.Label) (annot.Change, error) {
	l.ID = ""
	l, err := annot.CheckLabel(l)
	if err != nil {
		return annot.Change{}, err
	}
	err = db.write(ctx, everything, func(tx pgx.Tx) error {
		if err := edit.LabelFree(ctx, editTx{tx}, l); err != nil {
			return err
		}
		return insertLabel(ctx, tx, &l)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return annot.Change{Labels: []annot.Label{l}}, nil
}

// UpdateLabel renames, recolours or re-keys a live label; a rename
// renames its spans, which refer to the label by ID.
func (db *DB) UpdateLabel(ctx context.Context, id string, u annot.LabelUpdate) (annot.Change, error) {
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) (err error) {
		c, err = edit.UpdateLabel(ctx, editTx{tx}, id, u)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// LabelUse counts the live spans that carry a label.
func (db *DB) LabelUse(ctx context.Context, id string) (int, error) {
	var n int
	var live bool
	err := db.pool.QueryRow(ctx, `SELECT deleted_at IS NULL,
		(SELECT COUNT(*) FROM spans WHERE label_id = labels.id AND deleted_at IS NULL) FROM labels WHERE id = $1`, id).Scan(&live, &n)
	if noRows(err) || (err == nil && !live) {
		return 0, annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
	}
	return n, serverError(err)
}

// DeleteLabel removes a label: its live spans and their relations are
// tombstoned, the row stays for the tombstones, renamed out of the way,
// and the undo history of the documents it touched is dropped.
func (db *DB) DeleteLabel(ctx context.Context, id string) (annot.Change, error) {
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) error {
		c = annot.Change{}
		l := annot.Label{ID: id}
		err := tx.QueryRow(ctx, `SELECT name, color, hotkey, ord FROM labels WHERE id = $1 AND deleted_at IS NULL`, id).
			Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order)
		if noRows(err) {
			return annot.Errorf(annot.NotFound, "no label %s: it may have been removed already", id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM actions WHERE doc_id IN (
				SELECT doc_id FROM spans WHERE label_id = $1
				UNION
				SELECT doc_id FROM actions WHERE kind = $2
					AND (payload #>> '{before,label}' = $1 OR payload #>> '{after,label}' = $1))`,
			id, kindUpdateSpan); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE relations r SET deleted_at = $1 FROM annotators a
			WHERE a.id = r.annotator_id AND r.deleted_at IS NULL AND (
				r.from_id IN (SELECT id FROM spans WHERE label_id = $2 AND deleted_at IS NULL) OR
				r.to_id IN (SELECT id FROM spans WHERE label_id = $2 AND deleted_at IS NULL))
			RETURNING r.id, r.doc_id, a.name, r.from_id, r.to_id, r.type, r.created_at`, now, id)
		if err != nil {
			return err
		}
		if c.RelationsRemoved, err = pgx.CollectRows(rows, scanDeadRelation); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `UPDATE spans s SET deleted_at = $1 FROM annotators a
			WHERE a.id = s.annotator_id AND s.label_id = $2 AND s.deleted_at IS NULL
			RETURNING s.id, s.doc_id, a.name, s.off_start, s.off_end, s.note, s.created_at, s.updated_at`, now, id)
		if err != nil {
			return err
		}
		if c.SpansRemoved, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (annot.Span, error) {
			s := annot.Span{Label: l.Name, Deleted: true}
			var created, updated string
			err := r.Scan(&s.ID, &s.DocID, &s.Annotator, &s.Start, &s.End, &s.Note, &created, &updated)
			s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
			return s, err
		}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE labels SET name = $1, hotkey = '', deleted_at = $2 WHERE id = $3`,
			annot.RemovedLabelName(l.Name, id), now, id); err != nil {
			return err
		}
		c.LabelsRemoved = []annot.Label{l}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// scanDeadRelation reads a relation just tombstoned: id, doc, annotator
// name, ends, type and creation time.
func scanDeadRelation(r pgx.CollectableRow) (annot.Relation, error) {
	rel := annot.Relation{Deleted: true}
	var created string
	err := r.Scan(&rel.ID, &rel.DocID, &rel.Annotator, &rel.From, &rel.To, &rel.Type, &created)
	rel.CreatedAt = parseTime(created)
	return rel, err
}
