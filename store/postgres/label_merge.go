package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

var _ annot.LabelMerger = (*DB)(nil)

// labelMergePayload is a label merge's stored undo step, shared by both
// stores (annot.LabelMergeUndo).
type (
	labelMergePayload = annot.LabelMergeUndo
	labelMergedAction = annot.LabelMergedAction
)

// MergeLabel gives every live span of from the label into and removes
// from, as one step of the project's merge history (label_merges). It
// touches every document, so it waits for every other write; on a team
// server it is the owner's, as renaming and removing labels are.
func (db *DB) MergeLabel(ctx context.Context, from, into string) (annot.Change, error) {
	if from == into {
		return annot.Change{}, annot.Errorf(annot.Invalid, "a label cannot be merged into itself")
	}
	now := db.stamp()
	var c annot.Change
	err := db.write(ctx, everything, func(tx pgx.Tx) error {
		c = annot.Change{}
		m := labelMerge{ctx: ctx, tx: tx, now: now}
		p, err := m.merge(from, into, &c)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM label_merges WHERE undone`); err != nil {
			return err
		}
		return m.save(0, from, into, p)
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// UndoMergeLabel undoes the latest merge not undone yet.
func (db *DB) UndoMergeLabel(ctx context.Context) (annot.Change, bool, error) {
	return db.stepLabelMerge(ctx, true)
}

// RedoMergeLabel merges again the merge undone last: the lowest undone
// one, since undo walks down the stack.
func (db *DB) RedoMergeLabel(ctx context.Context) (annot.Change, bool, error) {
	return db.stepLabelMerge(ctx, false)
}

func (db *DB) stepLabelMerge(ctx context.Context, undo bool) (annot.Change, bool, error) {
	now := db.stamp()
	var c annot.Change
	var ok bool
	err := db.write(ctx, everything, func(tx pgx.Tx) error {
		c, ok = annot.Change{}, false
		q := `SELECT seq, from_label, into_label, payload FROM label_merges WHERE NOT undone ORDER BY seq DESC LIMIT 1`
		if !undo {
			q = `SELECT seq, from_label, into_label, payload FROM label_merges WHERE undone ORDER BY seq LIMIT 1`
		}
		var seq int64
		var from, into string
		var body []byte
		err := tx.QueryRow(ctx, q).Scan(&seq, &from, &into, &body)
		if noRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		var p labelMergePayload
		if err := json.Unmarshal(body, &p); err != nil {
			return fmt.Errorf("label merge %d: %w", seq, err)
		}
		m := labelMerge{ctx: ctx, tx: tx, now: now}
		if undo {
			if err := m.unmerge(into, &p, &c); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE label_merges SET undone = true WHERE seq = $1`, seq)
		} else {
			// The label came back when the merge was undone; if it has
			// been removed again since, it cannot be merged.
			if _, live, err := m.label(from); err != nil || !live {
				return notLive(err, "the merged label has been removed since the merge was undone")
			}
			np, merr := m.merge(from, into, &c)
			if merr != nil {
				return merr
			}
			err = m.save(seq, from, into, np)
		}
		ok = err == nil
		return err
	})
	if err != nil {
		return annot.Change{}, false, err
	}
	return c, ok, nil
}

// labelMerge does a merge and its undoing inside one transaction.
type labelMerge struct {
	ctx context.Context
	tx  pgx.Tx
	now string
}

func (m *labelMerge) label(id string) (annot.Label, bool, error) {
	l := annot.Label{ID: id}
	var deleted *string
	err := m.tx.QueryRow(m.ctx, `SELECT name, color, hotkey, ord, deleted_at FROM labels WHERE id = $1`, id).
		Scan(&l.Name, &l.Color, &l.Hotkey, &l.Order, &deleted)
	if noRows(err) {
		return l, false, annot.Errorf(annot.NotFound, "no label %s", id)
	}
	return l, deleted == nil, err
}

// merge relabels from's live spans as into, deletes those that would
// duplicate a span of the same annotator, points undo steps that name
// from at into, and removes from. It adds what it did to c.
func (m *labelMerge) merge(from, into string, c *annot.Change) (labelMergePayload, error) {
	var p labelMergePayload
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
	dups, err := ids(m.ctx, m.tx, `SELECT s.id FROM spans s WHERE s.label_id = $1 AND s.deleted_at IS NULL AND EXISTS (
		SELECT 1 FROM spans o WHERE o.label_id = $2 AND o.deleted_at IS NULL AND o.doc_id = s.doc_id
			AND o.annotator_id = s.annotator_id AND o.off_start = s.off_start AND o.off_end = s.off_end)
		ORDER BY s.id`, from, into)
	if err != nil {
		return p, err
	}
	for _, id := range dups {
		s, err := loadSpan(m.ctx, m.tx, id)
		if err != nil {
			return p, err
		}
		rels, err := tombstoneSpan(m.ctx, m.tx, id, m.now)
		if err != nil {
			return p, err
		}
		for _, rid := range rels {
			r, _, err := loadRelation(m.ctx, m.tx, rid)
			if err != nil {
				return p, err
			}
			c.RelationsRemoved = append(c.RelationsRemoved, r)
		}
		s.Deleted = true
		c.SpansRemoved = append(c.SpansRemoved, s.Span)
		p.Removed = append(p.Removed, id)
		p.Relations = append(p.Relations, rels...)
	}
	if p.Relabelled, err = ids(m.ctx, m.tx, `UPDATE spans SET label_id = $1, updated_at = $2
		WHERE label_id = $3 AND deleted_at IS NULL RETURNING id`, into, m.now, from); err != nil {
		return p, err
	}
	if len(p.Relabelled) > 0 {
		spans, err := liveSpansWhere(m.ctx, m.tx, `s.id = ANY ($1)`, p.Relabelled)
		if err != nil {
			return p, err
		}
		c.SpansUpdated = append(c.SpansUpdated, spans...)
	}
	if p.Actions, err = m.repoint(from, into); err != nil {
		return p, err
	}
	if _, err := m.tx.Exec(m.ctx, `UPDATE labels SET name = $1, hotkey = '', deleted_at = $2 WHERE id = $3`,
		removedName(fl.Name, from), m.now, from); err != nil {
		return p, err
	}
	c.LabelsRemoved = append(c.LabelsRemoved, fl)
	return p, nil
}

