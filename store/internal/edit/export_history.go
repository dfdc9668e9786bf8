package edit

import (
	"context"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// History calls fn with every document in import order and everything a
// merge needs from it (annot.DocHistory): all spans and relations,
// tombstones included, all verdicts, withdrawn ones included, each
// annotator's state with its answer and time, and the suggestions with
// their links and every decision on them, undone ones included. The
// first document also carries the labels, removed ones included. visible
// is the condition on documents (column id) that keeps those a reader
// may see, "" for all. q is one read transaction, so that what fn gets
// is one snapshot.
//
// Rows are read with the IDs they store, and annotators' and labels'
// names put in from two maps read first: one pass over each table, with
// no join per row.
func History(ctx context.Context, q Queryer, visible string, fn func(*annot.DocHistory) error) error {
	people, err := idNames(ctx, q, `SELECT id, name FROM annotators`)
	if err != nil {
		return err
	}
	labels, err := historyLabels(ctx, q)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(labels))
	for _, l := range labels {
		names[l.ID] = l.Name
	}
	hs := histories{}
	latest, err := hs.verdicts(ctx, q, people)
	if err != nil {
		return err
	}
	for _, read := range []func() error{
		func() error { return hs.spans(ctx, q, people, names, latest) },
		func() error { return hs.relations(ctx, q, people) },
		func() error { return hs.states(ctx, q, people) },
		func() error { return hs.suggestions(ctx, q, people, names) },
	} {
		if err := read(); err != nil {
			return err
		}
	}
	query := `SELECT ` + DocColumns + ` FROM documents`
	if visible != "" {
		query += ` WHERE ` + visible
	}
	first := true
	return each(ctx, q, query+` ORDER BY seq`, nil, func(rows Rows) error {
		var d annot.Document
		if err := ScanDoc(rows.Scan, &d); err != nil {
			return err
		}
		h := hs[d.ID]
		if h == nil {
			h = &annot.DocHistory{}
		}
		h.Doc = d
		if first {
			h.Labels, first = labels, false
		}
		return fn(h)
	})
}

// histories are the documents' histories as History reads them, by
// document ID.
type histories map[string]*annot.DocHistory

func (hs histories) get(doc string) *annot.DocHistory {
	h := hs[doc]
	if h == nil {
		h = &annot.DocHistory{}
		hs[doc] = h
	}
	return h
}

// idNames maps the IDs of a query's first column to the names of its
// second.
func idNames(ctx context.Context, q Queryer, query string) (map[string]string, error) {
	m := map[string]string{}
	err := each(ctx, q, query, nil, func(rows Rows) error {
		var id, name string
		err := rows.Scan(&id, &name)
		m[id] = name
		return err
	})
	return m, err
}

func historyLabels(ctx context.Context, q Queryer) ([]annot.LabelCopy, error) {
	var out []annot.LabelCopy
	err := each(ctx, q, `SELECT id, name, color, hotkey, ord, COALESCE(deleted_at, '') FROM labels ORDER BY ord, name`, nil, func(rows Rows) error {
		var l annot.LabelCopy
		var removed string
		if err := rows.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order, &removed); err != nil {
			return err
		}
		l.RemovedAt = parseTime(removed)
		out = append(out, l)
		return nil
	})
	return out, err
}

// verdicts reads every document's verdicts in time order, withdrawn ones
// included, since a merge must not bring them back, and returns each
// span's latest that was not withdrawn, which gives its status.
func (hs histories) verdicts(ctx context.Context, q Queryer, people map[string]string) (map[string]annot.Verdict, error) {
	latest := map[string]annot.Verdict{}
	err := each(ctx, q, `SELECT v.id, v.span_id, s.doc_id, v.reviewer_id, v.decision, v.comment, v.at, COALESCE(v.withdrawn_at, '')
		FROM verdicts v JOIN spans s ON s.id = v.span_id ORDER BY v.at, v.id`, nil, func(rows Rows) error {
		var v annot.VerdictCopy
		var doc, reviewer, decision, at, withdrawn string
		if err := rows.Scan(&v.ID, &v.SpanID, &doc, &reviewer, &decision, &v.Comment, &at, &withdrawn); err != nil {
			return err
		}
		v.Reviewer, v.Decision, v.At, v.WithdrawnAt = people[reviewer], annot.Status(decision), parseTime(at), parseTime(withdrawn)
		h := hs.get(doc)
		h.Verdicts = append(h.Verdicts, v)
		if v.Live() {
			latest[v.SpanID] = v.Verdict
		}
		return nil
	})
	return latest, err
}

// spans reads every span, tombstones included, each with the status its
// latest verdict gives it, in each document by offsets, label,
// annotator and ID.
func (hs histories) spans(ctx context.Context, q Queryer, people, labels map[string]string, latest map[string]annot.Verdict) error {
	err := each(ctx, q, `SELECT id, doc_id, annotator_id, off_start, off_end, label_id, note, answer,
		origin, changed, curation, COALESCE(corrects, ''), created_at, updated_at, COALESCE(deleted_at, '') FROM spans`, nil, func(rows Rows) error {
		var s annot.SpanCopy
		var aid, lid, answer, created, updated, deleted string
		if err := rows.Scan(&s.ID, &s.DocID, &aid, &s.Start, &s.End, &lid, &s.Note, &answer,
			&s.Origin, &s.Changed, &s.Curation, &s.Corrects, &created, &updated, &deleted); err != nil {
			return err
		}
		s.Answer = annot.Answer(answer)
		s.Annotator, s.Label, s.Status = people[aid], labels[lid], annot.Pending
		s.CreatedAt, s.UpdatedAt, s.DeletedAt = parseTime(created), parseTime(updated), parseTime(deleted)
		s.Deleted = deleted != ""
		if v, ok := latest[s.ID]; ok {
			s.Status, s.Reviewer = v.Decision, v.Reviewer
		}
		h := hs.get(s.DocID)
		h.Spans = append(h.Spans, s)
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hs {
		spans := h.Spans
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
	return nil
}

// relations reads every relation, tombstones included, in the order they
// were made.
func (hs histories) relations(ctx context.Context, q Queryer, people map[string]string) error {
	return each(ctx, q, `SELECT id, doc_id, annotator_id, from_id, to_id, type, created_at, COALESCE(deleted_at, '')
		FROM relations ORDER BY created_at, id`, nil, func(rows Rows) error {
		var rel annot.RelationCopy
		var aid, created, deleted string
		if err := rows.Scan(&rel.ID, &rel.DocID, &aid, &rel.From, &rel.To, &rel.Type, &created, &deleted); err != nil {
			return err
		}
		rel.Annotator, rel.CreatedAt, rel.DeletedAt, rel.Deleted = people[aid], parseTime(created), parseTime(deleted), deleted != ""
		h := hs.get(rel.DocID)
		h.Relations = append(h.Relations, rel)
		return nil
	})
}

// states reads every annotator's state of each document, by annotator.
func (hs histories) states(ctx context.Context, q Queryer, people map[string]string) error {
	err := each(ctx, q, `SELECT doc_id, annotator_id, state, answer, updated_at FROM doc_status`, nil, func(rows Rows) error {
		var doc, aid, st, answer, at string
		if err := rows.Scan(&doc, &aid, &st, &answer, &at); err != nil {
			return err
		}
		h := hs.get(doc)
		h.States = append(h.States, annot.StateCopy{Annotator: people[aid], State: annot.DocState(st), Answer: annot.Answer(answer), At: parseTime(at)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hs {
		s := h.States
		sort.Slice(s, func(i, j int) bool { return s[i].Annotator < s[j].Annotator })
	}
	return nil
}
