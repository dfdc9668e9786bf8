package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// readTx holds the queries that exports and statistics share, all inside
// one read transaction.
type readTx struct {
	ctx context.Context
	tx  *sql.Tx
	// docs, if not "", is a JSON array of the document IDs the queries
	// below read (an export reads a chunk of documents at a time).
	docs string
	// noVerdicts is set when the project has none, so that a chunked
	// export does not look for them chunk after chunk.
	noVerdicts bool
}

// docFilter is the condition on col that keeps the rows of r.docs, with
// its arguments.
func (r *readTx) docFilter(col string) (string, []any) {
	if r.docs == "" {
		return "1", nil
	}
	return col + ` IN (SELECT value FROM json_each(?))`, []any{r.docs}
}

// annotatorNames maps annotator IDs to names.
func (r *readTx) annotatorNames() (map[string]string, error) {
	return r.idNames(`SELECT id, name FROM annotators`)
}

func (r *readTx) idNames(q string, args ...any) (map[string]string, error) {
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
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

// verdicts returns each span's latest verdict (annot.Verdict.Supersedes).
func (r *readTx) verdicts(annotators map[string]string) (map[string]annot.Verdict, error) {
	m := map[string]annot.Verdict{}
	if r.noVerdicts {
		return m, nil
	}
	q, args := `SELECT id, span_id, reviewer_id, decision, at FROM verdicts WHERE withdrawn_at IS NULL`, []any(nil)
	if r.docs != "" {
		in, a := r.docFilter("s.doc_id")
		q, args = `SELECT v.id, v.span_id, v.reviewer_id, v.decision, v.at FROM verdicts v
			JOIN spans s ON s.id = v.span_id WHERE v.withdrawn_at IS NULL AND `+in, a
	}
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v annot.Verdict
		var reviewer, decision, at string
		if err := rows.Scan(&v.ID, &v.SpanID, &reviewer, &decision, &at); err != nil {
			return nil, err
		}
		v.Reviewer, v.Decision, v.At = annotators[reviewer], annot.Status(decision), parseTime(at)
		if cur, ok := m[v.SpanID]; !ok || v.Supersedes(cur) {
			m[v.SpanID] = v
		}
	}
	return m, rows.Err()
}

// liveSpans returns the live spans of every document, keyed by document,
// with their review status; only one annotator's if who is not "".
//
// SQLite packs each document's spans into one string (group_concat), so
// an export of 200,000 spans reads 20,000 rows through the driver rather
// than 200,000: each row costs far more in database/sql and cgo than the
// string work does. IDs and offsets cannot contain the separators; notes
// and origins can, so they come by a second query, made only when some
// span has one.
func (r *readTx) liveSpans(annotators map[string]string, who string) (map[string][]annot.Span, error) {
	labels, err := r.idNames(`SELECT id, name FROM labels`)
	if err != nil {
		return nil, err
	}
	verdicts, err := r.verdicts(annotators)
	if err != nil {
		return nil, err
	}
	in, args := r.docFilter("doc_id")
	where := `deleted_at IS NULL AND ` + in
	if who != "" {
		where += ` AND annotator_id IN (SELECT id FROM annotators WHERE name = ?)`
		args = append(args, who)
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, group_concat(
		id || ',' || annotator_id || ',' || off_start || ',' || off_end || ',' || label_id || ',' || (note <> '') || ',' || answer
		|| ',' || curation || ',' || COALESCE(corrects, '') || ',' || ((origin <> '') + 2 * changed), ';')
		FROM spans WHERE `+where+` GROUP BY doc_id`, args...)
	if err != nil {
		return nil, err
	}
	m := map[string][]annot.Span{}
	var noted []*annot.Span     // spans whose note is not empty
	var suggested []*annot.Span // spans accepted from a suggestion
	for rows.Next() {
		var doc, packed string
		if err := rows.Scan(&doc, &packed); err != nil {
			rows.Close()
			return nil, err
		}
		spans := make([]annot.Span, 0, strings.Count(packed, ";")+1)
		for rec := range strings.SplitSeq(packed, ";") {
			var f [10]string
			if !splitFields(rec, f[:]) {
				rows.Close()
				return nil, fmt.Errorf("read spans of document %s: unexpected %q", doc, rec)
			}
			s := annot.Span{ID: f[0], DocID: doc, Annotator: annotators[f[1]], Label: labels[f[4]], Status: annot.Pending, Answer: annot.Answer(f[6]),
				Curation: f[7] == "1", Corrects: f[8]}
			if s.Start, err = strconv.Atoi(f[2]); err == nil {
				s.End, err = strconv.Atoi(f[3])
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("read spans of document %s: %w", doc, err)
			}
			if v, ok := verdicts[s.ID]; ok {
				s.Status, s.Reviewer = v.Decision, v.Reviewer
			}
			spans = append(spans, s)
			if f[5] == "1" {
				noted = append(noted, &spans[len(spans)-1])
			}
			if f[9] != "0" {
				s := &spans[len(spans)-1]
				s.Changed = f[9] >= "2"
				suggested = append(suggested, s)
			}
		}
		m[doc] = spans
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(noted) > 0 {
		notes, err := r.idNames(`SELECT id, note FROM spans WHERE note <> '' AND `+where, args...)
		if err != nil {
			return nil, err
		}
		for _, s := range noted {
			s.Note = notes[s.ID]
		}
	}
	if len(suggested) > 0 {
		origins, err := r.idNames(`SELECT id, origin FROM spans WHERE origin <> '' AND `+where, args...)
		if err != nil {
			return nil, err
		}
		for _, s := range suggested {
			s.Origin = origins[s.ID]
		}
	}
	return m, nil
}

// splitFields cuts s at commas into exactly len(f) fields, without the
// slice that strings.Split would allocate for each of 200,000 spans.
func splitFields(s string, f []string) bool {
	for i := range f[:len(f)-1] {
		j := strings.IndexByte(s, ',')
		if j < 0 {
			return false
		}
		f[i], s = s[:j], s[j+1:]
	}
	f[len(f)-1] = s
	return strings.IndexByte(s, ',') < 0
}

// liveRelations returns the live relations of every document.
func (r *readTx) liveRelations(annotators map[string]string) (map[string][]annot.Relation, error) {
	in, args := r.docFilter("doc_id")
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, doc_id, annotator_id, from_id, to_id, type FROM relations
		WHERE deleted_at IS NULL AND `+in+` ORDER BY doc_id, created_at, id`, args...)
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
	m, _, err := r.statesAnswers(annotators)
	return m, err
}

// statesAnswers returns every document's per-annotator state and, where
// the annotator gave one in the tool the work came from, their answer.
func (r *readTx) statesAnswers(annotators map[string]string) (map[string]map[string]annot.DocState, map[string]map[string]annot.Answer, error) {
	in, args := r.docFilter("doc_id")
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, state, answer FROM doc_status WHERE `+in+` AND `+visibleDocOf, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	m := map[string]map[string]annot.DocState{}
	answers := map[string]map[string]annot.Answer{}
	for rows.Next() {
		var doc, aid, st, a string
		if err := rows.Scan(&doc, &aid, &st, &a); err != nil {
			return nil, nil, err
		}
		if m[doc] == nil {
			m[doc] = map[string]annot.DocState{}
		}
		m[doc][annotators[aid]] = annot.DocState(st)
		if a != "" {
			if answers[doc] == nil {
				answers[doc] = map[string]annot.Answer{}
			}
			answers[doc][annotators[aid]] = annot.Answer(a)
		}
	}
	return m, answers, rows.Err()
}
