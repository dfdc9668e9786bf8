package formats

import (
	"bytes"
	"encoding/json"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
)

// Prodigy keeps one task a line: "text", optional "tokens" ({text, start,
// end, id, ws}), "spans" ({start, end, label}, with token_start and
// token_end inclusive when the task has tokens), "relations" from
// rel.manual ({head, child, head_span, child_span, label}, head and child
// being the last token of each span), the annotator's "answer" (accept,
// reject or ignore), who gave it in "_annotator_id", and two hashes:
// "_input_hash" names the input text, "_task_hash" the question asked.
// Offsets are code points: Prodigy is Python.
//
// An annotator's answer is their own word on their own task, not a
// review: it is kept as each span's Answer (a span's own "answer", as
// binary recipes write, wins over the task's) and as the annotator's
// answer on the document, and it marks the annotator done. It never
// becomes a verdict, so it never makes gold. Gold comes from Prodigy's
// review recipe, whose output carries "versions": each version's spans
// are read as the work of the annotators in its "sessions", with that
// version's answer, and the reviewer's own spans and answer at the top
// become verdicts on them: accepted where the reviewer kept a span,
// rejected where they dropped it.
//
// Text classification rides along in the document's meta: the choices an
// annotator accepted ("accept", or a binary task's "label" answered
// accept) under "categories" keyed by annotator, the choice list under
// "prodigy_options", a binary task's label under "prodigy_label". Other
// top-level keys a recipe added (Prodigy keeps custom keys) become meta
// members, so that nothing of the task is lost; a span's "note" (which
// Spanmark's export adds) is its note. The original "_input_hash" is kept
// as "prodigy_input_hash" when the text comes through unchanged, so that
// an export sent back names the same input. What Prodigy recomputes
// (_task_hash, tokens, _view_id, _timestamp, _is_binary) is not kept.

// Meta keys that carry what a Prodigy task says about itself rather than
// about its text. The writer takes them out of "meta" again.
const (
	metaProdigyInputHash = "prodigy_input_hash"
	metaProdigyOptions   = "prodigy_options"
	metaProdigyLabel     = "prodigy_label"
	metaCategories       = "categories"
	// metaProdigyAnswer is where an earlier Spanmark kept a rejected or
	// ignored task's answer; it is read and dropped.
	metaProdigyAnswer = "prodigy_answer"
)

type prodigyTask struct {
	Text        *string              `json:"text"`
	Meta        json.RawMessage      `json:"meta"`
	InputHash   json.RawMessage      `json:"_input_hash"`
	Tokens      []prodigyToken       `json:"tokens"`
	Spans       []prodigySpan        `json:"spans"`
	Relations   []prodigyRelation    `json:"relations"`
	Answer      string               `json:"answer"`
	AnnotatorID string               `json:"_annotator_id"`
	SessionID   string               `json:"_session_id"`
	Label       json.RawMessage      `json:"label"`
	Accept      json.RawMessage      `json:"accept"`
	Options     json.RawMessage      `json:"options"`
	Versions    []prodigyTask        `json:"versions"`
	Sessions    []string             `json:"sessions"`
	extra       []jsonField          // top-level keys Spanmark does not read
	answers     map[int]annot.Answer // span index -> the span's own answer
}

type prodigyToken struct {
	Start *int `json:"start"`
	End   *int `json:"end"`
}

type prodigySpan struct {
	Start      *whole  `json:"start"`
	End        *whole  `json:"end"`
	TokenStart *int    `json:"token_start"`
	TokenEnd   *int    `json:"token_end"`
	Label      string  `json:"label"`
	Text       *string `json:"text"`
	Answer     string  `json:"answer"`
	Note       string  `json:"note"`
	Origin     string  `json:"origin"`
	Changed    bool    `json:"changed"`
}

type prodigyRelation struct {
	Head      *int         `json:"head"`
	Child     *int         `json:"child"`
	HeadSpan  *prodigySpan `json:"head_span"`
	ChildSpan *prodigySpan `json:"child_span"`
	Label     string       `json:"label"`
}

// prodigyKnown are the top-level keys the reader reads or that Prodigy
// recomputes; any other key is kept in the document's meta.
var prodigyKnown = map[string]bool{
	"text": true, "meta": true, "_input_hash": true, "_task_hash": true, "tokens": true, "spans": true,
	"relations": true, "answer": true, "_annotator_id": true, "_session_id": true, "_view_id": true,
	"view_id": true, "_timestamp": true, "_is_binary": true, "label": true, "accept": true, "options": true,
	"versions": true, "sessions": true, "default": true,
}

