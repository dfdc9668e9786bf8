package formats

import (
	"os"
	"path/filepath"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// brat keeps a document as two files with one base name: the text in .txt
// and its standoff annotations in .ann, one per line, "ID<TAB>fields" with
// an optional "<TAB>text". Offsets are code points into the .txt as it is
// on disk, a BOM or the CR of a CRLF counted like any other character.
//
// What Spanmark makes of each line:
//
//   - T (text-bound) becomes a span. Its text must equal the .txt at its
//     offsets, or the file is refused: a mismatch means the pair has come
//     apart, and guessing would shift every span. A discontinuous T
//     ("0 5;10 15") whose gaps hold only white space becomes one span from
//     the first start to the last end, since that is how Spanmark's own
//     export writes a span that crosses a line break. With words in a gap
//     it becomes one span per fragment, each noting which part it is, and
//     a warning says so: Spanmark spans are contiguous.
//   - R becomes a relation from Arg1 to Arg2. An equivalence ("*<TAB>Alias
//     T1 T2 T3") becomes relations from its first member to each other one.
//   - E (event), A and M (attribute), N (normalisation) and # (note) have
//     no Spanmark counterpart, so each is kept as a line of the note of the
//     span it points at: an event's trigger, an attribute's or note's
//     target (for a relation, its Arg1). A "# AnnotatorNotes" on a T is
//     that span's note as written; the others read like
//     `event E1 Merge-org: Org-Arg "YouTube", Org-Arg2 "Google"` or
//     `attribute Confidence=Low (on event E2 Merge-org)`, quoting the text
//     of the spans they name rather than their T ids, which mean nothing
//     in Spanmark and change on export.
//
// Anything else, and any line that names an annotation the file does not
// have, is refused as "file.ann:LINE: reason".

// ReadBrat reads one brat document from its text and annotation files and
// hands it to sink as one record. Spans belong to opt.Annotator, since brat
// records no annotator. The title is the text's first line, else the .txt
// file's name.
func ReadBrat(txtName string, txt []byte, annName string, ann []byte, opt Options, sink *Sink) error {
	if err := fromText(text.CheckUTF8(txt)); err != nil {
		return annot.At(txtName, lineOf(err), stripLine(err))
	}
	if err := fromText(text.CheckUTF8(ann)); err != nil {
		return annot.At(annName, lineOf(err), stripLine(err))
	}
	lines, err := splitBratLines(annName, string(ann))
	if err != nil {
		return err
	}
	r := newBratReader(txtName, string(txt), annName, opt.Annotator, sink)
	for _, pass := range []func([]bratLine) error{r.readTexts, r.readEvents, r.readRelations, r.readAttributes, r.readNotes} {
		if err := pass(lines); err != nil {
			return err
		}
	}
	r.applyNotes()
	rec, err := r.b.finish("", nil)
	if err != nil {
		return annot.At(annName, 0, err)
	}
	return sink.Record(rec)
}

// BratPair finds the two files of a brat document from either of them (or
// from their shared path without extension): the .txt and the .ann beside
// it. ok is false unless both exist, so that a lone .txt is left to the
// article reader and brat's .conf files are not taken for documents.
func BratPair(path string) (txt, ann string, ok bool) {
	base := path
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".ann":
		base = strings.TrimSuffix(path, filepath.Ext(path))
	}
	txt, ann = base+".txt", base+".ann"
	return txt, ann, isFile(txt) && isFile(ann)
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// bratLine is one non-blank line of an .ann file.
type bratLine struct {
	n       int    // 1-based line number
	id      string // "T1", "#3", "*"
	fields  string // between the first and second tab
	text    string // after the second tab
	hasText bool
}

func (l bratLine) kind() byte { return l.id[0] }

// splitBratLines cuts an .ann file into lines, checking the part every
// line shares: an id of a known kind, then a tab.
func splitBratLines(annName, ann string) ([]bratLine, error) {
	var out []bratLine
	for n, raw := range strings.Split(ann, "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		l, err := parseBratLine(n+1, raw)
		if err != nil {
			return nil, annot.At(annName, n+1, err)
		}
		out = append(out, l)
	}
	return out, nil
}

func parseBratLine(n int, raw string) (bratLine, error) {
	id, rest, ok := strings.Cut(raw, "\t")
	if !ok {
		return bratLine{}, annot.Errorf(annot.Invalid, "broken line %q: expected an id, a tab and the annotation", clipString(raw))
	}
	if id == "" || strings.ContainsAny(id, " \v\f") {
		return bratLine{}, annot.Errorf(annot.Invalid, "broken line: %q is not an annotation id", clipString(id))
	}
	switch id[0] {
	case 'T', 'R', 'E', 'A', 'M', 'N', '#':
		if len(id) < 2 {
			return bratLine{}, annot.Errorf(annot.Invalid, "id %q has no number", id)
		}
	case '*':
	default:
		return bratLine{}, annot.Errorf(annot.Invalid, "unknown annotation %q: brat lines start with T, R, E, A, M, N, * or #", clipString(id))
	}
	fields, txt, has := strings.Cut(rest, "\t")
	return bratLine{n: n, id: id, fields: strings.TrimSpace(fields), text: txt, hasText: has}, nil
}

// bratTarget is where a line's annotation ends up: the span that carries
// it, and what it is when it is not that span itself ("event E1 Report").
type bratTarget struct {
	span string
	what string
}

// bratReader holds one document's state across the passes over its lines.
// Passes run kind by kind (T, then E, then R and *, then A, M and N, then
// notes in file order), because a line may name an annotation that comes
// later in the file.
type bratReader struct {
	b         *builder
	raw       *text.Index // the .txt as on disk, which brat's offsets count
	annName   string
	annotator string
	sink      *Sink
	targets   map[string]bratTarget
	notes     map[string][]string // span ID -> note lines, in file order
	pos       map[string]int      // span ID -> index in the record
}

func newBratReader(txtName, txt, annName, annotator string, sink *Sink) *bratReader {
	return &bratReader{
		b:         newBuilder(txtName, 0, txt),
		raw:       text.NewIndex(txt),
		annName:   annName,
		annotator: annotator,
		sink:      sink,
		targets:   map[string]bratTarget{},
		notes:     map[string][]string{},
		pos:       map[string]int{},
	}
}

// fail places a problem at a line of the .ann file.
func (r *bratReader) fail(l bratLine, format string, args ...any) error {
	return annot.At(r.annName, l.n, annot.Errorf(annot.Invalid, l.id+": "+format, args...))
}

// register records where an id's annotation lives, refusing a second use
// of the same id, which would make references ambiguous.
func (r *bratReader) register(l bratLine, t bratTarget) error {
	if _, dup := r.targets[l.id]; dup {
		return r.fail(l, "the id is used twice")
	}
	r.targets[l.id] = t
	return nil
}

// resolve finds the span an id points at.
func (r *bratReader) resolve(l bratLine, id string) (bratTarget, error) {
	t, ok := r.targets[id]
	if !ok {
		return bratTarget{}, r.fail(l, "refers to %q, which is not in the file", clipString(id))
	}
	return t, nil
}

func (r *bratReader) addNote(spanID, note string) {
	r.notes[spanID] = append(r.notes[spanID], note)
}

// applyNotes joins each span's note lines, once every line is read.
func (r *bratReader) applyNotes() {
	for i := range r.b.rec.Spans {
		s := &r.b.rec.Spans[i]
		if lines := r.notes[s.ID]; len(lines) > 0 {
			s.Note = strings.Join(append(nonEmpty(s.Note), lines...), "\n")
		}
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// quote shows a span's text in a note, on one line and not too long.
func (r *bratReader) quote(spanID string) string {
	i, ok := r.pos[spanID]
	if !ok {
		return ""
	}
	s := r.b.rec.Spans[i]
	s.End = min(s.End, s.Start+100) // enough for 40, however long the span
	t := strings.Join(strings.Fields(r.b.spanText(&s)), " ")
	return `"` + cutAtWord(t, 40) + `"`
}
