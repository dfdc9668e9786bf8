package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// Action kinds, as stored in the actions table.
const (
	kindCreateSpan     = annot.ActionCreateSpan
	kindDeleteSpan     = annot.ActionDeleteSpan
	kindUpdateSpan     = annot.ActionUpdateSpan
	kindCreateRelation = annot.ActionCreateRelation
	kindDeleteRelation = annot.ActionDeleteRelation
	kindReview         = annot.ActionReview
)

// historyLimit is how many actions each annotator can undo per document.
const historyLimit = 1000

// payload and spanFields are an undo step's stored form, shared by both
// stores (annot.UndoStep).
type (
	payload    = annot.UndoStep
	spanFields = annot.UndoSpanFields
)

// record adds an action to the top of the annotator's stack for the
// document and drops what could have been redone, and the oldest
// actions past historyLimit.
func record(ctx context.Context, tx pgx.Tx, docID, annotatorID, kind string, p payload, now string) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	queueRecord(b, docID, annotatorID, kind, body, now)
	return tx.SendBatch(ctx, b).Close()
}

// queueRecord queues what record does onto a batch of other writes.
func queueRecord(b *pgx.Batch, docID, annotatorID, kind string, body []byte, now string) {
	b.Queue(`DELETE FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND undone`, docID, annotatorID)
	b.Queue(`INSERT INTO actions(doc_id, annotator_id, kind, payload, at) VALUES ($1, $2, $3, $4, $5)`,
		docID, annotatorID, kind, string(body), now)
	b.Queue(`DELETE FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND seq <= (
		SELECT seq FROM actions WHERE doc_id = $1 AND annotator_id = $2 ORDER BY seq DESC LIMIT 1 OFFSET $3)`,
		docID, annotatorID, historyLimit)
}

// Undo reverts the annotator's latest action that is not undone yet.
func (db *DB) Undo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, true)
}

// Redo re-applies the action undone last.
func (db *DB) Redo(ctx context.Context, docID, annotator string) (annot.Change, bool, error) {
	return db.step(ctx, docID, annotator, false)
}

