package store

import (
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// decisions merges the analysts' decisions on suggestions, after the
// suggestions (temp.m_sug names where each of the other's went) and the
// spans, folds included. A decision travels by its ID: an undone one (a
// tombstone) stays undone whichever database receives
// (annot.PreferDecision). An analyst has one live decision on a
// suggestion; when each database holds another, the later stands
// (annot.OneLiveDecision). A decision made on a span that is now deleted
// names the live span that stands for it (annot.FollowSpan), in both
// databases' rows, so that twins folded by this merge or an earlier one
// give every decision one span.
func (m *merger) decisions() error {
	if err := m.scalar(`SELECT COUNT(*) FROM o.suggestion_decisions`, &m.res.Decisions); err != nil {
		return err
	}
	if err := m.twins(); err != nil {
		return err
	}
	if m.res.Decisions > 0 {
		var clash string
		err := m.tx.QueryRowContext(m.ctx, `SELECT v.id FROM o.suggestion_decisions v JOIN main.suggestion_decisions d ON d.id = v.id
			LEFT JOIN temp.m_sug ms ON ms.o_id = v.suggestion_id LEFT JOIN temp.m_ann ma ON ma.o_id = v.annotator_id
			WHERE ms.r_id IS NOT d.suggestion_id OR ma.r_id IS NOT d.annotator_id LIMIT 1`).Scan(&clash)
		if err == nil {
			return annot.Errorf(annot.Invalid, "decision %s is on another suggestion or by another analyst there than here: one of the two was edited by hand; nothing was merged", clash)
		}
		if err != sql.ErrNoRows {
			return err
		}
		if err := m.decisionPairs(); err != nil {
			return err
		}
		if err := m.newDecisions(); err != nil {
			return err
		}
	}
	return m.exec(`UPDATE main.suggestion_decisions SET span_id = t.live FROM temp.m_twin t WHERE suggestion_decisions.span_id = t.dead`)
}

// twins fills temp.m_twin with the live span that stands for each
// deleted span a decision of either database names, where there is one.
func (m *merger) twins() error {
	if err := m.exec(`CREATE TEMP TABLE m_twin (dead TEXT PRIMARY KEY, live TEXT NOT NULL) WITHOUT ROWID`); err != nil {
		return err
	}
	m.temps = append(m.temps, "m_twin")
	rows, err := m.tx.QueryContext(m.ctx, `SELECT s.id, s.doc_id, s.annotator_id, s.off_start, s.off_end, s.label_id, s.curation, s.deleted_at,
			t.id, t.created_at
		FROM main.spans s JOIN main.spans t ON t.doc_id = s.doc_id AND t.off_start = s.off_start AND t.off_end = s.off_end
			AND t.annotator_id = s.annotator_id AND t.label_id = s.label_id AND t.curation = s.curation
			AND t.id <> s.id AND t.deleted_at IS NULL
		WHERE s.deleted_at IS NOT NULL AND s.id IN (SELECT span_id FROM main.suggestion_decisions UNION SELECT span_id FROM o.suggestion_decisions)
		ORDER BY s.id`)
	if err != nil {
		return err
	}
	var twins [][]any
	var dead annot.SpanCopy
	var live []annot.SpanCopy
	flush := func() {
		if id, ok := annot.FollowSpan(dead, live); ok {
			twins = append(twins, []any{dead.ID, id})
		}
		live = live[:0]
	}
	for rows.Next() {
		var d annot.SpanCopy
		var deleted, created string
		var t annot.SpanCopy
		if err := rows.Scan(&d.ID, &d.DocID, &d.Annotator, &d.Start, &d.End, &d.Label, &d.Curation, &deleted, &t.ID, &created); err != nil {
			rows.Close()
			return err
		}
		if d.ID != dead.ID && len(live) > 0 {
			flush()
		}
		d.DeletedAt = parseTime(deleted)
		dead = d
		// The query matched the twin on every field FollowSpan compares.
		t.Span = annot.Span{ID: t.ID, DocID: d.DocID, Annotator: d.Annotator, Start: d.Start, End: d.End, Label: d.Label,
			Curation: d.Curation, CreatedAt: parseTime(created)}
		live = append(live, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(live) > 0 {
		flush()
	}
	if len(twins) == 0 {
		return nil
	}
	if err := m.load("m_twins", []string{"dead", "live"}, 1, twins); err != nil {
		return err
	}
	return m.exec(`INSERT INTO temp.m_twin(dead, live) SELECT dead, live FROM temp.m_twins`)
}

// decisionPairs reconciles the decisions both databases hold in another
// version, each side's span named as m_twin says.
func (m *merger) decisionPairs() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT d.id,
			d.decision, COALESCE(th.live, d.span_id, ''), d.at, COALESCE(d.deleted_at, ''),
			v.decision, COALESCE(tt.live, v.span_id, ''), v.at, COALESCE(v.deleted_at, '')
		FROM o.suggestion_decisions v JOIN main.suggestion_decisions d ON d.id = v.id
		LEFT JOIN temp.m_twin th ON th.dead = d.span_id
		LEFT JOIN temp.m_twin tt ON tt.dead = v.span_id
		WHERE v.decision <> d.decision OR COALESCE(tt.live, v.span_id) IS NOT COALESCE(th.live, d.span_id)
			OR (v.at <> '' AND v.at <> d.at) OR v.deleted_at IS NOT d.deleted_at`)
	if err != nil {
		return err
	}
	var redo [][]any
	for rows.Next() {
		var h, t annot.DecisionCopy
		var hd, ha, hx, td, ta, tx string
		if err := rows.Scan(&h.ID, &hd, &h.Span, &ha, &hx, &td, &t.Span, &ta, &tx); err != nil {
			rows.Close()
			return err
		}
		t.ID = h.ID
		h.Decision, h.At, h.DeletedAt = annot.Decision(hd), parseTime(ha), parseTime(hx)
		t.Decision, t.At, t.DeletedAt = annot.Decision(td), parseTime(ta), parseTime(tx)
		if !annot.PreferDecision(t, h) {
			continue
		}
		redo = append(redo, []any{t.ID, string(t.Decision), nullIfEmpty(t.Span), timeOrNil(t.At), timeOrNil(t.DeletedAt)})
		if h.DeletedAt.IsZero() && !t.DeletedAt.IsZero() {
			m.res.UndoneDecisions++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(redo) == 0 {
		return err
	}
	if err := m.load("m_redecide", []string{"id", "decision", "span_id", "at", "deleted_at"}, 1, redo); err != nil {
		return err
	}
	return m.exec(`UPDATE main.suggestion_decisions SET decision = r.decision, span_id = r.span_id, at = COALESCE(r.at, suggestion_decisions.at),
		deleted_at = r.deleted_at FROM temp.m_redecide r WHERE suggestion_decisions.id = r.id`)
}

// newDecisions adds the other's decisions this database lacks. Where an
// analyst has a live decision on the same suggestion in each, the later
// stands and the other is tombstoned (annot.OneLiveDecision): here before
// the other's goes in, or the other's as it goes in.
func (m *merger) newDecisions() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT ms.r_id, ma.r_id, v.id, v.at FROM o.suggestion_decisions v
			JOIN temp.m_sug ms ON ms.o_id = v.suggestion_id JOIN temp.m_ann ma ON ma.o_id = v.annotator_id
			JOIN main.suggestion_decisions d ON d.suggestion_id = ms.r_id AND d.annotator_id = ma.r_id AND d.deleted_at IS NULL
			WHERE v.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM main.suggestion_decisions x WHERE x.id = v.id)
		UNION ALL
		SELECT d.suggestion_id, d.annotator_id, d.id, d.at FROM o.suggestion_decisions v
			JOIN temp.m_sug ms ON ms.o_id = v.suggestion_id JOIN temp.m_ann ma ON ma.o_id = v.annotator_id
			JOIN main.suggestion_decisions d ON d.suggestion_id = ms.r_id AND d.annotator_id = ma.r_id AND d.deleted_at IS NULL
			WHERE v.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM main.suggestion_decisions x WHERE x.id = v.id)
		ORDER BY 1, 2`)
	if err != nil {
		return err
	}
	dead, err := m.supersede(rows)
	if err != nil {
		return err
	}
	if len(dead) > 0 {
		if err := m.load("m_superseded", []string{"id", "at"}, 1, dead); err != nil {
			return err
		}
		n, err := m.count(`UPDATE main.suggestion_decisions SET deleted_at = x.at FROM temp.m_superseded x WHERE suggestion_decisions.id = x.id`)
		if err != nil {
			return err
		}
		m.res.UndoneDecisions += n
	} else if err := m.exec(`CREATE TEMP TABLE m_superseded (id TEXT PRIMARY KEY, at TEXT) WITHOUT ROWID`); err != nil {
		return err
	} else {
		m.temps = append(m.temps, "m_superseded")
	}
	n, err := m.count(`INSERT INTO main.suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at, deleted_at)
		SELECT v.id, ms.r_id, ma.r_id, v.decision, COALESCE(tw.live, v.span_id), COALESCE(NULLIF(v.at, ''), ?1), COALESCE(x.at, v.deleted_at)
		FROM o.suggestion_decisions v
		LEFT JOIN temp.m_sug ms ON ms.o_id = v.suggestion_id
		LEFT JOIN temp.m_ann ma ON ma.o_id = v.annotator_id
		LEFT JOIN temp.m_twin tw ON tw.dead = v.span_id
		LEFT JOIN temp.m_superseded x ON x.id = v.id
		WHERE NOT EXISTS (SELECT 1 FROM main.suggestion_decisions d WHERE d.id = v.id)`, m.now)
	m.res.NewDecisions = n
	return damaged(err, "decisions on suggestions")
}
