package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Documents lists documents in import order with their span counts and
// states per annotator, in three queries however many documents there
// are, without reading the texts unless a search needs them.
//
// The search is case-insensitive for every script. SQLite's LIKE folds
// ASCII letters only, so a search with no non-ASCII letter that has case
// (Latin words, Devanagari, Chinese) runs as LIKE inside SQLite; one
// such as "Élysée" or "Путин" is matched in Go with Unicode case
// folding, which reads the texts.
func (db *DB) Documents(ctx context.Context, f annot.DocFilter) ([]annot.DocSummary, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := &readTx{ctx: ctx, tx: tx}
	if f.IDs != nil {
		ids, err := json.Marshal(f.IDs)
		if err != nil {
			return nil, err
		}
		r.docs = string(ids)
	}
	docs, err := listDocs(r, f.Search)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return docs, nil
	}
	at := make(map[string]*annot.DocSummary, len(docs))
	for i := range docs {
		at[docs[i].ID] = &docs[i]
	}
	who, err := r.annotatorNames()
	if err != nil {
		return nil, err
	}
	// With no counts, the stored states only: one row per annotator who
	// set one, far fewer than the spans a count passes over.
	var counts edit.DocCounts
	if !f.NoCounts {
		if err := addCounts(r, who, at, &counts); err != nil {
			return nil, err
		}
	}
	states, err := r.states(who)
	if err != nil {
		return nil, err
	}
	counts.SetStates(at, states, !f.NoCounts)
	return docs, nil
}

// listDocs reads the documents the search matches, in import order.
func listDocs(r *readTx, search string) ([]annot.DocSummary, error) {
	const cols = `SELECT id, seq, title, source, length`
	in, args := r.docFilter("id")
	in += ` AND ` + visibleDoc
	var q string
	switch {
	case search == "":
		return listPacked(r, in, args)
	case edit.NeedsFold(search):
		q = cols + `, text FROM documents WHERE ` + in + ` ORDER BY seq`
	default:
		q = cols + ` FROM documents WHERE ` + in + ` AND (title LIKE ? ESCAPE '\' OR source LIKE ? ESCAPE '\' OR text LIKE ? ESCAPE '\') ORDER BY seq`
		like := "%" + edit.EscapeLike(search) + "%"
		args = append(args, like, like, like)
	}
	return edit.ListDocs(r.ctx, editTx{r.tx}, q, args, search)
}

// addCounts counts the live spans per annotator and the spans that
// wait for a verdict, in one grouped query, with how many of each
// annotator's spans are their own as a reviewer (annot.Span.Curation).
// (An index for it would answer it faster but slow every import of spans
// more than it saves here.) Its rows come grouped by document,
// and IDs are read as raw bytes, so a list of 20,000 documents costs a
// map lookup per document rather than two allocations per row.
func addCounts(r *readTx, who map[string]string, at map[string]*annot.DocSummary, counts *edit.DocCounts) error {
	in, args := r.docFilter("doc_id")
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, COUNT(*),
		SUM(NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = spans.id AND v.withdrawn_at IS NULL)), SUM(curation)
		FROM spans WHERE deleted_at IS NULL AND `+in+` GROUP BY doc_id, annotator_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var doc, aid sql.RawBytes
	var n, undecided, curation int
	var cur *annot.DocSummary
	curID := ""
	for rows.Next() {
		if err := rows.Scan(&doc, &aid, &n, &undecided, &curation); err != nil {
			return err
		}
		if string(doc) != curID {
			curID = string(doc)
			cur = at[curID]
		}
		counts.Add(cur, who[string(aid)], n, undecided, curation)
	}
	return rows.Err()
}

// SetState records how far an annotator has got with a document, adding
// the annotator if new.
func (db *DB) SetState(ctx context.Context, docID, annotator string, st annot.DocState) (annot.Change, error) {
	if !st.Valid() {
		return annot.Change{}, annot.Errorf(annot.Invalid, "%q is not a document state", st)
	}
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := edit.DocLength(ctx, editTx{tx}, docID); err != nil {
			return err
		}
		aid, err := annotatorID(ctx, tx, annotator)
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
