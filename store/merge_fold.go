package store

import (
	"slices"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// folds tidies what only the union of two databases can hold: one
// annotation under two span IDs, live links to spans the other database
// deleted, and one link made twice. Each runs on the merged rows, so the
// result does not depend on which database received.
func (m *merger) folds() error {
	if err := m.foldSpans(); err != nil {
		return err
	}
	if err := m.deadEnds(); err != nil {
		return err
	}
	return m.foldRelations()
}

// foldSpans folds live spans that are one annotation (same document,
// annotator, offsets and label, and both annotations or both a
// reviewer's own) under two IDs, as when one file was imported into both
// databases. Only documents both databases had can
// hold such twins. The span kept takes the verdicts and links of the
// others, as copies with IDs of their own (annot.MovedID), so that a
// later merge finds them rather than adding them again.
func (m *merger) foldSpans() error {
	// Twins come in the order of the spans_doc index, so SQLite sorts
	// nothing; ones with the same offsets but another annotator or label
	// may come between them, so they are grouped by key here.
	rows, err := m.tx.QueryContext(m.ctx, `SELECT s.doc_id, s.annotator_id, s.off_start, s.off_end, s.label_id, s.curation,
			s.id, s.created_at, s.updated_at
		FROM main.spans s
		WHERE s.deleted_at IS NULL AND s.doc_id IN (SELECT r_id FROM temp.m_doc WHERE joined)
			AND EXISTS (SELECT 1 FROM main.spans t WHERE t.doc_id = s.doc_id AND t.off_start = s.off_start
				AND t.off_end = s.off_end AND t.annotator_id = s.annotator_id AND t.label_id = s.label_id
				AND t.curation = s.curation AND t.id <> s.id AND t.deleted_at IS NULL)
		ORDER BY s.doc_id, s.off_start, s.off_end`)
	if err != nil {
		return err
	}
	type key struct {
		doc, annotator string
		start, end     int
		label          string
		curation       bool
	}
	var groups [][]annot.SpanCopy
	at := map[key]int{} // group of each key, among the spans at the same place
	var place key
	for rows.Next() {
		var k key
		var s annot.SpanCopy
		var created, updated string
		if err := rows.Scan(&k.doc, &k.annotator, &k.start, &k.end, &k.label, &k.curation, &s.ID, &created, &updated); err != nil {
			rows.Close()
			return err
		}
		s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
		if k.doc != place.doc || k.start != place.start || k.end != place.end {
			clear(at)
			place = k
		}
		g, ok := at[k]
		if !ok {
			g = len(groups)
			at[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var folds [][]any // twin, span kept, when the twin is tombstoned
	for _, g := range groups {
		keep, at := annot.FoldSpans(g)
		for i, s := range g {
			if i != keep {
				folds = append(folds, []any{s.ID, g[keep].ID, m.stampOr(at)})
			}
		}
	}
	if len(folds) == 0 {
		return nil
	}
	m.res.FoldedSpans = len(folds)
	if err := m.load("m_fold", []string{"twin", "keep", "at"}, 1, folds); err != nil {
		return err
	}
	if err := m.exec(`UPDATE main.spans SET deleted_at = f.at FROM temp.m_fold f WHERE spans.id = f.twin`); err != nil {
		return err
	}
	if err := m.moveVerdicts(); err != nil {
		return err
	}
	return m.moveLinks()
}

func (m *merger) stampOr(t time.Time) string {
	if t.IsZero() {
		return m.now
	}
	return formatTime(t)
}

// moveVerdicts copies the folded twins' verdicts onto the spans kept,
// withdrawn ones as withdrawn.
func (m *merger) moveVerdicts() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT v.id, f.keep FROM main.verdicts v JOIN temp.m_fold f ON f.twin = v.span_id`)
	if err != nil {
		return err
	}
	var moves [][]any // copy's ID, verdict, span kept
	for rows.Next() {
		var id, keep string
		if err := rows.Scan(&id, &keep); err != nil {
			rows.Close()
			return err
		}
		moves = append(moves, []any{annot.MovedID(id, keep), id, keep})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(moves) == 0 {
		return err
	}
	if err := m.load("m_moved_verdicts", []string{"id", "old", "keep"}, 1, moves); err != nil {
		return err
	}
	return m.exec(`INSERT INTO main.verdicts(id, span_id, reviewer_id, decision, comment, at, withdrawn_at)
		SELECT c.id, c.keep, v.reviewer_id, v.decision, v.comment, v.at, v.withdrawn_at
		FROM temp.m_moved_verdicts c JOIN main.verdicts v ON v.id = c.old WHERE true
		ON CONFLICT(id) DO NOTHING`)
}

// moveLinks copies the live links of folded twins onto the spans kept,
// unless the same link is there already; the twins' own links die with
// them (deadEnds).
func (m *merger) moveLinks() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT r.id, COALESCE(f.keep, r.from_id), COALESCE(t.keep, r.to_id)
		FROM main.relations r LEFT JOIN temp.m_fold f ON f.twin = r.from_id LEFT JOIN temp.m_fold t ON t.twin = r.to_id
		WHERE r.deleted_at IS NULL AND (f.twin IS NOT NULL OR t.twin IS NOT NULL)`)
	if err != nil {
		return err
	}
	var moves [][]any // copy's ID, relation, new ends
	for rows.Next() {
		var id, from, to string
		if err := rows.Scan(&id, &from, &to); err != nil {
			rows.Close()
			return err
		}
		if from != to {
			moves = append(moves, []any{annot.MovedID(id, from+">"+to), id, from, to})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(moves) == 0 {
		return err
	}
	if err := m.load("m_moved_links", []string{"id", "old", "from_id", "to_id"}, 1, moves); err != nil {
		return err
	}
	return m.exec(`INSERT INTO main.relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
		SELECT c.id, r.doc_id, r.annotator_id, c.from_id, c.to_id, r.type, r.created_at
		FROM temp.m_moved_links c JOIN main.relations r ON r.id = c.old
		WHERE NOT EXISTS (SELECT 1 FROM main.relations x WHERE x.from_id = c.from_id AND x.to_id = c.to_id
			AND x.type = r.type AND x.deleted_at IS NULL)
		ON CONFLICT(id) DO NOTHING`)
}

// deadEnds deletes live links to deleted spans, as deleting a span here
// deletes its links: a link made in one database to a span deleted in
// the other, or to a folded twin.
func (m *merger) deadEnds() error {
	type dead struct {
		id       string
		from, to time.Time
	}
	var ds []dead
	rows, err := m.tx.QueryContext(m.ctx, `SELECT r.id, COALESCE(f.deleted_at, ''), COALESCE(t.deleted_at, '')
		FROM main.relations r JOIN main.spans f ON f.id = r.from_id JOIN main.spans t ON t.id = r.to_id
		WHERE r.deleted_at IS NULL AND (f.deleted_at IS NOT NULL OR t.deleted_at IS NOT NULL)`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d dead
		var from, to string
		if err := rows.Scan(&d.id, &from, &to); err != nil {
			rows.Close()
			return err
		}
		d.from, d.to = parseTime(from), parseTime(to)
		ds = append(ds, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ds) == 0 {
		return nil
	}
	rowsAt := make([][]any, len(ds))
	for i, d := range ds {
		rowsAt[i] = []any{d.id, m.stampOr(annot.DeadEndAt(d.from, d.to))}
	}
	m.res.DeadRelations += len(ds)
	if err := m.load("m_dead_links", []string{"id", "at"}, 1, rowsAt); err != nil {
		return err
	}
	return m.exec(`UPDATE main.relations SET deleted_at = d.at FROM temp.m_dead_links d WHERE relations.id = d.id`)
}

// foldRelations keeps one of several live links with the same ends and
// type, as two reviewers who linked the same claim to the same actor.
func (m *merger) foldRelations() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT r.from_id, r.to_id, r.type, r.id, r.created_at
		FROM main.relations r JOIN (
			SELECT from_id, to_id, type FROM main.relations WHERE deleted_at IS NULL
			GROUP BY from_id, to_id, type HAVING COUNT(*) > 1
		) g USING (from_id, to_id, type)
		WHERE r.deleted_at IS NULL ORDER BY r.from_id, r.to_id, r.type`)
	if err != nil {
		return err
	}
	type key struct{ from, to, typ string }
	var groups [][]annot.RelationCopy
	var last key
	for rows.Next() {
		var k key
		var r annot.RelationCopy
		var created string
		if err := rows.Scan(&k.from, &k.to, &k.typ, &r.ID, &created); err != nil {
			rows.Close()
			return err
		}
		r.CreatedAt = parseTime(created)
		if len(groups) == 0 || k != last {
			groups = append(groups, nil)
			last = k
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var folds [][]any
	for _, g := range groups {
		keep, at := annot.FoldRelations(g)
		for i, r := range g {
			if i != keep {
				folds = append(folds, []any{r.ID, m.stampOr(at)})
			}
		}
	}
	if len(folds) == 0 {
		return nil
	}
	m.res.FoldedLinks = len(folds)
	if err := m.load("m_folded_links", []string{"id", "at"}, 1, folds); err != nil {
		return err
	}
	return m.exec(`UPDATE main.relations SET deleted_at = f.at FROM temp.m_folded_links f WHERE relations.id = f.id`)
}

// renumber puts every document in the order annot.CompareDocOrder gives
// and numbers them from 1, touching only those that move.
func (m *merger) renumber() error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT id, created_at, seq FROM main.documents`)
	if err != nil {
		return err
	}
	var docs []annot.Document
	for rows.Next() {
		var d annot.Document
		var created string
		if err := rows.Scan(&d.ID, &created, &d.Seq); err != nil {
			rows.Close()
			return err
		}
		d.CreatedAt = parseTime(created)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(docs, annot.CompareDocOrder)
	var moves [][]any
	for i, d := range docs {
		if want := int64(i + 1); d.Seq != want {
			moves = append(moves, []any{d.ID, -want})
		}
	}
	if len(moves) == 0 {
		return nil
	}
	// Negative first: seq is unique, and the moves may swap places.
	if err := m.load("m_order", []string{"id", "seq"}, 1, moves); err != nil {
		return err
	}
	if err := m.exec(`UPDATE main.documents SET seq = o.seq FROM temp.m_order o WHERE documents.id = o.id`); err != nil {
		return err
	}
	return m.exec(`UPDATE main.documents SET seq = -seq WHERE seq < 0`)
}
