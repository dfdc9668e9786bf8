package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// suggestions reads every suggestion, suggested link and decision by
// document, for History: suggestions of removed labels and undone
// decisions included, since a merge must see them. Suggestions come in
// the window's order, links as they were proposed, decisions as they
// were made.
func (hs histories) suggestions(ctx context.Context, q Queryer, people, labels map[string]string) error {
	err := each(ctx, q, `SELECT id, doc_id, off_start, off_end, label_id, origin, created_at FROM suggestions`, nil, func(rows Rows) error {
		var g annot.Suggestion
		var lid, created string
		if err := rows.Scan(&g.ID, &g.DocID, &g.Start, &g.End, &lid, &g.Origin, &created); err != nil {
			return err
		}
		g.Label, g.CreatedAt = labels[lid], parseTime(created)
		h := hs.get(g.DocID)
		h.Suggestions = append(h.Suggestions, g)
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hs {
		annot.SortSuggestions(h.Suggestions)
	}
	err = each(ctx, q, `SELECT id, doc_id, from_id, to_id, type, origin, created_at FROM suggestion_links ORDER BY created_at, id`, nil, func(rows Rows) error {
		var l annot.SuggestionLinkCopy
		var created string
		if err := rows.Scan(&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin, &created); err != nil {
			return err
		}
		l.CreatedAt = parseTime(created)
		h := hs.get(l.DocID)
		h.SuggestionLinks = append(h.SuggestionLinks, l)
		return nil
	})
	if err != nil {
		return err
	}
	return each(ctx, q, `SELECT d.id, d.suggestion_id, s.doc_id, d.annotator_id, d.decision, COALESCE(d.span_id, ''),
			d.at, COALESCE(d.deleted_at, '')
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id ORDER BY d.at, d.id`, nil, func(rows Rows) error {
		var d annot.DecisionCopy
		var aid, decision, at, deleted string
		if err := rows.Scan(&d.ID, &d.Suggestion, &d.DocID, &aid, &decision, &d.Span, &at, &deleted); err != nil {
			return err
		}
		d.Annotator, d.Decision, d.At, d.DeletedAt = people[aid], annot.Decision(decision), parseTime(at), parseTime(deleted)
		d.Deleted = !d.DeletedAt.IsZero()
		h := hs.get(d.DocID)
		h.Decisions = append(h.Decisions, d)
		return nil
	})
}
