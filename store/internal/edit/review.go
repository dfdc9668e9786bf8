package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// Review carries out one review action (annot.ReviewService) in tx: it
// reads the document inside the transaction, lets annot.PlanReview decide
// what the action does to it as it is now, stores that, and records it as
// one step of the reviewer's undo history. An accept-agreed with no DocID
// does every document with spans, a step per document.
func Review(ctx context.Context, tx Tx, op annot.ReviewOp, now string) (annot.Change, error) {
	var c annot.Change
	var bundles []*annot.Bundle
	if op.DocID != "" {
		b, err := tx.Bundle(ctx, op.DocID)
		if err != nil {
			return c, err
		}
		bundles = []*annot.Bundle{b}
	} else {
		var err error
		if bundles, err = tx.AllBundles(ctx); err != nil {
			return c, err
		}
	}
	rv := &reviewTx{history: history{ctx: ctx, tx: tx, now: now}, op: op}
	for _, b := range bundles {
		if op.DocID == "" {
			if err := ctx.Err(); err != nil {
				return annot.Change{}, &annot.Error{Kind: annot.Cancelled, Msg: "review cancelled", Err: err}
			}
		}
		if err := rv.review(b, &c); err != nil {
			return annot.Change{}, err
		}
	}
	if !c.Empty() {
		c.Action = annot.Action{Kind: annot.ActionReview, At: parseTime(now)}
	}
	return c, nil
}

// reviewTx carries out review plans in one transaction.
type reviewTx struct {
	history
	op          annot.ReviewOp
	reviewerID  string
	reviewerSet bool
}

