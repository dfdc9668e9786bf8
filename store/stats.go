package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// Stats is what `spanmark stats` shows (annot.Stats).
type Stats = annot.Stats

// Stats counts documents, spans by label and annotator, and how far each
// annotator has got.
func (db *DB) Stats(ctx context.Context) (*Stats, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st := &Stats{Counts: map[string]map[string]int{}, States: map[string]map[string]int{}, Reviewed: map[string]map[string]int{},
		Decided: map[string]map[string]int{}}
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM documents WHERE `+visibleDoc+`),
		(SELECT COUNT(*) FROM spans WHERE deleted_at IS NULL AND `+visibleDocOf+`),
		(SELECT COUNT(*) FROM relations WHERE deleted_at IS NULL AND `+visibleDocOf+`),
		(SELECT COUNT(*) FROM suggestions WHERE `+visibleDocOf+`)`).Scan(&st.Documents, &st.Spans, &st.Relations, &st.Suggestions); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(undecided = 0), 0) FROM (
		SELECT SUM(NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = s.id AND v.withdrawn_at IS NULL)) AS undecided
		FROM spans s WHERE s.deleted_at IS NULL AND s.`+visibleDocOf+` GROUP BY s.doc_id)`).Scan(&st.SpannedDocs, &st.ReviewedDocs); err != nil {
		return nil, err
	}
	labels, err := tx.QueryContext(ctx, `SELECT name FROM labels WHERE deleted_at IS NULL ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	for labels.Next() {
		var n string
		if err := labels.Scan(&n); err != nil {
			labels.Close()
			return nil, err
		}
		st.Labels = append(st.Labels, n)
	}
	labels.Close()
	queries := []struct {
		into map[string]map[string]int
		sql  string
	}{
		{st.Counts, `SELECT a.name, l.name, COUNT(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id
			JOIN labels l ON l.id = s.label_id WHERE s.deleted_at IS NULL AND s.` + visibleDocOf + ` GROUP BY a.name, l.name`},
		{st.Reviewed, `SELECT v.decision, a.name, COUNT(*) FROM (
			SELECT span_id, reviewer_id, decision, ROW_NUMBER() OVER (PARTITION BY span_id ORDER BY at DESC, id DESC) AS n
			FROM verdicts WHERE withdrawn_at IS NULL
			) v JOIN annotators a ON a.id = v.reviewer_id JOIN spans s ON s.id = v.span_id
			WHERE v.n = 1 AND s.deleted_at IS NULL AND s.` + visibleDocOf + ` GROUP BY v.decision, a.name`},
		{st.Decided, `SELECT a.name, d.decision, COUNT(*) FROM suggestion_decisions d JOIN annotators a ON a.id = d.annotator_id
			WHERE d.deleted_at IS NULL GROUP BY a.name, d.decision`},
	}
	for _, q := range queries {
		if err := countInto(ctx, tx, q.sql, q.into); err != nil {
			return nil, err
		}
	}
	if err := countStates(&readTx{ctx: ctx, tx: tx}, st); err != nil {
		return nil, err
	}
	return st, nil
}

// countStates counts, for every annotator, the documents in each state,
// as annot.Effective has it: only the (document, annotator) pairs with a
// stored state or live spans are read, and every other document is new.
func countStates(r *readTx, st *Stats) error {
	who, err := r.annotatorNames()
	if err != nil {
		return err
	}
	stored, err := r.states(who)
	if err != nil {
		return err
	}
	type pair struct{ doc, who string }
	spans := map[pair]int{}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, COUNT(*) FROM spans
		WHERE deleted_at IS NULL AND curation = 0 AND `+visibleDocOf+` GROUP BY doc_id, annotator_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc, aid string
		var n int
		if err := rows.Scan(&doc, &aid, &n); err != nil {
			return err
		}
		spans[pair{doc, who[aid]}] = n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	seen := map[pair]bool{}
	count := func(p pair) {
		if seen[p] {
			return
		}
		seen[p] = true
		if st.States[p.who] == nil {
			st.States[p.who] = map[string]int{}
		}
		st.States[p.who][string(annot.Effective(stored[p.doc][p.who], spans[p]))]++
	}
	for doc, m := range stored {
		for name := range m {
			count(pair{doc, name})
		}
	}
	for p := range spans {
		count(p)
	}
	if st.Documents == 0 {
		return nil
	}
	for _, name := range who {
		if st.States[name] == nil {
			st.States[name] = map[string]int{}
		}
		marked := 0
		for _, n := range st.States[name] {
			marked += n
		}
		if rest := st.Documents - marked; rest > 0 {
			st.States[name][string(annot.StateNew)] += rest
		}
	}
	return nil
}

func countInto(ctx context.Context, tx *sql.Tx, q string, into map[string]map[string]int) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		var n int
		if err := rows.Scan(&a, &b, &n); err != nil {
			return err
		}
		if into[a] == nil {
			into[a] = map[string]int{}
		}
		into[a][b] = n
	}
	return rows.Err()
}
