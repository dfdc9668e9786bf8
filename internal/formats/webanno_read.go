package formats

import (
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// waSpan is one span annotation gathered over its rows.
type waSpan struct {
	layer      string
	begin, end int // UTF-16
	label      string
	note       []string
	line       int
	id         string // the record's span id, once added
}

// waRef is a span annotation on a row, for resolving relations.
type waRef struct {
	disamb int
	span   int // index into spans
}

func (r *waReader) record() error {
	raw, err := r.rawText()
	if err != nil {
		return err
	}
	if err := r.checkTokens(raw); err != nil {
		return err
	}
	spans, at := r.spans()
	who, source := r.annotatorAndSource()
	b := newBuilder(r.name, 0, raw)
	if source != "" {
		b.rec.Doc.Source = source
	}
	for i := range spans {
		s := &spans[i]
		if s.begin == s.end {
			r.leftOut(s.line, "zero-length annotations (a Spanmark span covers at least one character)")
			continue
		}
		sp, err := b.addSpan("", s.begin, s.end, utf16, s.label, who)
		if err != nil {
			return annot.At(r.name, s.line, err)
		}
		sp.Note = strings.Join(s.note, "\n")
		s.id = sp.ID
	}
	r.relations(b, spans, at, who)
	for _, what := range sortedKeys(r.left) {
		r.sink.warn(r.name, r.first[what], "%s left out: %d (the first here)", what, r.left[what])
	}
	rec, err := b.finish("", nil)
	if err != nil {
		return annot.At(r.name, 0, err)
	}
	if source != "" && rec.Doc.Title == "" {
		rec.Doc.Title = source
	}
	return r.sink.Record(rec)
}

// checkTokens refuses a file whose rows do not cover their own tokens in
// the text: offsets that disagree with the text would place every span
// wrong.
func (r *waReader) checkTokens(raw string) error {
	idx := text.NewIndex(raw)
	for _, row := range r.rows {
		s, err1 := idx.FromUTF16(row.begin)
		e, err2 := idx.FromUTF16(row.end)
		if err1 != nil || err2 != nil || e > idx.Len() {
			return r.fail(row.line, "offsets %d-%d are outside the text of the sentences (%d UTF-16 units)", row.begin, row.end, idx.UTF16(idx.Len()))
		}
		if got := idx.Slice(s, e); got != row.token && strings.TrimSpace(got) != strings.TrimSpace(row.token) {
			return r.fail(row.line, "token %q is not the sentence's text %q at %d-%d", clipString(row.token), clipString(got), row.begin, row.end)
		}
	}
	return nil
}

// spans gathers the span layers' annotations, and which span each row
// holds in each layer.
func (r *waReader) spans() ([]waSpan, []map[string][]waRef) {
	var out []waSpan
	at := make([]map[string][]waRef, len(r.rows))
	for _, ly := range r.layers {
		switch ly.kind {
		case "CH":
			r.countCells(ly, 0, ly.cols, "coreference chain links (chain layers have no Spanmark counterpart)")
			continue
		case "RL":
			continue
		}
		byID := map[int]int{}
		lf := ly.labelFeature()
		r.countSlots(ly)
		for ri := range r.rows {
			row := &r.rows[ri]
			presence := r.presenceColumn(ly, ri)
			if presence < 0 {
				continue
			}
			items := waSplit(row.cells[ly.col+presence], '|')
			for k, item := range items {
				_, disamb := waID(item)
				idx, seen := byID[disamb]
				if disamb == 0 || !seen {
					label, note := r.spanValues(ly, ri, k, lf)
					out = append(out, waSpan{layer: ly.name, begin: row.begin, end: row.end, label: label, note: note, line: row.line})
					idx = len(out) - 1
					if disamb != 0 {
						byID[disamb] = idx
					}
				}
				s := &out[idx]
				s.begin, s.end = min(s.begin, row.begin), max(s.end, row.end)
				if at[ri] == nil {
					at[ri] = map[string][]waRef{}
				}
				at[ri][ly.name] = append(at[ri][ly.name], waRef{disamb, idx})
			}
		}
	}
	return out, at
}

// featureCol is the column of feature f within its layer.
func (ly *waLayer) featureCol(f int) int {
	c := 0
	for i := 0; i < f; i++ {
		c++
		if ly.slots[i] {
			c++
		}
	}
	return c
}

// presenceColumn is the first column of the layer on this row that holds
// an annotation, or -1.
func (r *waReader) presenceColumn(ly *waLayer, ri int) int {
	cells := r.rows[ri].cells
	if len(ly.features) == 0 {
		if cells[ly.col] != "_" && cells[ly.col] != "" {
			return 0
		}
		return -1
	}
	for f := range ly.features {
		if ly.slots[f] {
			continue
		}
		if c := cells[ly.col+ly.featureCol(f)]; c != "_" && c != "" {
			return ly.featureCol(f)
		}
	}
	return -1
}

// spanValues reads the label and the other features of the k-th stacked
// annotation of a layer on a row.
func (r *waReader) spanValues(ly *waLayer, ri, k, lf int) (string, []string) {
	cells := r.rows[ri].cells
	value := func(f int) string {
		items := waSplit(cells[ly.col+ly.featureCol(f)], '|')
		if k >= len(items) {
			return ""
		}
		v, _ := waID(items[k])
		if v == "_" || v == "*" {
			return ""
		}
		return waUnescape(v)
	}
	label := ""
	if lf >= 0 {
		label = value(lf)
	}
	if strings.TrimSpace(label) == "" {
		label = ly.short()
	}
	var note []string
	for f, name := range ly.features {
		if f == lf || ly.slots[f] {
			continue
		}
		if v := value(f); v != "" {
			note = append(note, name+"="+v)
		}
	}
	return label, note
}

// countSlots counts a layer's slot links, which are left out.
func (r *waReader) countSlots(ly *waLayer) {
	for f := range ly.features {
		if ly.slots[f] {
			r.countCells(ly, ly.featureCol(f), 1, "slot feature links (Spanmark relations join two spans, and have no roles)")
		}
	}
}

// countCells counts the annotations in some columns of a layer, over all
// rows, as left out.
func (r *waReader) countCells(ly *waLayer, from, n int, what string) {
	for ri := range r.rows {
		for c := ly.col + from; c < ly.col+from+n && c < len(r.rows[ri].cells); c++ {
			if v := r.rows[ri].cells[c]; v != "_" && v != "" {
				r.leftOut(r.rows[ri].line, what)
				break
			}
		}
	}
}

// relations reads the relation layers (see the format's comment).
func (r *waReader) relations(b *builder, spans []waSpan, at []map[string][]waRef, who string) {
	rowAt := make(map[string]int, len(r.rows))
	for i, row := range r.rows {
		rowAt[row.id] = i
	}
	for _, ly := range r.layers {
		if ly.kind != "RL" {
			continue
		}
		refCol := ly.col + ly.cols - 1
		tf := ly.labelFeature()
		for ri := range r.rows {
			row := &r.rows[ri]
			refs := waSplit(row.cells[refCol], '|')
			if row.cells[refCol] == "_" || row.cells[refCol] == "" {
				continue
			}
			var types []string
			if tf >= 0 {
				types = waSplit(row.cells[ly.col+ly.featureCol(tf)], '|')
			}
			for k, ref := range refs {
				if ly.base == webannoToken {
					r.leftOut(row.line, "relations between bare tokens (a Spanmark relation joins spans)")
					continue
				}
				src, srcID, tgtID, ok := waRelRef(ref)
				si, okRow := rowAt[src]
				from := waFind(at, si, ly.base, srcID, okRow)
				to := waFind(at, ri, ly.base, tgtID, true)
				if !ok || from < 0 || to < 0 || spans[from].id == "" || spans[to].id == "" {
					r.leftOut(row.line, "relations whose ends are not span annotations of the file")
					continue
				}
				typ := ""
				if k < len(types) {
					typ, _ = waID(types[k])
					if typ == "_" || typ == "*" {
						typ = ""
					}
					typ = waUnescape(typ)
				}
				if strings.TrimSpace(typ) == "" {
					typ = ly.short()
				}
				b.addRelation(spans[from].id, spans[to].id, typ, who)
			}
		}
	}
}

// waFind is the span of layer on row ri with disambiguation id (0: the
// row's only, or first, one), or -1.
func waFind(at []map[string][]waRef, ri int, layer string, disamb int, ok bool) int {
	if !ok || ri < 0 || ri >= len(at) || at[ri] == nil {
		return -1
	}
	refs := at[ri][layer]
	for _, ref := range refs {
		if disamb == 0 || ref.disamb == disamb {
			return ref.span
		}
	}
	return -1
}

// waRelRef reads "1-3" or "1-3[2_0]".
func waRelRef(s string) (row string, src, tgt int, ok bool) {
	row, ids, has := strings.Cut(s, "[")
	if !waRowID(row) {
		return "", 0, 0, false
	}
	if !has {
		return row, 0, 0, true
	}
	a, b, ok2 := strings.Cut(strings.TrimSuffix(ids, "]"), "_")
	x, e1 := strconv.Atoi(a)
	y, e2 := strconv.Atoi(b)
	if !ok2 || e1 != nil || e2 != nil {
		return "", 0, 0, false
	}
	return row, x, y, true
}

// waSplit splits a cell at an unescaped separator.
func waSplit(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// waID cuts a disambiguation id "[N]" off a value.
func waID(s string) (string, int) {
	if !strings.HasSuffix(s, "]") || strings.HasSuffix(s, `\]`) {
		return s, 0
	}
	i := strings.LastIndexByte(s, '[')
	if i < 0 || (i > 0 && s[i-1] == '\\') {
		return s, 0
	}
	n, err := strconv.Atoi(s[i+1 : len(s)-1])
	if err != nil || n <= 0 {
		return s, 0
	}
	return s[:i], n
}

// waUnescape undoes the format's escapes in a token or a value.
func waUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '\\', '[', ']', '|', '_', ';', '*':
			b.WriteByte(c)
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 'r':
			b.WriteByte('\r')
			i++
		case '-':
			if strings.HasPrefix(s[i+1:], "->") {
				b.WriteString("->")
				i += 2
			} else {
				b.WriteByte('\\')
			}
		default:
			b.WriteByte('\\')
		}
	}
	return b.String()
}

// waUnescapeText undoes the escapes of a #Text= line: its control
// characters.
func waUnescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	r := strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\r`, "\r", `\n`, "\n")
	return r.Replace(s)
}

// waEscape escapes a token or value for a cell.
func waEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '[', ']', '|', '_', ';', '*':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '-':
			if i+1 < len(s) && s[i+1] == '>' {
				b.WriteString(`\->`)
				i++
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// waEscapeText escapes a #Text= line's control characters.
func waEscapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r", `\r`).Replace(s)
}
