package store

import (
	"app.spanmark.org/spanmark/internal/annot"
)

// relations reconciles the relations both have (a tombstone wins) and
// copies the rest.
func (m *merger) relations() error {
	if err := m.scalar(`SELECT COUNT(*) FROM o.relations`, &m.res.Relations); err != nil {
		return err
	}
	type pair struct{ here, there annot.RelationCopy }
	var pairs []pair
	rows, err := m.tx.QueryContext(m.ctx, `SELECT r.id,
			d.doc_id, d.annotator_id, d.from_id, d.to_id, d.type, d.created_at, COALESCE(d.deleted_at, ''),
			md.r_id, ma.r_id, r.from_id, r.to_id, r.type, r.created_at, COALESCE(r.deleted_at, '')
		FROM o.relations r JOIN main.relations d ON d.id = r.id
		JOIN temp.m_doc md ON md.o_id = r.doc_id
		JOIN temp.m_ann ma ON ma.o_id = r.annotator_id
		WHERE md.r_id <> d.doc_id OR ma.r_id <> d.annotator_id OR r.from_id <> d.from_id OR r.to_id <> d.to_id
			OR r.type <> d.type OR r.created_at <> d.created_at OR r.deleted_at IS NOT d.deleted_at`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		h, t := &p.here, &p.there
		var hc, hd, tc, td string
		if err := rows.Scan(&h.ID, &h.DocID, &h.Annotator, &h.From, &h.To, &h.Type, &hc, &hd,
			&t.DocID, &t.Annotator, &t.From, &t.To, &t.Type, &tc, &td); err != nil {
			rows.Close()
			return err
		}
		t.ID = h.ID
		h.CreatedAt, h.DeletedAt = parseTime(hc), parseTime(hd)
		t.CreatedAt, t.DeletedAt = parseTime(tc), parseTime(td)
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var redo [][]any
	for _, p := range pairs {
		if !annot.PreferRelation(p.there, p.here) {
			continue
		}
		t := p.there
		redo = append(redo, []any{t.ID, t.DocID, t.Annotator, t.From, t.To, t.Type, timeOrNil(t.CreatedAt), timeOrNil(t.DeletedAt)})
		if p.here.DeletedAt.IsZero() && !t.DeletedAt.IsZero() {
			m.res.DeadRelations++
		}
	}
	if len(redo) > 0 {
		if err := m.load("m_rerel", []string{"id", "doc_id", "annotator_id", "from_id", "to_id", "type", "created_at", "deleted_at"}, 1, redo); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.relations SET doc_id = r.doc_id, annotator_id = r.annotator_id, from_id = r.from_id, to_id = r.to_id,
			type = r.type, created_at = COALESCE(r.created_at, relations.created_at), deleted_at = r.deleted_at
			FROM temp.m_rerel r WHERE relations.id = r.id`); err != nil {
			return err
		}
	}
	m.res.NewRelations, err = m.count(`INSERT INTO main.relations(id, doc_id, annotator_id, from_id, to_id, type, created_at, deleted_at)
		SELECT r.id, md.r_id, ma.r_id, r.from_id, r.to_id, r.type, COALESCE(NULLIF(r.created_at, ''), ?1), r.deleted_at
		FROM o.relations r
		LEFT JOIN temp.m_doc md ON md.o_id = r.doc_id
		LEFT JOIN temp.m_ann ma ON ma.o_id = r.annotator_id
		WHERE NOT EXISTS (SELECT 1 FROM main.relations d WHERE d.id = r.id)`, m.now)
	return damaged(err, "relations")
}

// verdicts adds the other's verdicts. Verdicts are never edited, only
// added and, when a review is undone, withdrawn; so the history of a
// review is the union of both, and a verdict withdrawn in either stays
// withdrawn (annot.PreferVerdict). A verdict without a time (a plain
// export gives only each span's status) is added only if this database
// has no verdict of that reviewer and decision on the span already.
func (m *merger) verdicts() error {
	if err := m.scalar(`SELECT COUNT(*) FROM o.verdicts`, &m.res.Verdicts); err != nil {
		return err
	}
	type pair struct{ here, there annot.VerdictCopy }
	var pairs []pair
	rows, err := m.tx.QueryContext(m.ctx, `SELECT v.id, d.span_id, d.reviewer_id, d.decision, d.comment, d.at, COALESCE(d.withdrawn_at, ''),
			v.span_id, ma.r_id, v.decision, v.comment, v.at, COALESCE(v.withdrawn_at, '')
		FROM o.verdicts v JOIN main.verdicts d ON d.id = v.id
		JOIN temp.m_ann ma ON ma.o_id = v.reviewer_id
		WHERE v.at <> '' AND (v.span_id <> d.span_id OR ma.r_id <> d.reviewer_id OR v.decision <> d.decision
			OR v.comment <> d.comment OR v.at <> d.at OR v.withdrawn_at IS NOT d.withdrawn_at)`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		h, t := &p.here, &p.there
		var hd, td, ha, ta, hw, tw string
		if err := rows.Scan(&h.ID, &h.SpanID, &h.Reviewer, &hd, &h.Comment, &ha, &hw, &t.SpanID, &t.Reviewer, &td, &t.Comment, &ta, &tw); err != nil {
			rows.Close()
			return err
		}
		t.ID = h.ID
		h.Decision, t.Decision = annot.Status(hd), annot.Status(td)
		h.At, t.At = parseTime(ha), parseTime(ta)
		h.WithdrawnAt, t.WithdrawnAt = parseTime(hw), parseTime(tw)
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var redo [][]any
	for _, p := range pairs {
		if annot.PreferVerdict(p.there, p.here) {
			t := p.there
			redo = append(redo, []any{t.ID, t.SpanID, t.Reviewer, string(t.Decision), t.Comment, formatTime(t.At), timeOrNil(t.WithdrawnAt)})
			if p.here.Live() && !t.Live() {
				m.res.Withdrawn++
			}
		}
	}
	if len(redo) > 0 {
		if err := m.load("m_reverdict", []string{"id", "span_id", "reviewer_id", "decision", "comment", "at", "withdrawn_at"}, 1, redo); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.verdicts SET span_id = r.span_id, reviewer_id = r.reviewer_id, decision = r.decision,
			comment = r.comment, at = r.at, withdrawn_at = r.withdrawn_at FROM temp.m_reverdict r WHERE verdicts.id = r.id`); err != nil {
			return err
		}
	}
	m.res.NewVerdicts, err = m.count(`INSERT INTO main.verdicts(id, span_id, reviewer_id, decision, comment, at, withdrawn_at)
		SELECT v.id, v.span_id, ma.r_id, v.decision, v.comment, COALESCE(NULLIF(v.at, ''), ?1), v.withdrawn_at
		FROM o.verdicts v LEFT JOIN temp.m_ann ma ON ma.o_id = v.reviewer_id
		WHERE NOT EXISTS (SELECT 1 FROM main.verdicts d WHERE d.id = v.id)
			AND (v.at <> '' OR NOT EXISTS (SELECT 1 FROM main.verdicts d
				WHERE d.span_id = v.span_id AND d.reviewer_id = ma.r_id AND d.decision = v.decision))`, m.now)
	return damaged(err, "verdicts")
}

