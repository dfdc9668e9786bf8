package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// Stats counts documents, spans by label and annotator, how far each
// annotator has got, and the verdicts that decide spans.
func (db *DB) Stats(ctx context.Context) (*annot.Stats, error) {
	st := &annot.Stats{Counts: map[string]map[string]int{}, States: map[string]map[string]int{}, Reviewed: map[string]map[string]int{},
		Decided: map[string]map[string]int{}}
	err := db.read(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM documents),
			(SELECT COUNT(*) FROM spans WHERE deleted_at IS NULL),
			(SELECT COUNT(*) FROM relations WHERE deleted_at IS NULL),
			(SELECT COUNT(*) FROM suggestions)`).Scan(&st.Documents, &st.Spans, &st.Relations, &st.Suggestions); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE undecided = 0) FROM (
			SELECT COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = s.id AND v.withdrawn_at IS NULL)) AS undecided
			FROM spans s WHERE s.deleted_at IS NULL GROUP BY s.doc_id) d`).Scan(&st.SpannedDocs, &st.ReviewedDocs); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT name FROM labels WHERE deleted_at IS NULL ORDER BY ord, name`)
		if err != nil {
			return err
		}
		if st.Labels, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		for _, q := range []struct {
			into map[string]map[string]int
			sql  string
		}{
			{st.Counts, `SELECT a.name, l.name, COUNT(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id
				JOIN labels l ON l.id = s.label_id WHERE s.deleted_at IS NULL GROUP BY a.name, l.name`},
			{st.Reviewed, `SELECT v.decision, a.name, COUNT(*) FROM (
				SELECT DISTINCT ON (span_id) span_id, reviewer_id, decision FROM verdicts WHERE withdrawn_at IS NULL
				ORDER BY span_id, at DESC, id DESC
				) v JOIN annotators a ON a.id = v.reviewer_id JOIN spans s ON s.id = v.span_id
				WHERE s.deleted_at IS NULL GROUP BY v.decision, a.name`},
			{st.Decided, `SELECT a.name, d.decision, COUNT(*) FROM suggestion_decisions d JOIN annotators a ON a.id = d.annotator_id
				WHERE d.deleted_at IS NULL GROUP BY a.name, d.decision`},
		} {
			if err := countInto(ctx, tx, q.sql, q.into); err != nil {
				return err
			}
		}
		return countStates(ctx, tx, st)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// countStates counts, for every annotator, the documents in each state,
// as annot.Effective has it; documents nobody marked are new.
func countStates(ctx context.Context, tx pgx.Tx, st *annot.Stats) error {
	rows, err := tx.Query(ctx, `SELECT a.name, COALESCE(ds.state, ''), COALESCE(n.spans, 0)
		FROM (SELECT doc_id, annotator_id, state FROM doc_status) ds
		FULL JOIN (SELECT doc_id, annotator_id, COUNT(*) AS spans FROM spans WHERE deleted_at IS NULL AND NOT curation GROUP BY doc_id, annotator_id) n
			ON n.doc_id = ds.doc_id AND n.annotator_id = ds.annotator_id
		JOIN annotators a ON a.id = COALESCE(ds.annotator_id, n.annotator_id)`)
	if err != nil {
		return err
	}
	var who, stored string
	var spans int
	if _, err := pgx.ForEachRow(rows, []any{&who, &stored, &spans}, func() error {
		if st.States[who] == nil {
			st.States[who] = map[string]int{}
		}
		st.States[who][string(annot.Effective(annot.DocState(stored), spans))]++
		return nil
	}); err != nil {
		return err
	}
	if st.Documents == 0 {
		return nil
	}
	rows, err = tx.Query(ctx, `SELECT name FROM annotators`)
	if err != nil {
		return err
	}
	everyone, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range everyone {
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

func countInto(ctx context.Context, tx pgx.Tx, q string, into map[string]map[string]int) error {
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return err
	}
	var a, b string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&a, &b, &n}, func() error {
		if into[a] == nil {
			into[a] = map[string]int{}
		}
		into[a][b] = n
		return nil
	})
	return err
}
