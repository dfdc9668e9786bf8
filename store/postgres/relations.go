package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// CreateRelation links two live spans of one document for r.Annotator;
// the same link (from, to, type) twice is a Conflict, whoever made the
// first.
func (db *DB) CreateRelation(ctx context.Context, r annot.Relation) (annot.Change, error) {
	if err := db.actAs(r.Annotator); err != nil {
		return annot.Change{}, err
	}
	if err := annot.CheckRelation(r); err != nil {
		return annot.Change{}, err
	}
	id, err := newRowID(r.ID, "relation")
	if err != nil {
		return annot.Change{}, err
	}
	doc, err := db.spanDoc(ctx, r.From)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var docID string
	err = db.writeMoving(ctx, func(tx pgx.Tx) error {
		from, err := db.lockSpanDoc(ctx, tx, r.From, doc)
		if err != nil {
			return err
		}
		to, err := loadSpan(ctx, tx, r.To)
		if err != nil {
			return err
		}
		if docID, err = annot.CheckRelationEnds(from.Span, to.Span, r.DocID); err != nil {
			return err
		}
		var dup bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM relations
			WHERE from_id = $1 AND to_id = $2 AND type = $3 AND deleted_at IS NULL)`, r.From, r.To, r.Type).Scan(&dup); err != nil {
			return err
		}
		if dup {
			return annot.DuplicateLink(r.Type)
		}
		aid, err := annotatorIn(ctx, tx, r.Annotator)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, docID, aid, r.From, r.To, r.Type, now)
		if isUnique(err, "relations_pkey") {
			return annot.Errorf(annot.Conflict, "a relation with ID %s is stored already", id)
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, docID, aid, annot.ActionCreateRelation, annot.UndoStep{Relation: id}, now)
	}, &doc, func() (string, error) { return db.spanDoc(ctx, r.From) })
	if err != nil {
		return annot.Change{}, err
	}
	r.DocID = docID
	r.ID, r.CreatedAt, r.Deleted = id, parseTime(now), false
	return annot.Change{Action: annot.Action{Kind: annot.ActionCreateRelation, At: r.CreatedAt}, RelationsAdded: []annot.Relation{r}}, nil
}

// DeleteRelation tombstones a live relation; only its annotator may.
func (db *DB) DeleteRelation(ctx context.Context, id, annotator string) (annot.Change, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	if annotator == "" {
		return annot.Change{}, annot.CheckRemoveRelation(annot.Relation{}, annotator)
	}
	var doc string
	err := db.pool.QueryRow(ctx, `SELECT doc_id FROM relations WHERE id = $1`, id).Scan(&doc)
	if noRows(err) {
		return annot.Change{}, annot.Errorf(annot.NotFound, "no relation %s: it may have been deleted", id)
	}
	if err != nil {
		return annot.Change{}, serverError(err)
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeMoving(ctx, func(tx pgx.Tx) error {
		c = annot.Change{}
		r, aid, err := loadRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.DocID != doc {
			return errMoved
		}
		if err := annot.CheckRemoveRelation(r, annotator); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE relations SET deleted_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		r.Deleted = true
		c = annot.Change{Action: annot.Action{Kind: annot.ActionDeleteRelation, At: parseTime(now)}, RelationsRemoved: []annot.Relation{r}}
		return record(ctx, tx, r.DocID, aid, annot.ActionDeleteRelation, annot.UndoStep{Relation: id}, now)
	}, &doc, func() (string, error) {
		var d string
		err := db.pool.QueryRow(ctx, `SELECT doc_id FROM relations WHERE id = $1`, id).Scan(&d)
		return d, serverError(err)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// loadRelation reads one relation by ID, live or not, with the ID of its
// annotator; NotFound if there is no such row.
func loadRelation(ctx context.Context, q querier, id string) (annot.Relation, string, error) {
	r := annot.Relation{ID: id}
	var aid, created string
	var deleted *string
	err := q.QueryRow(ctx, `SELECT r.doc_id, r.annotator_id, a.name, r.from_id, r.to_id, r.type, r.created_at, r.deleted_at
		FROM relations r JOIN annotators a ON a.id = r.annotator_id WHERE r.id = $1`, id).
		Scan(&r.DocID, &aid, &r.Annotator, &r.From, &r.To, &r.Type, &created, &deleted)
	if noRows(err) {
		return r, "", annot.Errorf(annot.NotFound, "no relation %s: it may have been deleted", id)
	}
	r.CreatedAt, r.Deleted = parseTime(created), deleted != nil
	return r, aid, err
}