// review reviews one document, as b holds it, and adds what changed to
// c.
func (rv *reviewTx) review(b *annot.Bundle, c *annot.Change) error {
	ctx, tx := rv.ctx, rv.tx
	docID := b.Doc.ID
	op := rv.op
	op.DocID = docID
	plan, err := annot.PlanReview(b, op)
	if err != nil || plan.Empty() {
		return err
	}
	if !rv.reviewerSet {
		if rv.reviewerID, err = tx.AnnotatorID(ctx, op.Reviewer); err != nil {
			return err
		}
		rv.reviewerSet = true
	}
	rv.doc, rv.states = docID, nil
	var p annot.ReviewUndo
	before := &rows{spans: map[string]annot.Span{}, relations: map[string]annot.Relation{}}
	for _, s := range b.Spans {
		before.spans[s.ID] = s // only the touched ones are compared below
	}
	if plan.Add != nil {
		if err := rv.insertSpan(plan.Add); err != nil {
			return err
		}
		p.Added = plan.Add.ID
	}
	if plan.Remove != "" {
		if p.RemovedRels, err = tx.TombstoneSpan(ctx, plan.Remove, rv.now); err != nil {
			return err
		}
		p.Removed = plan.Remove
		for _, id := range p.RemovedRels {
			if before.relations[id], _, err = LoadRelation(ctx, tx, id); err != nil {
				return err
			}
		}
	}
	for i := range plan.Verdicts {
		v := &plan.Verdicts[i]
		v.ID, v.At = annot.NewID(), parseTime(rv.now)
		if _, err := tx.Exec(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at) VALUES (?, ?, ?, ?, '', ?)`,
			v.ID, v.SpanID, rv.reviewerID, string(v.Decision), rv.now); err != nil {
			return err
		}
		p.Verdicts = append(p.Verdicts, v.ID)
		if v.SpanID != p.Added {
			p.Spans = append(p.Spans, v.SpanID)
		}
	}
	for _, l := range plan.Links {
		_, err := tx.Exec(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, l.ID, docID, rv.reviewerID, l.From, l.To, l.Type, rv.now)
		if err != nil {
			return err
		}
		p.Links = append(p.Links, l.ID)
	}
	if p.States, err = rv.markReviewed(b); err != nil {
		return err
	}
	if err := tx.Record(ctx, docID, rv.reviewerID, annot.ActionReview, annot.UndoStep{ReviewUndo: p}, rv.now); err != nil {
		return err
	}
	return rv.describe(&p, before, plan.Verdicts, c)
}

// insertSpan stores the reviewer's own span.
func (rv *reviewTx) insertSpan(s *annot.Span) error {
	lid, err := LiveLabelID(rv.ctx, rv.tx, s.Label)
	if err != nil {
		return err
	}
	_, err = rv.tx.Exec(rv.ctx, `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note,
		created_at, updated_at, curation, corrects) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, NULLIF(?, ''))`,
		s.ID, s.DocID, rv.reviewerID, s.Start, s.End, lid, rv.now, rv.now, true, s.Corrects)
	if rv.tx.SpanIDTaken(err) {
		return annot.Errorf(annot.Conflict, "a span with ID %s is stored already", s.ID)
	}
	return err
}

// markReviewed moves every annotator of the document (annot.Annotated)
// to reviewed once nothing in it waits for a verdict, and returns the
// moves for the undo history.
func (rv *reviewTx) markReviewed(b *annot.Bundle) ([]annot.UndoStateStep, error) {
	var spans, undecided int
	if err := rv.tx.QueryRow(rv.ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.span_id = spans.id AND v.withdrawn_at IS NULL)
			THEN 1 ELSE 0 END), 0)
		FROM spans WHERE doc_id = ? AND deleted_at IS NULL`, rv.doc).Scan(&spans, &undecided); err != nil {
		return nil, err
	}
	if !annot.DocReviewed(spans, undecided) {
		return nil, nil
	}
	var steps []annot.UndoStateStep
	for _, name := range annot.Annotated(b) {
		aid, err := FindAnnotator(rv.ctx, rv.tx, name)
		if err != nil || aid == "" {
			return nil, err
		}
		cur, err := StoredState(rv.ctx, rv.tx, rv.doc, aid)
		if err != nil {
			return nil, err
		}
		if cur == annot.StateReviewed {
			continue
		}
		if err := PutState(rv.ctx, rv.tx, rv.doc, aid, annot.StateReviewed, rv.now); err != nil {
			return nil, err
		}
		steps = append(steps, annot.UndoStateStep{Annotator: aid, Name: name, Before: string(cur), After: string(annot.StateReviewed)})
		rv.states = append(rv.states, annot.StateChange{DocID: rv.doc, Annotator: name, State: annot.StateReviewed})
	}
	return steps, nil
}

// describe adds to c what one document's review changed.
func (rv *reviewTx) describe(p *annot.ReviewUndo, before *rows, verdicts []annot.Verdict, c *annot.Change) error {
	touched := &rows{spans: map[string]annot.Span{}, relations: before.relations}
	for _, id := range append(append([]string(nil), p.Spans...), p.Removed) {
		if s, ok := before.spans[id]; ok {
			touched.spans[id] = s
		}
	}
	d, err := rv.changes(touched)
	if err != nil {
		return err
	}
	if p.Added != "" {
		s, _, err := rv.tx.LoadSpan(rv.ctx, p.Added)
		if err != nil {
			return err
		}
		d.SpansAdded = append(d.SpansAdded, s)
	}
	for _, id := range p.Links {
		r, _, err := LoadRelation(rv.ctx, rv.tx, id)
		if err != nil {
			return err
		}
		d.RelationsAdded = append(d.RelationsAdded, r)
	}
	c.SpansAdded = append(c.SpansAdded, d.SpansAdded...)
	c.SpansUpdated = append(c.SpansUpdated, d.SpansUpdated...)
	c.SpansRemoved = append(c.SpansRemoved, d.SpansRemoved...)
	c.RelationsAdded = append(c.RelationsAdded, d.RelationsAdded...)
	c.RelationsRemoved = append(c.RelationsRemoved, d.RelationsRemoved...)
	c.Verdicts = append(c.Verdicts, verdicts...)
	c.States = append(c.States, rv.states...)
	return nil
}
