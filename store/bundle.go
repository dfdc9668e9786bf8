package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Bundle loads one document for the window: every annotator's live spans
// in export order with their review status, the live relations among
// them, and the states, where an annotator with spans and no state is in
// progress (as in Documents). It reads one snapshot.
func (db *DB) Bundle(ctx context.Context, docID string) (*annot.Bundle, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return loadBundle(&readTx{ctx: ctx, tx: tx}, docID)
}

// loadBundle reads one document as Bundle returns it, inside r's
// transaction, which may be a write: a review plans against it.
func loadBundle(r *readTx, docID string) (*annot.Bundle, error) {
	b := &annot.Bundle{}
	err := loadDoc(r, docID, &b.Doc)
	if err != nil {
		return nil, err
	}
	if b.Spans, err = docSpans(r, docID); err != nil {
		return nil, err
	}
	annot.SortSpans(b.Spans)
	rels, err := docRelations(r, docID)
	if err != nil {
		return nil, err
	}
	b.Relations = annot.RelationsAmong(b.Spans, rels)
	states, counts := map[string]annot.DocState{}, map[string]int{}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT a.name, ds.state FROM doc_status ds
		JOIN annotators a ON a.id = ds.annotator_id WHERE ds.doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, st string
		if err := rows.Scan(&name, &st); err != nil {
			return nil, err
		}
		states[name] = annot.DocState(st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, s := range b.Spans {
		if !s.Curation { // a reviewer's own span starts no annotation
			counts[s.Annotator]++
		}
	}
	b.States = annot.EffectiveStates(states, counts)
	return b, nil
}

func loadDoc(r *readTx, id string, d *annot.Document) error {
	err := scanDoc(r.tx.QueryRowContext(r.ctx, `SELECT `+docColumns+` FROM documents WHERE id = ? AND `+visibleDoc, id).Scan, d)
	if err == sql.ErrNoRows {
		return annot.Errorf(annot.NotFound, "no document %s: it may have been removed", id)
	}
	return err
}

// docColumns are the columns scanDoc reads, in its order.
const docColumns = edit.DocColumns

// scanDoc reads a row of docColumns, from a query of one row or of many.
func scanDoc(scan func(dest ...any) error, d *annot.Document) error { return edit.ScanDoc(scan, d) }

// docSpans reads a document's live spans, each with the status its latest
// verdict gives it.
func docSpans(r *readTx, docID string) ([]annot.Span, error) {
	return liveSpansWhere(r, `s.doc_id = ?`, docID)
}

// liveSpansWhere reads the live spans that the condition on s (spans)
// picks, each with the status its latest verdict gives it.
func liveSpansWhere(r *readTx, cond string, args ...any) ([]annot.Span, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT s.id, s.doc_id, a.name, s.off_start, s.off_end, l.name, s.note, s.created_at, s.updated_at,
			COALESCE(v.decision, 'pending'), COALESCE(va.name, ''), s.curation, COALESCE(s.corrects, ''), s.origin, s.changed
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		LEFT JOIN verdicts v ON v.id = (SELECT id FROM verdicts WHERE span_id = s.id AND withdrawn_at IS NULL
			ORDER BY at DESC, id DESC LIMIT 1)
		LEFT JOIN annotators va ON va.id = v.reviewer_id
		WHERE `+cond+` AND s.deleted_at IS NULL`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Span
	for rows.Next() {
		var s annot.Span
		var created, updated, status string
		if err := rows.Scan(&s.ID, &s.DocID, &s.Annotator, &s.Start, &s.End, &s.Label, &s.Note, &created, &updated, &status, &s.Reviewer,
			&s.Curation, &s.Corrects, &s.Origin, &s.Changed); err != nil {
			return nil, err
		}
		s.CreatedAt, s.UpdatedAt, s.Status = parseTime(created), parseTime(updated), annot.Status(status)
		out = append(out, s)
	}
	return out, rows.Err()
}

func docRelations(r *readTx, docID string) ([]annot.Relation, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT r.id, a.name, r.from_id, r.to_id, r.type, r.created_at
		FROM relations r JOIN annotators a ON a.id = r.annotator_id
		WHERE r.doc_id = ? AND r.deleted_at IS NULL ORDER BY r.created_at, r.id`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Relation
	for rows.Next() {
		rel := annot.Relation{DocID: docID}
		var created string
		if err := rows.Scan(&rel.ID, &rel.Annotator, &rel.From, &rel.To, &rel.Type, &created); err != nil {
			return nil, err
		}
		rel.CreatedAt = parseTime(created)
		out = append(out, rel)
	}
	return out, rows.Err()
}