// repoint makes the undo steps that name label from name into instead,
// and returns them as they were and as they are.
func (m *labelMerge) repoint(from, into string) ([]labelMergedAction, error) {
	rows, err := m.tx.Query(m.ctx, `SELECT seq, payload::text FROM actions WHERE kind = $1 AND strpos(payload::text, $2) > 0 ORDER BY seq`,
		kindUpdateSpan, `"`+from+`"`)
	if err != nil {
		return nil, err
	}
	var out []labelMergedAction
	var a labelMergedAction
	if _, err := pgx.ForEachRow(rows, []any{&a.Seq, &a.Before}, func() error {
		a.After = strings.ReplaceAll(a.Before, `"`+from+`"`, `"`+into+`"`)
		out = append(out, a)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, a := range out {
		if _, err := m.tx.Exec(m.ctx, `UPDATE actions SET payload = $1::jsonb WHERE seq = $2`, a.After, a.Seq); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// restoreLabel brings a merged label back under its old name, colour,
// key and place. Its name may have been taken since: then it cannot come
// back. Its key may have been: then it comes back without one.
func (m *labelMerge) restoreLabel(l annot.Label) error {
	labels, err := liveLabels(m.ctx, m.tx)
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
	_, err = m.tx.Exec(m.ctx, `UPDATE labels SET name = $1, hotkey = $2, color = $3, ord = $4, deleted_at = NULL WHERE id = $5`,
		l.Name, l.Hotkey, l.Color, l.Order, l.ID)
	return err
}

// unmerge undoes a merge: the label comes back, the spans that still
// carry into get it again, the deleted duplicates come back with their
// links, and the undo steps are put back as they were.
func (m *labelMerge) unmerge(into string, p *labelMergePayload, c *annot.Change) error {
	if err := m.restoreLabel(p.From); err != nil {
		return err
	}
	from := p.From.ID
	l, _, err := m.label(from)
	if err != nil {
		return err
	}
	c.Labels = append(c.Labels, l)
	back, err := ids(m.ctx, m.tx, `UPDATE spans SET label_id = $1, updated_at = $2
		WHERE id = ANY ($3) AND label_id = $4 AND deleted_at IS NULL RETURNING id`,
		from, m.now, nonNil(p.Relabelled), into)
	if err != nil {
		return err
	}
	revived, err := ids(m.ctx, m.tx, `UPDATE spans SET deleted_at = NULL, updated_at = $1
		WHERE id = ANY ($2) AND deleted_at IS NOT NULL RETURNING id`, m.now, nonNil(p.Removed))
	if err != nil {
		return err
	}
	before := map[string]bool{}
	for _, id := range p.Relations {
		r, _, err := loadRelation(m.ctx, m.tx, id)
		if err != nil {
			return err
		}
		before[id] = r.Deleted
	}
	if err := edit.ReviveRelations(m.ctx, editTx{m.tx}, p.Relations); err != nil {
		return err
	}
	for _, id := range p.Relations {
		r, _, err := loadRelation(m.ctx, m.tx, id)
		if err != nil {
			return err
		}
		if before[id] && !r.Deleted {
			c.RelationsAdded = append(c.RelationsAdded, r)
		}
	}
	for _, a := range p.Actions {
		if _, err := m.tx.Exec(m.ctx, `UPDATE actions SET payload = $1::jsonb WHERE seq = $2 AND payload = $3::jsonb`,
			a.Before, a.Seq, a.After); err != nil {
			return err
		}
	}
	if len(back) > 0 {
		if c.SpansUpdated, err = liveSpansWhere(m.ctx, m.tx, `s.id = ANY ($1)`, back); err != nil {
			return err
		}
	}
	if len(revived) > 0 {
		if c.SpansAdded, err = liveSpansWhere(m.ctx, m.tx, `s.id = ANY ($1)`, revived); err != nil {
			return err
		}
	}
	return nil
}

// save records a merge: a new step (seq 0) or a redone one.
func (m *labelMerge) save(seq int64, from, into string, p labelMergePayload) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if seq == 0 {
		_, err = m.tx.Exec(m.ctx, `INSERT INTO label_merges(from_label, into_label, payload, at) VALUES ($1, $2, $3, $4)`,
			from, into, string(body), m.now)
	} else {
		_, err = m.tx.Exec(m.ctx, `UPDATE label_merges SET payload = $1, undone = false, at = $2 WHERE seq = $3`, string(body), m.now, seq)
	}
	return err
}

// ids runs a query or a statement with RETURNING that yields one ID a
// row.
func ids(ctx context.Context, tx pgx.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// nonNil is ids as a SQL array, empty rather than NULL.
func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

func notLive(err error, msg string) error {
	if err != nil {
		return err
	}
	return annot.Errorf(annot.NotFound, "%s", msg)
}