// ReadProdigy reads Prodigy JSONL (or a .json array of tasks), as written
// by db-out or by any recipe's output.
func ReadProdigy(name string, data []byte, opt Options, sink *Sink) error {
	pr := &prodigyReader{name: name, opt: opt, sink: sink}
	return eachObject(name, data, pr.task)
}

// prodigyReader holds what lasts across the tasks of one file.
type prodigyReader struct {
	name     string
	opt      Options
	sink     *Sink
	toldCats bool // the note on text classification was given
}

func (pr *prodigyReader) task(line int, obj []byte) error {
	var t prodigyTask
	if err := decodeProdigyTask(obj, &t); err != nil {
		return err
	}
	if t.Text == nil {
		return annot.Errorf(annot.Invalid, `no "text": every Prodigy task needs the text it asks about`)
	}
	answer, err := prodigyAnswer(t.Answer)
	if err != nil {
		return err
	}
	b := newBuilder(pr.name, line, *t.Text)
	tr := &prodigyTaskReader{prodigyReader: pr, b: b, line: line}
	who := prodigyAnnotator(&t, pr.opt.Annotator)
	var extra []jsonField
	var ids []string
	if len(t.Versions) > 0 {
		err = tr.review(&t, who, answer)
	} else {
		ids, err = tr.version(&t, who, answer)
	}
	if err != nil {
		return err
	}
	if prodigyModelInput(&t) {
		if err := tr.suggestions(&t, ids); err != nil {
			return err
		}
	}
	extra = append(extra, tr.categories...)
	if h, ok := prodigyHashValue(t.InputHash); ok && !b.norm.Changed() {
		extra = append(extra, jsonField{metaProdigyInputHash, strconv.AppendInt(nil, h, 10)})
	}
	meta, err := pr.meta(&t, line, extra)
	if err != nil {
		return err
	}
	rec, err := b.finish(metaTitle(meta), meta)
	if err != nil {
		return err
	}
	return pr.sink.Record(rec)
}

// decodeProdigyTask decodes a task and lists the top-level keys it does
// not read, in file order.
func decodeProdigyTask(obj []byte, t *prodigyTask) error {
	if err := decodeObject(obj, t); err != nil {
		return err
	}
	var fields []jsonField
	if hasOtherKeys(obj, prodigyKnown) {
		var err error
		if fields, err = objectFields(obj); err != nil {
			return err
		}
	}
	for _, f := range fields {
		if !prodigyKnown[f.Key] {
			t.extra = append(t.extra, f)
		}
	}
	for i := range t.Spans {
		if a := t.Spans[i].Answer; a != "" {
			if t.answers == nil {
				t.answers = map[int]annot.Answer{}
			}
			t.answers[i] = annot.Answer(a)
		}
	}
	return nil
}

// meta is the task's meta object, the keys a recipe added, and what
// Spanmark keeps of the task itself. A custom key that the task's meta
// also has is reported rather than lost.
func (pr *prodigyReader) meta(t *prodigyTask, line int, extra []jsonField) (json.RawMessage, error) {
	meta := compactMeta(t.Meta)
	if firstByte(t.Meta) != 0 && firstByte(t.Meta) != '{' && firstByte(t.Meta) != 'n' {
		pr.sink.warn(pr.name, line, `"meta" is %s, not an object; kept as the member "meta" of the document's meta`, describe(t.Meta))
		extra = append(extra, jsonField{"meta", t.Meta})
	}
	inMeta, _ := objectFields(meta)
	var custom []jsonField
	for _, f := range t.extra {
		if hasField(inMeta, f.Key) || hasField(extra, f.Key) {
			pr.sink.warn(pr.name, line, `the task's key %q is also in its "meta"; the meta's value is kept and the task's %s left out`, f.Key, clip(f.Value))
			continue
		}
		custom = append(custom, f)
	}
	return metaWith(meta, append(custom, extra...)), nil
}

// prodigyTaskReader reads one task (and, for a review, its versions) into
// one record.
type prodigyTaskReader struct {
	*prodigyReader
	b          *builder
	line       int
	categories []jsonField // meta members made from text classification
	cats       map[string]json.RawMessage
}

func (tr *prodigyTaskReader) warn(format string, args ...any) {
	tr.sink.warn(tr.name, tr.line, format, args...)
}

