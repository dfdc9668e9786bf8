package formats

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// webannoWriter writes each document as <name>.tsv in WebAnno TSV 3.3,
// for import into INCEpTION (or WebAnno) as a document of that format:
//
//   - Spans go on INCEpTION's built-in named-entity layer, the label as
//     its "value" feature, which every project has. Relations go on a
//     relation layer webanno.custom.Relation with a string feature
//     "label", attached to named entities: create that layer in the
//     project before importing a file with relations.
//   - Each line of the text is a sentence; rows are its words (UAX #29,
//     split where a span starts or ends inside one), with UTF-16 offsets.
//     A span that starts or ends in white space is trimmed to its words,
//     as INCEpTION does, and one that covers no word is left out.
//   - The format has one annotation set a file: several annotators'
//     spans are stacked together, and annotators, notes, verdicts and
//     the like are not written. Losses counts all of these, and text a
//     reader cannot rebuild (spaces before a line's first word, line
//     breaks after the last line).
type webannoWriter struct {
	dir    string
	used   map[string]bool
	losses lossCounter
}

// NewWebAnnoWriter returns a writer of .tsv files into dir, made if
// missing; files of the same name are replaced.
func NewWebAnnoWriter(dir string) (Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, annot.At(dir, 0, err)
	}
	return &webannoWriter{dir: dir, used: map[string]bool{}}, nil
}

func (ww *webannoWriter) Close() error { return nil }

// Losses reports what the files could not hold (see Lossy).
func (ww *webannoWriter) Losses() []error { return ww.losses.errors("WebAnno TSV") }

func (ww *webannoWriter) WriteDoc(d *Doc) error {
	path := filepath.Join(ww.dir, pickFileName(ww.used, d.Doc)+".tsv")
	if err := os.WriteFile(path, ww.render(d), 0o644); err != nil {
		return annot.At(path, 0, err)
	}
	return nil
}

// waOut is a span as written: its rows and disambiguation id.
type waOut struct {
	first, last int // token indices
	disamb      int
}

func (ww *webannoWriter) render(d *Doc) []byte {
	ww.losses.unheld(d, holdsRelations)
	src := d.Doc.Text
	idx := text.NewIndex(src)
	cuts := make([]int, 0, 2*len(d.Spans))
	for i := range d.Spans {
		cuts = append(cuts, d.Spans[i].Start, d.Spans[i].End)
	}
	toks := text.TokensSplitAt(src, cuts)
	if len(toks) == 0 {
		ww.losses.add(d, "documents without a word (a WebAnno TSV file needs a sentence)")
	}
	outs := ww.place(d, toks)
	rows := make([][]int, len(toks)) // token -> spans on it, in span order
	for i, o := range outs {
		for t := o.first; o.first >= 0 && t <= o.last; t++ {
			rows[t] = append(rows[t], i)
		}
	}
	next := 1
	for i := range outs {
		o := &outs[i]
		if o.first < 0 {
			continue
		}
		if o.last > o.first || len(rows[o.first]) > 1 || stackedAnywhere(rows, o) {
			o.disamb = next
			next++
		}
	}
	rels := ww.relations(d, outs)

	var b strings.Builder
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n")
	b.WriteString("#T_SP=" + webannoNamedEntity + "|identifier|value\n")
	if len(d.Relations) > 0 {
		b.WriteString("#T_RL=" + webannoRelation + "|label|BT_" + webannoNamedEntity + "\n")
	}
	b.WriteString("\n\n")
	ww.body(&b, d, idx, toks, rows, outs, rels)
	return []byte(b.String())
}

// place finds each span's first and last token, trimming white space at
// its ends, or first -1 for a span over no word.
func (ww *webannoWriter) place(d *Doc, toks []text.Token) []waOut {
	outs := make([]waOut, len(d.Spans))
	for i := range d.Spans {
		s := &d.Spans[i]
		o := waOut{first: -1, last: -1}
		// Tokens are sorted and do not overlap: the covered ones run from
		// the first starting at or after the span's start.
		for t := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.Start }); t < len(toks) && toks[t].End <= s.End; t++ {
			if o.first < 0 {
				o.first = t
			}
			o.last = t
		}
		switch {
		case o.first < 0:
			ww.losses.add(d, "spans that cover no word, only white space")
		case toks[o.first].Start != s.Start || toks[o.last].End != s.End:
			ww.losses.add(d, "spans' white space at their ends (the spans are trimmed to their words)")
		}
		outs[i] = o
	}
	return outs
}

