package store

import (
	"app.spanmark.org/spanmark/internal/annot"
)

// suggestionHistory is one document's suggestions as History gives them.
type suggestionHistory struct {
	Suggestions     []annot.Suggestion
	SuggestionLinks []annot.SuggestionLinkCopy
	Decisions       []annot.DecisionCopy
}

// historySuggestions reads every suggestion, suggested link and decision
// by document, for History: suggestions of removed labels and undone
// decisions included, since a merge must see them. Suggestions come in
// the window's order, links as they were proposed, decisions as they
// were made.
func historySuggestions(r *readTx, people, labels map[string]string) (map[string]*suggestionHistory, error) {
	out := map[string]*suggestionHistory{}
	get := func(doc string) *suggestionHistory {
		h := out[doc]
		if h == nil {
			h = &suggestionHistory{}
			out[doc] = h
		}
		return h
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, doc_id, off_start, off_end, label_id, origin, created_at FROM suggestions`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g annot.Suggestion
		var lid, created string
		if err := rows.Scan(&g.ID, &g.DocID, &g.Start, &g.End, &lid, &g.Origin, &created); err != nil {
			rows.Close()
			return nil, err
		}
		g.Label, g.CreatedAt = labels[lid], parseTime(created)
		h := get(g.DocID)
		h.Suggestions = append(h.Suggestions, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, h := range out {
		annot.SortSuggestions(h.Suggestions)
	}
	rows, err = r.tx.QueryContext(r.ctx, `SELECT id, doc_id, from_id, to_id, type, origin, created_at FROM suggestion_links ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l annot.SuggestionLinkCopy
		var created string
		if err := rows.Scan(&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin, &created); err != nil {
			rows.Close()
			return nil, err
		}
		l.CreatedAt = parseTime(created)
		h := get(l.DocID)
		h.SuggestionLinks = append(h.SuggestionLinks, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = r.tx.QueryContext(r.ctx, `SELECT d.id, d.suggestion_id, s.doc_id, d.annotator_id, d.decision, COALESCE(d.span_id, ''),
			d.at, COALESCE(d.deleted_at, '')
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id ORDER BY d.at, d.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d annot.DecisionCopy
		var aid, decision, at, deleted string
		if err := rows.Scan(&d.ID, &d.Suggestion, &d.DocID, &aid, &decision, &d.Span, &at, &deleted); err != nil {
			return nil, err
		}
		d.Annotator, d.Decision, d.At, d.DeletedAt = people[aid], annot.Decision(decision), parseTime(at), parseTime(deleted)
		d.Deleted = !d.DeletedAt.IsZero()
		h := get(d.DocID)
		h.Decisions = append(h.Decisions, d)
	}
	return out, rows.Err()
}
