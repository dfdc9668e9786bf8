package store

import (
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// suggestions merges the other's suggestions and the links between them.
// A suggestion is known by what it proposes (document, start, end,
// label): two databases that ran the same rules hold the same proposals
// under other IDs, so they are matched by that, and temp.m_sug maps each
// of the other's suggestion IDs onto the one kept here, for the links and
// decisions that name it (annot.MergeSuggestions).
//
// Most documents need no choice: the other's rows are here already, the
// same, or are new, and go in with one INSERT … SELECT each. The
// documents where the two disagree (one proposal under two IDs, one link
// under two IDs, a suggestion whose label was renamed in one of them) are
// read out and decided whole in Go; see resolveSuggestions.
func (m *merger) suggestions() error {
	if err := m.exec(`CREATE TEMP TABLE m_sug (o_id TEXT PRIMARY KEY, r_id TEXT NOT NULL) WITHOUT ROWID`); err != nil {
		return err
	}
	m.temps = append(m.temps, "m_sug")
	if err := m.scalar(`SELECT COUNT(*) FROM o.suggestions`, &m.res.Suggestions); err != nil {
		return err
	}
	if err := m.scalar(`SELECT COUNT(*) FROM o.suggestion_links`, &m.res.SuggestionLinks); err != nil {
		return err
	}
	if m.res.Suggestions == 0 {
		return nil
	}
	var clash string
	err := m.tx.QueryRowContext(m.ctx, `SELECT s.id FROM o.suggestions s JOIN main.suggestions d ON d.id = s.id
		JOIN temp.m_doc md ON md.o_id = s.doc_id
		WHERE md.r_id <> d.doc_id OR s.off_start <> d.off_start OR s.off_end <> d.off_end LIMIT 1`).Scan(&clash)
	if err == nil {
		return annot.Errorf(annot.Invalid, "suggestion %s proposes another span there than here: one of the two was edited by hand; nothing was merged", clash)
	}
	if err != sql.ErrNoRows {
		return err
	}
	if err := m.disagreements(); err != nil {
		return err
	}
	if err := m.resolveSuggestions(); err != nil {
		return err
	}
	// The rest: the other's suggestion takes this database's by ID, else
	// by what it proposes (one the other holds without a time, from a
	// plain export, loses to this one's), else its own ID.
	if err := m.exec(`INSERT INTO temp.m_sug(o_id, r_id)
		SELECT s.id, COALESCE((SELECT d.id FROM main.suggestions d WHERE d.id = s.id), k.id, s.id)
		FROM o.suggestions s
		LEFT JOIN temp.m_doc md ON md.o_id = s.doc_id
		LEFT JOIN temp.m_label ml ON ml.o_id = s.label_id
		LEFT JOIN main.suggestions k ON k.doc_id = md.r_id AND k.off_start = s.off_start AND k.off_end = s.off_end AND k.label_id = ml.r_id
		WHERE NOT EXISTS (SELECT 1 FROM temp.m_sdoc x WHERE x.r_id = md.r_id)`); err != nil {
		return err
	}
	n, err := m.count(`INSERT INTO main.suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at)
		SELECT s.id, md.r_id, s.off_start, s.off_end, ml.r_id, s.origin, COALESCE(NULLIF(s.created_at, ''), ?1)
		FROM o.suggestions s JOIN temp.m_sug ms ON ms.o_id = s.id AND ms.r_id = s.id
		LEFT JOIN temp.m_doc md ON md.o_id = s.doc_id
		LEFT JOIN temp.m_label ml ON ml.o_id = s.label_id
		WHERE NOT EXISTS (SELECT 1 FROM main.suggestions d WHERE d.id = s.id)`, m.now)
	m.res.NewSuggestions += n
	if err != nil {
		return damaged(err, "suggestions")
	}
	n, err = m.count(`INSERT INTO main.suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at)
		SELECT l.id, md.r_id, mf.r_id, mt.r_id, l.type, l.origin, COALESCE(NULLIF(l.created_at, ''), ?1)
		FROM o.suggestion_links l
		LEFT JOIN temp.m_doc md ON md.o_id = l.doc_id
		LEFT JOIN temp.m_sug mf ON mf.o_id = l.from_id
		LEFT JOIN temp.m_sug mt ON mt.o_id = l.to_id
		WHERE NOT EXISTS (SELECT 1 FROM temp.m_sdoc x WHERE x.r_id = md.r_id)
			AND NOT EXISTS (SELECT 1 FROM main.suggestion_links d WHERE d.id = l.id)
			AND NOT EXISTS (SELECT 1 FROM main.suggestion_links d WHERE d.from_id = mf.r_id AND d.to_id = mt.r_id AND d.type = l.type)
			AND mf.r_id IS NOT mt.r_id`, m.now)
	m.res.NewSuggestionLinks += n
	return damaged(err, "suggested links")
}

// disagreements lists in temp.m_sdoc the documents where the two
// databases hold one proposal or one link under two IDs, or one
// suggestion or link in two versions. A copy without a time (a plain
// export) never wins over one with a time, so it makes no disagreement.
func (m *merger) disagreements() error {
	if err := m.exec(`CREATE TEMP TABLE m_sdoc (r_id TEXT PRIMARY KEY) WITHOUT ROWID`); err != nil {
		return err
	}
	m.temps = append(m.temps, "m_sdoc")
	for _, q := range []string{
		`SELECT d.doc_id FROM o.suggestions s
			JOIN temp.m_doc md ON md.o_id = s.doc_id JOIN temp.m_label ml ON ml.o_id = s.label_id
			JOIN main.suggestions d ON d.doc_id = md.r_id AND d.off_start = s.off_start AND d.off_end = s.off_end AND d.label_id = ml.r_id
			WHERE d.id <> s.id AND s.created_at <> ''`,
		`SELECT d.doc_id FROM o.suggestions s JOIN main.suggestions d ON d.id = s.id
			JOIN temp.m_label ml ON ml.o_id = s.label_id
			WHERE s.created_at <> '' AND (ml.r_id <> d.label_id OR s.origin <> d.origin OR s.created_at <> d.created_at)`,
		`SELECT d.doc_id FROM o.suggestion_links l JOIN main.suggestion_links d ON d.id = l.id
			WHERE l.created_at <> '' AND (l.from_id <> d.from_id OR l.to_id <> d.to_id OR l.type <> d.type
				OR l.origin <> d.origin OR l.created_at <> d.created_at)`,
		`SELECT d.doc_id FROM o.suggestion_links l
			JOIN main.suggestion_links d ON d.from_id = l.from_id AND d.to_id = l.to_id AND d.type = l.type
			WHERE d.id <> l.id AND l.created_at <> ''`,
	} {
		if err := m.exec(`INSERT OR IGNORE INTO temp.m_sdoc(r_id) ` + q); err != nil {
			return err
		}
	}
	return nil
}

// sugSide is one database's suggestions and links of the documents
// resolveSuggestions decides, by document.
type sugSide struct {
	sugs  map[string][]annot.Suggestion
	links map[string][]annot.SuggestionLinkCopy
}

// readSuggestionSide reads one side's suggestions and links of the
// documents in temp.m_sdoc, named as this database names documents and
// labels: sugQ and linkQ select the columns in the order scanned.
func (m *merger) readSuggestionSide(sugQ, linkQ string) (*sugSide, error) {
	side := &sugSide{sugs: map[string][]annot.Suggestion{}, links: map[string][]annot.SuggestionLinkCopy{}}
	rows, err := m.tx.QueryContext(m.ctx, sugQ)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g annot.Suggestion
		var lid, created string
		if err := rows.Scan(&g.ID, &g.DocID, &g.Start, &g.End, &lid, &g.Origin, &created); err != nil {
			rows.Close()
			return nil, err
		}
		g.Label, g.CreatedAt = m.labelNames[lid], parseTime(created)
		side.sugs[g.DocID] = append(side.sugs[g.DocID], g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = m.tx.QueryContext(m.ctx, linkQ)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l annot.SuggestionLinkCopy
		var created string
		if err := rows.Scan(&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin, &created); err != nil {
			return nil, err
		}
		l.CreatedAt = parseTime(created)
		side.links[l.DocID] = append(side.links[l.DocID], l)
	}
	return side, rows.Err()
}

// resolveSuggestions decides the suggestions and links of the documents
// in temp.m_sdoc from both databases' rows, as annot.MergeSuggestions and
// annot.MergeSuggestionLinks say, and writes the result here: the
// decisions on a suggestion that is not kept move to the one that is
// (an analyst's two live decisions on it become one, annot.
// OneLiveDecision), the document's links are written again, and
// suggestions not kept go.
func (m *merger) resolveSuggestions() error {
	var n int
	if err := m.scalar(`SELECT COUNT(*) FROM temp.m_sdoc`, &n); err != nil || n == 0 {
		return err
	}
	here, err := m.readSuggestionSide(`SELECT id, doc_id, off_start, off_end, label_id, origin, created_at
		FROM main.suggestions WHERE doc_id IN (SELECT r_id FROM temp.m_sdoc)`,
		`SELECT id, doc_id, from_id, to_id, type, origin, created_at
		FROM main.suggestion_links WHERE doc_id IN (SELECT r_id FROM temp.m_sdoc)`)
	if err != nil {
		return err
	}
	there, err := m.readSuggestionSide(`SELECT s.id, md.r_id, s.off_start, s.off_end, ml.r_id, s.origin, s.created_at
		FROM o.suggestions s JOIN temp.m_doc md ON md.o_id = s.doc_id JOIN temp.m_label ml ON ml.o_id = s.label_id
		WHERE md.r_id IN (SELECT r_id FROM temp.m_sdoc)`,
		`SELECT l.id, md.r_id, l.from_id, l.to_id, l.type, l.origin, l.created_at
		FROM o.suggestion_links l JOIN temp.m_doc md ON md.o_id = l.doc_id
		WHERE md.r_id IN (SELECT r_id FROM temp.m_sdoc)`)
	if err != nil {
		return err
	}
	labelIDs := make(map[string]string, len(m.labelNames))
	for id, name := range m.labelNames {
		labelIDs[name] = id
	}
	docs := map[string]bool{}
	for _, side := range []*sugSide{here, there} {
		for doc := range side.sugs {
			docs[doc] = true
		}
	}
	var w sugWrites
	for doc := range docs {
		w.decide(m, doc, here, there, labelIDs)
	}
	return w.apply(m)
}

// sugWrites is what resolveSuggestions writes. Rows kept from the other
// database go in by ID from it; only what changes here travels whole.
type sugWrites struct {
	mapped      [][]any // the other's suggestion -> the one kept, where they differ
	moves       [][]any // a suggestion here -> the one kept instead
	hereUpdated [][]any // a suggestion here kept in the other's version
	thereKept   [][]any // the other's suggestions kept, not here
	dropLinks   [][]any // links here not kept
	linkUpdated [][]any // links here kept in the other's version
	thereLinks  [][]any // the other's links kept, not here
}

// decide works out one document with annot.MergeSuggestions and
// annot.MergeSuggestionLinks.
func (w *sugWrites) decide(m *merger, doc string, here, there *sugSide, labelIDs map[string]string) {
	hs, ts := here.sugs[doc], there.sugs[doc]
	kept, ids := annot.MergeSuggestions(hs, ts)
	had := make(map[string]annot.Suggestion, len(hs))
	keys := map[[3]any]bool{}
	for _, h := range hs {
		had[h.ID] = h
		keys[[3]any{h.Start, h.End, h.Label}] = true
		if ids[h.ID] != h.ID {
			w.moves = append(w.moves, []any{h.ID, ids[h.ID]})
		}
	}
	for _, t := range ts {
		if ids[t.ID] != t.ID {
			w.mapped = append(w.mapped, []any{t.ID, ids[t.ID]})
		}
	}
	for _, k := range kept {
		if !keys[[3]any{k.Start, k.End, k.Label}] {
			m.res.NewSuggestions++
		}
		h, ok := had[k.ID]
		switch {
		case !ok:
			w.thereKept = append(w.thereKept, []any{k.ID})
		case h.Label != k.Label || h.Origin != k.Origin || !h.CreatedAt.Equal(k.CreatedAt):
			w.hereUpdated = append(w.hereUpdated, []any{k.ID, labelIDs[k.Label], k.Origin, m.stampOr(k.CreatedAt)})
		}
	}
	follow := func(ls []annot.SuggestionLinkCopy) []annot.SuggestionLinkCopy {
		out := make([]annot.SuggestionLinkCopy, len(ls))
		for i, l := range ls {
			if id, ok := ids[l.From]; ok {
				l.From = id
			}
			if id, ok := ids[l.To]; ok {
				l.To = id
			}
			out[i] = l
		}
		return out
	}
	hl := follow(here.links[doc])
	hadLink := make(map[string]annot.SuggestionLinkCopy, len(hl))
	for _, l := range hl {
		hadLink[l.ID] = l
	}
	keptLink := map[string]bool{}
	for _, l := range annot.MergeSuggestionLinks(hl, follow(there.links[doc])) {
		keptLink[l.ID] = true
		h, ok := hadLink[l.ID]
		switch {
		case !ok:
			m.res.NewSuggestionLinks++
			w.thereLinks = append(w.thereLinks, []any{l.ID})
		case h.From != l.From || h.To != l.To || h.Type != l.Type || h.Origin != l.Origin || !h.CreatedAt.Equal(l.CreatedAt):
			w.linkUpdated = append(w.linkUpdated, []any{l.ID, l.From, l.To, l.Type, l.Origin, m.stampOr(l.CreatedAt)})
		}
	}
	for _, l := range hl {
		if !keptLink[l.ID] {
			w.dropLinks = append(w.dropLinks, []any{l.ID})
		}
	}
}

// apply writes what decide worked out. The decisions on suggestions
// that go move first, so that deleting those cascades to nothing; links
// here keep their rows, following the suggestions kept, unless another
// copy of theirs is kept.
func (w *sugWrites) apply(m *merger) error {
	if err := m.load("m_sugmap", []string{"o_id", "r_id"}, 1, w.mapped); err != nil {
		return err
	}
	if len(w.mapped) > 0 {
		if err := m.exec(`INSERT INTO temp.m_sug(o_id, r_id) SELECT o_id, r_id FROM temp.m_sugmap`); err != nil {
			return err
		}
	}
	if err := m.exec(`INSERT INTO temp.m_sug(o_id, r_id) SELECT s.id, s.id FROM o.suggestions s JOIN temp.m_doc md ON md.o_id = s.doc_id
		WHERE md.r_id IN (SELECT r_id FROM temp.m_sdoc) AND NOT EXISTS (SELECT 1 FROM temp.m_sug x WHERE x.o_id = s.id)`); err != nil {
		return err
	}
	if err := m.moveDecisions(w.moves); err != nil {
		return err
	}
	if len(w.moves) > 0 {
		// Deleting a suggestion looks for links to it; no index serves
		// to_id (see migration 0009), so one does while this runs.
		if err := m.exec(`CREATE INDEX main.merging_suggestion_links_to ON suggestion_links(to_id)`); err != nil {
			return err
		}
	}
	if err := m.load("m_linkdrop", []string{"id"}, 1, w.dropLinks); err != nil {
		return err
	}
	if len(w.dropLinks) > 0 {
		if err := m.exec(`DELETE FROM main.suggestion_links WHERE id IN (SELECT id FROM temp.m_linkdrop)`); err != nil {
			return err
		}
	}
	if len(w.moves) > 0 {
		if err := m.exec(`UPDATE main.suggestion_links SET
				from_id = COALESCE((SELECT new FROM temp.m_sugmove WHERE old = from_id), from_id),
				to_id = COALESCE((SELECT new FROM temp.m_sugmove WHERE old = to_id), to_id)
			WHERE doc_id IN (SELECT r_id FROM temp.m_sdoc)
				AND (from_id IN (SELECT old FROM temp.m_sugmove) OR to_id IN (SELECT old FROM temp.m_sugmove))`); err != nil {
			return err
		}
	}
	if err := m.load("m_linkupd", []string{"id", "from_id", "to_id", "type", "origin", "created_at"}, 1, w.linkUpdated); err != nil {
		return err
	}
	if len(w.linkUpdated) > 0 {
		if err := m.exec(`UPDATE main.suggestion_links SET from_id = u.from_id, to_id = u.to_id, type = u.type, origin = u.origin,
			created_at = u.created_at FROM temp.m_linkupd u WHERE suggestion_links.id = u.id`); err != nil {
			return err
		}
	}
	if len(w.moves) > 0 {
		if err := m.exec(`DELETE FROM main.suggestions WHERE id IN (SELECT old FROM temp.m_sugmove)`); err != nil {
			return err
		}
		if err := m.exec(`DROP INDEX main.merging_suggestion_links_to`); err != nil {
			return err
		}
	}
	if err := m.load("m_sugupd", []string{"id", "label_id", "origin", "created_at"}, 1, w.hereUpdated); err != nil {
		return err
	}
	if len(w.hereUpdated) > 0 {
		// Through stand-in labels, so that two suggestions may trade the
		// places they propose.
		for _, q := range []string{
			`UPDATE main.suggestions SET label_id = 'merging:' || id WHERE id IN (SELECT id FROM temp.m_sugupd)`,
			`UPDATE main.suggestions SET label_id = u.label_id, origin = u.origin, created_at = u.created_at
				FROM temp.m_sugupd u WHERE suggestions.id = u.id`,
		} {
			if err := m.exec(q); err != nil {
				return err
			}
		}
	}
	if err := m.load("m_sugkeep", []string{"id"}, 1, w.thereKept); err != nil {
		return err
	}
	if len(w.thereKept) > 0 {
		if err := m.exec(`INSERT INTO main.suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at)
			SELECT s.id, md.r_id, s.off_start, s.off_end, ml.r_id, s.origin, COALESCE(NULLIF(s.created_at, ''), ?1)
			FROM temp.m_sugkeep k JOIN o.suggestions s ON s.id = k.id
			JOIN temp.m_doc md ON md.o_id = s.doc_id JOIN temp.m_label ml ON ml.o_id = s.label_id`, m.now); err != nil {
			return err
		}
	}
	if err := m.load("m_linkkeep", []string{"id"}, 1, w.thereLinks); err != nil || len(w.thereLinks) == 0 {
		return err
	}
	return m.exec(`INSERT INTO main.suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at)
		SELECT l.id, md.r_id, mf.r_id, mt.r_id, l.type, l.origin, COALESCE(NULLIF(l.created_at, ''), ?1)
		FROM temp.m_linkkeep k JOIN o.suggestion_links l ON l.id = k.id JOIN temp.m_doc md ON md.o_id = l.doc_id
		JOIN temp.m_sug mf ON mf.o_id = l.from_id JOIN temp.m_sug mt ON mt.o_id = l.to_id`, m.now)
}

// moveDecisions points the decisions here on suggestions that are not
// kept (old -> new) at the ones kept. Where an analyst then has two live
// decisions on one suggestion, annot.OneLiveDecision keeps one and the
// others are tombstoned first.
func (m *merger) moveDecisions(moves [][]any) error {
	if len(moves) == 0 {
		return nil
	}
	if err := m.load("m_sugmove", []string{"old", "new"}, 1, moves); err != nil {
		return err
	}
	rows, err := m.tx.QueryContext(m.ctx, `SELECT COALESCE(mv.new, d.suggestion_id), d.annotator_id, d.id, d.at
		FROM main.suggestion_decisions d LEFT JOIN temp.m_sugmove mv ON mv.old = d.suggestion_id
		WHERE d.deleted_at IS NULL AND (mv.old IS NOT NULL OR d.suggestion_id IN (SELECT new FROM temp.m_sugmove))
		ORDER BY 1, 2`)
	if err != nil {
		return err
	}
	dead, err := m.supersede(rows)
	if err != nil {
		return err
	}
	if len(dead) > 0 {
		m.res.UndoneDecisions += len(dead)
		if err := m.load("m_sugdead", []string{"id", "at"}, 1, dead); err != nil {
			return err
		}
		if err := m.exec(`UPDATE main.suggestion_decisions SET deleted_at = x.at FROM temp.m_sugdead x WHERE suggestion_decisions.id = x.id`); err != nil {
			return err
		}
	}
	return m.exec(`UPDATE main.suggestion_decisions SET suggestion_id = mv.new FROM temp.m_sugmove mv WHERE suggestion_decisions.suggestion_id = mv.old`)
}

// supersede reads live decisions as (suggestion, annotator, id, at),
// ordered by suggestion and annotator, and returns the ones that
// annot.OneLiveDecision tombstones, with when.
func (m *merger) supersede(rows *sql.Rows) ([][]any, error) {
	defer rows.Close()
	var dead [][]any
	var group []annot.DecisionCopy
	var last [2]string
	flush := func() {
		if len(group) > 1 {
			keep, at := annot.OneLiveDecision(group)
			for i, d := range group {
				if i != keep {
					dead = append(dead, []any{d.ID, m.stampOr(at)})
				}
			}
		}
		group = group[:0]
	}
	for rows.Next() {
		var k [2]string
		var d annot.DecisionCopy
		var at string
		if err := rows.Scan(&k[0], &k[1], &d.ID, &at); err != nil {
			return nil, err
		}
		d.At = parseTime(at)
		if k != last {
			flush()
			last = k
		}
		group = append(group, d)
	}
	flush()
	return dead, rows.Err()
}