func (db *DB) step(ctx context.Context, docID, annotator string, undo bool) (annot.Change, bool, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, false, err
	}
	var c annot.Change
	var ok bool
	err := db.writeDoc(ctx, oneDoc, docID, func(tx pgx.Tx) error {
		c, ok = annot.Change{}, false
		aid, err := findAnnotator(ctx, tx, annotator)
		if err != nil || aid == "" {
			return err
		}
		q := `SELECT seq, kind, payload::text, at FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND NOT undone ORDER BY seq DESC LIMIT 1`
		if !undo {
			q = `SELECT seq, kind, payload::text, at FROM actions WHERE doc_id = $1 AND annotator_id = $2 AND undone ORDER BY seq LIMIT 1`
		}
		var seq int64
		var kind, body, at string
		err = tx.QueryRow(ctx, q, docID, aid).Scan(&seq, &kind, &body, &at)
		if noRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		var p payload
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return fmt.Errorf("undo history entry %d: %w", seq, err)
		}
		h := history{ctx: ctx, tx: tx, now: db.stamp(), doc: docID}
		before, err := h.touched(&p)
		if err != nil {
			return err
		}
		if err := h.apply(kind, &p, undo); err != nil {
			return err
		}
		if c, err = h.changes(before); err != nil {
			return err
		}
		c.States = h.states
		updated, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE actions SET undone = $1, payload = $2 WHERE seq = $3`, undo, string(updated), seq); err != nil {
			return err
		}
		c.Action, ok = annot.Action{Kind: kind, At: parseTime(at)}, true
		return nil
	})
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, ok, nil
}

// history applies actions and their inverses inside one transaction,
// each step only as far as the rows are still in the state it expects.
type history struct {
	ctx context.Context
	tx  pgx.Tx
	now string
	doc string
	// states are the document states a step moved, for its Change.
	states []annot.StateChange
}

func (h *history) apply(kind string, p *payload, undo bool) error {
	var err error
	switch {
	case kind == kindCreateSpan && undo, kind == kindDeleteSpan && !undo:
		p.Relations, err = tombstoneSpan(h.ctx, h.tx, p.Span, h.now)
	case kind == kindCreateSpan, kind == kindDeleteSpan:
		err = h.reviveSpan(p.Span, p.Relations)
	case kind == kindUpdateSpan && undo:
		err = h.setFields(p.Span, p.Before)
	case kind == kindUpdateSpan:
		err = h.setFields(p.Span, p.After)
	case kind == kindCreateRelation && undo, kind == kindDeleteRelation && !undo:
		_, err = h.tx.Exec(h.ctx, `UPDATE relations SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`, h.now, p.Relation)
	case kind == kindCreateRelation, kind == kindDeleteRelation:
		err = h.reviveRelations([]string{p.Relation})
	case kind == kindAcceptSuggestions || kind == kindRejectSuggestions:
		err = h.suggestionStep(p, undo)
	case kind == kindReview:
		err = h.applyReview(&p.ReviewUndo, undo)
	default:
		err = fmt.Errorf("undo history: unknown action %q", kind)
	}
	return err
}

// tombstoneSpan deletes a live span and the live relations that touch
// it, returning those relations so that an undo can bring them back.
func tombstoneSpan(ctx context.Context, tx pgx.Tx, spanID, now string) ([]string, error) {
	// spanmark_unlink takes colleagues' links to the span along, which
	// an analyst may not touch directly (0003_roles.sql).
	rows, err := tx.Query(ctx, `SELECT spanmark_unlink($1, $2)`, spanID, now)
	if err != nil {
		return nil, err
	}
	rels, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	slices.Sort(rels)
	_, err = tx.Exec(ctx, `UPDATE spans SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`, now, spanID)
	return rels, err
}

func (h *history) reviveSpan(spanID string, rels []string) error {
	s, err := loadSpan(h.ctx, h.tx, spanID)
	if err != nil {
		return err
	}
	if !s.labelLive {
		return annot.Errorf(annot.Conflict, "cannot bring back span %d-%d: its label has been removed", s.Start, s.End)
	}
	if s.Deleted {
		if _, err := h.tx.Exec(h.ctx, `UPDATE spans SET deleted_at = NULL, updated_at = $1 WHERE id = $2`, h.now, spanID); err != nil {
			return err
		}
	}
	if len(rels) == 0 {
		return nil
	}
	_, err = h.tx.Exec(h.ctx, `SELECT spanmark_relink($1, $2)`, spanID, rels)
	return err
}

// reviveRelations clears the tombstones of relations whose two spans are
// live, unless an identical link has been made meanwhile.
func (h *history) reviveRelations(ids []string) error {
	for _, id := range ids {
		_, err := h.tx.Exec(h.ctx, `UPDATE relations r SET deleted_at = NULL
			WHERE r.id = $1 AND r.deleted_at IS NOT NULL
			AND r.from_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND r.to_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM relations o WHERE o.deleted_at IS NULL
				AND o.from_id = r.from_id AND o.to_id = r.to_id AND o.type = r.type)`, id)
		if err != nil {
			return err
		}
	}
	return nil
}

// setFields puts back one version of a span's label and note; updated_at
// moves on, so that a merge sees the span as changed.
func (h *history) setFields(spanID string, f *spanFields) error {
	if f == nil {
		return fmt.Errorf("undo history: update of span %s has no fields", spanID)
	}
	var live bool
	if err := h.tx.QueryRow(h.ctx, `SELECT EXISTS (SELECT 1 FROM labels WHERE id = $1 AND deleted_at IS NULL)`, f.Label).Scan(&live); err != nil {
		return err
	}
	if !live {
		return annot.Errorf(annot.Conflict, "cannot change the span back: its label has been removed")
	}
	_, err := h.tx.Exec(h.ctx, `UPDATE spans SET label_id = $1, note = $2, changed = $3, updated_at = $4 WHERE id = $5`,
		f.Label, f.Note, f.Changed, h.now, spanID)
	return err
}

// rows is what an undo step may touch, as it was before the step.
type rows struct {
	spans     map[string]annot.Span
	relations map[string]annot.Relation
	decisions map[string]annot.SuggestionDecision
}

func (h *history) touched(p *payload) (*rows, error) {
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
		s, err := loadSpan(h.ctx, h.tx, id)
		if err != nil {
			return nil, err
		}
		r.spans[id] = s.Span
		ids, err := h.relationsOf(id)
		if err != nil {
			return nil, err
		}
		rels = append(rels, ids...)
	}
	for _, id := range p.SugDecisions {
		d, err := loadDecision(h.ctx, h.tx, id)
		if err != nil {
			return nil, err
		}
		r.decisions[id] = d
	}
	for _, id := range rels {
		if _, ok := r.relations[id]; ok {
			continue
		}
		rel, _, err := loadRelation(h.ctx, h.tx, id)
		if err != nil {
			return nil, err
		}
		r.relations[id] = rel
	}
	if err := h.touchedReview(&p.ReviewUndo, r); err != nil {
		return nil, err
	}
	return r, nil
}

// relationsOf lists the relations, live or not, that touch a span.
func (h *history) relationsOf(spanID string) ([]string, error) {
	q, err := h.tx.Query(h.ctx, `SELECT id FROM relations WHERE from_id = $1 OR to_id = $1`, spanID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(q, pgx.RowTo[string])
}

// changes compares the touched rows with what they are now.
func (h *history) changes(before *rows) (annot.Change, error) {
	var c annot.Change
	for id, was := range before.spans {
		s, err := loadSpan(h.ctx, h.tx, id)
		if err != nil {
			return c, err
		}
		now := s.Span
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
		now, _, err := loadRelation(h.ctx, h.tx, id)
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
		now, err := loadDecision(h.ctx, h.tx, id)
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

func spanChanged(a, b annot.Span) bool {
	return a.Label != b.Label || a.Note != b.Note || a.Start != b.Start || a.End != b.End || a.Changed != b.Changed ||
		a.Status != b.Status || a.Reviewer != b.Reviewer || !a.UpdatedAt.Equal(b.UpdatedAt)
}
