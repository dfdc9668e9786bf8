package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Export calls fn with every document in import order, with its live
// spans sorted by start, end and label (then annotator) and the
// relations among them, from one snapshot.
func (db *DB) Export(ctx context.Context, f annot.ExportFilter, fn func(*annot.Bundle) error) error {
	return db.read(ctx, func(tx pgx.Tx) error {
		if f.Annotator != "" {
			var known bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM annotators WHERE name = $1)`, f.Annotator).Scan(&known); err != nil {
				return err
			}
			if !known {
				return annot.Errorf(annot.NotFound, "no annotator called %q in this database", f.Annotator)
			}
		}
		var parts edit.ExportParts
		var err error
		if parts.States, parts.Answers, err = statesAnswers(ctx, tx); err != nil {
			return err
		}
		if f.Suggestions {
			if parts.Suggested, err = edit.SuggestedWhere(ctx, editTx{tx}, `true`); err != nil {
				return err
			}
		}
		// Spans and relations first, then the documents streamed one by
		// one: three queries however many documents there are, and the
		// texts are never all in memory.
		spans, err := exportSpans(ctx, tx, f.Annotator)
		if err != nil {
			return err
		}
		if parts.Relations, err = exportRelations(ctx, tx); err != nil {
			return err
		}
		docs, err := tx.Query(ctx, `SELECT `+docColumns+` FROM documents ORDER BY seq`)
		if err != nil {
			return err
		}
		defer docs.Close()
		for docs.Next() {
			b := &annot.Bundle{}
			if err := scanDoc(docs, &b.Doc); err != nil {
				return err
			}
			b.Spans = spans[b.Doc.ID]
			parts.Fill(b, f)
			if err := fn(b); err != nil {
				return err
			}
		}
		return docs.Err()
	})
}

// exportSpans reads every live span (one annotator's if who is not "")
// with its status, keyed by document.
func exportSpans(ctx context.Context, tx pgx.Tx, who string) (map[string][]annot.Span, error) {
	q := `SELECT s.id, s.doc_id, a.name, s.off_start, s.off_end, l.name, s.note, s.answer,
			COALESCE(v.decision, 'pending'), COALESCE(va.name, ''), s.curation, COALESCE(s.corrects, ''),
			s.origin, s.changed
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		LEFT JOIN (SELECT DISTINCT ON (span_id) span_id, decision, reviewer_id FROM verdicts
			WHERE withdrawn_at IS NULL ORDER BY span_id, at DESC, id DESC) v ON v.span_id = s.id
		LEFT JOIN annotators va ON va.id = v.reviewer_id
		WHERE s.deleted_at IS NULL AND ($1 = '' OR a.name = $1)`
	rows, err := tx.Query(ctx, q, who)
	if err != nil {
		return nil, err
	}
	m := map[string][]annot.Span{}
	var s annot.Span
	_, err = pgx.ForEachRow(rows, []any{&s.ID, &s.DocID, &s.Annotator, &s.Start, &s.End, &s.Label, &s.Note, &s.Answer, &s.Status, &s.Reviewer, &s.Curation, &s.Corrects, &s.Origin, &s.Changed}, func() error {
		m[s.DocID] = append(m[s.DocID], s)
		return nil
	})
	return m, err
}

// exportRelations reads every live relation in creation order, keyed by
// document.
func exportRelations(ctx context.Context, tx pgx.Tx) (map[string][]annot.Relation, error) {
	rows, err := tx.Query(ctx, `SELECT r.id, r.doc_id, a.name, r.from_id, r.to_id, r.type
		FROM relations r JOIN annotators a ON a.id = r.annotator_id
		WHERE r.deleted_at IS NULL ORDER BY r.doc_id, r.created_at, r.id`)
	if err != nil {
		return nil, err
	}
	m := map[string][]annot.Relation{}
	var r annot.Relation
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.DocID, &r.Annotator, &r.From, &r.To, &r.Type}, func() error {
		m[r.DocID] = append(m[r.DocID], r)
		return nil
	})
	return m, err
}

// statesAnswers returns every document's per-annotator state and, where
// given, answer.
func statesAnswers(ctx context.Context, tx pgx.Tx) (map[string]map[string]annot.DocState, map[string]map[string]annot.Answer, error) {
	rows, err := tx.Query(ctx, `SELECT ds.doc_id, a.name, ds.state, ds.answer FROM doc_status ds JOIN annotators a ON a.id = ds.annotator_id`)
	if err != nil {
		return nil, nil, err
	}
	m := map[string]map[string]annot.DocState{}
	answers := map[string]map[string]annot.Answer{}
	var doc, who, st, a string
	_, err = pgx.ForEachRow(rows, []any{&doc, &who, &st, &a}, func() error {
		if m[doc] == nil {
			m[doc] = map[string]annot.DocState{}
		}
		m[doc][who] = annot.DocState(st)
		if a != "" {
			if answers[doc] == nil {
				answers[doc] = map[string]annot.Answer{}
			}
			answers[doc][who] = annot.Answer(a)
		}
		return nil
	})
	return m, answers, err
}
