package formats

import (
	"bufio"
	"encoding/json"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// prodigyWriter writes Prodigy JSONL, as Prodigy itself stores the work:
//
//   - A document that is not fully reviewed is one task per annotator,
//     each with its "_annotator_id", all sharing the document's
//     "_input_hash". A task's "answer" is the annotator's own answer when
//     the work came with one, "accept" when they marked the document done
//     in Spanmark, and none while they are still at it (or for a model's
//     "prediction:<version>" spans, which are suggestions); a span whose
//     own answer differs from its task's carries it. A document nobody
//     has worked on is one task without an answer: input to annotate.
//   - A document whose every span has a verdict (a --gold export, or one
//     reviewed through) is one task in the form of Prodigy's review
//     recipe: the accepted spans at the top, duplicates folded, answered
//     "accept" by the reviewer, and each annotator's work under
//     "versions". ReadProdigy turns it back into the same verdicts, and
//     training tools read its top-level spans as gold.
//   - Relations are rel.manual's: head and child are the last tokens of
//     the two spans, with head_span and child_span. A span's note goes in
//     its "note" key, which Prodigy keeps and ignores.
//   - Categories, choices and a binary label kept in the meta (see
//     ReadProdigy) go back to "accept", "options" and "label".
//
// What a task cannot hold is reported through Losses: relations whose
// ends are not in one task, and verdicts on a partly reviewed document
// (Prodigy's review decides a whole task).
type prodigyWriter struct {
	w      *bufio.Writer
	buf    []byte
	losses lossCounter
}

func newProdigyWriter(w *bufio.Writer) Writer { return &prodigyWriter{w: w} }

// Losses reports what no task could hold (see Lossy).
func (pw *prodigyWriter) Losses() []error { return pw.losses.errors("Prodigy") }

// prodigyOut is one task to write: spans (indices into Doc.Spans) that
// one annotator made, and the answer they stand under.
type prodigyOut struct {
	who      string
	spans    []int
	rels     []int
	answer   string
	review   bool
	versions []prodigyOut
}

// prodigyDocMeta is what a document's meta holds for Prodigy.
type prodigyDocMeta struct {
	fields    []jsonField // the task's "meta"
	inputHash *int64
	cats      map[string]json.RawMessage
	options   json.RawMessage
	label     json.RawMessage
}

func (pw *prodigyWriter) WriteDoc(d *Doc) error {
	m := prodigyWriteMeta(d.Doc)
	if m.inputHash == nil {
		h := prodigyHash(d.Doc.Text)
		m.inputHash = &h
	}
	idx := text.NewIndex(d.Doc.Text)
	toks := prodigyTokens(d.Doc.Text, idx, d.Spans)
	tasks := pw.tasks(d, &m)
	b := pw.buf[:0]
	sd, st := pw.suggestionTask(d)
	if sd != nil && len(tasks) == 1 && tasks[0].who == "" && len(tasks[0].spans) == 0 && !tasks[0].review {
		tasks = nil // the suggestions are the input to annotate
	}
	for i := range tasks {
		b = appendProdigyTask(b, d, &tasks[i], idx, toks, &m)
	}
	if sd != nil {
		b = appendProdigyTask(b, sd, st, idx, prodigyTokens(d.Doc.Text, idx, sd.Spans), &m)
	}
	pw.buf = b
	_, err := pw.w.Write(b)
	return err
}

func (pw *prodigyWriter) Close() error { return pw.w.Flush() }

// prodigyWriteMeta splits the document's meta into the task's "meta" and
// what Spanmark kept of an imported task.
func prodigyWriteMeta(d *annot.Document) prodigyDocMeta {
	var m prodigyDocMeta
	fields, err := objectFields(d.Meta)
	if err != nil {
		return m
	}
	for _, f := range fields {
		switch f.Key {
		case metaProdigyAnswer:
		case metaProdigyInputHash:
			if h, ok := prodigyHashValue(f.Value); ok {
				m.inputHash = &h
			}
		case metaProdigyOptions:
			m.options = f.Value
		case metaProdigyLabel:
			m.label = f.Value
		case metaCategories:
			if sub, err := objectFields(f.Value); err == nil {
				m.cats = map[string]json.RawMessage{}
				for _, c := range sub {
					m.cats[c.Key] = c.Value
				}
			} else {
				m.fields = append(m.fields, f)
			}
		default:
			m.fields = append(m.fields, f)
		}
	}
	return m
}

// tasks decides the tasks of a document (see prodigyWriter).
func (pw *prodigyWriter) tasks(d *Doc, m *prodigyDocMeta) []prodigyOut {
	byWho := map[string][]int{}
	for i := range d.Spans {
		byWho[d.Spans[i].Annotator] = append(byWho[d.Spans[i].Annotator], i)
	}
	for who, st := range d.States {
		if _, ok := byWho[who]; !ok && (st == annot.StateDone || d.Answers[who] != "") {
			byWho[who] = nil
		}
	}
	for who := range m.cats {
		if _, ok := byWho[who]; !ok {
			byWho[who] = nil
		}
	}
	var out []prodigyOut
	for _, who := range sortedKeys(byWho) {
		out = append(out, prodigyOut{who: who, spans: byWho[who], answer: prodigyAnswerOf(d, who)})
	}
	written := make([]bool, len(d.Relations))
	for k := range out {
		out[k].rels = relationsIn(d, out[k].spans, out[k].who, written)
	}
	reviewer, reviewed := prodigyReviewer(d)
	if reviewed {
		top := prodigyOut{who: reviewer, answer: string(annot.AnswerAccept), review: true, versions: out}
		top.spans = foldedAccepted(d.Spans)
		top.rels = relationsIn(d, acceptedSpans(d.Spans), "", written)
		for i := range d.Spans {
			if s := &d.Spans[i]; s.Reviewer != reviewer {
				pw.losses.add(d, "reviewers' names (a Prodigy review has one reviewer; the others' verdicts are written as %s's)", reviewer)
			}
		}
		out = []prodigyOut{top}
	} else {
		for i := range d.Spans {
			if d.Spans[i].Status != annot.Pending {
				pw.losses.add(d, "verdicts on partly reviewed documents (a Prodigy review decides a whole task; review the rest, or export --gold)")
			}
		}
	}
	for _, ok := range written {
		if !ok {
			pw.losses.add(d, "relations whose two spans are not in one task (made by another annotator than the spans)")
		}
	}
	if len(out) == 0 {
		out = []prodigyOut{{}}
	}
	return out
}

// relationsIn lists the relations among spans (by who, or anyone's when
// who is "") and marks them written.
func relationsIn(d *Doc, spans []int, who string, written []bool) []int {
	in := make(map[string]bool, len(spans))
	for _, i := range spans {
		in[d.Spans[i].ID] = true
	}
	var out []int
	for i := range d.Relations {
		r := &d.Relations[i]
		if (who == "" || r.Annotator == who) && in[r.From] && in[r.To] {
			out = append(out, i)
			written[i] = true
		}
	}
	return out
}

// prodigyReviewer reports whether every span of d has a verdict, and the
// reviewer to name: the one who gave the first verdict.
func prodigyReviewer(d *Doc) (string, bool) {
	if len(d.Spans) == 0 {
		return "", false
	}
	for i := range d.Spans {
		if d.Spans[i].Status != annot.Accepted && d.Spans[i].Status != annot.Rejected {
			return "", false
		}
	}
	return d.Spans[0].Reviewer, true
}

// prodigyAnswerOf is the answer an annotator's task stands under (see
// prodigyWriter).
func prodigyAnswerOf(d *Doc, who string) string {
	if a := d.Answers[who]; a != "" {
		return string(a)
	}
	if strings.HasPrefix(who, predictionPrefix) {
		return ""
	}
	if st := d.States[who]; st == annot.StateDone || st == annot.StateReviewed {
		return string(annot.AnswerAccept)
	}
	return ""
}

func acceptedSpans(spans []annot.Span) []int {
	var out []int
	for i := range spans {
		if spans[i].Status == annot.Accepted {
			out = append(out, i)
		}
	}
	return out
}

// foldedAccepted lists the accepted spans, one of each start, end and
// label (spans come sorted, so duplicates are neighbours).
func foldedAccepted(spans []annot.Span) []int {
	var out []int
	for _, i := range acceptedSpans(spans) {
		if k := len(out); k > 0 {
			p, s := &spans[out[k-1]], &spans[i]
			if p.Start == s.Start && p.End == s.End && p.Label == s.Label {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

func appendProdigyTask(b []byte, d *Doc, t *prodigyOut, idx *text.Index, toks []text.Token, m *prodigyDocMeta) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "text")
	b = appendString(b, d.Doc.Text)
	b = appendKey(b, true, "meta")
	b = appendFields(b, m.fields)
	b = appendProdigyBody(b, d, t, idx, toks, m)
	if t.review {
		b = appendKey(b, true, "_view_id")
		b = appendString(b, "review")
		b = appendKey(b, true, "versions")
		b = append(b, '[')
		for k := range t.versions {
			v := &t.versions[k]
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendKey(b, false, "text")
			b = appendString(b, d.Doc.Text)
			b = appendProdigyBody(b, d, v, idx, toks, m)
			b = appendKey(b, true, "sessions")
			b = append(b, '[')
			b = appendString(b, v.who)
			b = append(b, ']')
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}

// appendProdigyBody writes what a task and a review's version share.
func appendProdigyBody(b []byte, d *Doc, t *prodigyOut, idx *text.Index, toks []text.Token, m *prodigyDocMeta) []byte {
	b = appendKey(b, true, "_input_hash")
	b = strconv.AppendInt(b, *m.inputHash, 10)
	b = appendKey(b, true, "_task_hash")
	b = strconv.AppendInt(b, prodigyTaskHash(*m.inputHash, t, d.Spans), 10)
	b = appendKey(b, true, "tokens")
	b = appendProdigyTokens(b, idx, toks)
	b = appendKey(b, true, "spans")
	b = appendProdigySpans(b, d.Spans, t, idx, toks)
	if len(d.Relations) > 0 {
		b = appendKey(b, true, "relations")
		b = appendProdigyRelations(b, d, t.rels, idx, toks)
	}
	b = appendProdigyChoices(b, t.who, m)
	if t.answer != "" {
		b = appendKey(b, true, "answer")
		b = appendString(b, t.answer)
	}
	if t.who != "" {
		b = appendKey(b, true, "_annotator_id")
		b = appendString(b, t.who)
	}
	return b
}

// appendProdigyChoices writes text classification back: a binary task's
// label, the choice list and the annotator's chosen options.
func appendProdigyChoices(b []byte, who string, m *prodigyDocMeta) []byte {
	if len(m.label) > 0 {
		b = appendKey(b, true, "label")
		b = appendCompact(b, m.label)
	}
	chosen, ok := m.cats[who]
	if len(m.options) > 0 {
		b = appendKey(b, true, "options")
		b = appendCompact(b, m.options)
	} else if ok && len(m.label) == 0 {
		// Categories from another tool (doccano's cats): offer every
		// category any annotator chose.
		b = appendKey(b, true, "options")
		b = appendCategoryOptions(b, m.cats)
	}
	if ok && (len(m.label) == 0 || len(m.options) > 0) {
		b = appendKey(b, true, "accept")
		b = appendCompact(b, chosen)
	}
	return b
}

func appendCategoryOptions(b []byte, cats map[string]json.RawMessage) []byte {
	seen := map[string]bool{}
	b = append(b, '[')
	n := 0
	for _, who := range sortedKeys(cats) {
		var list []string
		_ = json.Unmarshal(cats[who], &list)
		for _, c := range list {
			if seen[c] {
				continue
			}
			seen[c] = true
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, `{"id":`...)
			b = appendString(b, c)
			b = appendKey(b, true, "text")
			b = appendString(b, c)
			b = append(b, '}')
		}
	}
	return append(b, ']')
}

func appendProdigyTokens(b []byte, idx *text.Index, toks []text.Token) []byte {
	b = append(b, '[')
	for i, tk := range toks {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "text")
		b = appendString(b, idx.Slice(tk.Start, tk.End))
		b = appendKey(b, true, "start")
		b = appendInt(b, tk.Start)
		b = appendKey(b, true, "end")
		b = appendInt(b, tk.End)
		b = appendKey(b, true, "id")
		b = appendInt(b, i)
		b = appendKey(b, true, "ws")
		ws := tk.End < idx.Len() && (i+1 == len(toks) || toks[i+1].Start > tk.End)
		b = strconv.AppendBool(b, ws)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendProdigySpans(b []byte, spans []annot.Span, t *prodigyOut, idx *text.Index, toks []text.Token) []byte {
	b = append(b, '[')
	for k, i := range t.spans {
		s := &spans[i]
		if k > 0 {
			b = append(b, ',')
		}
		b = appendProdigySpan(b, s, idx, toks)
		b = b[:len(b)-1] // reopen the object
		if s.Answer != "" && string(s.Answer) != t.answer && !t.review {
			b = appendKey(b, true, "answer")
			b = appendString(b, string(s.Answer))
		}
		if s.Note != "" && !t.review {
			b = appendKey(b, true, "note")
			b = appendString(b, s.Note)
		}
		if !t.review {
			b = appendNativeSpanOrigin(b, s)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendProdigySpan(b []byte, s *annot.Span, idx *text.Index, toks []text.Token) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "start")
	b = appendInt(b, s.Start)
	b = appendKey(b, true, "end")
	b = appendInt(b, s.End)
	b = appendKey(b, true, "text")
	b = appendString(b, idx.Slice(s.Start, s.End))
	b = appendKey(b, true, "label")
	b = appendString(b, s.Label)
	if ts, te, ok := tokenIndices(toks, s.Start, s.End); ok {
		b = appendKey(b, true, "token_start")
		b = appendInt(b, ts)
		b = appendKey(b, true, "token_end")
		b = appendInt(b, te)
	}
	return append(b, '}')
}

// appendProdigyRelations writes rel.manual relations: head and child are
// the last tokens of the two spans.
func appendProdigyRelations(b []byte, d *Doc, rels []int, idx *text.Index, toks []text.Token) []byte {
	pos := make(map[string]int, len(d.Spans))
	for i := range d.Spans {
		pos[d.Spans[i].ID] = i
	}
	b = append(b, '[')
	for k, i := range rels {
		r := &d.Relations[i]
		from, to := &d.Spans[pos[r.From]], &d.Spans[pos[r.To]]
		_, head, _ := tokenIndices(toks, from.Start, from.End)
		_, child, _ := tokenIndices(toks, to.Start, to.End)
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "head")
		b = appendInt(b, head)
		b = appendKey(b, true, "child")
		b = appendInt(b, child)
		b = appendKey(b, true, "head_span")
		b = appendProdigySpan(b, from, idx, toks)
		b = appendKey(b, true, "child_span")
		b = appendProdigySpan(b, to, idx, toks)
		b = appendKey(b, true, "label")
		b = appendString(b, r.Type)
		b = append(b, '}')
	}
	return append(b, ']')
}
