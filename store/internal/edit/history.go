package edit

import (
	"context"
	"encoding/json"
	"fmt"

	"app.spanmark.org/spanmark/internal/annot"
)

// HistoryLimit is how many actions each annotator can undo per document;
// a store's record drops older ones, so that the table does not grow
// without end.
const HistoryLimit = 1000

// Step undoes the annotator's latest action in the document that is not
// undone yet, or (undo false) redoes the one undone last, which is the
// lowest undone one on the stack, since undo walks down it. It reports
// false when there is nothing to undo or redo.
func Step(ctx context.Context, tx Tx, docID, annotator string, undo bool, now string) (annot.Change, bool, error) {
	aid, err := FindAnnotator(ctx, tx, annotator)
	if err != nil || aid == "" {
		return annot.Change{}, false, err
	}
	q := `SELECT seq, kind, CAST(payload AS text), at FROM actions WHERE doc_id = ? AND annotator_id = ? AND undone = ? ORDER BY seq DESC LIMIT 1`
	if !undo {
		q = `SELECT seq, kind, CAST(payload AS text), at FROM actions WHERE doc_id = ? AND annotator_id = ? AND undone = ? ORDER BY seq LIMIT 1`
	}
	var seq int64
	var kind, body, at string
	err = tx.QueryRow(ctx, q, docID, aid, !undo).Scan(&seq, &kind, &body, &at)
	if noRows(err) {
		return annot.Change{}, false, nil
	}
	if err != nil {
		return annot.Change{}, false, err
	}
	var p annot.UndoStep
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return annot.Change{}, false, fmt.Errorf("undo history entry %d: %w", seq, err)
	}
	h := history{ctx: ctx, tx: tx, now: now, doc: docID}
	before, err := h.touched(&p)
	if err != nil {
		return annot.Change{}, false, err
	}
	if err := h.apply(kind, &p, undo); err != nil {
		return annot.Change{}, false, err
	}
	c, err := h.changes(before)
	if err != nil {
		return annot.Change{}, false, err
	}
	c.States = h.states
	updated, err := json.Marshal(p)
	if err != nil {
		return annot.Change{}, false, err
	}
	if _, err := tx.Exec(ctx, `UPDATE actions SET undone = ?, payload = ? WHERE seq = ?`, undo, string(updated), seq); err != nil {
		return annot.Change{}, false, err
	}
	c.Action = annot.Action{Kind: kind, At: parseTime(at)}
	return c, true, nil
}

// history applies actions and their inverses inside one transaction.
// Each step only moves rows that are in the state it expects, so an
// action whose rows someone else has changed since (a colleague's
// relation to the span, a merge) is applied as far as it still fits
// instead of failing or reviving something twice.
type history struct {
	ctx context.Context
	tx  Tx
	now string
	doc string
	// states are the document states a step moved, for its Change.
	states []annot.StateChange
}