// version reads the spans, relations, answer and choices of one
// annotator's task (a whole task, or one version of a review) and
// returns the span ids in task order.
func (tr *prodigyTaskReader) version(t *prodigyTask, who string, answer annot.Answer) ([]string, error) {
	b := tr.b
	if t.Text != nil && *t.Text != b.raw {
		return nil, annot.Errorf(annot.Invalid, "a review version's text is not the task's text")
	}
	ids := make([]string, len(t.Spans))
	for i := range t.Spans {
		s, err := readProdigySpan(b, t, i, who, tr.warn)
		if err != nil {
			return nil, annot.Errorf(annot.Invalid, "span %d: %v", i+1, err)
		}
		s.Answer = answer
		if a, ok := t.answers[i]; ok {
			if !a.Valid() {
				return nil, annot.Errorf(annot.Invalid, `span %d: "answer" is %q, expected "accept", "reject" or "ignore"`, i+1, a)
			}
			s.Answer = a
		}
		s.Note = t.Spans[i].Note
		if o := t.Spans[i].Origin; o != "" {
			if err := annot.CheckOrigin(o); err != nil {
				return nil, annot.Errorf(annot.Invalid, "span %d: %v", i+1, err)
			}
			s.Origin, s.Changed = o, t.Spans[i].Changed
		}
		ids[i] = s.ID
	}
	if err := tr.relations(t, ids, who); err != nil {
		return nil, err
	}
	if answer != "" {
		if b.rec.States == nil {
			b.rec.States = map[string]annot.DocState{}
			b.rec.Answers = map[string]annot.Answer{}
		}
		if b.rec.States[who] != annot.StateReviewed {
			b.rec.States[who] = annot.StateDone
		}
		b.rec.Answers[who] = answer
	}
	return ids, tr.textcat(t, who, answer)
}

// relations reads rel.manual's relations between the spans of a task.
// An end is found by its head_span / child_span offsets (and label, when
// it has one), else as the span whose last token is head or child; an end
// that is no labelled span of the task (rel.manual can join bare tokens)
// is left out with a warning, since a Spanmark relation joins spans.
func (tr *prodigyTaskReader) relations(t *prodigyTask, ids []string, who string) error {
	for i := range t.Relations {
		r := &t.Relations[i]
		if r.Label == "" {
			return annot.Errorf(annot.Invalid, `relation %d has no "label"`, i+1)
		}
		from := prodigyRelationEnd(t, ids, r.HeadSpan, r.Head)
		to := prodigyRelationEnd(t, ids, r.ChildSpan, r.Child)
		if from == "" || to == "" {
			tr.warn("relation %d (%s) joins tokens that are not labelled spans of the task; left out, since a Spanmark relation joins spans", i+1, r.Label)
			continue
		}
		tr.b.addRelation(from, to, r.Label, who)
	}
	return nil
}

func prodigyRelationEnd(t *prodigyTask, ids []string, end *prodigySpan, token *int) string {
	if end != nil && end.Start != nil && end.End != nil {
		for i := range t.Spans {
			s := &t.Spans[i]
			if s.Start != nil && s.End != nil && *s.Start == *end.Start && *s.End == *end.End && (end.Label == "" || end.Label == s.Label) {
				return ids[i]
			}
		}
		return ""
	}
	if token != nil {
		for i := range t.Spans {
			if s := &t.Spans[i]; s.TokenEnd != nil && *s.TokenEnd == *token {
				return ids[i]
			}
		}
	}
	return ""
}

// textcat keeps a text-classification answer in the meta (see above).
func (tr *prodigyTaskReader) textcat(t *prodigyTask, who string, answer annot.Answer) error {
	var chosen []string
	if len(t.Accept) > 0 && firstByte(t.Accept) != 'n' {
		var ids []json.RawMessage
		if err := json.Unmarshal(t.Accept, &ids); err != nil {
			return annot.Errorf(annot.Invalid, `"accept" is %s, expected a list of the chosen options' ids`, describe(t.Accept))
		}
		// Kept whatever the answer: the answer itself is kept too, so a
		// reader of the meta can tell a rejected task's choices apart.
		chosen = []string{}
		for _, id := range ids {
			chosen = append(chosen, lsID(id))
		}
	}
	if label := lsID(t.Label); label != "" {
		tr.setTaskField(metaProdigyLabel, t.Label)
		if answer == annot.AnswerAccept && len(t.Spans) == 0 {
			chosen = append(chosen, label)
		}
	}
	if len(t.Options) > 0 && firstByte(t.Options) != 'n' {
		tr.setTaskField(metaProdigyOptions, t.Options)
	}
	if chosen == nil {
		return nil
	}
	if tr.cats == nil {
		tr.cats = map[string]json.RawMessage{}
	}
	list := []byte{'['}
	for i, c := range chosen {
		if i > 0 {
			list = append(list, ',')
		}
		list = appendString(list, c)
	}
	tr.cats[who] = append(list, ']')
	if !tr.toldCats {
		tr.toldCats = true
		tr.warn(`text classification (the categories each annotator chose) is kept in the document's meta under "categories", not as spans (here and in later tasks)`)
	}
	var obj []jsonField
	for _, k := range sortedKeys(tr.cats) {
		obj = append(obj, jsonField{k, tr.cats[k]})
	}
	tr.setField(metaCategories, appendFields(nil, obj))
	return nil
}

