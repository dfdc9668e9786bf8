package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
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
	if f.NoCounts {
		// The stored states only: one row per annotator who set one,
		// far fewer than the spans a count passes over.
		states, err := r.states(who)
		if err != nil {
			return nil, err
		}
		for id, d := range at {
			d.States = states[id]
		}
		return docs, nil
	}
	curated, err := addCounts(r, who, at)
	if err != nil {
		return nil, err
	}
	states, err := r.states(who)
	if err != nil {
		return nil, err
	}
	for id, d := range at {
		d.Curated = curated[id]
		d.States = annot.EffectiveStates(states[id], d.Annotated())
	}
	return docs, nil
}

// listDocs reads the documents the search matches, in import order.
func listDocs(r *readTx, search string) ([]annot.DocSummary, error) {
	const cols = `SELECT id, seq, title, source, length`
	in, args := r.docFilter("id")
	in += ` AND ` + visibleDoc
	q := cols + ` FROM documents WHERE ` + in + ` ORDER BY seq`
	fold := needsFold(search)
	switch {
	case search == "":
		return listPacked(r, in, args)
	case fold:
		q = cols + `, text FROM documents WHERE ` + in + ` ORDER BY seq`
	case search != "":
		q = cols + ` FROM documents WHERE ` + in + ` AND (title LIKE ? ESCAPE '\' OR source LIKE ? ESCAPE '\' OR text LIKE ? ESCAPE '\') ORDER BY seq`
		like := "%" + escapeLike(search) + "%"
		args = append(args, like, like, like)
	}
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	needle := strings.ToLower(search)
	var out []annot.DocSummary
	for rows.Next() {
		var d annot.DocSummary
		dst := []any{&d.ID, &d.Seq, &d.Title, &d.Source, &d.Length}
		var text string
		if fold {
			dst = append(dst, &text)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		if fold && !containsFold(needle, d.Title, d.Source, text) {
			continue
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// needsFold reports whether s has a letter with case beyond ASCII, which
// LIKE would compare exactly.
func needsFold(s string) bool {
	for _, c := range s {
		if c > unicode.MaxASCII && (unicode.ToLower(c) != c || unicode.ToUpper(c) != c) {
			return true
		}
	}
	return false
}

// containsFold reports whether any of the fields contains needle, which
// is in lower case already.
func containsFold(needle string, fields ...string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), needle) {
			return true
		}
	}
	return false
}

// escapeLike makes % and _ in a search mean themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// addCounts fills in the live spans per annotator and the spans that
// wait for a verdict, in one grouped query, and returns how many of each
// annotator's spans are their own as a reviewer (annot.Span.Curation),
// by document, where there are any.
// (An index for it would answer it faster but slow every import of spans
// more than it saves here.) Its rows come grouped by document,
// and IDs are read as raw bytes, so a list of 20,000 documents costs a
// map lookup per document rather than two allocations per row.
func addCounts(r *readTx, who map[string]string, at map[string]*annot.DocSummary) (map[string]map[string]int, error) {
	in, args := r.docFilter("doc_id")
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, COUNT(*),
		SUM(NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = spans.id AND v.withdrawn_at IS NULL)), SUM(curation)
		FROM spans WHERE deleted_at IS NULL AND `+in+` GROUP BY doc_id, annotator_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var doc, aid sql.RawBytes
	var n, undecided, curation int
	var cur *annot.DocSummary
	curID := ""
	curated := map[string]map[string]int{}
	for rows.Next() {
		if err := rows.Scan(&doc, &aid, &n, &undecided, &curation); err != nil {
			return nil, err
		}
		if string(doc) != curID {
			curID = string(doc)
			cur = at[curID]
		}
		if cur == nil {
			continue // not matched by the search
		}
		if cur.Spans == nil {
			cur.Spans = make(map[string]int, 2)
		}
		cur.Spans[who[string(aid)]] = n
		cur.Undecided += undecided
		if curation > 0 {
			if curated[curID] == nil {
				curated[curID] = map[string]int{}
			}
			curated[curID][who[string(aid)]] = curation
		}
	}
	return curated, rows.Err()
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
		if _, err := docLength(ctx, tx, docID); err != nil {
			return err
		}
		aid, err := annotatorID(ctx, tx, annotator)
		if err != nil {
			return err
		}
		return putState(ctx, tx, docID, aid, st, now)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return annot.Change{States: []annot.StateChange{{DocID: docID, Annotator: annotator, State: st}}}, nil
}

// putState stores an annotator's state in a document.
func putState(ctx context.Context, tx *sql.Tx, docID, annotatorID string, st annot.DocState, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO doc_status(doc_id, annotator_id, state, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(doc_id, annotator_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		docID, annotatorID, string(st), now)
	return err
}

// storedState is the state an annotator has set in a document, "" if
// none.
func storedState(ctx context.Context, tx *sql.Tx, docID, annotatorID string) (annot.DocState, error) {
	var st string
	err := tx.QueryRowContext(ctx, `SELECT state FROM doc_status WHERE doc_id = ? AND annotator_id = ?`, docID, annotatorID).Scan(&st)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return annot.DocState(st), err
}
