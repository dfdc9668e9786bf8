package store

import (
	"database/sql"
	"time"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// Each kind of row merges in two moves. Rows the other has and this
// database lacks are copied in one INSERT … SELECT, which is most of the
// work and runs inside SQLite. Rows both have that differ are read out,
// annot's rules pick the copy to keep, and the picks go back in one
// statement (see load).
// A time the source did not give (a plain native export) is empty in a
// staged file; a copied row gets the time of the merge instead.

// documents joins the other's documents to this database's by text
// (content hash), keeping the copy annot.PreferDocument picks with the
// meta of both (annot.JoinedMeta), and adds the rest. Their seq is placed
// after this database's for now; renumber puts every document in its
// final place.
func (m *merger) documents() error {
	var clash string
	err := m.tx.QueryRowContext(m.ctx, `SELECT o.id FROM o.documents o JOIN main.documents d ON d.id = o.id
		WHERE d.hash <> o.hash LIMIT 1`).Scan(&clash)
	if err == nil {
		return annot.Errorf(annot.Invalid, "document %s has one text there and another here: one of the two was edited by hand; nothing was merged", clash)
	}
	if err != sql.ErrNoRows {
		return err
	}
	if err := m.scalar(`SELECT COALESCE(MAX(seq), 0) FROM main.documents`, &m.base); err != nil {
		return err
	}
	if err := m.scalar(`SELECT COUNT(*) FROM o.documents`, &m.res.Documents); err != nil {
		return err
	}
	type pair struct{ here, there annot.Document }
	var pairs []pair
	rows, err := m.tx.QueryContext(m.ctx, `SELECT d.id, d.seq, d.title, d.source, d.meta, d.created_at,
			o.id, o.seq, o.title, o.source, o.meta, o.created_at
		FROM o.documents o JOIN main.documents d ON d.hash = o.hash`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		var hm, tm, hc, tc string
		if err := rows.Scan(&p.here.ID, &p.here.Seq, &p.here.Title, &p.here.Source, &hm, &hc,
			&p.there.ID, &p.there.Seq, &p.there.Title, &p.there.Source, &tm, &tc); err != nil {
			rows.Close()
			return err
		}
		p.here.Meta, p.there.Meta = []byte(hm), []byte(tm)
		p.here.CreatedAt, p.there.CreatedAt = parseTime(hc), parseTime(tc)
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var redo [][]any // documents here that take the other's copy, or more meta
	for _, p := range pairs {
		if p.here.ID != p.there.ID {
			m.res.JoinedDocuments++
		}
		meta, changed := annot.JoinedMeta(p.here, p.there)
		if t := p.there; annot.PreferDocument(t, p.here) {
			redo = append(redo, []any{p.here.ID, t.ID, m.base + t.Seq, t.Title, t.Source, string(meta), formatTime(t.CreatedAt)})
		} else if changed { // the rest stays as it is (NULL)
			redo = append(redo, []any{p.here.ID, p.here.ID, nil, nil, nil, string(meta), nil})
		}
	}
	if len(redo) > 0 {
		if err := m.load("m_redoc", []string{"old", "new", "seq", "title", "source", "meta", "created_at"}, 1, redo); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.documents SET id = r.new, seq = COALESCE(r.seq, documents.seq), title = COALESCE(r.title, documents.title),
			source = COALESCE(r.source, documents.source), meta = r.meta, created_at = COALESCE(r.created_at, documents.created_at)
			FROM temp.m_redoc r WHERE documents.id = r.old`); err != nil {
			return err
		}
		for _, table := range []string{"spans", "relations", "doc_status", "actions", "suggestions", "suggestion_links"} {
			if err := m.exec(`UPDATE main.` + table + ` SET doc_id = (SELECT new FROM temp.m_redoc WHERE old = ` + table + `.doc_id)
				WHERE doc_id IN (SELECT old FROM temp.m_redoc WHERE old <> new)`); err != nil {
				return err
			}
		}
	}
	if err := m.exec(`INSERT INTO temp.m_doc(o_id, r_id, joined)
		SELECT o.id, COALESCE(d.id, o.id), d.id IS NOT NULL FROM o.documents o LEFT JOIN main.documents d ON d.hash = o.hash`); err != nil {
		return err
	}
	m.res.NewDocuments, err = m.count(`INSERT INTO main.documents(id, seq, title, source, text, meta, hash, length, created_at)
		SELECT o.id, ?1 + o.seq, o.title, o.source, o.text, o.meta, o.hash, o.length, COALESCE(NULLIF(o.created_at, ''), ?2)
		FROM o.documents o JOIN temp.m_doc md ON md.o_id = o.id WHERE NOT md.joined`, m.base, m.now)
	return err
}

// spanPairQuery reads the spans both databases have in different
// versions, each side with this database's IDs.
const spanPairQuery = `SELECT s.id,
		d.doc_id, d.annotator_id, d.off_start, d.off_end, d.label_id, d.note, d.answer, d.origin, d.changed, d.curation, COALESCE(d.corrects, ''),
		d.created_at, d.updated_at, COALESCE(d.deleted_at, ''),
		md.r_id, ma.r_id, s.off_start, s.off_end, ml.r_id, s.note, s.answer, s.origin, s.changed, s.curation, COALESCE(s.corrects, ''),
		s.created_at, s.updated_at, COALESCE(s.deleted_at, '')
	FROM o.spans s JOIN main.spans d ON d.id = s.id
	JOIN temp.m_doc md ON md.o_id = s.doc_id
	JOIN temp.m_ann ma ON ma.o_id = s.annotator_id
	JOIN temp.m_label ml ON ml.o_id = s.label_id
	WHERE md.r_id <> d.doc_id OR ma.r_id <> d.annotator_id OR s.off_start <> d.off_start OR s.off_end <> d.off_end
		OR ml.r_id <> d.label_id OR s.note <> d.note OR s.answer <> d.answer OR s.created_at <> d.created_at
		OR s.updated_at <> d.updated_at OR s.deleted_at IS NOT d.deleted_at
		OR s.origin <> d.origin OR s.changed <> d.changed OR s.curation <> d.curation OR s.corrects IS NOT d.corrects`

// spans reconciles the spans both have and copies the rest, tombstones
// included, so that a span deleted there stays deleted wherever it goes.
// A span travels whole: with its answer, the suggestion it was accepted
// from (origin, changed) and a reviewer's marks (curation, corrects).
func (m *merger) spans() error {
	if err := m.scalar(`SELECT COUNT(*) FROM o.spans`, &m.res.Spans); err != nil {
		return err
	}
	type pair struct {
		here, there annot.SpanCopy
		label       string // the other copy's label ID here
	}
	var pairs []pair
	rows, err := m.tx.QueryContext(m.ctx, spanPairQuery)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		var hl, ha, hc, hu, hd, ta, tc, tu, td string
		h, t := &p.here, &p.there
		if err := rows.Scan(&h.ID, &h.DocID, &h.Annotator, &h.Start, &h.End, &hl, &h.Note, &ha, &h.Origin, &h.Changed, &h.Curation, &h.Corrects, &hc, &hu, &hd,
			&t.DocID, &t.Annotator, &t.Start, &t.End, &p.label, &t.Note, &ta, &t.Origin, &t.Changed, &t.Curation, &t.Corrects, &tc, &tu, &td); err != nil {
			rows.Close()
			return err
		}
		t.ID = h.ID
		h.Label, t.Label = m.labelNames[hl], m.labelNames[p.label]
		h.Answer, t.Answer = annot.Answer(ha), annot.Answer(ta)
		h.CreatedAt, h.UpdatedAt, h.DeletedAt = parseTime(hc), parseTime(hu), parseTime(hd)
		t.CreatedAt, t.UpdatedAt, t.DeletedAt = parseTime(tc), parseTime(tu), parseTime(td)
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var redo [][]any // spans here that take the other's copy
	for _, p := range pairs {
		if !annot.SameSpanCopy(p.here.Span, p.there.Span) {
			return annot.Errorf(annot.Invalid, "span %s is a different span there than here (another document, annotator or offsets): one of the two was edited by hand; nothing was merged", p.here.ID)
		}
		if !annot.PreferSpan(p.there, p.here) {
			continue
		}
		t := p.there
		redo = append(redo, []any{t.ID, p.label, t.Note, string(t.Answer), t.Origin, t.Changed, t.Curation, nullIfEmpty(t.Corrects),
			timeOrNil(t.CreatedAt), timeOrNil(t.UpdatedAt), timeOrNil(t.DeletedAt)})
		if p.here.DeletedAt.IsZero() && !t.DeletedAt.IsZero() {
			m.res.Tombstones++
		} else {
			m.res.UpdatedSpans++
		}
	}
	if len(redo) > 0 {
		if err := m.load("m_respan", []string{"id", "label_id", "note", "answer", "origin", "changed", "curation", "corrects",
			"created_at", "updated_at", "deleted_at"}, 1, redo); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.spans SET label_id = r.label_id, note = r.note, answer = r.answer, origin = r.origin,
			changed = r.changed, curation = r.curation, corrects = r.corrects, created_at = COALESCE(r.created_at, spans.created_at),
			updated_at = COALESCE(r.updated_at, spans.updated_at), deleted_at = r.deleted_at
			FROM temp.m_respan r WHERE spans.id = r.id`); err != nil {
			return err
		}
	}
	// Most merges keep every ID the other database has: then the spans
	// are copied without looking each of their IDs up (a tenth of the
	// time of a 200,000-span merge). A span whose document is missing
	// there then fails the foreign key check at commit, and nothing is
	// merged.
	var renamed bool
	if err := m.scalar(`SELECT EXISTS (SELECT 1 FROM temp.m_doc WHERE o_id <> r_id) OR EXISTS (SELECT 1 FROM temp.m_ann WHERE o_id <> r_id)
		OR EXISTS (SELECT 1 FROM temp.m_label WHERE o_id <> r_id)`, &renamed); err != nil {
		return err
	}
	if !renamed {
		m.res.NewSpans, err = m.count(`INSERT INTO main.spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer,
			origin, changed, curation, corrects, created_at, updated_at, deleted_at)
			SELECT s.id, s.doc_id, s.annotator_id, s.off_start, s.off_end, s.label_id, s.note, s.answer,
				s.origin, s.changed, s.curation, s.corrects, COALESCE(NULLIF(s.created_at, ''), ?1), COALESCE(NULLIF(s.updated_at, ''), ?1), s.deleted_at
			FROM o.spans s WHERE NOT EXISTS (SELECT 1 FROM main.spans d WHERE d.id = s.id)`, m.now)
		return err
	}
	m.res.NewSpans, err = m.count(`INSERT INTO main.spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer,
			origin, changed, curation, corrects, created_at, updated_at, deleted_at)
		SELECT s.id, md.r_id, ma.r_id, s.off_start, s.off_end, ml.r_id, s.note, s.answer,
			s.origin, s.changed, s.curation, s.corrects, COALESCE(NULLIF(s.created_at, ''), ?1), COALESCE(NULLIF(s.updated_at, ''), ?1), s.deleted_at
		FROM o.spans s
		LEFT JOIN temp.m_doc md ON md.o_id = s.doc_id
		LEFT JOIN temp.m_ann ma ON ma.o_id = s.annotator_id
		LEFT JOIN temp.m_label ml ON ml.o_id = s.label_id
		WHERE NOT EXISTS (SELECT 1 FROM main.spans d WHERE d.id = s.id)`, m.now)
	return damaged(err, "spans")
}

// damaged explains a row of the other database that refers to nothing
// there (the outer joins above leave its ID NULL) instead of losing it.
func damaged(err error, what string) error {
	if isConstraint(err, sqlite3.ErrConstraintNotNull) {
		return annot.Errorf(annot.Invalid, "some of its %s refer to a document, span, label or annotator that is not in it: the database is damaged; nothing was merged", what)
	}
	return err
}

// timeOrNil formats a known time for a statement that keeps the stored
// one when it is NULL.
func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}
