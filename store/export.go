package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
)

// Export calls fn with every document in import order, with its live spans
// sorted by start, end and label (then annotator) and the relations among
// them. It reads one snapshot, so a window writing meanwhile neither
// blocks it nor tears it.
func (db *DB) Export(ctx context.Context, f annot.ExportFilter, fn func(*annot.Bundle) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ctxTx := &readTx{ctx: ctx, tx: tx}
	a, err := ctxTx.annotatorNames()
	if err != nil {
		return err
	}
	if f.Annotator != "" && !containsValue(a, f.Annotator) {
		return annot.Errorf(annot.NotFound, "no annotator called %q in this database", f.Annotator)
	}
	spans, err := ctxTx.liveSpans(a, f.Annotator)
	if err != nil {
		return err
	}
	rels, err := ctxTx.liveRelations(a)
	if err != nil {
		return err
	}
	states, answers, err := ctxTx.statesAnswers(a)
	if err != nil {
		return err
	}
	var suggested map[string]*annot.Suggested
	if f.Suggestions {
		if suggested, err = ctxTx.suggested(`1 = 1`); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+docColumns+` FROM documents ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b annot.Bundle
		d := &b.Doc
		if err := scanDoc(rows.Scan, d); err != nil {
			return err
		}
		b.Spans = spans[d.ID]
		annot.SortSpans(b.Spans)
		b.Relations = rels[d.ID]
		if f.Gold {
			b.Spans, b.Relations = annot.Gold(b.Spans, b.Relations)
		} else {
			b.Relations = annot.RelationsAmong(b.Spans, b.Relations)
		}
		b.States = states[d.ID]
		b.Answers = answers[d.ID]
		b.Suggested = suggested[d.ID]
		if err := fn(&b); err != nil {
			return err
		}
	}
	return rows.Err()
}

func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}
