package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// Kinds of undoable steps on suggestions, as stored in actions.
const (
	kindAcceptSuggestions = annot.ActionAcceptSuggestions
	kindRejectSuggestions = annot.ActionRejectSuggestions
)

// sugRow is a stored suggestion with its label resolved.
type sugRow struct {
	annot.Suggestion
	labelLive bool
}

func loadSuggestion(ctx context.Context, tx pgx.Tx, id string) (*sugRow, error) {
	var s sugRow
	var created string
	var labelDeleted *string
	err := tx.QueryRow(ctx, `SELECT s.id, s.doc_id, s.off_start, s.off_end, l.name, l.deleted_at, s.origin, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id WHERE s.id = $1`, id).
		Scan(&s.ID, &s.DocID, &s.Start, &s.End, &s.Label, &labelDeleted, &s.Origin, &created)
	if noRows(err) {
		return nil, annot.Errorf(annot.NotFound, "no suggestion %s", id)
	}
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.labelLive = parseTime(created), labelDeleted == nil
	return &s, nil
}

// liveDecision is annotator's live decision on a suggestion, "" if none.
func liveDecision(ctx context.Context, tx pgx.Tx, sugID, annotatorID string) (annot.Decision, error) {
	var d string
	err := tx.QueryRow(ctx, `SELECT decision FROM suggestion_decisions
		WHERE suggestion_id = $1 AND annotator_id = $2 AND deleted_at IS NULL`, sugID, annotatorID).Scan(&d)
	if noRows(err) {
		return "", nil
	}
	return annot.Decision(d), err
}

// decided is the error for a suggestion the analyst has decided on.
func decided(s annot.Suggestion, d annot.Decision) error {
	return annot.Errorf(annot.Conflict, "the %s suggestion at %d-%d is %s already", s.Label, s.Start, s.End, d)
}

// docStep collects what one request did in one document: one undo step.
type docStep struct {
	doc string
	p   payload
}

// steps keeps a request's documents in the order it named them.
type steps struct {
	list []*docStep
	by   map[string]*docStep
}

func (s *steps) of(doc string) *docStep {
	if s.by == nil {
		s.by = map[string]*docStep{}
	}
	d := s.by[doc]
	if d == nil {
		d = &docStep{doc: doc}
		s.by[doc] = d
		s.list = append(s.list, d)
	}
	return d
}

