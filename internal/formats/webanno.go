package formats

import (
	"path/filepath"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// WebAnno TSV 3 is the format INCEpTION and WebAnno exchange: one
// document a file, UTF-8, offsets counted in UTF-16 units (Java's).
//
//	#FORMAT=WebAnno TSV 3.3
//	#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
//	#T_RL=webanno.custom.Relation|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity
//	(two blank lines)
//	#Text=Ms. Haag plays Elianti .
//	1-1	0-3	Ms.	*	PER[1]	_	_
//	1-2	4-8	Haag	*	PER[1]	_	_
//
// After the header, each sentence is its "#Text=" lines and one row per
// token ("1-2") or sub-token ("1-2.1"): begin-end offsets, the token, then
// one column per feature of each span layer, in header order, and for a
// relation layer one per feature plus one naming the row of the
// relation's source. A cell is "_" for no annotation, "*" for one without
// a value, several stacked annotations joined by "|"; "[N]" after a value
// ties the rows of one multi-row or stacked annotation together.
//
// How ReadWebAnno maps it:
//   - Every annotation of a span layer becomes a span. Its label is the
//     layer's "value" feature if it has one, else its first feature, and
//     the layer's short name ("NamedEntity") when the value is "*"; the
//     other features' values go in the span's note as "name=value".
//   - A relation whose base type is a span layer becomes a relation from
//     the source row's span to the target row's (the row it is written
//     on), typed by its first feature, else the layer's short name.
//     Relations over bare tokens, chain layers (coreference) and slot
//     features have no Spanmark counterpart and are left out with a
//     warning that counts them.
//   - The text is the sentences placed at their first token's offset, the
//     gaps between them filled with line breaks (the format does not
//     record what stood there).
//   - Spans belong to the importing annotator, except in INCEpTION's
//     project export layout, annotation/<document>/<user>.tsv, where they
//     are the user's and the document is named after its folder.

// maxGap bounds the line breaks put between two sentences, so that a
// wrong offset is reported rather than filling memory.
const maxGap = 1 << 20

const (
	webannoNamedEntity = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	webannoToken       = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
	webannoRelation    = "webanno.custom.Relation"
)

// waLayer is one layer declared in the header.
type waLayer struct {
	kind     string // SP, CH or RL
	name     string
	features []string
	slots    []bool // features[i] is a slot (two columns)
	base     string // RL: the base type
	col      int    // first column after the token
	cols     int    // number of columns
}

func (l *waLayer) short() string {
	if i := strings.LastIndexByte(l.name, '.'); i >= 0 {
		return l.name[i+1:]
	}
	return l.name
}

// labelFeature is the feature that names a span's label.
func (l *waLayer) labelFeature() int {
	for i, f := range l.features {
		if f == "value" && !l.slots[i] {
			return i
		}
	}
	for i := range l.features {
		if !l.slots[i] {
			return i
		}
	}
	return -1
}

// waRow is one token or sub-token row.
type waRow struct {
	line       int
	id         string // "1-2" or "1-2.1"
	begin, end int    // UTF-16
	token      string
	cells      []string
}

// ReadWebAnno reads one WebAnno TSV 3 file as one document.
func ReadWebAnno(name string, data []byte, opt Options, sink *Sink) error {
	if err := fromText(text.CheckUTF8(data)); err != nil {
		return annot.At(name, lineOf(err), stripLine(err))
	}
	r := &waReader{name: name, opt: opt, sink: sink}
	if err := r.parse(strings.TrimPrefix(string(data), "\uFEFF")); err != nil {
		return err
	}
	return r.record()
}

type waReader struct {
	name   string
	opt    Options
	sink   *Sink
	layers []*waLayer
	ncols  int
	rows   []waRow
	sents  []waSentence
	left   map[string]int // what was left out, by kind, for one warning each
	first  map[string]int // the first line of each kind left out
}

type waSentence struct {
	line int
	text string
	row  int // index of its first row
}

func (r *waReader) fail(line int, format string, args ...any) error {
	return annot.At(r.name, line, annot.Errorf(annot.Invalid, format, args...))
}

func (r *waReader) leftOut(line int, what string) {
	if r.left == nil {
		r.left, r.first = map[string]int{}, map[string]int{}
	}
	if r.left[what] == 0 {
		r.first[what] = line
	}
	r.left[what]++
}

func (r *waReader) parse(s string) error {
	lines := strings.Split(s, "\n")
	body := false
	var cur *waSentence
	for i, l := range lines {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		switch {
		case !body && n == 1 || !body && strings.HasPrefix(l, "#FORMAT="):
			if !strings.HasPrefix(l, "#FORMAT=WebAnno TSV 3") {
				return r.fail(n, "expected #FORMAT=WebAnno TSV 3.x on the first line, found %q", clipString(l))
			}
		case !body && strings.HasPrefix(l, "#T_"):
			if err := r.header(n, l); err != nil {
				return err
			}
		case strings.HasPrefix(l, "#Text="):
			body = true
			t := waUnescapeText(strings.TrimPrefix(l, "#Text="))
			if cur != nil && cur.row == len(r.rows) {
				cur.text += "\n" + t // a sentence over several lines
				continue
			}
			r.sents = append(r.sents, waSentence{line: n, text: t, row: len(r.rows)})
			cur = &r.sents[len(r.sents)-1]
		case strings.HasPrefix(l, "#"):
			// #Sentence.id= and other comments carry nothing Spanmark keeps.
		case strings.TrimSpace(l) == "":
		default:
			body = true
			if cur == nil {
				return r.fail(n, "a token row before any #Text= line")
			}
			if err := r.row(n, l); err != nil {
				return err
			}
		}
	}
	if len(r.rows) == 0 {
		return r.fail(0, "no sentences: a WebAnno TSV file has #Text= lines and a row per token")
	}
	return nil
}

func (r *waReader) header(n int, l string) error {
	kind, rest, _ := strings.Cut(strings.TrimPrefix(l, "#T_"), "=")
	parts := strings.Split(rest, "|")
	if kind != "SP" && kind != "CH" && kind != "RL" || parts[0] == "" {
		return r.fail(n, "unknown layer declaration %q: expected #T_SP=, #T_CH= or #T_RL=", clipString(l))
	}
	ly := &waLayer{kind: kind, name: parts[0], col: r.ncols}
	feats := parts[1:]
	if kind == "RL" {
		if len(feats) == 0 || !strings.HasPrefix(feats[len(feats)-1], "BT_") {
			return r.fail(n, "relation layer %s names no base type (BT_…) last", ly.name)
		}
		ly.base = strings.TrimPrefix(feats[len(feats)-1], "BT_")
		feats = feats[:len(feats)-1]
	}
	for i := 0; i < len(feats); i++ {
		slot := strings.HasPrefix(feats[i], "ROLE_")
		ly.features = append(ly.features, feats[i])
		ly.slots = append(ly.slots, slot)
		if slot {
			i++ // the slot's target type follows its name
			ly.cols += 2
		} else {
			ly.cols++
		}
	}
	switch {
	case kind == "RL":
		ly.cols++ // the source row
	case ly.cols == 0:
		ly.cols = 1 // a span layer without features still has its column
	}
	r.ncols += ly.cols
	r.layers = append(r.layers, ly)
	return nil
}

func (r *waReader) row(n int, l string) error {
	cols := strings.Split(l, "\t")
	if len(cols) == 3+r.ncols+1 && cols[len(cols)-1] == "" {
		cols = cols[:len(cols)-1] // the trailing tab INCEpTION writes
	}
	if len(cols) != 3+r.ncols {
		return r.fail(n, "%d columns, but the header declares %d (id, offsets, token and %d for its layers)", len(cols), 3+r.ncols, r.ncols)
	}
	b, e, ok := strings.Cut(cols[1], "-")
	begin, err1 := strconv.Atoi(b)
	end, err2 := strconv.Atoi(e)
	if !ok || err1 != nil || err2 != nil || begin < 0 || end < begin {
		return r.fail(n, "offsets %q: expected BEGIN-END", clipString(cols[1]))
	}
	if !waRowID(cols[0]) {
		return r.fail(n, "row id %q: expected SENTENCE-TOKEN, as in 1-2 or 1-2.1", clipString(cols[0]))
	}
	r.rows = append(r.rows, waRow{line: n, id: cols[0], begin: begin, end: end, token: waUnescape(cols[2]), cells: cols[3:]})
	return nil
}

func waRowID(s string) bool {
	sent, tok, ok := strings.Cut(s, "-")
	if !ok || !isDigits(sent) {
		return false
	}
	tok, sub, hasSub := strings.Cut(tok, ".")
	return isDigits(tok) && (!hasSub || isDigits(sub))
}

func isDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rawText places the sentences at their first row's offset, filling
// gaps with line breaks.
func (r *waReader) rawText() (string, error) {
	var b strings.Builder
	at := 0 // UTF-16 units written
	for _, s := range r.sents {
		if s.row >= len(r.rows) {
			continue // a sentence without rows holds nothing to place
		}
		begin := r.rows[s.row].begin
		if begin < at {
			return "", r.fail(s.line, "the sentence starts at %d, inside the one before it (which ends at %d)", begin, at)
		}
		if begin-at > maxGap {
			return "", r.fail(s.line, "the sentence starts at %d, %d characters after the one before it: the offsets cannot be right", begin, begin-at)
		}
		for ; at < begin; at++ {
			b.WriteByte('\n')
		}
		b.WriteString(s.text)
		at += text.NewIndex(s.text).UTF16(utf8Len(s.text))
	}
	return b.String(), nil
}

func utf8Len(s string) int { return len([]rune(s)) }

// annotatorAndSource reads INCEpTION's export layout (see above).
func (r *waReader) annotatorAndSource() (who, source string) {
	dir := filepath.Dir(r.name)
	if filepath.Base(filepath.Dir(dir)) == "annotation" {
		return strings.TrimSuffix(filepath.Base(r.name), filepath.Ext(r.name)), filepath.Base(dir)
	}
	return r.opt.Annotator, ""
}
