package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// sugRow is a stored suggestion with its label resolved.
type sugRow struct {
	annot.Suggestion
	labelLive bool
}

func loadSuggestion(ctx context.Context, tx Tx, id string) (*sugRow, error) {
	var s sugRow
	var created string
	var labelDeleted *string
	err := tx.QueryRow(ctx, `SELECT s.id, s.doc_id, s.off_start, s.off_end, l.name, l.deleted_at, s.origin, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id WHERE s.id = ?`, id).
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
func liveDecision(ctx context.Context, tx Tx, sugID, annotatorID string) (annot.Decision, error) {
	var d string
	err := tx.QueryRow(ctx, `SELECT decision FROM suggestion_decisions
		WHERE suggestion_id = ? AND annotator_id = ? AND deleted_at IS NULL`, sugID, annotatorID).Scan(&d)
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
	p   annot.UndoStep
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

// request is one accept or reject: who decides, the suggestions named so
// far, and an undo step per document.
type request struct {
	aid  string
	seen map[string]bool
	st   steps
}

func newRequest(ctx context.Context, tx Tx, annotator string) (*request, error) {
	aid, err := tx.AnnotatorID(ctx, annotator)
	if err != nil {
		return nil, err
	}
	return &request{aid: aid, seen: map[string]bool{}}, nil
}

// open loads a suggestion the annotator may still decide on, with the
// undo step of its document.
func (r *request) open(ctx context.Context, tx Tx, id string) (*sugRow, *docStep, error) {
	g, err := loadSuggestion(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if !g.labelLive {
		return nil, nil, annot.Errorf(annot.NotFound, "the suggestion at %d-%d is of a label that has been removed", g.Start, g.End)
	}
	if r.seen[id] {
		return nil, nil, annot.Errorf(annot.Invalid, "the %s suggestion at %d-%d is named twice", g.Label, g.Start, g.End)
	}
	r.seen[id] = true
	d, err := liveDecision(ctx, tx, id, r.aid)
	if err != nil {
		return nil, nil, err
	}
	if d != "" {
		return nil, nil, decided(g.Suggestion, d)
	}
	return g, r.st.of(g.DocID), nil
}

// AcceptSuggestions makes suggestions the annotator's spans
// (annot.SuggestionService) in tx, a step of the annotator's undo history
// per document, and returns what changed.
func AcceptSuggestions(ctx context.Context, tx Tx, annotator string, accepts []annot.SuggestionAccept, now string) (annot.Change, error) {
	var c annot.Change
	rq, err := newRequest(ctx, tx, annotator)
	if err != nil {
		return c, err
	}
	aid := rq.aid
	accepted := map[string]string{} // suggestion -> span, in this request
	for _, a := range accepts {
		g, step, err := rq.open(ctx, tx, a.ID)
		if err != nil {
			return c, err
		}
		span, made, d, err := acceptOne(ctx, tx, g, a, annotator, aid, now)
		if err != nil {
			return c, err
		}
		if made {
			step.p.SugSpans = append(step.p.SugSpans, span.ID)
			c.SpansAdded = append(c.SpansAdded, span)
		}
		did, err := insertDecision(ctx, tx, g.ID, aid, d, span.ID, now)
		if err != nil {
			return c, err
		}
		step.p.SugDecisions = append(step.p.SugDecisions, did)
		accepted[g.ID] = span.ID
		c.SuggestionDecisions = append(c.SuggestionDecisions, annot.SuggestionDecision{ID: did, Suggestion: g.ID, DocID: g.DocID,
			Annotator: annotator, Decision: d, Span: span.ID, At: parseTime(now)})
	}
	for _, step := range rq.st.list {
		if err := acceptedStep(ctx, tx, step, aid, annotator, accepted, now, &c); err != nil {
			return c, err
		}
	}
	annot.SortSpans(c.SpansAdded)
	if !c.Empty() {
		c.Action = annot.Action{Kind: annot.ActionAcceptSuggestions, At: parseTime(now)}
	}
	return c, nil
}

// acceptedStep ends one document's part of an accept: the links between
// accepted suggestions, the annotator's state, and the undo step.
func acceptedStep(ctx context.Context, tx Tx, step *docStep, aid, annotator string, accepted map[string]string, now string, c *annot.Change) error {
	rels, err := acceptLinks(ctx, tx, step.doc, aid, annotator, accepted, now)
	if err != nil {
		return err
	}
	for _, r := range rels {
		step.p.SugLinks = append(step.p.SugLinks, r.ID)
		c.RelationsAdded = append(c.RelationsAdded, r)
	}
	if len(step.p.SugSpans) > 0 {
		cur, err := StoredState(ctx, tx, step.doc, aid)
		if err != nil {
			return err
		}
		if next, ok := annot.AfterTagging(cur); ok {
			if err := PutState(ctx, tx, step.doc, aid, next, now); err != nil {
				return err
			}
			c.States = append(c.States, annot.StateChange{DocID: step.doc, Annotator: annotator, State: next})
		}
	}
	return tx.Record(ctx, step.doc, aid, annot.ActionAcceptSuggestions, step.p, now)
}

// acceptOne makes the span that accepting g as a asks for, or finds the
// annotator's live span that is the same already. It returns the span,
// whether it was made, and the decision (accepted or changed).
func acceptOne(ctx context.Context, tx Tx, g *sugRow, a annot.SuggestionAccept, annotator, aid, now string) (annot.Span, bool, annot.Decision, error) {
	start, end, label, d := a.Decide(g.Suggestion)
	if start != g.Start || end != g.End {
		length, err := DocLength(ctx, tx, g.DocID)
		if err != nil {
			return annot.Span{}, false, "", err
		}
		if err := annot.CheckSpan(start, end, length); err != nil {
			return annot.Span{}, false, "", err
		}
	}
	lid, err := LiveLabelID(ctx, tx, label)
	if err != nil {
		return annot.Span{}, false, "", err
	}
	s := annot.Span{DocID: g.DocID, Annotator: annotator, Start: start, End: end, Label: label,
		Status: annot.Pending, Origin: g.Origin, Changed: d == annot.DecisionChanged}
	var have string
	err = tx.QueryRow(ctx, `SELECT id FROM spans WHERE doc_id = ? AND annotator_id = ? AND off_start = ? AND off_end = ?
		AND label_id = ? AND deleted_at IS NULL`, g.DocID, aid, start, end, lid).Scan(&have)
	switch {
	case err == nil:
		s.ID = have
		return s, false, d, nil
	case !noRows(err):
		return annot.Span{}, false, "", err
	}
	s.ID = annot.NewID()
	if _, err := tx.Exec(ctx, `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, origin, changed, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`, s.ID, s.DocID, aid, start, end, lid, s.Origin, s.Changed, now, now); err != nil {
		return annot.Span{}, false, "", err
	}
	s.CreatedAt = parseTime(now)
	s.UpdatedAt = s.CreatedAt
	return s, true, d, nil
}

func insertDecision(ctx context.Context, tx Tx, sugID, aid string, d annot.Decision, spanID, now string) (string, error) {
	id := annot.NewID()
	var span any
	if spanID != "" {
		span = spanID
	}
	_, err := tx.Exec(ctx, `INSERT INTO suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, sugID, aid, string(d), span, now)
	return id, err
}

// acceptLinks makes the relations that suggested links call for once
// both their ends are the annotator's: for every link of the document
// with an end accepted in this request and the other accepted now or
// before, unless the same link is live already.
func acceptLinks(ctx context.Context, tx Tx, doc, aid, annotator string, accepted map[string]string, now string) ([]annot.Relation, error) {
	links, err := touchedLinks(ctx, tx, doc, accepted)
	if err != nil {
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
		f, t, typ, ok := annot.AcceptedLink(l, fromSug.Suggestion, toSug.Suggestion, *from, *to)
		if !ok {
			continue
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM relations WHERE from_id = ? AND to_id = ? AND type = ? AND deleted_at IS NULL`,
			f.ID, t.ID, typ).Scan(&n); err != nil {
			return out, err
		}
		if n > 0 {
			continue
		}
		r := annot.Relation{ID: annot.NewID(), DocID: doc, Annotator: annotator, From: f.ID, To: t.ID, Type: typ, CreatedAt: parseTime(now)}
		if _, err := tx.Exec(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, doc, aid, r.From, r.To, r.Type, now); err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// touchedLinks are the suggested links of the document with an end
// accepted in this request.
func touchedLinks(ctx context.Context, tx Tx, doc string, accepted map[string]string) ([]annot.SuggestionLink, error) {
	rows, err := tx.Query(ctx, `SELECT k.from_id, k.to_id, k.type, k.origin FROM suggestions s
		JOIN suggestion_links k ON k.from_id = s.id WHERE s.doc_id = ?
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
	return links, rows.Err()
}

// acceptedEnd is the live span the annotator has for a suggestion they
// accepted, in this request or before; nil if they have none.
func acceptedEnd(ctx context.Context, tx Tx, sugID, aid string, accepted map[string]string) (*annot.Span, error) {
	id := accepted[sugID]
	if id == "" {
		err := tx.QueryRow(ctx, `SELECT span_id FROM suggestion_decisions WHERE suggestion_id = ? AND annotator_id = ?
			AND deleted_at IS NULL AND span_id IS NOT NULL`, sugID, aid).Scan(&id)
		if noRows(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	s, _, err := tx.LoadSpan(ctx, id)
	if err != nil || s.Deleted {
		return nil, err
	}
	return &s, nil
}

// RejectSuggestions records the annotator's rejections
// (annot.SuggestionService) in tx, a step of the annotator's undo history
// per document, and returns what changed.
func RejectSuggestions(ctx context.Context, tx Tx, annotator string, ids []string, now string) (annot.Change, error) {
	var c annot.Change
	rq, err := newRequest(ctx, tx, annotator)
	if err != nil {
		return c, err
	}
	for _, id := range ids {
		g, step, err := rq.open(ctx, tx, id)
		if err != nil {
			return c, err
		}
		did, err := insertDecision(ctx, tx, g.ID, rq.aid, annot.DecisionRejected, "", now)
		if err != nil {
			return c, err
		}
		step.p.SugDecisions = append(step.p.SugDecisions, did)
		c.SuggestionDecisions = append(c.SuggestionDecisions, annot.SuggestionDecision{ID: did, Suggestion: g.ID, DocID: g.DocID,
			Annotator: annotator, Decision: annot.DecisionRejected, At: parseTime(now)})
	}
	for _, step := range rq.st.list {
		if err := tx.Record(ctx, step.doc, rq.aid, annot.ActionRejectSuggestions, step.p, now); err != nil {
			return c, err
		}
	}
	if !c.Empty() {
		c.Action = annot.Action{Kind: annot.ActionRejectSuggestions, At: parseTime(now)}
	}
	return c, nil
}