// apply redoes the action, or undoes it when undo is set. p may be
// changed: tombstoning a span records the relations that went with it.
func (h *history) apply(kind string, p *annot.UndoStep, undo bool) error {
	var err error
	switch {
	case kind == annot.ActionCreateSpan && undo, kind == annot.ActionDeleteSpan && !undo:
		p.Relations, err = h.tx.TombstoneSpan(h.ctx, p.Span, h.now)
	case kind == annot.ActionCreateSpan, kind == annot.ActionDeleteSpan:
		err = h.reviveSpan(p.Span, p.Relations)
	case kind == annot.ActionUpdateSpan && undo:
		err = h.setFields(p.Span, p.Before)
	case kind == annot.ActionUpdateSpan:
		err = h.setFields(p.Span, p.After)
	case kind == annot.ActionCreateRelation && undo, kind == annot.ActionDeleteRelation && !undo:
		_, err = h.tx.Exec(h.ctx, `UPDATE relations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, p.Relation)
	case kind == annot.ActionCreateRelation, kind == annot.ActionDeleteRelation:
		err = ReviveRelations(h.ctx, h.tx, []string{p.Relation})
	case kind == annot.ActionAcceptSuggestions || kind == annot.ActionRejectSuggestions:
		err = h.suggestionStep(p, undo)
	case kind == annot.ActionReview:
		err = h.applyReview(&p.ReviewUndo, undo)
	default:
		err = fmt.Errorf("undo history: unknown action %q", kind)
	}
	return err
}

// reviveSpan clears a span's tombstone and brings back the relations
// that went with it.
func (h *history) reviveSpan(spanID string, rels []string) error {
	s, labelLive, err := h.tx.LoadSpan(h.ctx, spanID)
	if err != nil {
		return err
	}
	if !labelLive {
		return annot.Errorf(annot.Conflict, "cannot bring back span %d-%d: its label has been removed", s.Start, s.End)
	}
	if s.Deleted {
		if _, err := h.tx.Exec(h.ctx, `UPDATE spans SET deleted_at = NULL, updated_at = ? WHERE id = ?`, h.now, spanID); err != nil {
			return err
		}
	}
	return h.tx.Relink(h.ctx, spanID, rels)
}

// ReviveRelations clears the tombstones of relations whose two spans are
// live, unless an identical link has been made meanwhile.
func ReviveRelations(ctx context.Context, tx Tx, ids []string) error {
	for _, id := range ids {
		_, err := tx.Exec(ctx, `UPDATE relations SET deleted_at = NULL
			WHERE id = ? AND deleted_at IS NOT NULL
			AND from_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND to_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM relations o WHERE o.deleted_at IS NULL
				AND o.from_id = relations.from_id AND o.to_id = relations.to_id AND o.type = relations.type)`, id)
		if err != nil {
			return err
		}
	}
	return nil
}

// setFields puts back one version of a span's label and note. Undoing is
// a change like any other, so updated_at moves on rather than back: a
// merge must see the span as changed.
func (h *history) setFields(spanID string, f *annot.UndoSpanFields) error {
	if f == nil {
		return fmt.Errorf("undo history: update of span %s has no fields", spanID)
	}
	var live bool
	if err := h.tx.QueryRow(h.ctx, `SELECT EXISTS (SELECT 1 FROM labels WHERE id = ? AND deleted_at IS NULL)`, f.Label).Scan(&live); err != nil {
		return err
	}
	if !live {
		return annot.Errorf(annot.Conflict, "cannot change the span back: its label has been removed")
	}
	_, err := h.tx.Exec(h.ctx, `UPDATE spans SET label_id = ?, note = ?, changed = ?, updated_at = ? WHERE id = ?`,
		f.Label, f.Note, f.Changed, h.now, spanID)
	return err
}

// suggestionStep undoes or redoes accepting or rejecting suggestions:
// undo tombstones the spans and links accepting made (and the relations
// that touch those spans, which it remembers) and the decisions, so the
// suggestions show again; redo brings them all back.
func (h *history) suggestionStep(p *annot.UndoStep, undo bool) error {
	if undo {
		var gone []string
		for _, id := range p.SugSpans {
			rels, err := h.tx.TombstoneSpan(h.ctx, id, h.now)
			if err != nil {
				return err
			}
			gone = append(gone, rels...)
		}
		p.Relations = gone
		for _, id := range p.SugLinks {
			if _, err := h.tx.Exec(h.ctx, `UPDATE relations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, id); err != nil {
				return err
			}
		}
		for _, id := range p.SugDecisions {
			if _, err := h.tx.Exec(h.ctx, `UPDATE suggestion_decisions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, id); err != nil {
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
			WHERE id = ? AND deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suggestion_decisions o
				WHERE o.suggestion_id = suggestion_decisions.suggestion_id AND o.annotator_id = suggestion_decisions.annotator_id
				AND o.deleted_at IS NULL)`, id); err != nil {
			return err
		}
	}
	return ReviveRelations(h.ctx, h.tx, append(append([]string(nil), p.Relations...), p.SugLinks...))
}
