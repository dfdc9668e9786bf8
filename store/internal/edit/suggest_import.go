package edit

import (
	"context"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
)

// SuggestionImport is an import's side of storing a record's
// suggestions: the store's suggestion writer and its annotator lookup.
type SuggestionImport interface {
	// Add is SuggestionAdder.Add, with what the store queues after.
	Add(docID string, sugs []annot.Suggestion, links []annot.SuggestionLink, keepIDs bool) (map[string]string, [2]int, error)
	// Flush inserts what is queued.
	Flush() error
	// AnnotatorID is the ID of the annotator called name, added if new.
	AnnotatorID(name string) (string, error)
}

// ImportSuggestions stores the suggestions that came with a record
// (another tool's predictions), their links, and analysts' decisions on
// them, whose spans spanIDs maps to stored ones, counting what is new in
// res. Like the rest of an import, what is stored already is not added
// again. now is the import's time, for decisions that have none.
func ImportSuggestions(ctx context.Context, q Queryer, w SuggestionImport, docID string, rec *annot.Record, spanIDs map[string]string, now string, res *annot.ImportResult) error {
	res.Suggestions += len(rec.Suggestions)
	sugIDs, added, err := w.Add(docID, rec.Suggestions, rec.SuggestionLinks, true)
	if err != nil {
		return err
	}
	if len(rec.SuggestionDecisions) > 0 {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	res.NewSuggestions += added[0]
	res.NewLinks += added[1]
	for _, d := range rec.SuggestionDecisions {
		stored, err := importDecision(ctx, q, w, d, sugIDs, spanIDs, now)
		if err != nil {
			return err
		}
		if stored {
			res.NewDecisions++
		}
	}
	return nil
}

// importDecision stores an analyst's decision on a suggestion unless they
// have a live one on it already, and reports whether it did.
func importDecision(ctx context.Context, q Queryer, w SuggestionImport, d annot.SuggestionDecision, sugIDs, spanIDs map[string]string, now string) (bool, error) {
	sug := sugIDs[d.Suggestion]
	if sug == "" {
		return false, annot.Errorf(annot.Invalid, "a decision on a suggestion that is not in the record")
	}
	var span any
	if d.Decision.Accepts() {
		id := spanIDs[d.Span]
		if id == "" {
			return false, annot.Errorf(annot.Invalid, "a decision on a suggestion names a span that is not in the record")
		}
		span = id
	}
	aid, err := w.AnnotatorID(d.Annotator)
	if err != nil {
		return false, err
	}
	at := now
	if !d.At.IsZero() {
		at = d.At.UTC().Format(timeLayout)
	}
	id := d.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	n, err := q.Exec(ctx, `INSERT INTO suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM suggestion_decisions
			WHERE suggestion_id = ?2 AND annotator_id = ?3 AND deleted_at IS NULL)
		ON CONFLICT DO NOTHING`, id, sug, aid, string(d.Decision), span, at)
	return n == 1, err
}

// timeLayout is how both stores write times: RFC 3339 with a fixed
// nine-digit fraction, so that they sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"
