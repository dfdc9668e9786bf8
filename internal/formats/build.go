package formats

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// builder turns one document as a file gives it (raw text, spans counted
// in the file's own units) into an annot.Record on the stored text. Every
// reader goes through it, so the BOM, CRLF and UTF-16 rules live in one
// place.
type builder struct {
	rec  *annot.Record
	raw  string // the text as the file gives it
	norm *text.Normalized
	orig *text.Index // the text as the file gives it, for UTF-16 offsets
	n    int         // stored length in code points
	stor *text.Index // the stored text, built when a span's text is checked
}

// newBuilder starts a record for rawText, found at line of file name.
func newBuilder(name string, line int, rawText string) *builder {
	norm := text.NormalizeString(rawText)
	b := &builder{raw: rawText, norm: norm, rec: &annot.Record{Line: line}}
	b.rec.Doc.Text = norm.Text
	b.rec.Doc.Source = filepath.Base(name)
	b.n = utf8.RuneCountInString(norm.Text)
	b.rec.Doc.Length = b.n
	return b
}

// units says how a format counts offsets.
type units int

const (
	codePoints units = iota // Python, spaCy, doccano, Prodigy, brat
	utf16                   // browsers: Label Studio, INCEpTION
)

// mapSpan moves [start, end) counted in u over the file's text onto the
// stored text, and checks it lies inside it.
func (b *builder) mapSpan(start, end int, u units) (int, int, error) {
	if u == utf16 {
		if start > end {
			return 0, 0, annot.CheckSpan(start, end, b.n)
		}
		var err error
		if start, err = b.rawIndex().FromUTF16(start); err != nil {
			return 0, 0, fromText(err)
		}
		if end, err = b.rawIndex().FromUTF16(end); err != nil {
			return 0, 0, fromText(err)
		}
	}
	if err := annot.CheckSpan(start, end, b.n+b.norm.Removed()); err != nil {
		return 0, 0, err
	}
	s, e, err := b.norm.MapSpan(start, end)
	if err != nil {
		return 0, 0, fromText(err)
	}
	if s == e {
		return 0, 0, annot.Errorf(annot.Invalid, "span %d-%d covers only a byte-order mark or CR", start, end)
	}
	return s, e, nil
}

// rawIndex indexes the text as the file gives it, for formats that count
// in UTF-16 or check a span's text against the original.
func (b *builder) rawIndex() *text.Index {
	if b.orig == nil {
		b.orig = text.NewIndex(b.raw)
	}
	return b.orig
}

// addSpan maps and appends a span. id may be "" when the format has none;
// a fresh one is made so relations and verdicts can refer to it.
func (b *builder) addSpan(id string, start, end int, u units, label, annotator string) (*annot.Span, error) {
	s, e, err := b.mapSpan(start, end, u)
	if err != nil {
		return nil, err
	}
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, annot.Errorf(annot.Invalid, "span %d-%d has no label", start, end)
	}
	if id == "" {
		id = annot.NewID()
	}
	b.rec.Spans = append(b.rec.Spans, annot.Span{ID: id, Start: s, End: e, Label: label, Annotator: annotator, Status: annot.Pending})
	return &b.rec.Spans[len(b.rec.Spans)-1], nil
}

// spanText returns the stored text of a span, for checking a text that
// the file claims for it.
func (b *builder) spanText(s *annot.Span) string {
	if b.stor == nil {
		b.stor = text.NewIndex(b.rec.Doc.Text)
	}
	return b.stor.Slice(s.Start, s.End)
}

// addRelation appends a relation between two spans of this record.
func (b *builder) addRelation(from, to, typ, annotator string) {
	b.rec.Relations = append(b.rec.Relations, annot.Relation{
		ID: annot.NewID(), From: from, To: to, Type: typ, Annotator: annotator})
}

// addVerdict records a review decision on a span of this record.
func (b *builder) addVerdict(spanID string, d annot.Status, reviewer, comment string) {
	b.rec.Verdicts = append(b.rec.Verdicts, annot.Verdict{
		ID: annot.NewID(), SpanID: spanID, Decision: d, Reviewer: reviewer, Comment: comment})
}

// finish checks the record and fills what the file left out.
func (b *builder) finish(title string, meta json.RawMessage) (*annot.Record, error) {
	if title == "" {
		title = TitleFromText(b.rec.Doc.Text)
	}
	if title == "" {
		title = b.rec.Doc.Source
	}
	b.rec.Doc.Title = title
	b.rec.Doc.Meta = meta
	// The same rules as for a text file, whatever format the text came
	// in: a NUL (a raw byte, or \u0000 in JSON) is binary, not text, and
	// a text with nothing to read is no document.
	if i := strings.IndexByte(b.rec.Doc.Text, 0); i >= 0 {
		return nil, annot.Errorf(annot.Invalid, "the text holds a NUL character (\\u0000) at character %d: this is binary data, not text", utf8.RuneCountInString(b.rec.Doc.Text[:i]))
	}
	if blank(b.rec.Doc.Text) {
		return nil, annot.Errorf(annot.Invalid, "the text is empty: no document to annotate")
	}
	if err := b.rec.Check(b.n); err != nil {
		return nil, err
	}
	return b.rec, nil
}

// TitleFromText makes a title for a document that came without one: its
// first non-empty line, cut at a word near 80 characters.
func TitleFromText(s string) string {
	s = strings.TrimLeft(s, " \t\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return cutAtWord(strings.TrimSpace(s), 80)
}

func cutAtWord(s string, max int) string {
	// Walk at most max code points: a title is cut from the first line of
	// what may be a long paragraph, for every document of an import.
	n, cut := 0, len(s)
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return s
	}
	head := s[:cut]
	if i := strings.LastIndexAny(head, " \t"); i > len(head)/2 {
		head = head[:i]
	}
	return strings.TrimSpace(head) + "…"
}
