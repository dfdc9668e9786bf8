package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// FindAnnotator returns the stored annotator's ID, or "" if nobody of
// that name has done anything yet: undo must not add people.
func FindAnnotator(ctx context.Context, tx Queryer, name string) (string, error) {
	var id string
	err := tx.QueryRow(ctx, `SELECT id FROM annotators WHERE name = ?`, name).Scan(&id)
	if noRows(err) {
		return "", nil
	}
	return id, err
}

// LiveLabelID returns the ID of the label currently called name. Spans
// may only be given labels the window offers, so an unknown name is
// NotFound rather than a new label.
func LiveLabelID(ctx context.Context, tx Queryer, name string) (string, error) {
	var id string
	err := tx.QueryRow(ctx, `SELECT id FROM labels WHERE name = ? AND deleted_at IS NULL`, name).Scan(&id)
	if noRows(err) {
		return "", annot.Errorf(annot.NotFound, "there is no label called %q", name)
	}
	return id, err
}

// DocLength is a document's length in code points; NotFound if it is
// gone.
func DocLength(ctx context.Context, tx Queryer, docID string) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT length FROM documents WHERE id = ?`, docID).Scan(&n)
	if noRows(err) {
		return 0, annot.Errorf(annot.NotFound, "no document %s: it may have been removed", docID)
	}
	return n, err
}

// StoredState is the annotator's stored state of the document, "" for
// none.
func StoredState(ctx context.Context, tx Queryer, docID, annotatorID string) (annot.DocState, error) {
	var st string
	err := tx.QueryRow(ctx, `SELECT state FROM doc_status WHERE doc_id = ? AND annotator_id = ?`, docID, annotatorID).Scan(&st)
	if noRows(err) {
		return "", nil
	}
	return annot.DocState(st), err
}

// PutState stores the annotator's state of the document.
func PutState(ctx context.Context, tx Queryer, docID, annotatorID string, st annot.DocState, now string) error {
	_, err := tx.Exec(ctx, `INSERT INTO doc_status(doc_id, annotator_id, state, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(doc_id, annotator_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		docID, annotatorID, string(st), now)
	return err
}

// LoadRelation reads one relation, live or not, with its annotator's
// ID; NotFound if there is no such relation.
func LoadRelation(ctx context.Context, tx Queryer, id string) (annot.Relation, string, error) {
	r := annot.Relation{ID: id}
	var aid, created string
	var deleted *string
	err := tx.QueryRow(ctx, `SELECT r.doc_id, r.annotator_id, a.name, r.from_id, r.to_id, r.type, r.created_at, r.deleted_at
		FROM relations r JOIN annotators a ON a.id = r.annotator_id WHERE r.id = ?`, id).
		Scan(&r.DocID, &aid, &r.Annotator, &r.From, &r.To, &r.Type, &created, &deleted)
	if noRows(err) {
		return r, "", annot.Errorf(annot.NotFound, "no relation %s: it may have been deleted", id)
	}
	r.CreatedAt, r.Deleted = parseTime(created), deleted != nil
	return r, aid, err
}

// LoadDecision reads one decision on a suggestion, live or not, with its
// document.
func LoadDecision(ctx context.Context, tx Queryer, id string) (annot.SuggestionDecision, error) {
	d := annot.SuggestionDecision{ID: id}
	var decision, at string
	var deleted *string
	err := tx.QueryRow(ctx, `SELECT d.suggestion_id, s.doc_id, a.name, d.decision, COALESCE(d.span_id, ''), d.at, d.deleted_at
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id JOIN annotators a ON a.id = d.annotator_id
		WHERE d.id = ?`, id).Scan(&d.Suggestion, &d.DocID, &d.Annotator, &decision, &d.Span, &at, &deleted)
	if noRows(err) {
		return d, annot.Errorf(annot.NotFound, "no decision %s on a suggestion", id)
	}
	d.Decision, d.At, d.Deleted = annot.Decision(decision), parseTime(at), deleted != nil
	return d, err
}
