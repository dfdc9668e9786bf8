package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Documents lists documents in import order with their span counts and
// states per annotator, in one snapshot. The search is case-insensitive
// for every script, and finds what the SQLite store finds: a search with
// no non-ASCII letter that has case runs as ILIKE over bytes on the
// server (columns compare as "C", which folds ASCII only, as SQLite's
// LIKE); one such as "Élysée" is matched in Go with Unicode case folding.
// f.IDs lists only those documents; f.NoCounts leaves out the span
// counts, and the states are then the stored ones (annot.DocFilter).
func (db *DB) Documents(ctx context.Context, f annot.DocFilter) ([]annot.DocSummary, error) {
	var docs []annot.DocSummary
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		if docs, err = listDocs(ctx, tx, f.Search, f.IDs); err != nil || len(docs) == 0 {
			return err
		}
		at := make(map[string]*annot.DocSummary, len(docs))
		for i := range docs {
			at[docs[i].ID] = &docs[i]
		}
		// Rows of the documents listed: of every document when the list
		// is not narrowed to some, else of those alone.
		in, args := func(string) string { return `true` }, []any{}
		if f.IDs != nil {
			in, args = func(col string) string { return col + ` = ANY ($1)` }, []any{f.IDs}
		}
		var doc, who string
		var counts edit.DocCounts
		if !f.NoCounts {
			rows, err := tx.Query(ctx, `SELECT s.doc_id, a.name, COUNT(*),
					COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = s.id AND v.withdrawn_at IS NULL)),
					COUNT(*) FILTER (WHERE s.curation)
				FROM spans s JOIN annotators a ON a.id = s.annotator_id
				WHERE s.deleted_at IS NULL AND `+in(`s.doc_id`)+` GROUP BY s.doc_id, a.name`, args...)
			if err != nil {
				return err
			}
			var n, undecided, curation int
			if _, err := pgx.ForEachRow(rows, []any{&doc, &who, &n, &undecided, &curation}, func() error {
				counts.Add(at[doc], who, n, undecided, curation)
				return nil
			}); err != nil {
				return err
			}
		}
		states := map[string]map[string]annot.DocState{}
		rows, err := tx.Query(ctx, `SELECT ds.doc_id, a.name, ds.state FROM doc_status ds JOIN annotators a ON a.id = ds.annotator_id
			WHERE `+in(`ds.doc_id`), args...)
		if err != nil {
			return err
		}
		var st string
		if _, err = pgx.ForEachRow(rows, []any{&doc, &who, &st}, func() error {
			if at[doc] != nil {
				if states[doc] == nil {
					states[doc] = map[string]annot.DocState{}
				}
				states[doc][who] = annot.DocState(st)
			}
			return nil
		}); err != nil {
			return err
		}
		counts.SetStates(at, states, !f.NoCounts)
		rows, err = tx.Query(ctx, `SELECT s.doc_id, a.name FROM assignments s JOIN annotators a ON a.id = s.annotator_id
			WHERE `+in(`s.doc_id`)+` ORDER BY s.doc_id, a.name`, args...)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, []any{&doc, &who}, func() error {
			if d := at[doc]; d != nil {
				d.Assigned = append(d.Assigned, who)
			}
			return nil
		})
		return err
	})
	return docs, err
}

// listDocs reads the documents the search matches, in import order.
// ids, if not nil, narrows it to those.
func listDocs(ctx context.Context, tx pgx.Tx, search string, ids []string) ([]annot.DocSummary, error) {
	const cols = `SELECT id, seq, title, source, length`
	in, args := `true`, []any{}
	if ids != nil {
		in, args = `id = ANY (?1)`, []any{ids}
	}
	q := cols + ` FROM documents WHERE ` + in + ` ORDER BY seq`
	switch {
	case edit.NeedsFold(search):
		q = cols + `, text FROM documents WHERE ` + in + ` ORDER BY seq`
	case search != "":
		args = append(args, "%"+edit.EscapeLike(search)+"%")
		n := fmt.Sprintf("?%d", len(args))
		q = cols + ` FROM documents WHERE ` + in + ` AND (title ILIKE ` + n + ` OR source ILIKE ` + n + ` OR text ILIKE ` + n + `) ORDER BY seq`
	}
	return edit.ListDocs(ctx, editTx{tx}, q, args, search)
}

// SetState records how far an annotator has got with a document.
func (db *DB) SetState(ctx context.Context, docID, annotator string, st annot.DocState) (annot.Change, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	if !st.Valid() {
		return annot.Change{}, annot.Errorf(annot.Invalid, "%q is not a document state", st)
	}
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	err := db.writeDoc(ctx, oneDoc, docID, func(tx pgx.Tx) error {
		if _, err := edit.DocLength(ctx, editTx{tx}, docID); err != nil {
			return err
		}
		aid, err := annotatorIn(ctx, tx, annotator)
		if err != nil {
			return err
		}
		return edit.PutState(ctx, editTx{tx}, docID, aid, st, now)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return annot.Change{States: []annot.StateChange{{DocID: docID, Annotator: annotator, State: st}}}, nil
}

// queuePutState queues what putState does onto a batch of other writes.
func queuePutState(b *pgx.Batch, docID, annotatorID string, st annot.DocState, now string) {
	b.Queue(putStateSQL, docID, annotatorID, string(st), now)
}

const putStateSQL = `INSERT INTO doc_status(doc_id, annotator_id, state, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (doc_id, annotator_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`
