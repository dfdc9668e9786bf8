package formats

import (
	"bufio"
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Native JSONL is one document a line with everything Spanmark knows about
// it: spans with their ids, annotators, review status and notes, and the
// relations between them. A span's "text" is doc.text[start:end] by code
// points, written for people and checked on import. Two optional keys go
// beyond the design's example: a span's "reviewer" (who gave its status)
// and a document's "states" (annotator name to new, in progress, done or
// reviewed), so that a native export imported elsewhere loses nothing.

type nativeDoc struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Source    string            `json:"source"`
	Text      *string           `json:"text"`
	Meta      json.RawMessage   `json:"meta"`
	Spans     []nativeSpan      `json:"spans"`
	Relations []nativeRelation  `json:"relations"`
	States    map[string]string `json:"states"`
	Answers   map[string]string `json:"answers"`
	// Suggestions, with the decisions on them, and the links between
	// them (see native_suggest.go).
	Suggestions    []nativeSuggestion    `json:"suggestions"`
	SuggestedLinks []nativeSuggestedLink `json:"suggested_links"`
}

type nativeSpan struct {
	ID        string  `json:"id"`
	Start     *whole  `json:"start"`
	End       *whole  `json:"end"`
	Text      *string `json:"text"`
	Label     string  `json:"label"`
	Annotator string  `json:"annotator"`
	Status    string  `json:"status"`
	Reviewer  string  `json:"reviewer"`
	Note      string  `json:"note"`
	Answer    string  `json:"answer"`
	Origin    string  `json:"origin"`
	Changed   bool    `json:"changed"`
	// A reviewer's own span (a correction or an addition), and the span
	// a correction replaces (see native_review.go).
	Curation bool   `json:"curation"`
	Corrects string `json:"corrects"`
	// Written with --history only (see native_history.go).
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	DeletedAt string `json:"deleted_at"`
}

type nativeRelation struct {
	ID        string `json:"id"`
	From      string `json:"from"`
	To        string `json:"to"`
	Type      string `json:"type"`
	Annotator string `json:"annotator"`
	// Written with --history only.
	CreatedAt string `json:"created_at"`
	DeletedAt string `json:"deleted_at"`
}

// ReadNative reads Spanmark's own JSONL.
func ReadNative(name string, data []byte, opt Options, sink *Sink) error {
	return eachObject(name, data, func(line int, obj []byte) error {
		var d nativeDoc
		if err := decodeObject(obj, &d); err != nil {
			return err
		}
		if d.Text == nil {
			return annot.Errorf(annot.Invalid, `no "text"`)
		}
		b := newBuilder(name, line, *d.Text)
		b.rec.Doc.ID = d.ID
		if d.Source != "" {
			b.rec.Doc.Source = d.Source
		}
		for i, ns := range d.Spans {
			if err := readNativeSpan(b, ns, opt.Annotator); err != nil {
				return annot.Errorf(annot.Invalid, "span %d: %v", i+1, err)
			}
		}
		for i, r := range d.Relations {
			if r.Type == "" || r.From == "" || r.To == "" {
				return annot.Errorf(annot.Invalid, `relation %d needs "from", "to" and "type"`, i+1)
			}
			who := r.Annotator
			if who == "" {
				who = opt.Annotator
			}
			id := r.ID
			if id == "" {
				id = annot.NewID()
			}
			b.rec.Relations = append(b.rec.Relations, annot.Relation{ID: id, From: r.From, To: r.To, Type: r.Type, Annotator: who})
		}
		for who, st := range d.States {
			if !annot.DocState(st).Valid() {
				return annot.Errorf(annot.Invalid, "state %q of %s is not new, in progress, done or reviewed", st, who)
			}
			if b.rec.States == nil {
				b.rec.States = map[string]annot.DocState{}
			}
			b.rec.States[who] = annot.DocState(st)
		}
		if err := readNativeAnswers(b.rec, d.Answers); err != nil {
			return err
		}
		if err := readNativeSuggestions(b, d.Suggestions, d.SuggestedLinks); err != nil {
			return err
		}
		rec, err := b.finish(d.Title, compactMeta(d.Meta))
		if err != nil {
			return err
		}
		return sink.Record(rec)
	})
}

