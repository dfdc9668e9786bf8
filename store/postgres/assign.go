package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

var _ annot.Assigner = (*DB)(nil)

// Assign deals the documents out (annot.Deal) in one transaction that
// waits for every other write, and keeps the overlap.
func (db *DB) Assign(ctx context.Context, overlap int, annotators []string) (annot.AssignResult, error) {
	if overlap < 1 {
		return annot.AssignResult{}, annot.Errorf(annot.Invalid, "--overlap must be 1 or more, not %d", overlap)
	}
	var res annot.AssignResult
	now := db.stamp()
	err := db.write(ctx, everything, func(tx pgx.Tx) error {
		res = annot.AssignResult{Load: map[string]int{}}
		names := annotators
		if len(names) == 0 {
			rows, err := tx.Query(ctx, `SELECT name FROM annotators ORDER BY name`)
			if err != nil {
				return err
			}
			if names, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
				return err
			}
		}
		distinct := map[string]bool{}
		ids := map[string]string{}
		for _, n := range names {
			distinct[n] = true
			id, err := ensureAnnotator(ctx, tx, n)
			if err != nil {
				return err
			}
			ids[n] = id
		}
		if overlap > len(distinct) {
			return annot.Errorf(annot.Invalid, "an overlap of %d needs %d analysts; there are %d (name them with --annotator)", overlap, overlap, len(distinct))
		}
		rows, err := tx.Query(ctx, `SELECT id FROM documents ORDER BY seq`)
		if err != nil {
			return err
		}
		docs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		have := map[string][]string{}
		rows, err = tx.Query(ctx, `SELECT s.doc_id, a.name FROM assignments s JOIN annotators a ON a.id = s.annotator_id`)
		if err != nil {
			return err
		}
		var doc, who string
		if _, err := pgx.ForEachRow(rows, []any{&doc, &who}, func() error {
			have[doc] = append(have[doc], who)
			return nil
		}); err != nil {
			return err
		}
		deal := annot.Deal(docs, have, names, overlap)
		b := &pgx.Batch{}
		for _, d := range docs {
			for _, n := range deal[d] {
				b.Queue(`INSERT INTO assignments(doc_id, annotator_id, assigned_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, d, ids[n], now)
				res.Dealt++
			}
			if len(have[d])+len(deal[d]) < overlap {
				res.Short++
			}
			for _, n := range append(have[d], deal[d]...) {
				res.Load[n]++
			}
		}
		b.Queue(`INSERT INTO settings(key, value) VALUES ('overlap', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(overlap))
		res.Documents = len(docs)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return annot.AssignResult{}, err
	}
	return res, nil
}

// NextDocument finds the annotator's next document. A document not yet
// dealt to enough analysts is locked with FOR UPDATE SKIP LOCKED before it
// is dealt: an analyst asking at the same moment passes over it to the
// next, so two never get the same one, and neither waits. After the lock
// the assignments are counted again, since one made just before may have
// filled it.
func (db *DB) NextDocument(ctx context.Context, annotator string) (string, bool, error) {
	if annotator == "" {
		return "", false, annot.Errorf(annot.Invalid, "no annotator name")
	}
	if err := db.actAs(annotator); err != nil {
		return "", false, err
	}
	var next string
	now := db.stamp()
	err := db.write(ctx, oneDoc, func(tx pgx.Tx) error {
		next = ""
		me, err := annotatorIn(ctx, tx, annotator)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT d.id FROM assignments s JOIN documents d ON d.id = s.doc_id
			LEFT JOIN doc_status ds ON ds.doc_id = d.id AND ds.annotator_id = s.annotator_id
			WHERE s.annotator_id = $1 AND COALESCE(ds.state, 'new') IN ('new', 'in progress')
			ORDER BY d.seq LIMIT 1`, me).Scan(&next)
		if err == nil || !noRows(err) {
			return err
		}
		overlap := 1
		var v string
		if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = 'overlap'`).Scan(&v); err == nil {
			overlap, _ = strconv.Atoi(v)
		} else if !noRows(err) {
			return err
		}
		filled := []string{} // locked here and found full: passed over (never NULL)
		for {
			var doc string
			err := tx.QueryRow(ctx, `SELECT d.id FROM documents d
				WHERE (SELECT count(*) FROM assignments s WHERE s.doc_id = d.id) < $1
				  AND NOT EXISTS (SELECT 1 FROM assignments s WHERE s.doc_id = d.id AND s.annotator_id = $2)
				  AND NOT EXISTS (SELECT 1 FROM doc_status ds WHERE ds.doc_id = d.id AND ds.annotator_id = $2
				                  AND ds.state IN ('done', 'reviewed'))
				  AND d.id <> ALL ($3)
				ORDER BY d.seq LIMIT 1 FOR UPDATE OF d SKIP LOCKED`, overlap, me, filled).Scan(&doc)
			if noRows(err) {
				return nil // nothing left, or every candidate is being dealt to someone right now
			}
			if err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM assignments WHERE doc_id = $1`, doc).Scan(&n); err != nil {
				return err
			}
			if n >= overlap {
				filled = append(filled, doc) // filled meanwhile
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO assignments(doc_id, annotator_id, assigned_at) VALUES ($1, $2, $3)`, doc, me, now); err != nil {
				return err
			}
			next = doc
			return nil
		}
	})
	if err != nil {
		return "", false, err
	}
	return next, next != "", nil
}
