package store

import (
	"context"
	"database/sql"
	"sort"

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
		sortSpans(b.Spans)
		b.Relations = rels[d.ID]
		if f.Gold {
			b.Spans, b.Relations = goldOnly(b.Spans, b.Relations)
		} else {
			b.Relations = relationsAmong(b.Spans, b.Relations)
		}
		b.States = states[d.ID]
		b.Answers = answers[d.ID]
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

// sortSpans puts spans in export order: start, end, label, then
// annotator and ID so that the order never depends on storage.
func sortSpans(s []annot.Span) {
	sort.Slice(s, func(i, j int) bool {
		a, b := &s[i], &s[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		if a.Annotator != b.Annotator {
			return a.Annotator < b.Annotator
		}
		return a.ID < b.ID
	})
}

// relationsAmong keeps the relations whose both ends are in spans.
func relationsAmong(spans []annot.Span, rels []annot.Relation) []annot.Relation {
	if len(rels) == 0 {
		return nil
	}
	in := make(map[string]bool, len(spans))
	for i := range spans {
		in[spans[i].ID] = true
	}
	out := rels[:0:0]
	for _, r := range rels {
		if in[r.From] && in[r.To] {
			out = append(out, r)
		}
	}
	return out
}

// goldOnly keeps accepted spans, folds duplicates into the first of them
// and points relations at the kept spans, dropping repeats.
func goldOnly(spans []annot.Span, rels []annot.Relation) ([]annot.Span, []annot.Relation) {
	type key struct {
		start, end int
		label      string
	}
	kept := make(map[key]string)
	alias := make(map[string]string) // span id -> kept span id
	var out []annot.Span
	for _, s := range spans {
		if s.Status != annot.Accepted {
			continue
		}
		k := key{s.Start, s.End, s.Label}
		if id, ok := kept[k]; ok {
			alias[s.ID] = id
			continue
		}
		kept[k] = s.ID
		alias[s.ID] = s.ID
		out = append(out, s)
	}
	type rkey struct{ from, to, typ string }
	seen := map[rkey]bool{}
	var outRels []annot.Relation
	for _, r := range rels {
		from, to := alias[r.From], alias[r.To]
		if from == "" || to == "" {
			continue
		}
		k := rkey{from, to, r.Type}
		if seen[k] {
			continue
		}
		seen[k] = true
		r.From, r.To = from, to
		outRels = append(outRels, r)
	}
	return out, outRels
}
