package formats

import (
	"strings"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// ReadCoNLL reads CoNLL-style token-per-line files: one token a line,
// columns split by tabs (or, in a line without a tab, by spaces), the
// token in the first column and its tag in the last; blank lines end
// sentences. The tags may be BIO (IOB2), IOB1, IOBES or BILOU: a span
// starts at B-, S- or U-, or at I- after a tag of another type; it goes on
// over I-, E- and L- of its type and ends after E-, L-, S- or U-, or
// before O or another type.
//
// Documents: a file with -DOCSTART- lines (CoNLL-2003) is one document
// per -DOCSTART-, its sentences on lines of their own; a file without is
// one document per sentence, as doccano imports CoNLL. The text is the
// tokens joined by single spaces, since the file does not say what stood
// between them.
func ReadCoNLL(name string, data []byte, opt Options, sink *Sink) error {
	if err := fromText(text.CheckUTF8(data)); err != nil {
		return annot.At(name, lineOf(err), stripLine(err))
	}
	s := string(data)
	s = strings.TrimPrefix(s, "\uFEFF")
	lines := strings.Split(s, "\n")
	docstart := false
	for _, l := range lines {
		if isDocstart(l) {
			docstart = true
			break
		}
	}
	cr := &conllReader{name: name, opt: opt, sink: sink}
	for i, raw := range lines {
		n := i + 1
		l := strings.TrimRight(raw, "\r")
		switch {
		case isDocstart(l):
			if err := cr.flush(); err != nil {
				return err
			}
		case strings.TrimSpace(l) == "":
			cr.endSentence()
			if !docstart {
				if err := cr.flush(); err != nil {
					return err
				}
			}
		default:
			if err := cr.token(n, l); err != nil {
				return annot.At(name, n, err)
			}
		}
	}
	if err := cr.flush(); err != nil {
		return err
	}
	if cr.docs == 0 {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "no tokens: a CoNLL file has one token and its tag a line"))
	}
	return nil
}

func isDocstart(l string) bool {
	f := strings.Fields(l)
	return len(f) > 0 && f[0] == "-DOCSTART-"
}

// conllReader gathers one document's tokens and spans.
type conllReader struct {
	name  string
	opt   Options
	sink  *Sink
	docs  int
	line  int // where the document starts
	b     strings.Builder
	n     int // code points written
	sent  bool
	spans []conllSpan
	open  int    // index of the open span, -1 for none
	typ   string // its type
}

type conllSpan struct {
	start, end int
	label      string
}

func (cr *conllReader) token(n int, l string) error {
	var cols []string
	if strings.Contains(l, "\t") {
		cols = strings.Split(l, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
	} else {
		cols = strings.Fields(l)
	}
	if len(cols) < 2 || cols[0] == "" {
		return annot.Errorf(annot.Invalid, "expected a token and its tag, found %q", clipString(l))
	}
	tok, tag := cols[0], cols[len(cols)-1]
	prefix, typ, ok := conllTag(tag)
	if !ok {
		return annot.Errorf(annot.Invalid, "tag %q is not O or B-, I-, E-, S-, L- or U- and a type", clipString(tag))
	}
	if cr.line == 0 {
		cr.line = n
		cr.open = -1
	}
	if cr.n > 0 {
		sep := " "
		if cr.sent {
			sep = "\n"
		}
		cr.b.WriteString(sep)
		cr.n++
	}
	cr.sent = false
	start := cr.n
	cr.b.WriteString(tok)
	cr.n += utf8.RuneCountInString(tok)
	switch {
	case prefix == 'O':
		cr.open = -1
	case cr.open >= 0 && typ == cr.typ && (prefix == 'I' || prefix == 'E' || prefix == 'L'):
		cr.spans[cr.open].end = cr.n
	default:
		cr.spans = append(cr.spans, conllSpan{start, cr.n, typ})
		cr.open, cr.typ = len(cr.spans)-1, typ
	}
	if prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U' {
		cr.open = -1
	}
	return nil
}

// conllTag splits a tag into its prefix and type; O has no type.
func conllTag(tag string) (byte, string, bool) {
	if tag == "O" {
		return 'O', "", true
	}
	if len(tag) < 3 || (tag[1] != '-' && tag[1] != '_') {
		return 0, "", false
	}
	switch tag[0] {
	case 'B', 'I', 'E', 'S', 'L', 'U':
		return tag[0], tag[2:], true
	}
	return 0, "", false
}

// endSentence marks a sentence boundary: spans do not cross it.
func (cr *conllReader) endSentence() {
	if cr.n > 0 {
		cr.sent = true
	}
	cr.open = -1
}

func (cr *conllReader) flush() error {
	defer func() {
		cr.b.Reset()
		cr.n, cr.line, cr.sent, cr.spans, cr.open = 0, 0, false, nil, -1
	}()
	if cr.n == 0 {
		return nil
	}
	cr.docs++
	b := newBuilder(cr.name, cr.line, cr.b.String())
	for _, s := range cr.spans {
		if _, err := b.addSpan("", s.start, s.end, codePoints, s.label, cr.opt.Annotator); err != nil {
			return annot.At(cr.name, cr.line, err)
		}
	}
	rec, err := b.finish("", nil)
	if err != nil {
		return annot.At(cr.name, cr.line, err)
	}
	return cr.sink.Record(rec)
}
