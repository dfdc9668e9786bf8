package formats

import (
	"bytes"
	"encoding/json"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
)

// Prodigy keeps one task a line: "text", optional "tokens" ({text, start,
// end, id, ws}), "spans" ({start, end, label}, with token_start and
// token_end inclusive when the task has tokens), the reviewer's "answer"
// (accept, reject or ignore), who gave it in "_annotator_id", and two
// hashes: "_input_hash" names the input text, "_task_hash" the question
// asked about it. Offsets are code points: Prodigy is Python.
//
// Prodigy's answer judges a whole task, Spanmark's verdicts judge spans.
// An accepted task gives each of its spans an accepted verdict; a rejected
// or ignored one keeps its spans but rejects them, so that they stay out
// of the gold set without being lost, and keeps the answer in the
// document's meta ("prodigy_answer"). A task without an answer is input
// that nobody has judged yet: its spans stay pending.
//
// The original "_input_hash" is kept in the meta too ("prodigy_input_hash")
// when the text comes through unchanged, so that an export sent back to
// Prodigy names the same input and Prodigy's own de-duplication (and its
// review recipe, which groups annotators' tasks by input) still works.

// Meta keys that carry what a Prodigy task says about itself rather than
// about its text. The writer takes them out of "meta" again.
const (
	metaProdigyAnswer    = "prodigy_answer"
	metaProdigyInputHash = "prodigy_input_hash"
)

// Prodigy's answers.
const (
	answerAccept = "accept"
	answerReject = "reject"
	answerIgnore = "ignore"
)

type prodigyTask struct {
	Text        *string         `json:"text"`
	Meta        json.RawMessage `json:"meta"`
	InputHash   json.RawMessage `json:"_input_hash"`
	Tokens      []prodigyToken  `json:"tokens"`
	Spans       []prodigySpan   `json:"spans"`
	Answer      string          `json:"answer"`
	AnnotatorID string          `json:"_annotator_id"`
	SessionID   string          `json:"_session_id"`
}

type prodigyToken struct {
	Start *int `json:"start"`
	End   *int `json:"end"`
}

type prodigySpan struct {
	Start      *int    `json:"start"`
	End        *int    `json:"end"`
	TokenStart *int    `json:"token_start"`
	TokenEnd   *int    `json:"token_end"`
	Label      string  `json:"label"`
	Text       *string `json:"text"`
}

// ReadProdigy reads Prodigy JSONL (or a .json array of tasks), as written
// by db-out or by any recipe's output.
func ReadProdigy(name string, data []byte, opt Options, sink *Sink) error {
	return eachObject(name, data, func(line int, obj []byte) error {
		var t prodigyTask
		if err := decodeObject(obj, &t); err != nil {
			return err
		}
		if t.Text == nil {
			return annot.Errorf(annot.Invalid, `no "text": every Prodigy task needs the text it asks about`)
		}
		verdict, err := prodigyVerdict(t.Answer)
		if err != nil {
			return err
		}
		who := prodigyAnnotator(&t, opt.Annotator)
		b := newBuilder(name, line, *t.Text)
		warn := func(format string, args ...any) { sink.warn(name, line, format, args...) }
		for i := range t.Spans {
			s, err := readProdigySpan(b, &t, i, who, warn)
			if err != nil {
				return annot.Errorf(annot.Invalid, "span %d: %v", i+1, err)
			}
			if verdict != "" {
				s.Status = verdict
				s.Reviewer = who
				b.addVerdict(s.ID, verdict, who, prodigyComment(t.Answer))
			}
		}
		if t.Answer != "" {
			b.rec.States = map[string]annot.DocState{who: annot.StateDone}
		}
		rec, err := b.finish(metaTitle(t.Meta), prodigyReadMeta(&t, b.norm.Changed()))
		if err != nil {
			return err
		}
		return sink.Record(rec)
	})
}

// prodigyVerdict says what a task's answer makes of its spans: "" for a
// task nobody has answered.
func prodigyVerdict(answer string) (annot.Status, error) {
	switch answer {
	case "":
		return "", nil
	case answerAccept:
		return annot.Accepted, nil
	case answerReject, answerIgnore:
		return annot.Rejected, nil
	}
	return "", annot.Errorf(annot.Invalid, `"answer" is %q, expected "accept", "reject" or "ignore"`, answer)
}

func prodigyComment(answer string) string {
	if answer == answerAccept {
		return ""
	}
	return "prodigy answer: " + answer
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
	start, end := sp.Start, sp.End
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

// prodigyReadMeta is the task's meta object plus what Spanmark keeps of
// the task itself: an answer other than accept, and the input hash when
// the text is stored exactly as Prodigy hashed it.
func prodigyReadMeta(t *prodigyTask, textChanged bool) json.RawMessage {
	var extra []jsonField
	if t.Answer != "" && t.Answer != answerAccept {
		extra = append(extra, jsonField{metaProdigyAnswer, appendString(nil, t.Answer)})
	}
	if h, ok := prodigyHashValue(t.InputHash); ok && !textChanged {
		extra = append(extra, jsonField{metaProdigyInputHash, strconv.AppendInt(nil, h, 10)})
	}
	return metaWith(compactMeta(t.Meta), extra)
}

// prodigyHashValue reads a Prodigy hash: a 32-bit signed integer.
func prodigyHashValue(raw json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 32)
	return n, err == nil
}