// openSuggestion loads a suggestion annotator may still decide on.
func openSuggestion(ctx context.Context, tx pgx.Tx, id, aid string, seen map[string]bool) (*sugRow, error) {
	g, err := loadSuggestion(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !g.labelLive {
		return nil, annot.Errorf(annot.NotFound, "the suggestion at %d-%d is of a label that has been removed", g.Start, g.End)
	}
	if seen[id] {
		return nil, annot.Errorf(annot.Invalid, "the %s suggestion at %d-%d is named twice", g.Label, g.Start, g.End)
	}
	seen[id] = true
	d, err := liveDecision(ctx, tx, id, aid)
	if err != nil {
		return nil, err
	}
	if d != "" {
		return nil, decided(g.Suggestion, d)
	}
	return g, nil
}

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
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) error {
		c = annot.Change{}
		aid, err := annotatorIn(ctx, tx, annotator)
		if err != nil {
			return err
		}
		var st steps
		seen := map[string]bool{}
		accepted := map[string]string{} // suggestion -> span, in this request
		for _, a := range accepts {
			g, err := openSuggestion(ctx, tx, a.ID, aid, seen)
			if err != nil {
				return err
			}
			step := st.of(g.DocID)
			span, made, d, err := acceptOne(ctx, tx, g, a, annotator, aid, now)
			if err != nil {
				return err
			}
			if made {
				step.p.SugSpans = append(step.p.SugSpans, span.ID)
				c.SpansAdded = append(c.SpansAdded, span)
			}
			did, err := insertDecision(ctx, tx, g.ID, aid, d, span.ID, now)
			if err != nil {
				return err
			}
			step.p.SugDecisions = append(step.p.SugDecisions, did)
			accepted[g.ID] = span.ID
			c.SuggestionDecisions = append(c.SuggestionDecisions, annot.SuggestionDecision{ID: did, Suggestion: g.ID, DocID: g.DocID,
				Annotator: annotator, Decision: d, Span: span.ID, At: parseTime(now)})
		}
		for _, step := range st.list {
			rels, err := acceptLinks(ctx, tx, step.doc, aid, annotator, accepted, now)
			if err != nil {
				return err
			}
			for _, r := range rels {
				step.p.SugLinks = append(step.p.SugLinks, r.ID)
				c.RelationsAdded = append(c.RelationsAdded, r)
			}
			if len(step.p.SugSpans) > 0 {
				cur, err := storedState(ctx, tx, step.doc, aid)
				if err != nil {
					return err
				}
				if next, ok := annot.AfterTagging(cur); ok {
					if err := putState(ctx, tx, step.doc, aid, next, now); err != nil {
						return err
					}
					c.States = append(c.States, annot.StateChange{DocID: step.doc, Annotator: annotator, State: next})
				}
			}
			if err := record(ctx, tx, step.doc, aid, kindAcceptSuggestions, step.p, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	annot.SortSpans(c.SpansAdded)
	if !c.Empty() {
		c.Action = annot.Action{Kind: kindAcceptSuggestions, At: parseTime(now)}
	}
	return c, nil
}

// acceptOne makes the span that accepting g as a asks for, or finds the
// annotator's live span that is the same already. It returns the span,
// whether it was made, and the decision (accepted or changed).
func acceptOne(ctx context.Context, tx pgx.Tx, g *sugRow, a annot.SuggestionAccept, annotator, aid, now string) (annot.Span, bool, annot.Decision, error) {
	start, end, label, d := a.Decide(g.Suggestion)
	if start != g.Start || end != g.End {
		length, err := docLength(ctx, tx, g.DocID)
		if err != nil {
			return annot.Span{}, false, "", err
		}
		if err := annot.CheckSpan(start, end, length); err != nil {
			return annot.Span{}, false, "", err
		}
	}
	lid, err := liveLabelID(ctx, tx, label)
	if err != nil {
		return annot.Span{}, false, "", err
	}
	s := annot.Span{DocID: g.DocID, Annotator: annotator, Start: start, End: end, Label: label,
		Status: annot.Pending, Origin: g.Origin, Changed: d == annot.DecisionChanged}
	var have string
	err = tx.QueryRow(ctx, `SELECT id FROM spans WHERE doc_id = $1 AND annotator_id = $2 AND off_start = $3 AND off_end = $4
		AND label_id = $5 AND deleted_at IS NULL`, g.DocID, aid, start, end, lid).Scan(&have)
	switch {
	case err == nil:
		s.ID = have
		return s, false, d, nil
	case !noRows(err):
		return annot.Span{}, false, "", err
	}
	s.ID = annot.NewID()
	if _, err := tx.Exec(ctx, `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, origin, changed, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10)`, s.ID, s.DocID, aid, start, end, lid, s.Origin, s.Changed, now, now); err != nil {
		return annot.Span{}, false, "", err
	}
	s.CreatedAt = parseTime(now)
	s.UpdatedAt = s.CreatedAt
	return s, true, d, nil
}

func insertDecision(ctx context.Context, tx pgx.Tx, sugID, aid string, d annot.Decision, spanID, now string) (string, error) {
	id := annot.NewID()
	var span any
	if spanID != "" {
		span = spanID
	}
	_, err := tx.Exec(ctx, `INSERT INTO suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, sugID, aid, string(d), span, now)
	return id, err
}

// acceptLinks makes the relations that suggested links call for once
// both their ends are the annotator's: for every link of the document
// with an end accepted in this request and the other accepted now or
// before, unless the same link is live already.
func acceptLinks(ctx context.Context, tx pgx.Tx, doc, aid, annotator string, accepted map[string]string, now string) ([]annot.Relation, error) {
	rows, err := tx.Query(ctx, `SELECT k.from_id, k.to_id, k.type, k.origin FROM suggestions s
		JOIN suggestion_links k ON k.from_id = s.id WHERE s.doc_id = $1
		ORDER BY k.created_at, k.id`, doc)
	if err != nil {
		return nil, err
	}
	var links []annot.SuggestionLink
	for rows.Next() {
		var l annot.SuggestionLink
		if err := rows.Scan(&l.From, &l.To, &l.Type, &l.Origin); err != nil {
			rows.Close()
			return nil, err
		}
		if accepted[l.From] != "" || accepted[l.To] != "" {
			links = append(links, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []annot.Relation
	for _, l := range links {
		from, err := acceptedEnd(ctx, tx, l.From, aid, accepted)
		if err != nil {
			return out, err
		}
		to, err := acceptedEnd(ctx, tx, l.To, aid, accepted)
		if err != nil {
			return out, err
		}
		if from == nil || to == nil {
			continue
		}
		fromSug, err := loadSuggestion(ctx, tx, l.From)
		if err != nil {
			return out, err
		}
		toSug, err := loadSuggestion(ctx, tx, l.To)
		if err != nil {
			return out, err
		}
		f, t, typ, ok := annot.AcceptedLink(l, fromSug.Suggestion, toSug.Suggestion, from.Span, to.Span)
		if !ok {
			continue
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM relations WHERE from_id = $1 AND to_id = $2 AND type = $3 AND deleted_at IS NULL`,
			f.ID, t.ID, typ).Scan(&n); err != nil {
			return out, err
		}
		if n > 0 {
			continue
		}
		r := annot.Relation{ID: annot.NewID(), DocID: doc, Annotator: annotator, From: f.ID, To: t.ID, Type: typ, CreatedAt: parseTime(now)}
		if _, err := tx.Exec(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, doc, aid, r.From, r.To, r.Type, now); err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// acceptedEnd is the live span the annotator has for a suggestion they
// accepted, in this request or before; nil if they have none.
func acceptedEnd(ctx context.Context, tx pgx.Tx, sugID, aid string, accepted map[string]string) (*spanRow, error) {
	id := accepted[sugID]
	if id == "" {
		err := tx.QueryRow(ctx, `SELECT span_id FROM suggestion_decisions WHERE suggestion_id = $1 AND annotator_id = $2
			AND deleted_at IS NULL AND span_id IS NOT NULL`, sugID, aid).Scan(&id)
		if noRows(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	s, err := loadSpan(ctx, tx, id)
	if err != nil || s.Deleted {
		return nil, err
	}
	return s, nil
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
	err = db.writeDoc(ctx, sc, doc, func(tx pgx.Tx) error {
		c = annot.Change{}
		aid, err := annotatorIn(ctx, tx, annotator)
		if err != nil {
			return err
		}
		var st steps
		seen := map[string]bool{}
		for _, id := range ids {
			g, err := openSuggestion(ctx, tx, id, aid, seen)
			if err != nil {
				return err
			}
			did, err := insertDecision(ctx, tx, g.ID, aid, annot.DecisionRejected, "", now)
			if err != nil {
				return err
			}
			step := st.of(g.DocID)
			step.p.SugDecisions = append(step.p.SugDecisions, did)
			c.SuggestionDecisions = append(c.SuggestionDecisions, annot.SuggestionDecision{ID: did, Suggestion: g.ID, DocID: g.DocID,
				Annotator: annotator, Decision: annot.DecisionRejected, At: parseTime(now)})
		}
		for _, step := range st.list {
			if err := record(ctx, tx, step.doc, aid, kindRejectSuggestions, step.p, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	if !c.Empty() {
		c.Action = annot.Action{Kind: kindRejectSuggestions, At: parseTime(now)}
	}
	return c, nil
}

// loadDecision reads one decision, live or not, with its document.
func loadDecision(ctx context.Context, tx pgx.Tx, id string) (annot.SuggestionDecision, error) {
	d := annot.SuggestionDecision{ID: id}
	var decision, at string
	var deleted *string
	err := tx.QueryRow(ctx, `SELECT d.suggestion_id, s.doc_id, a.name, d.decision, COALESCE(d.span_id, ''), d.at, d.deleted_at
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id JOIN annotators a ON a.id = d.annotator_id
		WHERE d.id = $1`, id).Scan(&d.Suggestion, &d.DocID, &d.Annotator, &decision, &d.Span, &at, &deleted)
	if noRows(err) {
		return d, annot.Errorf(annot.NotFound, "no decision %s on a suggestion", id)
	}
	d.Decision, d.At, d.Deleted = annot.Decision(decision), parseTime(at), deleted != nil
	return d, err
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
