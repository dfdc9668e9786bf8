package edit

import (
	"slices"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// rows is what an undo step may touch, as it was before the step: the
// action's span and relation, and every relation of that span, since a
// tombstoned span takes its links along and a revived one brings some
// back.
type rows struct {
	spans     map[string]annot.Span
	relations map[string]annot.Relation
	decisions map[string]annot.SuggestionDecision
}

// touched reads the rows an action may move, before it moves them.
func (h *history) touched(p *annot.UndoStep) (*rows, error) {
	r := &rows{spans: map[string]annot.Span{}, relations: map[string]annot.Relation{}, decisions: map[string]annot.SuggestionDecision{}}
	rels := append(append([]string(nil), p.Relations...), p.SugLinks...)
	if p.Relation != "" {
		rels = append(rels, p.Relation)
	}
	spans := p.SugSpans
	if p.Span != "" {
		spans = append([]string{p.Span}, spans...)
	}
	for _, id := range spans {
		s, _, err := h.tx.LoadSpan(h.ctx, id)
		if err != nil {
			return nil, err
		}
		r.spans[id] = s
		ids, err := h.relationsOf(id)
		if err != nil {
			return nil, err
		}
		rels = append(rels, ids...)
	}
	for _, id := range p.SugDecisions {
		d, err := LoadDecision(h.ctx, h.tx, id)
		if err != nil {
			return nil, err
		}
		r.decisions[id] = d
	}
	if err := h.addRelations(r, rels); err != nil {
		return nil, err
	}
	if err := h.touchedReview(&p.ReviewUndo, r); err != nil {
		return nil, err
	}
	return r, nil
}

// addRelations reads into r the relations of ids it does not hold yet.
func (h *history) addRelations(r *rows, ids []string) error {
	for _, id := range ids {
		if _, ok := r.relations[id]; ok {
			continue
		}
		rel, _, err := LoadRelation(h.ctx, h.tx, id)
		if err != nil {
			return err
		}
		r.relations[id] = rel
	}
	return nil
}

// relationsOf lists the relations, live or not, that touch a span.
func (h *history) relationsOf(spanID string) ([]string, error) {
	return Column(h.ctx, h.tx, `SELECT id FROM relations WHERE from_id = ?1 OR to_id = ?1`, spanID)
}

// changes compares the touched rows with what they are now and says
// what the step did to them. A step applies only as far as it still fits
// (see history), so this, not the action's kind, is what changed.
func (h *history) changes(before *rows) (annot.Change, error) {
	var c annot.Change
	for id, was := range before.spans {
		now, _, err := h.tx.LoadSpan(h.ctx, id)
		if err != nil {
			return c, err
		}
		switch {
		case !was.Deleted && now.Deleted:
			c.SpansRemoved = append(c.SpansRemoved, now)
		case was.Deleted && !now.Deleted:
			c.SpansAdded = append(c.SpansAdded, now)
		case !now.Deleted && spanChanged(was, now):
			c.SpansUpdated = append(c.SpansUpdated, now)
		}
	}
	for id, was := range before.relations {
		now, _, err := LoadRelation(h.ctx, h.tx, id)
		if err != nil {
			return c, err
		}
		switch {
		case !was.Deleted && now.Deleted:
			c.RelationsRemoved = append(c.RelationsRemoved, now)
		case was.Deleted && !now.Deleted:
			c.RelationsAdded = append(c.RelationsAdded, now)
		}
	}
	for id, was := range before.decisions {
		now, err := LoadDecision(h.ctx, h.tx, id)
		if err != nil {
			return c, err
		}
		if was.Deleted != now.Deleted {
			c.SuggestionDecisions = append(c.SuggestionDecisions, now)
		}
	}
	slices.SortFunc(c.SuggestionDecisions, func(a, b annot.SuggestionDecision) int { return strings.Compare(a.ID, b.ID) })
	annot.SortSpans(c.SpansAdded)
	annot.SortSpans(c.SpansRemoved)
	byID := func(a, b annot.Relation) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(c.RelationsAdded, byID)
	slices.SortFunc(c.RelationsRemoved, byID)
	return c, nil
}

// spanChanged reports whether a live span's stored fields differ.
func spanChanged(a, b annot.Span) bool {
	return a.Label != b.Label || a.Note != b.Note || a.Start != b.Start || a.End != b.End || a.Changed != b.Changed ||
		a.Status != b.Status || a.Reviewer != b.Reviewer || !a.UpdatedAt.Equal(b.UpdatedAt)
}