// setTaskField keeps a member of the task in the meta once.
func (tr *prodigyTaskReader) setTaskField(key string, v json.RawMessage) {
	if !hasField(tr.categories, key) {
		tr.setField(key, v)
	}
}

func (tr *prodigyTaskReader) setField(key string, v json.RawMessage) {
	for i := range tr.categories {
		if tr.categories[i].Key == key {
			tr.categories[i].Value = v
			return
		}
	}
	tr.categories = append(tr.categories, jsonField{key, v})
}

// prodigyAnswer checks a task's answer; "" is a task nobody answered.
func prodigyAnswer(answer string) (annot.Answer, error) {
	a := annot.Answer(answer)
	if !a.Valid() {
		return "", annot.Errorf(annot.Invalid, `"answer" is %q, expected "accept", "reject" or "ignore"`, answer)
	}
	return a, nil
}

// prodigyAnnotator names who answered the task. Prodigy sets
// _annotator_id in multi-user sessions and _session_id in named ones;
// both name a person better than the importing user does.
func prodigyAnnotator(t *prodigyTask, fallback string) string {
	switch {
	case t.AnnotatorID != "":
		return t.AnnotatorID
	case t.SessionID != "":
		return t.SessionID
	}
	return fallback
}

// readProdigySpan adds span i of t. Its start and end win over its token
// indices, which are checked against them and reported when they differ:
// training uses the character offsets.
func readProdigySpan(b *builder, t *prodigyTask, i int, who string, warn func(string, ...any)) (*annot.Span, error) {
	sp := &t.Spans[i]
	tokStart, tokEnd, tokOK := prodigyTokenRange(t.Tokens, sp)
	var start, end *int
	if sp.Start != nil && sp.End != nil {
		s, e := int(*sp.Start), int(*sp.End)
		start, end = &s, &e
	}
	if start == nil || end == nil {
		if !tokOK {
			return nil, annot.Errorf(annot.Invalid, `needs "start" and "end"`)
		}
		start, end = &tokStart, &tokEnd
	} else if tokOK && (tokStart != *start || tokEnd != *end) {
		warn("span %d: its tokens %d-%d cover characters %d-%d, but its start and end say %d-%d; using start and end",
			i+1, *sp.TokenStart, *sp.TokenEnd, tokStart, tokEnd, *start, *end)
	} else if sp.TokenStart != nil && sp.TokenEnd != nil && len(t.Tokens) > 0 && !tokOK {
		warn("span %d: token_start %d and token_end %d do not name tokens of the task; using start and end",
			i+1, *sp.TokenStart, *sp.TokenEnd)
	}
	if sp.Label == "" {
		return nil, annot.Errorf(annot.Invalid, `%d-%d has no "label"`, *start, *end)
	}
	s, err := b.addSpan("", *start, *end, codePoints, sp.Label, who)
	if err != nil {
		return nil, err
	}
	if sp.Text != nil && !b.norm.Changed() {
		if got := b.spanText(s); got != *sp.Text {
			return nil, annot.Errorf(annot.Invalid, "its text %q is not the task's text %q at %d-%d", *sp.Text, got, *start, *end)
		}
	}
	return s, nil
}

// prodigyTokenRange turns a span's inclusive token indices into character
// offsets, reporting false when the span or the task has no usable tokens.
func prodigyTokenRange(toks []prodigyToken, sp *prodigySpan) (start, end int, ok bool) {
	if sp.TokenStart == nil || sp.TokenEnd == nil {
		return 0, 0, false
	}
	ts, te := *sp.TokenStart, *sp.TokenEnd
	if ts < 0 || te < ts || te >= len(toks) || toks[ts].Start == nil || toks[te].End == nil {
		return 0, 0, false
	}
	return *toks[ts].Start, *toks[te].End, true
}

// prodigyHashValue reads a Prodigy hash: a 32-bit signed integer.
func prodigyHashValue(raw json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 32)
	return n, err == nil
}
