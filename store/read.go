package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// readTx holds the queries that exports and statistics share, all inside
// one read transaction.
type readTx struct {
	ctx context.Context
	tx  *sql.Tx
}

// annotatorNames maps annotator IDs to names.
func (r *readTx) annotatorNames() (map[string]string, error) {
	return r.idNames(`SELECT id, name FROM annotators`)
}

func (r *readTx) idNames(q string) (map[string]string, error) {
	rows, err := r.tx.QueryContext(r.ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		m[id] = name
	}
	return m, rows.Err()
}

// verdicts returns each span's latest verdict.
func (r *readTx) verdicts(annotators map[string]string) (map[string]annot.Verdict, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT span_id, reviewer_id, decision FROM verdicts ORDER BY at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]annot.Verdict{}
	for rows.Next() {
		var span, reviewer, decision string
		if err := rows.Scan(&span, &reviewer, &decision); err != nil {
			return nil, err
		}
		m[span] = annot.Verdict{SpanID: span, Reviewer: annotators[reviewer], Decision: annot.Status(decision)}
	}
	return m, rows.Err()
}

// liveSpans returns the live spans of every document, keyed by document,
// with their review status; only one annotator's if who is not "".
func (r *readTx) liveSpans(annotators map[string]string, who string) (map[string][]annot.Span, error) {
	labels, err := r.idNames(`SELECT id, name FROM labels`)
	if err != nil {
		return nil, err
	}
	verdicts, err := r.verdicts(annotators)
	if err != nil {
		return nil, err
	}
	// NULLIF: most notes are empty, and a NULL costs no string.
	q := `SELECT id, doc_id, annotator_id, off_start, off_end, label_id, NULLIF(note, '') FROM spans WHERE deleted_at IS NULL`
	args := []any{}
	if who != "" {
		q += ` AND annotator_id IN (SELECT id FROM annotators WHERE name = ?)`
		args = append(args, who)
	}
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string][]annot.Span{}
	for rows.Next() {
		var s annot.Span
		var aid, lid string
		var note sql.NullString
		if err := rows.Scan(&s.ID, &s.DocID, &aid, &s.Start, &s.End, &lid, &note); err != nil {
			return nil, err
		}
		s.Note = note.String
		s.Annotator, s.Label, s.Status = annotators[aid], labels[lid], annot.Pending
		if v, ok := verdicts[s.ID]; ok {
			s.Status, s.Reviewer = v.Decision, v.Reviewer
		}
		m[s.DocID] = append(m[s.DocID], s)
	}
	return m, rows.Err()
}

// liveRelations returns the live relations of every document.
func (r *readTx) liveRelations(annotators map[string]string) (map[string][]annot.Relation, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, doc_id, annotator_id, from_id, to_id, type FROM relations
		WHERE deleted_at IS NULL ORDER BY doc_id, created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string][]annot.Relation{}
	for rows.Next() {
		var rel annot.Relation
		var aid string
		if err := rows.Scan(&rel.ID, &rel.DocID, &aid, &rel.From, &rel.To, &rel.Type); err != nil {
			return nil, err
		}
		rel.Annotator = annotators[aid]
		m[rel.DocID] = append(m[rel.DocID], rel)
	}
	return m, rows.Err()
}

// states returns every document's per-annotator state.
func (r *readTx) states(annotators map[string]string) (map[string]map[string]annot.DocState, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, state FROM doc_status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]map[string]annot.DocState{}
	for rows.Next() {
		var doc, aid, st string
		if err := rows.Scan(&doc, &aid, &st); err != nil {
			return nil, err
		}
		if m[doc] == nil {
			m[doc] = map[string]annot.DocState{}
		}
		m[doc][annotators[aid]] = annot.DocState(st)
	}
	return m, rows.Err()
}
