package edit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// MergeLabel gives every live span of from the label into and removes
// from, as a new step of the project's merge history (label_merges),
// which drops the merges that could have been redone. The store has
// checked that from and into differ (annot.CheckLabelMerge) before
// opening the transaction.
func MergeLabel(ctx context.Context, tx Tx, from, into, now string) (annot.Change, error) {
	var c annot.Change
	m := labelMerge{ctx: ctx, tx: tx, now: now}
	p, err := m.merge(from, into, &c)
	if err != nil {
		return annot.Change{}, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM label_merges WHERE undone = ?`, true); err != nil {
		return annot.Change{}, err
	}
	if err := m.save(0, from, into, p); err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// StepLabelMerge undoes the latest merge not undone yet, or (undo
// false) merges again the merge undone last: the lowest undone one,
// since undo walks down the stack. It reports false when there is
// nothing to undo or redo.
func StepLabelMerge(ctx context.Context, tx Tx, undo bool, now string) (annot.Change, bool, error) {
	q := `SELECT seq, from_label, into_label, CAST(payload AS text) FROM label_merges WHERE undone = ? ORDER BY seq DESC LIMIT 1`
	if !undo {
		q = `SELECT seq, from_label, into_label, CAST(payload AS text) FROM label_merges WHERE undone = ? ORDER BY seq LIMIT 1`
	}
	var seq int64
	var from, into, body string
	err := tx.QueryRow(ctx, q, !undo).Scan(&seq, &from, &into, &body)
	if noRows(err) {
		return annot.Change{}, false, nil
	}
	if err != nil {
		return annot.Change{}, false, err
	}
	var p annot.LabelMergeUndo
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return annot.Change{}, false, fmt.Errorf("label merge %d: %w", seq, err)
	}
	var c annot.Change
	m := labelMerge{ctx: ctx, tx: tx, now: now}
	if undo {
		if err := m.unmerge(into, &p, &c); err != nil {
			return annot.Change{}, false, err
		}
		_, err = tx.Exec(ctx, `UPDATE label_merges SET undone = ? WHERE seq = ?`, true, seq)
	} else {
		// The label came back when the merge was undone; if it has
		// been removed again since, it cannot be merged.
		if _, live, err := m.label(from); err != nil || !live {
			return annot.Change{}, false, notLive(err, "the merged label has been removed since the merge was undone")
		}
		np, merr := m.merge(from, into, &c)
		if merr != nil {
			return annot.Change{}, false, merr
		}
		err = m.save(seq, from, into, np)
	}
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, true, nil
}

// labelMerge does a merge and its undoing inside one transaction.
type labelMerge struct {
	ctx context.Context
	tx  Tx
	now string
}

func (m *labelMerge) label(id string) (annot.Label, bool, error) {
	l := annot.Label{ID: id}
	var deleted *string
	err := m.tx.QueryRow(m.ctx, `SELECT name, color, hotkey, ord, deleted_at FROM labels WHERE id = ?`, id).
		Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order, &deleted)
	if noRows(err) {
		return l, false, annot.Errorf(annot.NotFound, "no label %s", id)
	}
	return l, deleted == nil, err
}

// merge relabels from's live spans as into, deletes those that would
// duplicate a span of the same annotator, points undo steps that name
// from at into, and removes from. It adds what it did to c.
func (m *labelMerge) merge(from, into string, c *annot.Change) (annot.LabelMergeUndo, error) {
	var p annot.LabelMergeUndo
	fl, live, err := m.label(from)
	if err != nil || !live {
		return p, notLive(err, "the label to merge has been removed")
	}
	if _, live, err = m.label(into); err != nil || !live {
		return p, notLive(err, "the label to merge into has been removed")
	}
	p.From = fl
	// Duplicates first: a span of from whose annotator has the same
	// offsets under into.
	dups, err := Column(m.ctx, m.tx, `SELECT s.id FROM spans s WHERE s.label_id = ?1 AND s.deleted_at IS NULL AND EXISTS (
		SELECT 1 FROM spans o WHERE o.label_id = ?2 AND o.deleted_at IS NULL AND o.doc_id = s.doc_id
			AND o.annotator_id = s.annotator_id AND o.off_start = s.off_start AND o.off_end = s.off_end)
		ORDER BY s.id`, from, into)
	if err != nil {
		return p, err
	}
	for _, id := range dups {
		s, _, err := m.tx.LoadSpan(m.ctx, id)
		if err != nil {
			return p, err
		}
		rels, err := m.tx.TombstoneSpan(m.ctx, id, m.now)
		if err != nil {
			return p, err
		}
		for _, rid := range rels {
			r, _, err := LoadRelation(m.ctx, m.tx, rid)
			if err != nil {
				return p, err
			}
			c.RelationsRemoved = append(c.RelationsRemoved, r)
		}
		s.Deleted = true
		c.SpansRemoved = append(c.SpansRemoved, s)
		p.Removed = append(p.Removed, id)
		p.Relations = append(p.Relations, rels...)
	}
	if p.Relabelled, err = Column(m.ctx, m.tx, `UPDATE spans SET label_id = ?1, updated_at = ?2
		WHERE label_id = ?3 AND deleted_at IS NULL RETURNING id`, into, m.now, from); err != nil {
		return p, err
	}
	if len(p.Relabelled) > 0 {
		spans, err := m.liveSpans(p.Relabelled)
		if err != nil {
			return p, err
		}
		c.SpansUpdated = append(c.SpansUpdated, spans...)
	}
	if p.Actions, err = m.repoint(from, into); err != nil {
		return p, err
	}
	if _, err := m.tx.Exec(m.ctx, `UPDATE labels SET name = ?, hotkey = '', deleted_at = ? WHERE id = ?`,
		annot.RemovedLabelName(fl.Name, from), m.now, from); err != nil {
		return p, err
	}
	c.LabelsRemoved = append(c.LabelsRemoved, fl)
	return p, nil
}

// repoint makes the undo steps that name label from name into instead,
// and returns them as they were and as they are.
func (m *labelMerge) repoint(from, into string) ([]annot.LabelMergedAction, error) {
	var out []annot.LabelMergedAction
	err := each(m.ctx, m.tx, `SELECT seq, CAST(payload AS text) FROM actions
		WHERE kind = ?1 AND `+m.tx.Contains("CAST(payload AS text)", "?2")+` ORDER BY seq`,
		[]any{annot.ActionUpdateSpan, `"` + from + `"`},
		func(rows Rows) error {
			var a annot.LabelMergedAction
			if err := rows.Scan(&a.Seq, &a.Before); err != nil {
				return err
			}
			a.After = strings.ReplaceAll(a.Before, `"`+from+`"`, `"`+into+`"`)
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		if _, err := m.tx.Exec(m.ctx, `UPDATE actions SET payload = ? WHERE seq = ?`, a.After, a.Seq); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// restoreLabel brings a merged label back under its old name, colour,
// key and place. Its name may have been taken since: then it cannot come
// back. Its key may have been: then it comes back without one.
func (m *labelMerge) restoreLabel(l annot.Label) error {
	labels, err := m.tx.LiveLabels(m.ctx)
	if err != nil {
		return err
	}
	for _, o := range labels {
		if o.Name == l.Name {
			return annot.Errorf(annot.Conflict, "cannot bring label %s back: a label of that name has been added since", l.Name)
		}
		if l.Hotkey != "" && strings.EqualFold(o.Hotkey, l.Hotkey) {
			l.Hotkey = "" // its key has been given to another label since
		}
	}
	_, err = m.tx.Exec(m.ctx, `UPDATE labels SET name = ?, hotkey = ?, color = ?, ord = ?, deleted_at = NULL WHERE id = ?`,
		l.Name, l.Hotkey, l.Color, l.Order, l.ID)
	return err
}

// unmerge undoes a merge: the label comes back, the spans that still
// carry into get it again, the deleted duplicates come back with their
// links, and the undo steps are put back as they were.
func (m *labelMerge) unmerge(into string, p *annot.LabelMergeUndo, c *annot.Change) error {
	if err := m.restoreLabel(p.From); err != nil {
		return err
	}
	from := p.From.ID
	l, _, err := m.label(from)
	if err != nil {
		return err
	}
	c.Labels = append(c.Labels, l)
	back, err := Column(m.ctx, m.tx, `UPDATE spans SET label_id = ?1, updated_at = ?2
		WHERE `+m.tx.InList("id", "?3")+` AND label_id = ?4 AND deleted_at IS NULL RETURNING id`,
		from, m.now, m.tx.List(p.Relabelled), into)
	if err != nil {
		return err
	}
	revived, err := Column(m.ctx, m.tx, `UPDATE spans SET deleted_at = NULL, updated_at = ?1
		WHERE `+m.tx.InList("id", "?2")+` AND deleted_at IS NOT NULL RETURNING id`, m.now, m.tx.List(p.Removed))
	if err != nil {
		return err
	}
	before := map[string]bool{}
	for _, id := range p.Relations {
		r, _, err := LoadRelation(m.ctx, m.tx, id)
		if err != nil {
			return err
		}
		before[id] = r.Deleted
	}
	if err := ReviveRelations(m.ctx, m.tx, p.Relations); err != nil {
		return err
	}
	for _, id := range p.Relations {
		r, _, err := LoadRelation(m.ctx, m.tx, id)
		if err != nil {
			return err
		}
		if before[id] && !r.Deleted {
			c.RelationsAdded = append(c.RelationsAdded, r)
		}
	}
	for _, a := range p.Actions {
		if _, err := m.tx.Exec(m.ctx, `UPDATE actions SET payload = ? WHERE seq = ? AND payload = ?`, a.Before, a.Seq, a.After); err != nil {
			return err
		}
	}
	if len(back) > 0 {
		if c.SpansUpdated, err = m.liveSpans(back); err != nil {
			return err
		}
	}
	if len(revived) > 0 {
		if c.SpansAdded, err = m.liveSpans(revived); err != nil {
			return err
		}
	}
	return nil
}

// liveSpans reads the live spans with these IDs.
func (m *labelMerge) liveSpans(ids []string) ([]annot.Span, error) {
	return m.tx.LiveSpans(m.ctx, m.tx.InList("s.id", "?1"), m.tx.List(ids))
}

// save records a merge: a new step (seq 0) or a redone one.
func (m *labelMerge) save(seq int64, from, into string, p annot.LabelMergeUndo) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if seq == 0 {
		_, err = m.tx.Exec(m.ctx, `INSERT INTO label_merges(from_label, into_label, payload, at) VALUES (?, ?, ?, ?)`,
			from, into, string(body), m.now)
	} else {
		_, err = m.tx.Exec(m.ctx, `UPDATE label_merges SET payload = ?, undone = ?, at = ? WHERE seq = ?`, string(body), false, m.now, seq)
	}
	return err
}

func notLive(err error, msg string) error {
	if err != nil {
		return err
	}
	return annot.Errorf(annot.NotFound, "%s", msg)
}
