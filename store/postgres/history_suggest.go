package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// suggestionHistory is one document's suggestions as History gives them.
type suggestionHistory struct {
	Suggestions     []annot.Suggestion
	SuggestionLinks []annot.SuggestionLinkCopy
	Decisions       []annot.DecisionCopy
}

// historySuggestions reads every suggestion, suggested link and decision
// by document, as the SQLite store's History does: suggestions of removed
// labels and undone decisions included, since a merge must see them;
// suggestions in the window's order, links as they were proposed,
// decisions as they were made.
func historySuggestions(ctx context.Context, tx pgx.Tx) (map[string]*suggestionHistory, error) {
	out := map[string]*suggestionHistory{}
	get := func(doc string) *suggestionHistory {
		h := out[doc]
		if h == nil {
			h = &suggestionHistory{}
			out[doc] = h
		}
		return h
	}
	rows, err := tx.Query(ctx, `SELECT s.id, s.doc_id, s.off_start, s.off_end, l.name, s.origin, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id`)
	if err != nil {
		return nil, err
	}
	var g annot.Suggestion
	var created string
	if _, err := pgx.ForEachRow(rows, []any{&g.ID, &g.DocID, &g.Start, &g.End, &g.Label, &g.Origin, &created}, func() error {
		c := g
		c.CreatedAt = parseTime(created)
		h := get(c.DocID)
		h.Suggestions = append(h.Suggestions, c)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, h := range out {
		annot.SortSuggestions(h.Suggestions)
	}
	rows, err = tx.Query(ctx, `SELECT id, doc_id, from_id, to_id, type, origin, created_at FROM suggestion_links ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	var l annot.SuggestionLinkCopy
	if _, err := pgx.ForEachRow(rows, []any{&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin, &created}, func() error {
		c := l
		c.CreatedAt = parseTime(created)
		h := get(c.DocID)
		h.SuggestionLinks = append(h.SuggestionLinks, c)
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT d.id, d.suggestion_id, s.doc_id, a.name, d.decision, COALESCE(d.span_id, ''),
			d.at, COALESCE(d.deleted_at, '')
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id JOIN annotators a ON a.id = d.annotator_id
		ORDER BY d.at, d.id`)
	if err != nil {
		return nil, err
	}
	var d annot.DecisionCopy
	var at, deleted string
	if _, err := pgx.ForEachRow(rows, []any{&d.ID, &d.Suggestion, &d.DocID, &d.Annotator, &d.Decision, &d.Span, &at, &deleted}, func() error {
		c := d
		c.At, c.DeletedAt = parseTime(at), parseTime(deleted)
		c.Deleted = !c.DeletedAt.IsZero()
		h := get(c.DocID)
		h.Decisions = append(h.Decisions, c)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}