func stackedAnywhere(rows [][]int, o *waOut) bool {
	for t := o.first; t <= o.last; t++ {
		if len(rows[t]) > 1 {
			return true
		}
	}
	return false
}

// relations groups the relations by the first token of their target.
func (ww *webannoWriter) relations(d *Doc, outs []waOut) map[int][][2]int {
	pos := make(map[string]int, len(d.Spans))
	for i := range d.Spans {
		pos[d.Spans[i].ID] = i
	}
	byTok := map[int][][2]int{} // token -> (relation index, source span)
	for i := range d.Relations {
		r := &d.Relations[i]
		from, okF := pos[r.From]
		to, okT := pos[r.To]
		if !okF || !okT || outs[from].first < 0 || outs[to].first < 0 {
			ww.losses.add(d, "relations to spans that were left out")
			continue
		}
		byTok[outs[to].first] = append(byTok[outs[to].first], [2]int{i, from})
	}
	return byTok
}

// body writes the sentences: each line of the text that has a word.
func (ww *webannoWriter) body(b *strings.Builder, d *Doc, idx *text.Index, toks []text.Token, rows [][]int, outs []waOut, rels map[int][][2]int) {
	rowID := make([]string, len(toks))
	sent, tokN := 0, 0
	end := 0         // where the last sentence ended, in code points
	var breaks []int // code point offsets of the line breaks
	p := 0
	for _, r := range idx.String() {
		if r == '\n' {
			breaks = append(breaks, p)
		}
		p++
	}
	lineEnd := func(p int) int {
		if i := sort.SearchInts(breaks, p); i < len(breaks) {
			return breaks[i]
		}
		return idx.Len()
	}
	// First pass: name the rows, so a relation can name a later source.
	for t := range toks {
		if t == 0 || lineEnd(toks[t-1].Start) != lineEnd(toks[t].Start) {
			sent++
			tokN = 0
		}
		tokN++
		rowID[t] = strconv.Itoa(sent) + "-" + strconv.Itoa(tokN)
	}
	for t, tk := range toks {
		if t == 0 || rowID[t][:strings.IndexByte(rowID[t], '-')] != rowID[t-1][:strings.IndexByte(rowID[t-1], '-')] {
			if t > 0 {
				b.WriteByte('\n')
			}
			if gap := idx.Slice(end, tk.Start); strings.Trim(gap, "\n") != "" {
				ww.losses.add(d, "stretches of white space before a line's first word (the format keeps only line breaks between sentences)")
			}
			end = lineEnd(tk.Start)
			for _, line := range strings.Split(idx.Slice(tk.Start, end), "\n") {
				b.WriteString("#Text=" + waEscapeText(line) + "\n")
			}
		}
		b.WriteString(rowID[t])
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(idx.UTF16(tk.Start)) + "-" + strconv.Itoa(idx.UTF16(tk.End)))
		b.WriteByte('\t')
		b.WriteString(waEscape(idx.Slice(tk.Start, tk.End)))
		ids, values := make([]string, 0, len(rows[t])), make([]string, 0, len(rows[t]))
		for _, i := range rows[t] {
			suffix := ""
			if outs[i].disamb > 0 {
				suffix = "[" + strconv.Itoa(outs[i].disamb) + "]"
			}
			ids = append(ids, "*"+suffix)
			values = append(values, waEscape(d.Spans[i].Label)+suffix)
		}
		b.WriteString("\t" + waCell(ids) + "\t" + waCell(values))
		if len(d.Relations) > 0 {
			var labels, refs []string
			for _, rf := range rels[t] {
				r, from := &d.Relations[rf[0]], rf[1]
				to := waTarget(outs, rows[t], d, r)
				ref := rowID[outs[from].first]
				if outs[from].disamb > 0 || outs[to].disamb > 0 {
					ref += "[" + strconv.Itoa(outs[from].disamb) + "_" + strconv.Itoa(outs[to].disamb) + "]"
				}
				labels = append(labels, waEscape(r.Type))
				refs = append(refs, ref)
			}
			b.WriteString("\t" + waCell(labels) + "\t" + waCell(refs))
		}
		b.WriteString("\t\n")
	}
	if end < idx.Len() {
		ww.losses.add(d, "line breaks after the last line (the format ends at the last sentence)")
	}
}

// waTarget is the span index of a relation's target among a row's spans.
func waTarget(outs []waOut, row []int, d *Doc, r *annot.Relation) int {
	for _, i := range row {
		if d.Spans[i].ID == r.To {
			return i
		}
	}
	return row[0]
}

func waCell(items []string) string {
	if len(items) == 0 {
		return "_"
	}
	return strings.Join(items, "|")
}
