package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Kinds of undoable steps on suggestions, as stored in actions.
const (
	kindAcceptSuggestions = annot.ActionAcceptSuggestions
	kindRejectSuggestions = annot.ActionRejectSuggestions
)

// AcceptSuggestions makes suggestions the annotator's spans; see
// annot.SuggestionService.
func (db *DB) AcceptSuggestions(ctx context.Context, annotator string, accepts []annot.SuggestionAccept) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.AcceptSuggestions(ctx, editTx{tx}, annotator, accepts, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// RejectSuggestions records the annotator's rejections; see
// annot.SuggestionService.
func (db *DB) RejectSuggestions(ctx context.Context, annotator string, ids []string) (annot.Change, error) {
	if annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = edit.RejectSuggestions(ctx, editTx{tx}, annotator, ids, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// loadDecision reads one decision, live or not, with its document.
func loadDecision(ctx context.Context, tx *sql.Tx, id string) (annot.SuggestionDecision, error) {
	return edit.LoadDecision(ctx, editTx{tx}, id)
}

// suggestionStep undoes or redoes accepting or rejecting suggestions:
// undo tombstones the spans and links accepting made (and the relations
// that touch those spans, which it remembers) and the decisions, so the
// suggestions show again; redo brings them all back.
func (h *history) suggestionStep(p *payload, undo bool) error {
	if undo {
		var gone []string
		for _, id := range p.SugSpans {
			rels, err := tombstoneSpan(h.ctx, h.tx, id, h.now)
			if err != nil {
				return err
			}
			gone = append(gone, rels...)
		}
		p.Relations = gone
		for _, id := range p.SugLinks {
			if _, err := h.tx.ExecContext(h.ctx, `UPDATE relations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, id); err != nil {
				return err
			}
		}
		for _, id := range p.SugDecisions {
			if _, err := h.tx.ExecContext(h.ctx, `UPDATE suggestion_decisions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, id); err != nil {
				return err
			}
		}
		return nil
	}
	for _, id := range p.SugSpans {
		if err := h.reviveSpan(id, nil); err != nil {
			return err
		}
	}
	// A decision comes back unless the analyst has decided on the
	// suggestion again meanwhile (in another window).
	for _, id := range p.SugDecisions {
		if _, err := h.tx.ExecContext(h.ctx, `UPDATE suggestion_decisions SET deleted_at = NULL
			WHERE id = ? AND deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suggestion_decisions o
				WHERE o.suggestion_id = suggestion_decisions.suggestion_id AND o.annotator_id = suggestion_decisions.annotator_id
				AND o.deleted_at IS NULL)`, id); err != nil {
			return err
		}
	}
	return h.reviveRelations(append(append([]string(nil), p.Relations...), p.SugLinks...))
}
