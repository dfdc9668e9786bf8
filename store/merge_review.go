package store

import (
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
)

// reviewed finishes what a review leaves in the merged rows: a verdict
// copied onto the span its twin was folded into follows its original's
// withdrawal, and a document that the union of both databases leaves
// with nothing undecided is reviewed for everyone who annotated it, as
// the review action that decides its last span makes it.
func (m *merger) reviewed() error {
	if err := m.withdrawMoved(); err != nil {
		return err
	}
	return m.reviewedDocs()
}

// withdrawMoved withdraws the live copies (annot.MovedID) of withdrawn
// verdicts on folded twins, so that undoing a review in one database
// takes back its verdict on the span kept too, whenever the withdrawal
// arrives.
func (m *merger) withdrawMoved() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT v.id, v.withdrawn_at, w.id, w.span_id
		FROM main.verdicts v
		JOIN main.spans s ON s.id = v.span_id AND s.deleted_at IS NOT NULL
		JOIN main.spans t ON t.doc_id = s.doc_id AND t.off_start = s.off_start AND t.off_end = s.off_end
			AND t.annotator_id = s.annotator_id AND t.label_id = s.label_id AND t.id <> s.id
		JOIN main.verdicts w ON w.span_id = t.id AND w.at = v.at AND w.withdrawn_at IS NULL
		WHERE v.withdrawn_at IS NOT NULL`)
	if err != nil {
		return err
	}
	var out [][]any
	for rows.Next() {
		var id, at, copyID, onto string
		if err := rows.Scan(&id, &at, &copyID, &onto); err != nil {
			rows.Close()
			return err
		}
		if copyID == annot.MovedID(id, onto) {
			out = append(out, []any{copyID, at})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return err
	}
	m.res.Withdrawn += len(out)
	if err := m.load("m_withdrawn", []string{"id", "at"}, 1, out); err != nil {
		return err
	}
	return m.exec(`UPDATE main.verdicts SET withdrawn_at = x.at FROM temp.m_withdrawn x WHERE verdicts.id = x.id`)
}

// reviewedDocs moves annotators to reviewed where annot.ReviewedByMerge
// says: in documents with a live verdict where someone who annotated is
// not reviewed yet, the only ones it can change.
func (m *merger) reviewedDocs() error {
	type doc struct {
		spans, undecided int
		decided          string
		b                annot.Bundle
		states           map[string]annot.StateCopy
	}
	docs := map[string]*doc{}
	rows, err := m.tx.QueryContext(m.ctx, `WITH decided AS (
			SELECT DISTINCT x.doc_id FROM main.verdicts v JOIN main.spans x ON x.id = v.span_id
			WHERE v.withdrawn_at IS NULL AND x.deleted_at IS NULL
		), open AS (
			SELECT c.doc_id FROM decided c
			WHERE EXISTS (SELECT 1 FROM main.spans x WHERE x.doc_id = c.doc_id AND x.deleted_at IS NULL AND x.curation = 0
					AND NOT EXISTS (SELECT 1 FROM main.doc_status st WHERE st.doc_id = x.doc_id AND st.annotator_id = x.annotator_id
						AND st.state = 'reviewed'))
				OR EXISTS (SELECT 1 FROM main.doc_status st WHERE st.doc_id = c.doc_id AND st.state = 'done')
		)
		SELECT s.doc_id, COUNT(*),
			SUM(NOT EXISTS (SELECT 1 FROM main.verdicts v WHERE v.span_id = s.id AND v.withdrawn_at IS NULL)),
			COALESCE(MAX((SELECT MAX(v.at) FROM main.verdicts v WHERE v.span_id = s.id AND v.withdrawn_at IS NULL)), '')
		FROM main.spans s WHERE s.deleted_at IS NULL AND s.doc_id IN (SELECT doc_id FROM open)
		GROUP BY s.doc_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		d := &doc{states: map[string]annot.StateCopy{}}
		if err := rows.Scan(&id, &d.spans, &d.undecided, &d.decided); err != nil {
			rows.Close()
			return err
		}
		if annot.DocReviewed(d.spans, d.undecided) {
			d.b.States = map[string]annot.DocState{}
			docs[id] = d
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(docs) == 0 {
		return err
	}
	people, err := (&readTx{ctx: m.ctx, tx: m.tx}).idNames(`SELECT id, name FROM main.annotators`)
	if err != nil {
		return err
	}
	ids := make(map[string]string, len(people))
	for id, name := range people {
		ids[name] = id
	}
	list := make([]string, 0, len(docs))
	for id := range docs {
		list = append(list, id)
	}
	js, err := json.Marshal(list)
	if err != nil {
		return err
	}
	// Who annotated each: a live span that is not a reviewer's own, or a
	// state (annot.Annotated).
	rows, err = m.tx.QueryContext(m.ctx, `SELECT doc_id, annotator_id FROM main.spans
		WHERE deleted_at IS NULL AND curation = 0 AND doc_id IN (SELECT value FROM json_each(?1)) GROUP BY doc_id, annotator_id`, string(js))
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, aid string
		if err := rows.Scan(&id, &aid); err != nil {
			rows.Close()
			return err
		}
		d := docs[id]
		d.b.Spans = append(d.b.Spans, annot.Span{Annotator: people[aid]})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = m.tx.QueryContext(m.ctx, `SELECT doc_id, annotator_id, state, answer, updated_at FROM main.doc_status
		WHERE doc_id IN (SELECT value FROM json_each(?1))`, string(js))
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, aid, st, answer, at string
		if err := rows.Scan(&id, &aid, &st, &answer, &at); err != nil {
			rows.Close()
			return err
		}
		if d := docs[id]; d != nil {
			name := people[aid]
			d.b.States[name] = annot.DocState(st)
			d.states[name] = annot.StateCopy{Annotator: name, State: annot.DocState(st), Answer: annot.Answer(answer), At: parseTime(at)}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var moves [][]any
	for id, d := range docs {
		for _, s := range annot.ReviewedByMerge(d.spans, d.undecided, annot.Annotated(&d.b), d.states, parseTime(d.decided)) {
			moves = append(moves, []any{id, ids[s.Annotator], string(s.State), string(s.Answer), m.stampOr(s.At)})
		}
	}
	if len(moves) == 0 {
		return nil
	}
	m.res.Reviewed = len(moves)
	if err := m.load("m_reviewed", []string{"doc_id", "annotator_id", "state", "answer", "updated_at"}, 2, moves); err != nil {
		return err
	}
	return m.exec(`INSERT INTO main.doc_status(doc_id, annotator_id, state, answer, updated_at)
		SELECT doc_id, annotator_id, state, answer, updated_at FROM temp.m_reviewed WHERE true
		ON CONFLICT(doc_id, annotator_id) DO UPDATE SET state = excluded.state, answer = excluded.answer, updated_at = excluded.updated_at`)
}
