package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// Suggested reads a document's suggestions of live labels, their links
// and every analyst's live decisions; NotFound if there is no such
// document.
func Suggested(ctx context.Context, q Queryer, docID string) (*annot.Suggested, error) {
	if _, err := DocLength(ctx, q, docID); err != nil {
		return nil, err
	}
	m, err := SuggestedWhere(ctx, q, `s.doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	if s := m[docID]; s != nil {
		return s, nil
	}
	return &annot.Suggested{DocID: docID}, nil
}

// SuggestedWhere reads the suggestions (of live labels) that cond on s
// (suggestions) picks, with their links and live decisions, by document.
func SuggestedWhere(ctx context.Context, q Queryer, cond string, args ...any) (map[string]*annot.Suggested, error) {
	out := map[string]*annot.Suggested{}
	get := func(doc string) *annot.Suggested {
		s := out[doc]
		if s == nil {
			s = &annot.Suggested{DocID: doc}
			out[doc] = s
		}
		return s
	}
	err := each(ctx, q, `SELECT s.id, s.doc_id, s.off_start, s.off_end, l.name, s.origin, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE `+cond+` AND l.deleted_at IS NULL ORDER BY s.doc_id, s.off_start, s.off_end, l.name, s.id`, args,
		func(rows Rows) error {
			var g annot.Suggestion
			var created string
			if err := rows.Scan(&g.ID, &g.DocID, &g.Start, &g.End, &g.Label, &g.Origin, &created); err != nil {
				return err
			}
			g.CreatedAt = parseTime(created)
			s := get(g.DocID)
			s.Suggestions = append(s.Suggestions, g)
			return nil
		})
	if err != nil {
		return nil, err
	}
	// Both queries start from the suggestions cond picks, so that one
	// document's read uses its index and never scans the project's.
	live := `FROM suggestions s JOIN labels l ON l.id = s.label_id AND l.deleted_at IS NULL `
	err = each(ctx, q, `SELECT k.id, s.doc_id, k.from_id, k.to_id, k.type, k.origin `+live+`
		JOIN suggestion_links k ON k.from_id = s.id
		JOIN suggestions t ON t.id = k.to_id JOIN labels tl ON tl.id = t.label_id AND tl.deleted_at IS NULL
		WHERE `+cond+` ORDER BY s.doc_id, k.created_at, k.id`, args,
		func(rows Rows) error {
			var l annot.SuggestionLink
			if err := rows.Scan(&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin); err != nil {
				return err
			}
			s := get(l.DocID)
			s.Links = append(s.Links, l)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = each(ctx, q, `SELECT d.id, d.suggestion_id, s.doc_id, a.name, d.decision, COALESCE(d.span_id, ''), d.at `+live+`
		JOIN suggestion_decisions d ON d.suggestion_id = s.id JOIN annotators a ON a.id = d.annotator_id
		WHERE `+cond+` AND d.deleted_at IS NULL ORDER BY s.doc_id, d.at, d.id`, args,
		func(rows Rows) error {
			var d annot.SuggestionDecision
			var decision, at string
			if err := rows.Scan(&d.ID, &d.Suggestion, &d.DocID, &d.Annotator, &decision, &d.Span, &at); err != nil {
				return err
			}
			d.Decision, d.At = annot.Decision(decision), parseTime(at)
			s := get(d.DocID)
			s.Decisions = append(s.Decisions, d)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
