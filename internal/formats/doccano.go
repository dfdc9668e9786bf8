package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
)

// doccano writes sequence labelling as JSONL with "label" (or "labels") a
// list of [start, end, "LABEL"] triples or of {start_offset, end_offset,
// label} objects, and relation extraction as "entities" with numeric ids
// plus "relations" that join them by from_id and to_id. Offsets are code
// points (doccano is Python). Extra keys, doccano's "meta" among them, are
// kept as the document's meta.

type doccanoDoc struct {
	Text      *string           `json:"text"`
	Label     json.RawMessage   `json:"label"`
	Labels    json.RawMessage   `json:"labels"`
	Entities  []doccanoEntity   `json:"entities"`
	Relations []doccanoRelation `json:"relations"`
	Meta      json.RawMessage   `json:"meta"`
}

type doccanoEntity struct {
	ID          json.RawMessage `json:"id"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	Label       string          `json:"label"`
}

type doccanoRelation struct {
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

// ReadDoccano reads doccano JSONL (or a .json array or single object).
func ReadDoccano(name string, data []byte, opt Options, sink *Sink) error {
	return eachObject(name, data, func(line int, obj []byte) error {
		var d doccanoDoc
		if err := decodeObject(obj, &d); err != nil {
			return err
		}
		if d.Text == nil {
			return annot.Errorf(annot.Invalid, `no "text": every doccano record needs the document's text`)
		}
		b := newBuilder(name, line, *d.Text)
		labels := d.Label
		if len(labels) == 0 || firstByte(labels) == 'n' {
			labels = d.Labels
		}
		if err := readDoccanoLabels(b, labels, opt.Annotator); err != nil {
			return err
		}
		if err := readDoccanoEntities(b, d.Entities, d.Relations, opt.Annotator); err != nil {
			return err
		}
		rec, err := b.finish(metaTitle(d.Meta), compactMeta(d.Meta))
		if err != nil {
			return err
		}
		return sink.Record(rec)
	})
}

// readDoccanoLabels reads a "label" list in either of its forms.
func readDoccanoLabels(b *builder, raw json.RawMessage, annotator string) error {
	if len(raw) == 0 || firstByte(raw) == 'n' {
		return nil
	}
	var items []json.RawMessage
	if firstByte(raw) != '[' || json.Unmarshal(raw, &items) != nil {
		return annot.Errorf(annot.Invalid, `"label" is %s, expected a list of [start, end, "LABEL"] triples`, describe(raw))
	}
	for i, it := range items {
		start, end, label, err := doccanoSpan(it)
		if err != nil {
			return annot.Errorf(annot.Invalid, `"label" item %d: %v`, i+1, err)
		}
		if _, err := b.addSpan("", start, end, codePoints, label, annotator); err != nil {
			return annot.Errorf(annot.Invalid, `"label" item %d: %v`, i+1, err)
		}
	}
	return nil
}

// doccanoSpan parses one label item: [start, end, "LABEL"] or
// {"start_offset":…, "end_offset":…, "label":…}.
func doccanoSpan(it json.RawMessage) (start, end int, label string, err error) {
	switch firstByte(it) {
	case '[':
		var parts []json.RawMessage
		if err := json.Unmarshal(it, &parts); err != nil || len(parts) != 3 {
			return 0, 0, "", annot.Errorf(annot.Invalid, "expected [start, end, \"LABEL\"], found %s", clip(it))
		}
		if start, err = jsonInt(parts[0]); err != nil {
			return 0, 0, "", err
		}
		if end, err = jsonInt(parts[1]); err != nil {
			return 0, 0, "", err
		}
		if err := json.Unmarshal(parts[2], &label); err != nil {
			return 0, 0, "", annot.Errorf(annot.Invalid, "the label is %s, expected a string", describe(parts[2]))
		}
		return start, end, label, nil
	case '{':
		var e doccanoEntity
		if err := json.Unmarshal(it, &e); err != nil {
			return 0, 0, "", jsonError(err)
		}
		if e.StartOffset == nil || e.EndOffset == nil {
			return 0, 0, "", annot.Errorf(annot.Invalid, "expected start_offset and end_offset in %s", clip(it))
		}
		return *e.StartOffset, *e.EndOffset, e.Label, nil
	case '"':
		return 0, 0, "", annot.Errorf(annot.Invalid, "%s is a document category, not a span; Spanmark imports span labels", clip(it))
	}
	return 0, 0, "", annot.Errorf(annot.Invalid, "unknown label form: %s", describe(it))
}

