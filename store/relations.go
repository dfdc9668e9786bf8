package store

import (
	"context"
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// CreateRelation links two live spans of one document for r.Annotator.
// Any annotator may link any spans (a reviewer may tie a colleague's
// claim to its actor); the link records who made it. The same link
// (from, to, type) twice is a Conflict, whoever made the first.
func (db *DB) CreateRelation(ctx context.Context, r annot.Relation) (annot.Change, error) {
	if err := annot.CheckRelation(r); err != nil {
		return annot.Change{}, err
	}
	id, err := newRowID(r.ID, "relation")
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	err = db.write(ctx, func(tx *sql.Tx) error {
		docID, err := relationEnds(ctx, tx, r)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM relations
			WHERE from_id = ? AND to_id = ? AND type = ? AND deleted_at IS NULL`, r.From, r.To, r.Type).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return annot.DuplicateLink(r.Type)
		}
		aid, err := annotatorID(ctx, tx, r.Annotator)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, docID, aid, r.From, r.To, r.Type, now)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return annot.Errorf(annot.Conflict, "a relation with ID %s is stored already", id)
		}
		if err != nil {
			return err
		}
		r.DocID = docID
		return record(ctx, tx, docID, aid, annot.ActionCreateRelation, annot.UndoStep{Relation: id}, now)
	})
	if err != nil {
		return annot.Change{}, err
	}
	r.ID, r.CreatedAt, r.Deleted = id, parseTime(now), false
	return annot.Change{Action: annot.Action{Kind: annot.ActionCreateRelation, At: r.CreatedAt}, RelationsAdded: []annot.Relation{r}}, nil
}

// relationEnds checks that both ends of r are live spans of one document
// (r.DocID's, if it is set) and returns that document.
func relationEnds(ctx context.Context, tx *sql.Tx, r annot.Relation) (string, error) {
	var ends [2]annot.Span
	for i, id := range []string{r.From, r.To} {
		s, err := loadSpan(ctx, tx, id)
		if err != nil {
			return "", err
		}
		ends[i] = s.Span
	}
	return annot.CheckRelationEnds(ends[0], ends[1], r.DocID)
}

// DeleteRelation tombstones a live relation. Only its annotator may
// delete it (Conflict otherwise), as with spans.
func (db *DB) DeleteRelation(ctx context.Context, id, annotator string) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.CheckRemoveRelation(annot.Relation{}, annotator)
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) error {
		r, aid, err := loadRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := annot.CheckRemoveRelation(r, annotator); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE relations SET deleted_at = ? WHERE id = ?`, now, id); err != nil {
			return err
		}
		r.Deleted = true
		c = annot.Change{Action: annot.Action{Kind: annot.ActionDeleteRelation, At: parseTime(now)}, RelationsRemoved: []annot.Relation{r}}
		return record(ctx, tx, r.DocID, aid, annot.ActionDeleteRelation, annot.UndoStep{Relation: id}, now)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// loadRelation reads one relation by ID, live or not, with the ID of its
// annotator; NotFound if there is no such row.
func loadRelation(ctx context.Context, tx *sql.Tx, id string) (annot.Relation, string, error) {
	r := annot.Relation{ID: id}
	var aid, created string
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT r.doc_id, r.annotator_id, a.name, r.from_id, r.to_id, r.type, r.created_at, r.deleted_at
		FROM relations r JOIN annotators a ON a.id = r.annotator_id WHERE r.id = ?`, id).
		Scan(&r.DocID, &aid, &r.Annotator, &r.From, &r.To, &r.Type, &created, &deleted)
	if err == sql.ErrNoRows {
		return r, "", annot.Errorf(annot.NotFound, "no relation %s: it may have been deleted", id)
	}
	r.CreatedAt, r.Deleted = parseTime(created), deleted.Valid
	return r, aid, err
}
