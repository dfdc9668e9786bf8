package postgres

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Bundle loads one document for the window from one snapshot: every
// annotator's live spans with their review status, the live relations
// among them, and the states (an annotator with spans and no state is in
// progress).
func (db *DB) Bundle(ctx context.Context, docID string) (*annot.Bundle, error) {
	var b *annot.Bundle
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		b, err = loadBundle(ctx, tx, docID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// loadBundle reads one document as Bundle returns it, inside tx, which
// may be a write: a review plans against it.
func loadBundle(ctx context.Context, tx pgx.Tx, docID string) (*annot.Bundle, error) {
	b := &annot.Bundle{}
	err := func() error {
		var err error
		if err = loadDoc(ctx, tx, docID, &b.Doc); err != nil {
			return err
		}
		if b.Spans, err = liveSpansWhere(ctx, tx, `s.doc_id = $1`, docID); err != nil {
			return err
		}
		annot.SortSpans(b.Spans)
		rels, err := docRelations(ctx, tx, docID)
		if err != nil {
			return err
		}
		b.Relations = annot.RelationsAmong(b.Spans, rels)
		states := map[string]annot.DocState{}
		rows, err := tx.Query(ctx, `SELECT a.name, ds.state FROM doc_status ds
			JOIN annotators a ON a.id = ds.annotator_id WHERE ds.doc_id = $1`, docID)
		if err != nil {
			return err
		}
		var name, st string
		if _, err := pgx.ForEachRow(rows, []any{&name, &st}, func() error {
			states[name] = annot.DocState(st)
			return nil
		}); err != nil {
			return err
		}
		counts := map[string]int{}
		for _, s := range b.Spans {
			if !s.Curation { // a reviewer's own span starts no annotation
				counts[s.Annotator]++
			}
		}
		b.States = annot.EffectiveStates(states, counts)
		return nil
	}()
	if err != nil {
		return nil, err
	}
	return b, nil
}

// docColumns are the columns scanDoc reads, in its order.
const docColumns = edit.DocColumns

func scanDoc(row pgx.Row, d *annot.Document) error { return edit.ScanDoc(row.Scan, d) }

func loadDoc(ctx context.Context, q querier, id string, d *annot.Document) error {
	err := scanDoc(q.QueryRow(ctx, `SELECT `+docColumns+` FROM documents WHERE id = $1`, id), d)
	if noRows(err) {
		return annot.Errorf(annot.NotFound, "no document %s: it may have been removed", id)
	}
	return err
}

// liveSpansWhere reads the live spans that the condition on s (spans)
// picks, each with the status its latest verdict gives it.
func liveSpansWhere(ctx context.Context, q querier, cond string, args ...any) ([]annot.Span, error) {
	rows, err := q.Query(ctx, `SELECT s.id, s.doc_id, a.name, s.off_start, s.off_end, l.name, s.note, s.answer,
			s.created_at, s.updated_at, COALESCE(v.decision, 'pending'), COALESCE(va.name, ''), s.curation, COALESCE(s.corrects, ''),
			s.origin, s.changed
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		LEFT JOIN LATERAL (SELECT decision, reviewer_id FROM verdicts WHERE span_id = s.id AND withdrawn_at IS NULL
			ORDER BY at DESC, id DESC LIMIT 1) v ON true
		LEFT JOIN annotators va ON va.id = v.reviewer_id
		WHERE `+cond+` AND s.deleted_at IS NULL`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (annot.Span, error) {
		var s annot.Span
		var created, updated string
		err := r.Scan(&s.ID, &s.DocID, &s.Annotator, &s.Start, &s.End, &s.Label, &s.Note, &s.Answer,
			&created, &updated, &s.Status, &s.Reviewer, &s.Curation, &s.Corrects, &s.Origin, &s.Changed)
		s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
		return s, err
	})
}

func docRelations(ctx context.Context, q querier, docID string) ([]annot.Relation, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.doc_id, a.name, r.from_id, r.to_id, r.type, r.created_at
		FROM relations r JOIN annotators a ON a.id = r.annotator_id
		WHERE r.doc_id = $1 AND r.deleted_at IS NULL ORDER BY r.created_at, r.id`, docID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanRelation)
}

// scanRelation reads id, doc, annotator name, ends, type and creation
// time of a live relation.
func scanRelation(r pgx.CollectableRow) (annot.Relation, error) {
	var rel annot.Relation
	var created string
	err := r.Scan(&rel.ID, &rel.DocID, &rel.Annotator, &rel.From, &rel.To, &rel.Type, &created)
	rel.CreatedAt = parseTime(created)
	return rel, err
}

// AnnotatorNames lists every annotator the project knows, sorted.
func (db *DB) AnnotatorNames(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT name FROM annotators`)
	if err != nil {
		return nil, serverError(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	sort.Strings(names)
	return names, serverError(err)
}
