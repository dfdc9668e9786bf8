package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

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
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	ids := make([]string, len(accepts))
	for i, a := range accepts {
		ids[i] = a.ID
	}
	sc, doc, err := db.suggestionScope(ctx, ids)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) (err error) {
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
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	sc, doc, err := db.suggestionScope(ctx, ids)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) (err error) {
		c, err = edit.RejectSuggestions(ctx, editTx{tx}, annotator, ids, now)
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// loadDecision reads one decision, live or not, with its document.
func loadDecision(ctx context.Context, tx pgx.Tx, id string) (annot.SuggestionDecision, error) {
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
			if _, err := h.tx.Exec(h.ctx, `UPDATE relations SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`, h.now, id); err != nil {
				return err
			}
		}
		for _, id := range p.SugDecisions {
			if _, err := h.tx.Exec(h.ctx, `UPDATE suggestion_decisions SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`, h.now, id); err != nil {
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
		if _, err := h.tx.Exec(h.ctx, `UPDATE suggestion_decisions SET deleted_at = NULL
			WHERE id = $1 AND deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suggestion_decisions o
				WHERE o.suggestion_id = suggestion_decisions.suggestion_id AND o.annotator_id = suggestion_decisions.annotator_id
				AND o.deleted_at IS NULL)`, id); err != nil {
			return err
		}
	}
	return h.reviveRelations(append(append([]string(nil), p.Relations...), p.SugLinks...))
}

// suggestionScope is the lock a decision on the suggestions ids needs:
// their one document's, as for a tag, or, for suggestions in several
// documents (a command over a project), a place among the imports.
func (db *DB) suggestionScope(ctx context.Context, ids []string) (scope, string, error) {
	var docs []string
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT doc_id FROM suggestions WHERE id = ANY ($1)`, ids)
	if err == nil {
		docs, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil {
		return oneDoc, "", serverError(err)
	}
	if len(docs) == 1 {
		return oneDoc, docs[0], nil
	}
	return imports, "", nil
}