func readNativeSpan(b *builder, ns nativeSpan, annotator string) error {
	if ns.Start == nil || ns.End == nil {
		return annot.Errorf(annot.Invalid, `needs "start" and "end"`)
	}
	if ns.Annotator != "" {
		annotator = ns.Annotator
	}
	s, err := b.addSpan(ns.ID, int(*ns.Start), int(*ns.End), codePoints, ns.Label, annotator)
	if err != nil {
		return err
	}
	s.Note = ns.Note
	if err := readSpanMarks(s, ns); err != nil {
		return err
	}
	if ns.Text != nil {
		if got := b.spanText(s); got != *ns.Text && !b.norm.Changed() {
			return annot.Errorf(annot.Invalid, "its text %q is not the document's text %q at %d-%d", *ns.Text, got, int(*ns.Start), int(*ns.End))
		}
	}
	switch st := annot.Status(ns.Status); st {
	case "", annot.Pending:
	case annot.Accepted, annot.Rejected:
		reviewer := ns.Reviewer
		if reviewer == "" {
			reviewer = annotator
		}
		b.addVerdict(s.ID, st, reviewer, "")
		s.Status = st
	default:
		return annot.Errorf(annot.Invalid, "status %q is not pending, accepted or rejected", ns.Status)
	}
	return nil
}

type nativeWriter struct {
	w      *bufio.Writer
	buf    []byte
	losses lossCounter
}

// Losses counts decisions on suggestions left out with their spans (see
// appendNativeSuggestions).
func (nw *nativeWriter) Losses() []error { return nw.losses.errors("this native export") }

func (nw *nativeWriter) WriteDoc(d *Doc) error {
	b := appendNativeHead(nw.buf[:0], d.Doc)
	b = appendKey(b, true, "spans")
	b = append(b, '[')
	idx := text.NewIndex(d.Doc.Text)
	for i := range d.Spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendNativeSpan(b, idx, &d.Spans[i]), '}')
	}
	b = append(b, ']')
	b = appendKey(b, true, "relations")
	b = append(b, '[')
	for i := range d.Relations {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendNativeRelation(b, &d.Relations[i]), '}')
	}
	b = append(b, ']')
	b = appendNativeStates(b, d.States)
	b = appendNativeAnswers(b, d.Answers)
	b = appendNativeSuggestions(b, d, idx, &nw.losses)
	b = append(b, '}', '\n')
	nw.buf = b
	_, err := nw.w.Write(b)
	return err
}

func (nw *nativeWriter) Close() error { return nw.w.Flush() }

// appendNativeHead opens a document's line with its own fields.
func appendNativeHead(b []byte, d *annot.Document) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, d.ID)
	b = appendKey(b, true, "title")
	b = appendString(b, d.Title)
	b = appendKey(b, true, "source")
	b = appendString(b, d.Source)
	b = appendKey(b, true, "text")
	b = appendString(b, d.Text)
	b = appendKey(b, true, "meta")
	return appendMeta(b, d.Meta)
}

// appendOffsets appends a span's "start", "end", "text" and "label"
// members, after a first member: the part every span-like object the
// writers make shares, its text always the stored text's slice.
func appendOffsets(b []byte, idx *text.Index, start, end int, label string) []byte {
	b = appendKey(b, true, "start")
	b = appendInt(b, start)
	b = appendKey(b, true, "end")
	b = appendInt(b, end)
	b = appendKey(b, true, "text")
	b = appendString(b, idx.Slice(start, end))
	b = appendKey(b, true, "label")
	return appendString(b, label)
}

// appendNativeSpan appends a span object without its closing brace, so
// that a history line can add its times.
func appendNativeSpan(b []byte, idx *text.Index, s *annot.Span) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, s.ID)
	b = appendOffsets(b, idx, s.Start, s.End, s.Label)
	b = appendKey(b, true, "annotator")
	b = appendString(b, s.Annotator)
	b = appendKey(b, true, "status")
	st := s.Status
	if st == "" {
		st = annot.Pending
	}
	b = appendString(b, string(st))
	if s.Reviewer != "" && st != annot.Pending {
		b = appendKey(b, true, "reviewer")
		b = appendString(b, s.Reviewer)
	}
	b = appendKey(b, true, "note")
	b = appendString(b, s.Note)
	if s.Answer != "" {
		b = appendKey(b, true, "answer")
		b = appendString(b, string(s.Answer))
	}
	return appendNativeSpanCuration(appendNativeSpanOrigin(b, s), s)
}

// appendNativeRelation appends a relation object without its closing
// brace.
func appendNativeRelation(b []byte, r *annot.Relation) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, r.ID)
	b = appendKey(b, true, "from")
	b = appendString(b, r.From)
	b = appendKey(b, true, "to")
	b = appendString(b, r.To)
	b = appendKey(b, true, "type")
	b = appendString(b, r.Type)
	b = appendKey(b, true, "annotator")
	return appendString(b, r.Annotator)
}

func appendNativeStates(b []byte, states map[string]annot.DocState) []byte {
	if len(states) == 0 {
		return b
	}
	b = appendKey(b, true, "states")
	b = append(b, '{')
	for i, who := range sortedKeys(states) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, who)
		b = append(b, ':')
		b = appendString(b, string(states[who]))
	}
	return append(b, '}')
}