// states reconciles how far each annotator got with each document: the
// further state wins (annot.PreferState), and its record's answer with it.
func (m *merger) states() error {
	if err := m.scalar(`SELECT COUNT(*) FROM o.doc_status`, &m.res.States); err != nil {
		return err
	}
	type pair struct {
		doc, annotator string
		here, there    annot.StateCopy
	}
	var pairs []pair
	rows, err := m.tx.QueryContext(m.ctx, `SELECT d.doc_id, d.annotator_id, d.state, d.answer, d.updated_at, s.state, s.answer, s.updated_at
		FROM o.doc_status s
		JOIN temp.m_doc md ON md.o_id = s.doc_id
		JOIN temp.m_ann ma ON ma.o_id = s.annotator_id
		JOIN main.doc_status d ON d.doc_id = md.r_id AND d.annotator_id = ma.r_id
		WHERE s.state <> d.state OR s.answer <> d.answer OR s.updated_at <> d.updated_at`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		var hs, hx, ha, ts, tx, ta string
		if err := rows.Scan(&p.doc, &p.annotator, &hs, &hx, &ha, &ts, &tx, &ta); err != nil {
			rows.Close()
			return err
		}
		p.here = annot.StateCopy{State: annot.DocState(hs), Answer: annot.Answer(hx), At: parseTime(ha)}
		p.there = annot.StateCopy{State: annot.DocState(ts), Answer: annot.Answer(tx), At: parseTime(ta)}
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var redo [][]any
	for _, p := range pairs {
		if !annot.PreferState(p.there, p.here) {
			continue
		}
		at := m.now // a plain export's state has no time: it moved now
		if !p.there.At.IsZero() {
			at = formatTime(p.there.At)
		}
		redo = append(redo, []any{p.doc, p.annotator, string(p.there.State), string(p.there.Answer), at})
		if p.there.State != p.here.State || p.there.Answer != p.here.Answer {
			m.res.ChangedStates++
		}
	}
	if len(redo) > 0 {
		if err := m.load("m_restate", []string{"doc_id", "annotator_id", "state", "answer", "updated_at"}, 2, redo); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.doc_status SET state = r.state, answer = r.answer, updated_at = r.updated_at FROM temp.m_restate r
			WHERE doc_status.doc_id = r.doc_id AND doc_status.annotator_id = r.annotator_id`); err != nil {
			return err
		}
	}
	n, err := m.count(`INSERT INTO main.doc_status(doc_id, annotator_id, state, answer, updated_at)
		SELECT md.r_id, ma.r_id, s.state, s.answer, COALESCE(NULLIF(s.updated_at, ''), ?1)
		FROM o.doc_status s
		LEFT JOIN temp.m_doc md ON md.o_id = s.doc_id
		LEFT JOIN temp.m_ann ma ON ma.o_id = s.annotator_id
		WHERE NOT EXISTS (SELECT 1 FROM main.doc_status d WHERE d.doc_id = md.r_id AND d.annotator_id = ma.r_id)`, m.now)
	m.res.ChangedStates += n
	return damaged(err, "document states")
}
