package formats

import (
	"bufio"
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
)

// doccanoWriter writes one record per document: "label" triples; or, for
// a document with relations, "entities" objects and "relations"; or, for
// a document with categories, "entities" triples and "cats", doccano's
// intent-and-slot form. A span that several annotators made alike is
// written once: doccano's JSONL names no annotator, so the copies would
// be the same span twice. What doccano's JSONL has no place for (notes,
// annotators, verdicts, answers, states) is counted in Losses.
type doccanoWriter struct {
	w      *bufio.Writer
	buf    []byte
	losses lossCounter
}

// Losses reports what doccano's JSONL cannot hold (see Lossy).
func (dw *doccanoWriter) Losses() []error { return dw.losses.errors("doccano") }

func (dw *doccanoWriter) WriteDoc(d *Doc) error {
	dw.losses.unheld(d, holdsRelations|holdsMeta)
	spans, alias := foldSame(d.Spans, len(d.Relations) > 0)
	var cats []string
	if len(d.Doc.Meta) > 2 {
		cats = metaCategoryList(d.Doc.Meta)
	}
	b := dw.buf[:0]
	b = append(b, '{')
	b = appendKey(b, false, "text")
	b = appendString(b, d.Doc.Text)
	switch {
	case len(d.Relations) > 0:
		b = appendDoccanoEntities(b, d, spans, alias)
	case len(cats) > 0:
		b = appendKey(b, true, "entities")
		b = appendDoccanoTriples(b, spans)
	default:
		b = appendKey(b, true, "label")
		b = appendDoccanoTriples(b, spans)
	}
	if len(cats) > 0 {
		b = appendKey(b, true, "cats")
		b = append(b, '[')
		for i, c := range cats {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c)
		}
		b = append(b, ']')
	}
	meta := d.Doc.Meta
	if len(cats) > 0 {
		meta = withoutField(meta, metaCategories)
	}
	if len(meta) > 0 {
		b = appendKey(b, true, "meta")
		b = appendMeta(b, meta)
	}
	b = append(b, '}', '\n')
	dw.buf = b
	_, err := dw.w.Write(b)
	return err
}

func (dw *doccanoWriter) Close() error { return dw.w.Flush() }

// foldSame keeps one span of each start, end and label (spans come
// sorted, so copies are neighbours) and, when withAlias (relations need
// it), maps every span id to the id of the one kept. Without copies it
// returns spans as they are, which most documents are.
func foldSame(spans []annot.Span, withAlias bool) ([]annot.Span, map[string]string) {
	out := spans
	for i := 1; i < len(spans); i++ {
		if sameSpan(&spans[i-1], &spans[i]) {
			out = make([]annot.Span, 0, len(spans))
			break
		}
	}
	var alias map[string]string
	if withAlias {
		alias = make(map[string]string, len(spans))
	}
	if len(out) == len(spans) && !withAlias {
		return spans, nil
	}
	copying := len(out) == 0 && len(spans) > 0
	kept := ""
	for i := range spans {
		s := &spans[i]
		if i > 0 && sameSpan(&spans[i-1], s) {
			if alias != nil {
				alias[s.ID] = kept
			}
			continue
		}
		kept = s.ID
		if alias != nil {
			alias[s.ID] = s.ID
		}
		if copying {
			out = append(out, *s)
		}
	}
	return out, alias
}

func sameSpan(a, b *annot.Span) bool {
	return a.Start == b.Start && a.End == b.End && a.Label == b.Label
}

func appendDoccanoTriples(b []byte, spans []annot.Span) []byte {
	b = append(b, '[')
	for i := range spans {
		s := &spans[i]
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
	return append(b, ']')
}

// appendDoccanoEntities writes the relation-extraction form; relations
// that fold onto the same pair and type are written once.
func appendDoccanoEntities(b []byte, d *Doc, spans []annot.Span, alias map[string]string) []byte {
	num := make(map[string]int, len(spans))
	b = appendKey(b, true, "entities")
	b = append(b, '[')
	for i := range spans {
		s := &spans[i]
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
	seen := map[[3]string]bool{}
	n := 0
	for i := range d.Relations {
		r := &d.Relations[i]
		from, to := alias[r.From], alias[r.To]
		k := [3]string{from, to, r.Type}
		if seen[k] {
			continue
		}
		seen[k] = true
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendInt(b, n)
		b = appendKey(b, true, "from_id")
		b = appendInt(b, num[from])
		b = appendKey(b, true, "to_id")
		b = appendInt(b, num[to])
		b = appendKey(b, true, "type")
		b = appendString(b, r.Type)
		b = append(b, '}')
		n++
	}
	return append(b, ']')
}

// withoutField is a meta object without one member, nil when nothing is
// left.
func withoutField(meta json.RawMessage, key string) json.RawMessage {
	fields, err := objectFields(meta)
	if err != nil || !hasField(fields, key) {
		return meta
	}
	kept := fields[:0]
	for _, f := range fields {
		if f.Key != key {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return appendFields(nil, kept)
}
