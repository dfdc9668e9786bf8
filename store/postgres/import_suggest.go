package postgres

import (
	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
)

// suggestions stores the suggestions that came with a record (another
// tool's predictions), their links, and analysts' decisions on them, whose
// spans ids maps to stored ones. Like the rest of an import, what is
// stored already is not added again.
func (im *importer) suggestions(docID string, rec *annot.Record, ids map[string]string) error {
	if len(rec.Suggestions) == 0 {
		return nil
	}
	if im.sugs == nil {
		im.sugs = newSuggestionWriter(im.ctx, im.tx, im.names, im.now, nil)
	}
	im.res.Suggestions += len(rec.Suggestions)
	sugIDs, added, err := im.sugs.add(docID, rec.Suggestions, rec.SuggestionLinks, true)
	if err != nil {
		return err
	}
	if len(rec.SuggestionDecisions) > 0 {
		if err := im.sugs.flush(); err != nil {
			return err
		}
	}
	im.res.NewSuggestions += added[0]
	im.res.NewLinks += added[1]
	for _, d := range rec.SuggestionDecisions {
		if err := im.decision(d, sugIDs, ids); err != nil {
			return err
		}
	}
	return nil
}

// decision stores an analyst's decision on a suggestion unless they have
// a live one on it already.
func (im *importer) decision(d annot.SuggestionDecision, sugIDs, spanIDs map[string]string) error {
	sug := sugIDs[d.Suggestion]
	if sug == "" {
		return annot.Errorf(annot.Invalid, "a decision on a suggestion that is not in the record")
	}
	var span any
	if d.Decision.Accepts() {
		id := spanIDs[d.Span]
		if id == "" {
			return annot.Errorf(annot.Invalid, "a decision on a suggestion names a span that is not in the record")
		}
		span = id
	}
	aid, err := im.names.annotator(im.ctx, im.tx, d.Annotator)
	if err != nil {
		return err
	}
	at := im.now
	if !d.At.IsZero() {
		at = formatTime(d.At)
	}
	id := d.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	tag, err := im.tx.Exec(im.ctx, `INSERT INTO suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at)
		SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM suggestion_decisions
			WHERE suggestion_id = $2 AND annotator_id = $3 AND deleted_at IS NULL)
		ON CONFLICT DO NOTHING`, id, sug, aid, string(d.Decision), span, at)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 1 {
		im.res.NewDecisions++
	}
	return nil
}
