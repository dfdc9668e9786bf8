package edit

import (
	"app.spanmark.org/spanmark/internal/annot"
)

// touchedReview adds to r the rows a review step may move.
func (h *history) touchedReview(p *annot.ReviewUndo, r *rows) error {
	spans := append([]string(nil), p.Spans...)
	rels := append(append(append([]string(nil), p.Links...), p.AddedRels...), p.RemovedRels...)
	for _, id := range []string{p.Added, p.Removed} {
		if id == "" {
			continue
		}
		spans = append(spans, id)
		ids, err := h.relationsOf(id)
		if err != nil {
			return err
		}
		rels = append(rels, ids...)
	}
	for _, id := range spans {
		if _, ok := r.spans[id]; ok {
			continue
		}
		s, _, err := h.tx.LoadSpan(h.ctx, id)
		if err != nil {
			return err
		}
		r.spans[id] = s
	}
	return h.addRelations(r, rels)
}

// applyReview redoes a review, or undoes it: its verdicts are withdrawn
// or stand again, its span goes or comes back, the span it removed comes
// back or goes, its links go or come back, and the states it moved go
// back to what they were, each only where nobody has moved it since.
func (h *history) applyReview(p *annot.ReviewUndo, undo bool) error {
	var mark *string
	if undo {
		mark = &h.now
	}
	for _, id := range p.Verdicts {
		if _, err := h.tx.Exec(h.ctx, `UPDATE verdicts SET withdrawn_at = ? WHERE id = ? AND (withdrawn_at IS NULL) = ?`,
			mark, id, undo); err != nil {
			return err
		}
	}
	var err error
	if undo {
		for _, id := range p.Links {
			if _, err := h.tx.Exec(h.ctx, `UPDATE relations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, h.now, id); err != nil {
				return err
			}
		}
		if p.Added != "" {
			if p.AddedRels, err = h.tx.TombstoneSpan(h.ctx, p.Added, h.now); err != nil {
				return err
			}
		}
		if p.Removed != "" {
			if err := h.reviveSpan(p.Removed, p.RemovedRels); err != nil {
				return err
			}
		}
	} else {
		if p.Removed != "" {
			if p.RemovedRels, err = h.tx.TombstoneSpan(h.ctx, p.Removed, h.now); err != nil {
				return err
			}
		}
		if p.Added != "" {
			if err := h.reviveSpan(p.Added, p.AddedRels); err != nil {
				return err
			}
		}
		if err := ReviveRelations(h.ctx, h.tx, p.Links); err != nil {
			return err
		}
	}
	for _, st := range p.States {
		cur, want := st.After, st.Before
		if !undo {
			cur, want = want, cur
		}
		if err := h.moveState(st, annot.DocState(cur), annot.DocState(want)); err != nil {
			return err
		}
	}
	return nil
}

// moveState puts an annotator's stored state back to want ("" for none)
// if it is still cur.
func (h *history) moveState(st annot.UndoStateStep, cur, want annot.DocState) error {
	stored, err := StoredState(h.ctx, h.tx, h.doc, st.Annotator)
	if err != nil || stored != cur {
		return err
	}
	if want != "" {
		if err := PutState(h.ctx, h.tx, h.doc, st.Annotator, want, h.now); err != nil {
			return err
		}
		h.states = append(h.states, annot.StateChange{DocID: h.doc, Annotator: st.Name, State: want})
		return nil
	}
	if _, err := h.tx.Exec(h.ctx, `DELETE FROM doc_status WHERE doc_id = ? AND annotator_id = ?`, h.doc, st.Annotator); err != nil {
		return err
	}
	var n int
	if err := h.tx.QueryRow(h.ctx, `SELECT COUNT(*) FROM spans WHERE doc_id = ? AND annotator_id = ? AND deleted_at IS NULL`,
		h.doc, st.Annotator).Scan(&n); err != nil && !noRows(err) {
		return err
	}
	h.states = append(h.states, annot.StateChange{DocID: h.doc, Annotator: st.Name, State: annot.Effective("", n)})
	return nil
}
