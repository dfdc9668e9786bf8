package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Export calls fn with every document in import order, with its live spans
// sorted by start, end and label (then annotator) and the relations among
// them. It reads one snapshot, so a window writing meanwhile neither
// blocks it nor tears it. A project of up to wholeExport spans streams
// (exportStream): fn gets each document as SQLite reads it. A larger one
// is read exportChunkSize documents at a time, with the spans, relations
// and states of those alone, so that an export of a million spans holds a
// chunk in memory, not the project.
func (db *DB) Export(ctx context.Context, f annot.ExportFilter, fn func(*annot.Bundle) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := &readTx{ctx: ctx, tx: tx}
	a, err := r.annotatorNames()
	if err != nil {
		return err
	}
	if f.Annotator != "" && !containsValue(a, f.Annotator) {
		return annot.Errorf(annot.NotFound, "no annotator called %q in this database", f.Annotator)
	}
	var has int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM verdicts)`).Scan(&has); err != nil {
		return err
	}
	r.noVerdicts = has == 0
	// A project of up to wholeExport spans is read in one go, as it
	// streams; a larger one a chunk of documents at a time, so that its
	// relations, states and suggestions are not all held at once.
	var spans int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM spans`).Scan(&spans); err != nil {
		return err
	}
	if spans <= wholeExport {
		return exportStream(r, a, f, fn)
	}
	last := int64(math.MinInt64)
	for {
		docs, err := docChunk(r, last, exportChunkSize)
		if err != nil || len(docs) == 0 {
			return err
		}
		last = docs[len(docs)-1].Doc.Seq
		if err := exportChunk(r, a, f, docs, fn); err != nil {
			return err
		}
	}
}

// exportChunkSize is how many documents Export reads at a time from a
// project of more than wholeExport spans (counted by the largest rowid,
// which is never fewer); a smaller one is read in one go, streamed
// (exportStream).
const exportChunkSize = 512

// wholeExport is a variable so that tests can make a small project take
// the chunked path.
var wholeExport int64 = 250_000

// docChunk reads the next documents after seq after, in import order.
func docChunk(r *readTx, after int64, n int) ([]annot.Bundle, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT `+docColumns+` FROM documents WHERE seq > ? AND `+visibleDoc+` ORDER BY seq LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Bundle
	for rows.Next() {
		var b annot.Bundle
		if err := scanDoc(rows.Scan, &b.Doc); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// exportChunk fills in docs' spans, relations, states and answers, and
// hands each to fn.
func exportChunk(r *readTx, a map[string]string, f annot.ExportFilter, docs []annot.Bundle, fn func(*annot.Bundle) error) error {
	ids := make([]string, len(docs))
	for i := range docs {
		ids[i] = docs[i].Doc.ID
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	r.docs = string(js)
	defer func() { r.docs = "" }()
	spans, err := r.liveSpans(a, f.Annotator)
	if err != nil {
		return err
	}
	var parts edit.ExportParts
	if parts.Relations, err = r.liveRelations(a); err != nil {
		return err
	}
	if parts.States, parts.Answers, err = r.statesAnswers(a); err != nil {
		return err
	}
	if f.Suggestions {
		if parts.Suggested, err = edit.SuggestedWhere(r.ctx, editTx{r.tx}, `s.doc_id IN (SELECT value FROM json_each(?))`, r.docs); err != nil {
			return err
		}
	}
	for i := range docs {
		b := &docs[i]
		b.Spans = spans[b.Doc.ID]
		parts.Fill(b, f)
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}
