package postgres

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// History calls fn with every document in import order and everything a
// merge needs from it, as the SQLite store's History gives it, from one
// snapshot: spans and relations with their tombstones, verdicts with the
// withdrawn ones, states, and suggestions with their links and every
// decision, undone ones included. A laptop that syncs pulls the server's
// project through it.
func (db *DB) History(ctx context.Context, fn func(*annot.DocHistory) error) error {
	return db.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name, color, hotkey, ord, COALESCE(deleted_at, '') FROM labels ORDER BY ord, name`)
		if err != nil {
			return err
		}
		labels, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (annot.LabelCopy, error) {
			var l annot.LabelCopy
			var removed string
			err := r.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order, &removed)
			l.RemovedAt = parseTime(removed)
			return l, err
		})
		if err != nil {
			return err
		}
		// Withdrawn verdicts too, since a merge must not bring them back;
		// a span's status is its latest verdict that was not withdrawn.
		verdicts, latest := map[string][]annot.VerdictCopy{}, map[string]annot.Verdict{}
		rows, err = tx.Query(ctx, `SELECT v.id, v.span_id, s.doc_id, a.name, v.decision, v.comment, v.at, COALESCE(v.withdrawn_at, '')
			FROM verdicts v JOIN spans s ON s.id = v.span_id JOIN annotators a ON a.id = v.reviewer_id ORDER BY v.at, v.id`)
		if err != nil {
			return err
		}
		var v annot.VerdictCopy
		var doc, at, withdrawn string
		if _, err := pgx.ForEachRow(rows, []any{&v.ID, &v.SpanID, &doc, &v.Reviewer, &v.Decision, &v.Comment, &at, &withdrawn}, func() error {
			v.At, v.WithdrawnAt = parseTime(at), parseTime(withdrawn)
			verdicts[doc] = append(verdicts[doc], v)
			if v.Live() {
				latest[v.SpanID] = v.Verdict
			}
			return nil
		}); err != nil {
			return err
		}
		spans := map[string][]annot.SpanCopy{}
		rows, err = tx.Query(ctx, `SELECT s.id, s.doc_id, a.name, s.off_start, s.off_end, l.name, s.note, s.answer,
				s.origin, s.changed, s.curation, COALESCE(s.corrects, ''), s.created_at, s.updated_at, COALESCE(s.deleted_at, '')
			FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id`)
		if err != nil {
			return err
		}
		var s annot.SpanCopy
		var created, updated, deleted string
		if _, err := pgx.ForEachRow(rows, []any{&s.ID, &s.DocID, &s.Annotator, &s.Start, &s.End, &s.Label, &s.Note, &s.Answer,
			&s.Origin, &s.Changed, &s.Curation, &s.Corrects, &created, &updated, &deleted}, func() error {
			c := s
			c.Status, c.Reviewer = annot.Pending, ""
			c.CreatedAt, c.UpdatedAt, c.DeletedAt, c.Deleted = parseTime(created), parseTime(updated), parseTime(deleted), deleted != ""
			if v, ok := latest[c.ID]; ok {
				c.Status, c.Reviewer = v.Decision, v.Reviewer
			}
			spans[c.DocID] = append(spans[c.DocID], c)
			return nil
		}); err != nil {
			return err
		}
		for _, list := range spans {
			sort.Slice(list, func(i, j int) bool {
				a, b := &list[i], &list[j]
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
		rels := map[string][]annot.RelationCopy{}
		rows, err = tx.Query(ctx, `SELECT r.id, r.doc_id, a.name, r.from_id, r.to_id, r.type, r.created_at, COALESCE(r.deleted_at, '')
			FROM relations r JOIN annotators a ON a.id = r.annotator_id ORDER BY r.created_at, r.id`)
		if err != nil {
			return err
		}
		var r annot.RelationCopy
		if _, err := pgx.ForEachRow(rows, []any{&r.ID, &r.DocID, &r.Annotator, &r.From, &r.To, &r.Type, &created, &deleted}, func() error {
			c := r
			c.CreatedAt, c.DeletedAt, c.Deleted = parseTime(created), parseTime(deleted), deleted != ""
			rels[c.DocID] = append(rels[c.DocID], c)
			return nil
		}); err != nil {
			return err
		}
		states := map[string][]annot.StateCopy{}
		rows, err = tx.Query(ctx, `SELECT ds.doc_id, a.name, ds.state, ds.answer, ds.updated_at
			FROM doc_status ds JOIN annotators a ON a.id = ds.annotator_id`)
		if err != nil {
			return err
		}
		var st annot.StateCopy
		if _, err := pgx.ForEachRow(rows, []any{&doc, &st.Annotator, &st.State, &st.Answer, &at}, func() error {
			c := st
			c.At = parseTime(at)
			states[doc] = append(states[doc], c)
			return nil
		}); err != nil {
			return err
		}
		for _, list := range states {
			sort.Slice(list, func(i, j int) bool { return list[i].Annotator < list[j].Annotator })
		}
		sugs, err := historySuggestions(ctx, tx)
		if err != nil {
			return err
		}
		docs, err := tx.Query(ctx, `SELECT `+docColumns+` FROM documents ORDER BY seq`)
		if err != nil {
			return err
		}
		defer docs.Close()
		first := true
		for docs.Next() {
			h := &annot.DocHistory{}
			if err := scanDoc(docs, &h.Doc); err != nil {
				return err
			}
			id := h.Doc.ID
			h.Spans, h.Relations, h.Verdicts, h.States = spans[id], rels[id], verdicts[id], states[id]
			if g := sugs[id]; g != nil {
				h.Suggestions, h.SuggestionLinks, h.Decisions = g.Suggestions, g.SuggestionLinks, g.Decisions
			}
			if first {
				h.Labels, first = labels, false
			}
			if err := fn(h); err != nil {
				return err
			}
		}
		return docs.Err()
	})
}
