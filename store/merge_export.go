package store

import (
	"context"
	"database/sql"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// History calls fn with every document in import order and everything a
// merge needs from it: all spans and relations, tombstones included, all
// verdicts, withdrawn ones included, each annotator's state with its
// answer and time, and the suggestions with their links and every
// decision on them, undone ones included. The first document also
// carries the labels, removed ones included. It reads one snapshot; a
// native export with --history writes what it gives.
func (db *DB) History(ctx context.Context, fn func(*annot.DocHistory) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := &readTx{ctx: ctx, tx: tx}
	people, err := r.annotatorNames()
	if err != nil {
		return err
	}
	labels, err := historyLabels(r)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, l := range labels {
		names[l.ID] = l.Name
	}
	verdicts, latest, err := historyVerdicts(r, people)
	if err != nil {
		return err
	}
	spans, err := historySpans(r, people, names, latest)
	if err != nil {
		return err
	}
	rels, err := historyRelations(r, people)
	if err != nil {
		return err
	}
	states, err := historyStates(r, people)
	if err != nil {
		return err
	}
	sugs, err := historySuggestions(r, people, names)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+docColumns+` FROM documents WHERE `+visibleDoc+` ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	first := true
	for rows.Next() {
		h := &annot.DocHistory{}
		if err := scanDoc(rows.Scan, &h.Doc); err != nil {
			return err
		}
		id := h.Doc.ID
		h.Spans, h.Relations, h.Verdicts, h.States = spans[id], rels[id], verdicts[id], states[id]
		if g := sugs[id]; g != nil {
			h.Suggestions, h.SuggestionLinks, h.Decisions = g.Suggestions, g.SuggestionLinks, g.Decisions
		}
		if first {
			h.Labels, first = labels, false
		}
		if err := fn(h); err != nil {
			return err
		}
	}
	return rows.Err()
}

func historyLabels(r *readTx) ([]annot.LabelCopy, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, name, color, hotkey, ord, COALESCE(deleted_at, '') FROM labels ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.LabelCopy
	for rows.Next() {
		var l annot.LabelCopy
		var removed string
		if err := rows.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order, &removed); err != nil {
			return nil, err
		}
		l.RemovedAt = parseTime(removed)
		out = append(out, l)
	}
	return out, rows.Err()
}

// historyVerdicts returns every document's verdicts in time order,
// withdrawn ones included, and each span's latest that was not withdrawn,
// which gives its status.
func historyVerdicts(r *readTx, people map[string]string) (map[string][]annot.VerdictCopy, map[string]annot.Verdict, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT v.id, v.span_id, s.doc_id, v.reviewer_id, v.decision, v.comment, v.at, COALESCE(v.withdrawn_at, '')
		FROM verdicts v JOIN spans s ON s.id = v.span_id ORDER BY v.at, v.id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byDoc, latest := map[string][]annot.VerdictCopy{}, map[string]annot.Verdict{}
	for rows.Next() {
		var v annot.VerdictCopy
		var doc, reviewer, decision, at, withdrawn string
		if err := rows.Scan(&v.ID, &v.SpanID, &doc, &reviewer, &decision, &v.Comment, &at, &withdrawn); err != nil {
			return nil, nil, err
		}
		v.Reviewer, v.Decision, v.At, v.WithdrawnAt = people[reviewer], annot.Status(decision), parseTime(at), parseTime(withdrawn)
		byDoc[doc] = append(byDoc[doc], v)
		if v.Live() {
			latest[v.SpanID] = v.Verdict
		}
	}
	return byDoc, latest, rows.Err()
}

func historySpans(r *readTx, people, labels map[string]string, latest map[string]annot.Verdict) (map[string][]annot.SpanCopy, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, doc_id, annotator_id, off_start, off_end, label_id, note, answer,
		origin, changed, curation, COALESCE(corrects, ''), created_at, updated_at, COALESCE(deleted_at, '') FROM spans`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]annot.SpanCopy{}
	for rows.Next() {
		var s annot.SpanCopy
		var aid, lid, answer, created, updated, deleted string
		if err := rows.Scan(&s.ID, &s.DocID, &aid, &s.Start, &s.End, &lid, &s.Note, &answer,
			&s.Origin, &s.Changed, &s.Curation, &s.Corrects, &created, &updated, &deleted); err != nil {
			return nil, err
		}
		s.Answer = annot.Answer(answer)
		s.Annotator, s.Label, s.Status = people[aid], labels[lid], annot.Pending
		s.CreatedAt, s.UpdatedAt, s.DeletedAt = parseTime(created), parseTime(updated), parseTime(deleted)
		s.Deleted = deleted != ""
		if v, ok := latest[s.ID]; ok {
			s.Status, s.Reviewer = v.Decision, v.Reviewer
		}
		out[s.DocID] = append(out[s.DocID], s)
	}
	for _, spans := range out {
		sort.Slice(spans, func(i, j int) bool {
			a, b := &spans[i], &spans[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			if a.Label != b.Label {
				return a.Label < b.Label
			}
			if a.Annotator != b.Annotator {
				return a.Annotator < b.Annotator
			}
			return a.ID < b.ID
		})
	}
	return out, rows.Err()
}

func historyRelations(r *readTx, people map[string]string) (map[string][]annot.RelationCopy, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT id, doc_id, annotator_id, from_id, to_id, type, created_at, COALESCE(deleted_at, '')
		FROM relations ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]annot.RelationCopy{}
	for rows.Next() {
		var rel annot.RelationCopy
		var aid, created, deleted string
		if err := rows.Scan(&rel.ID, &rel.DocID, &aid, &rel.From, &rel.To, &rel.Type, &created, &deleted); err != nil {
			return nil, err
		}
		rel.Annotator, rel.CreatedAt, rel.DeletedAt, rel.Deleted = people[aid], parseTime(created), parseTime(deleted), deleted != ""
		out[rel.DocID] = append(out[rel.DocID], rel)
	}
	return out, rows.Err()
}

func historyStates(r *readTx, people map[string]string) (map[string][]annot.StateCopy, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT doc_id, annotator_id, state, answer, updated_at FROM doc_status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]annot.StateCopy{}
	for rows.Next() {
		var doc, aid, st, answer, at string
		if err := rows.Scan(&doc, &aid, &st, &answer, &at); err != nil {
			return nil, err
		}
		out[doc] = append(out[doc], annot.StateCopy{Annotator: people[aid], State: annot.DocState(st), Answer: annot.Answer(answer), At: parseTime(at)})
	}
	for _, s := range out {
		sort.Slice(s, func(i, j int) bool { return s[i].Annotator < s[j].Annotator })
	}
	return out, rows.Err()
}
