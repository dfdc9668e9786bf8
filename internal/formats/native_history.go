package formats

import (
	"bufio"
	"io"
	"sort"
	"time"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// A native export written with --history carries what a merge needs, so
// that an analyst can send one JSONL file instead of a database. Each line
// is a plain native line (which any native reader takes as it is, answers
// included: a span's "answer", a document's "answers") with more keys:
//
//   - "created_at" of the document; "created_at" and "updated_at" of each
//     span, "created_at" of each relation;
//   - "deleted_spans" and "deleted_relations": the tombstones, with their
//     "deleted_at", so that a merge does not bring them back;
//   - "verdicts": every review decision, {"id","span","reviewer",
//     "decision","comment","at"}, not only the latest that "status" shows,
//     with "withdrawn_at" for one an undone review withdrew;
//   - the suggestions, their links and every decision on them (see
//     native_history_suggest.go);
//   - "state_times": when each annotator's state was set;
//   - "labels", on the first line only: the project's labels with their
//     IDs, colours, hotkeys and order, and removed ones with "removed_at".
//
// Times are RFC 3339 in UTC. ReadNative ignores these keys; ReadNativeHistory
// reads them, and reads a plain export too, as well as it can.

// NativeHistoryWriter writes native JSONL with history, one document a
// line.
type NativeHistoryWriter struct {
	w   *bufio.Writer
	buf []byte
	// removed names the labels the first line lists as removed: their
	// suggestions are kept apart from the plain line's.
	removed map[string]bool
}

// NewNativeHistoryWriter returns a writer to w; Close flushes it.
func NewNativeHistoryWriter(w io.Writer) *NativeHistoryWriter {
	return &NativeHistoryWriter{w: bufio.NewWriterSize(w, 256<<10)}
}

// Close flushes what is buffered.
func (hw *NativeHistoryWriter) Close() error { return hw.w.Flush() }

// Write writes one document's line. Its spans and relations come in the
// order given; the live ones form the plain part of the line.
func (hw *NativeHistoryWriter) Write(h *annot.DocHistory) error {
	for _, l := range h.Labels {
		if !l.RemovedAt.IsZero() {
			if hw.removed == nil {
				hw.removed = map[string]bool{}
			}
			hw.removed[l.Name] = true
		}
	}
	b := appendNativeHead(hw.buf[:0], &h.Doc)
	idx := text.NewIndex(h.Doc.Text)
	live := map[string]bool{}
	var dead []*annot.SpanCopy
	b = appendKey(b, true, "spans")
	b = append(b, '[')
	for i := range h.Spans {
		s := &h.Spans[i]
		if !s.DeletedAt.IsZero() {
			dead = append(dead, s)
			continue
		}
		if len(live) > 0 {
			b = append(b, ',')
		}
		live[s.ID] = true
		b = appendSpanTimes(appendNativeSpan(b, idx, &s.Span), s)
		b = append(b, '}')
	}
	b = append(b, ']')
	var gone []*annot.RelationCopy
	b = appendKey(b, true, "relations")
	b = append(b, '[')
	n := 0
	for i := range h.Relations {
		r := &h.Relations[i]
		if !r.DeletedAt.IsZero() || !live[r.From] || !live[r.To] {
			gone = append(gone, r)
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendRelationTimes(appendNativeRelation(b, &r.Relation), r)
		b = append(b, '}')
	}
	b = append(b, ']')
	states := make(map[string]annot.DocState, len(h.States))
	answers := map[string]annot.Answer{}
	for _, s := range h.States {
		states[s.Annotator] = s.State
		if s.Answer != "" {
			answers[s.Annotator] = s.Answer
		}
	}
	b = appendNativeStates(b, states)
	b = appendNativeAnswers(b, answers)
	b = appendHistorySuggestions(b, h, idx, live, hw.removed)
	b = appendTime(b, "created_at", h.Doc.CreatedAt)
	b = appendKey(b, true, "deleted_spans")
	b = append(b, '[')
	for i, s := range dead {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSpanTimes(appendNativeSpan(b, idx, &s.Span), s)
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendKey(b, true, "deleted_relations")
	b = append(b, '[')
	for i, r := range gone {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRelationTimes(appendNativeRelation(b, &r.Relation), r)
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendVerdicts(b, h.Verdicts)
	b = appendStateTimes(b, h.States)
	if h.Labels != nil {
		b = appendLabels(b, h.Labels)
	}
	b = append(b, '}', '\n')
	hw.buf = b
	_, err := hw.w.Write(b)
	return err
}

// appendTime appends ,"key":"time" for a known time, nothing for zero.
func appendTime(b []byte, key string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	b = appendKey(b, true, key)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

func appendSpanTimes(b []byte, s *annot.SpanCopy) []byte {
	b = appendTime(b, "created_at", s.CreatedAt)
	b = appendTime(b, "updated_at", s.UpdatedAt)
	return appendTime(b, "deleted_at", s.DeletedAt)
}

func appendRelationTimes(b []byte, r *annot.RelationCopy) []byte {
	b = appendTime(b, "created_at", r.CreatedAt)
	return appendTime(b, "deleted_at", r.DeletedAt)
}

func appendVerdicts(b []byte, vs []annot.VerdictCopy) []byte {
	b = appendKey(b, true, "verdicts")
	b = append(b, '[')
	for i := range vs {
		v := &vs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "id")
		b = appendString(b, v.ID)
		b = appendKey(b, true, "span")
		b = appendString(b, v.SpanID)
		b = appendKey(b, true, "reviewer")
		b = appendString(b, v.Reviewer)
		b = appendKey(b, true, "decision")
		b = appendString(b, string(v.Decision))
		b = appendKey(b, true, "comment")
		b = appendString(b, v.Comment)
		b = appendTime(b, "at", v.At)
		b = appendTime(b, "withdrawn_at", v.WithdrawnAt)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStateTimes(b []byte, states []annot.StateCopy) []byte {
	b = appendKey(b, true, "state_times")
	b = append(b, '{')
	sorted := append([]annot.StateCopy(nil), states...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Annotator < sorted[j].Annotator })
	n := 0
	for _, s := range sorted {
		if s.At.IsZero() {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendString(b, s.Annotator)
		b = append(b, ':', '"')
		b = s.At.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	return append(b, '}')
}

func appendLabels(b []byte, labels []annot.LabelCopy) []byte {
	b = appendKey(b, true, "labels")
	b = append(b, '[')
	for i := range labels {
		l := &labels[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "id")
		b = appendString(b, l.ID)
		b = appendKey(b, true, "name")
		b = appendString(b, l.Name)
		b = appendKey(b, true, "color")
		b = appendString(b, l.Color)
		b = appendKey(b, true, "hotkey")
		b = appendString(b, l.Hotkey)
		b = appendKey(b, true, "order")
		b = appendInt(b, l.Order)
		b = appendTime(b, "removed_at", l.RemovedAt)
		b = append(b, '}')
	}
	return append(b, ']')
}

// nativeHistory is a native line with the keys --history adds.
type nativeHistory struct {
	nativeDoc
	historySuggestions
	CreatedAt        string            `json:"created_at"`
	DeletedSpans     []nativeSpan      `json:"deleted_spans"`
	DeletedRelations []nativeRelation  `json:"deleted_relations"`
	Verdicts         *[]nativeVerdict  `json:"verdicts"`
	StateTimes       map[string]string `json:"state_times"`
	Labels           []nativeLabel     `json:"labels"`
}

type nativeVerdict struct {
	ID       string `json:"id"`
	Span     string `json:"span"`
	Reviewer string `json:"reviewer"`
	Decision string `json:"decision"`
	Comment  string `json:"comment"`
	At       string `json:"at"`
	// WithdrawnAt is when undoing a review withdrew the verdict.
	WithdrawnAt string `json:"withdrawn_at"`
}

type nativeLabel struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Color     string `json:"color"`
	Hotkey    string `json:"hotkey"`
	Order     int    `json:"order"`
	RemovedAt string `json:"removed_at"`
}

// ReadNativeHistory reads native JSONL for a merge: written with
// --history, it gives back everything the database had; a plain export
// gives what it has, without times or tombstones, and each span's status
// as a verdict whose ID depends only on the span, reviewer and decision,
// so that merging the file twice adds it once. Documents, spans,
// relations and verdicts must have IDs: they are how a merge knows a row
// again.
func ReadNativeHistory(name string, data []byte, emit func(*annot.DocHistory) error) error {
	return eachObject(name, data, func(line int, obj []byte) error {
		var d nativeHistory
		if err := decodeObject(obj, &d); err != nil {
			return annot.At(name, line, err)
		}
		h, err := readHistoryLine(name, line, &d)
		if err != nil {
			return annot.At(name, line, err)
		}
		return emit(h)
	})
}

const errNoIDs = `merge needs the IDs a Spanmark export writes (use import for this file)`

func readHistoryLine(name string, line int, d *nativeHistory) (*annot.DocHistory, error) {
	if d.Text == nil {
		return nil, annot.Errorf(annot.Invalid, `no "text"`)
	}
	if !isUUID(d.ID) {
		return nil, annot.Errorf(annot.Invalid, `the document has no "id" (or not a UUID): %s`, errNoIDs)
	}
	h := &annot.DocHistory{Line: line}
	var err error
	if h.Doc.CreatedAt, err = parseWhen("created_at", d.CreatedAt); err != nil {
		return nil, err
	}
	b := newBuilder(name, line, *d.Text)
	b.rec.Doc.ID = d.ID
	if d.Source != "" {
		b.rec.Doc.Source = d.Source
	}
	var times []annot.SpanCopy // the times of b.rec.Spans, in step
	for _, list := range []struct {
		spans []nativeSpan
		what  string
	}{{d.Spans, "span"}, {d.DeletedSpans, "deleted span"}} {
		for i, ns := range list.spans {
			t, err := readHistorySpan(b, ns, d.Verdicts == nil)
			if err != nil {
				return nil, annot.Errorf(annot.Invalid, "%s %d: %v", list.what, i+1, err)
			}
			if list.what == "deleted span" && t.DeletedAt.IsZero() {
				return nil, annot.Errorf(annot.Invalid, `deleted span %d has no "deleted_at"`, i+1)
			}
			times = append(times, t)
		}
	}
	for _, list := range []struct {
		rels []nativeRelation
		what string
	}{{d.Relations, "relation"}, {d.DeletedRelations, "deleted relation"}} {
		for i, nr := range list.rels {
			r, err := readHistoryRelation(nr)
			if err != nil {
				return nil, annot.Errorf(annot.Invalid, "%s %d: %v", list.what, i+1, err)
			}
			h.Relations = append(h.Relations, r)
			b.rec.Relations = append(b.rec.Relations, r.Relation)
		}
	}
	withdrawn := map[string]time.Time{}
	if d.Verdicts != nil {
		for i, nv := range *d.Verdicts {
			v, err := readHistoryVerdict(nv)
			if err != nil {
				return nil, annot.Errorf(annot.Invalid, "verdict %d: %v", i+1, err)
			}
			b.rec.Verdicts = append(b.rec.Verdicts, v.Verdict)
			if !v.Live() {
				withdrawn[v.ID] = v.WithdrawnAt
			}
		}
	}
	sugs, err := readHistorySuggestions(b, &d.nativeDoc, &d.historySuggestions)
	if err != nil {
		return nil, err
	}
	if h.States, err = readHistoryStates(d.States, d.Answers, d.StateTimes); err != nil {
		return nil, err
	}
	for i, nl := range d.Labels {
		l, err := readHistoryLabel(nl)
		if err != nil {
			return nil, annot.Errorf(annot.Invalid, "label %d: %v", i+1, err)
		}
		h.Labels = append(h.Labels, l)
	}
	rec, err := b.finish(d.Title, compactMeta(d.Meta))
	if err != nil {
		return nil, err
	}
	created := h.Doc.CreatedAt
	h.Doc, h.Doc.CreatedAt = rec.Doc, created
	h.Verdicts = make([]annot.VerdictCopy, len(rec.Verdicts))
	for i, v := range rec.Verdicts {
		h.Verdicts[i] = annot.VerdictCopy{Verdict: v, WithdrawnAt: withdrawn[v.ID]}
	}
	sugs.fill(h, rec)
	latest := latestVerdicts(h.Verdicts)
	for i, s := range rec.Spans {
		c := times[i]
		s.CreatedAt, s.UpdatedAt = c.CreatedAt, c.UpdatedAt
		c.Span = s
		c.DocID, c.Deleted = rec.Doc.ID, !c.DeletedAt.IsZero()
		c.Status, c.Reviewer = annot.Pending, ""
		if v, ok := latest[s.ID]; ok {
			c.Status, c.Reviewer = v.Decision, v.Reviewer
		}
		h.Spans = append(h.Spans, c)
	}
	for i := range h.Relations {
		h.Relations[i].DocID = rec.Doc.ID
	}
	return h, nil
}

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil
}

// parseWhen reads an optional time.
func parseWhen(key, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, annot.Errorf(annot.Invalid, "%q %q is not an RFC 3339 time", key, s)
	}
	return t.UTC(), nil
}

// readHistorySpan adds a span to b and returns its times. A plain export
// (no "verdicts") gives a status instead, which becomes a verdict.
func readHistorySpan(b *builder, ns nativeSpan, statusIsVerdict bool) (annot.SpanCopy, error) {
	var c annot.SpanCopy
	if !isUUID(ns.ID) {
		return c, annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	}
	if ns.Start == nil || ns.End == nil {
		return c, annot.Errorf(annot.Invalid, `needs "start" and "end"`)
	}
	if ns.Annotator == "" {
		return c, annot.Errorf(annot.Invalid, `needs "annotator"`)
	}
	var err error
	if c.CreatedAt, err = parseWhen("created_at", ns.CreatedAt); err != nil {
		return c, err
	}
	if c.UpdatedAt, err = parseWhen("updated_at", ns.UpdatedAt); err != nil {
		return c, err
	}
	if c.DeletedAt, err = parseWhen("deleted_at", ns.DeletedAt); err != nil {
		return c, err
	}
	s, err := b.addSpan(ns.ID, int(*ns.Start), int(*ns.End), codePoints, ns.Label, ns.Annotator)
	if err != nil {
		return c, err
	}
	s.Note = ns.Note
	if err := readSpanMarks(s, ns); err != nil {
		return c, err
	}
	if ns.Text != nil {
		if got := b.spanText(s); got != *ns.Text && !b.norm.Changed() {
			return c, annot.Errorf(annot.Invalid, "its text %q is not the document's text %q at %d-%d", *ns.Text, got, *ns.Start, *ns.End)
		}
	}
	switch st := annot.Status(ns.Status); st {
	case "", annot.Pending:
	case annot.Accepted, annot.Rejected:
		if statusIsVerdict {
			reviewer := ns.Reviewer
			if reviewer == "" {
				reviewer = ns.Annotator
			}
			b.rec.Verdicts = append(b.rec.Verdicts, annot.Verdict{ID: annot.VerdictID(s.ID, reviewer, st),
				SpanID: s.ID, Reviewer: reviewer, Decision: st})
		}
	default:
		return c, annot.Errorf(annot.Invalid, "status %q is not pending, accepted or rejected", ns.Status)
	}
	return c, nil
}

func readHistoryRelation(nr nativeRelation) (annot.RelationCopy, error) {
	var r annot.RelationCopy
	switch {
	case !isUUID(nr.ID):
		return r, annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	case nr.Type == "" || nr.From == "" || nr.To == "":
		return r, annot.Errorf(annot.Invalid, `needs "from", "to" and "type"`)
	case nr.Annotator == "":
		return r, annot.Errorf(annot.Invalid, `needs "annotator"`)
	}
	r.Relation = annot.Relation{ID: nr.ID, From: nr.From, To: nr.To, Type: nr.Type, Annotator: nr.Annotator}
	var err error
	if r.CreatedAt, err = parseWhen("created_at", nr.CreatedAt); err != nil {
		return r, err
	}
	if r.DeletedAt, err = parseWhen("deleted_at", nr.DeletedAt); err != nil {
		return r, err
	}
	r.Deleted = !r.DeletedAt.IsZero()
	return r, nil
}

func readHistoryVerdict(nv nativeVerdict) (annot.VerdictCopy, error) {
	var v annot.VerdictCopy
	d := annot.Status(nv.Decision)
	switch {
	case !isUUID(nv.ID):
		return v, annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	case d != annot.Accepted && d != annot.Rejected:
		return v, annot.Errorf(annot.Invalid, "decision %q is not accepted or rejected", nv.Decision)
	case nv.Reviewer == "" || nv.Span == "":
		return v, annot.Errorf(annot.Invalid, `needs "span" and "reviewer"`)
	}
	at, err := parseWhen("at", nv.At)
	if err != nil {
		return v, err
	}
	out, err := parseWhen("withdrawn_at", nv.WithdrawnAt)
	if err != nil {
		return v, err
	}
	return annot.VerdictCopy{Verdict: annot.Verdict{ID: nv.ID, SpanID: nv.Span, Reviewer: nv.Reviewer, Decision: d, Comment: nv.Comment, At: at},
		WithdrawnAt: out}, nil
}

// readHistoryStates reads each annotator's state with its answer and
// time. An answer without a state means the annotator finished the task,
// as an import reads it.
func readHistoryStates(states, answers, times map[string]string) ([]annot.StateCopy, error) {
	var out []annot.StateCopy
	for who, st := range states {
		if who == "" || !annot.DocState(st).Valid() {
			return nil, annot.Errorf(annot.Invalid, "state %q of %q is not new, in progress, done or reviewed", st, who)
		}
	}
	for who, a := range answers {
		if who == "" || a == "" || !annot.Answer(a).Valid() {
			return nil, annot.Errorf(annot.Invalid, "answer %q of %q is not accept, reject or ignore", a, who)
		}
		if _, ok := states[who]; !ok {
			out = append(out, annot.StateCopy{Annotator: who, State: annot.StateDone})
		}
	}
	for who, st := range states {
		out = append(out, annot.StateCopy{Annotator: who, State: annot.DocState(st)})
	}
	for i := range out {
		s := &out[i]
		s.Answer = annot.Answer(answers[s.Annotator])
		var err error
		if s.At, err = parseWhen("state_times", times[s.Annotator]); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Annotator < out[j].Annotator })
	return out, nil
}

func readHistoryLabel(nl nativeLabel) (annot.LabelCopy, error) {
	var l annot.LabelCopy
	if !isUUID(nl.ID) || nl.Name == "" {
		return l, annot.Errorf(annot.Invalid, `needs "id" (a UUID) and "name"`)
	}
	removed, err := parseWhen("removed_at", nl.RemovedAt)
	if err != nil {
		return l, err
	}
	return annot.LabelCopy{Label: annot.Label{ID: nl.ID, Name: nl.Name, Color: nl.Color, Hotkey: nl.Hotkey, Order: nl.Order}, RemovedAt: removed}, nil
}

// latestVerdicts gives each span's latest verdict that was not
// withdrawn, which is its status.
func latestVerdicts(vs []annot.VerdictCopy) map[string]annot.Verdict {
	out := map[string]annot.Verdict{}
	for _, v := range vs {
		if !v.Live() {
			continue
		}
		if w, ok := out[v.SpanID]; !ok || v.At.After(w.At) || (v.At.Equal(w.At) && v.ID > w.ID) {
			out[v.SpanID] = v.Verdict
		}
	}
	return out
}