// jsonInt reads a JSON integer, refusing fractions and strings.
func jsonInt(raw json.RawMessage) (int, error) {
	n, err := strconv.Atoi(string(bytes.TrimSpace(raw)))
	if err != nil {
		return 0, annot.Errorf(annot.Invalid, "offset %s is not a whole number", clip(raw))
	}
	return n, nil
}

// readDoccanoEntities reads the relation-extraction form.
func readDoccanoEntities(b *builder, ents []doccanoEntity, rels []doccanoRelation, annotator string) error {
	ids := make(map[string]string, len(ents)) // doccano id -> span id
	for i, e := range ents {
		if e.StartOffset == nil || e.EndOffset == nil {
			return annot.Errorf(annot.Invalid, "entity %d has no start_offset or end_offset", i+1)
		}
		s, err := b.addSpan("", *e.StartOffset, *e.EndOffset, codePoints, e.Label, annotator)
		if err != nil {
			return annot.Errorf(annot.Invalid, "entity %d: %v", i+1, err)
		}
		if len(e.ID) > 0 {
			key := string(bytes.TrimSpace(e.ID))
			if _, dup := ids[key]; dup {
				return annot.Errorf(annot.Invalid, "entity id %s is used twice", key)
			}
			ids[key] = s.ID
		}
	}
	for i, r := range rels {
		from, ok1 := ids[string(bytes.TrimSpace(r.FromID))]
		to, ok2 := ids[string(bytes.TrimSpace(r.ToID))]
		if !ok1 || !ok2 {
			return annot.Errorf(annot.Invalid, "relation %d joins entities %s and %s, which are not both in \"entities\"", i+1, clip(r.FromID), clip(r.ToID))
		}
		if r.Type == "" {
			return annot.Errorf(annot.Invalid, "relation %d has no type", i+1)
		}
		b.addRelation(from, to, r.Type, annotator)
	}
	return nil
}

// metaTitle takes a title from a meta object, if it has one.
func metaTitle(meta json.RawMessage) string {
	if firstByte(meta) != '{' {
		return ""
	}
	var m struct {
		Title string `json:"title"`
	}
	_ = json.Unmarshal(meta, &m)
	return m.Title
}

// compactMeta keeps a meta object on one line, or drops what is not one.
func compactMeta(meta json.RawMessage) json.RawMessage {
	if firstByte(meta) != '{' {
		return nil
	}
	var buf bytes.Buffer
	if json.Compact(&buf, meta) != nil {
		return nil
	}
	if buf.Len() == 2 {
		return nil
	}
	return buf.Bytes()
}

// doccanoWriter writes label triples, or the entities/relations form for
// a document that has relations, which triples cannot carry.
type doccanoWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (dw *doccanoWriter) WriteDoc(d *Doc) error {
	b := dw.buf[:0]
	b = append(b, '{')
	b = appendKey(b, false, "text")
	b = appendString(b, d.Doc.Text)
	if len(d.Relations) == 0 {
		b = appendKey(b, true, "label")
		b = append(b, '[')
		for i := range d.Spans {
			s := &d.Spans[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = appendInt(b, s.Start)
			b = append(b, ',')
			b = appendInt(b, s.End)
			b = append(b, ',')
			b = appendString(b, s.Label)
			b = append(b, ']')
		}
		b = append(b, ']')
	} else {
		num := make(map[string]int, len(d.Spans))
		b = appendKey(b, true, "entities")
		b = append(b, '[')
		for i := range d.Spans {
			s := &d.Spans[i]
			num[s.ID] = i
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendInt(b, i)
			b = appendKey(b, true, "label")
			b = appendString(b, s.Label)
			b = appendKey(b, true, "start_offset")
			b = appendInt(b, s.Start)
			b = appendKey(b, true, "end_offset")
			b = appendInt(b, s.End)
			b = append(b, '}')
		}
		b = append(b, ']')
		b = appendKey(b, true, "relations")
		b = append(b, '[')
		for i := range d.Relations {
			r := &d.Relations[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendInt(b, i)
			b = appendKey(b, true, "from_id")
			b = appendInt(b, num[r.From])
			b = appendKey(b, true, "to_id")
			b = appendInt(b, num[r.To])
			b = appendKey(b, true, "type")
			b = appendString(b, r.Type)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(d.Doc.Meta) > 0 {
		b = appendKey(b, true, "meta")
		b = appendMeta(b, d.Doc.Meta)
	}
	b = append(b, '}', '\n')
	dw.buf = b
	_, err := dw.w.Write(b)
	return err
}

func (dw *doccanoWriter) Close() error { return dw.w.Flush() }
