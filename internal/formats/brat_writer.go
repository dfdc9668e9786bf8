package formats

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// bratWriter writes each document as <name>.txt and <name>.ann in a folder.
//
//   - The .txt is the stored text, byte for byte (LF line breaks, no BOM),
//     so brat's code-point offsets are Spanmark's.
//   - Spans become T1, T2, … in the order given (start, end, label), so
//     the same export always numbers alike. Spanmark keeps no brat ids, so
//     a brat file read and written again is renumbered unless its T lines
//     were already in that order.
//   - A span that crosses a line break is written as fragments split at the
//     breaks ("0 5;6 12"), since an .ann line cannot hold one; ReadBrat
//     joins such fragments back into one span. Line breaks at a span's
//     ends are left out of it, and a span of nothing but line breaks is
//     not written; both are reported through Losses.
//   - Types cannot hold white space in brat, so each run of white space in
//     a label or relation type becomes "_" ("PUBLIC FIGURE" is written
//     PUBLIC_FIGURE).
//   - A note becomes "#N<TAB>AnnotatorNotes TK<TAB>line", one per line of
//     the note, which ReadBrat joins back.
//   - Annotators, review status, answers, states and meta have no place
//     in brat and are not written, which Losses counts; use the native
//     format to keep them.
type bratWriter struct {
	dir    string
	used   map[string]bool // file names taken, folded to lower case
	losses []error
	unheld lossCounter
}

// NewBratWriter returns a writer of brat .txt/.ann pairs into dir, which is
// made if missing. Files of the same name already in dir are replaced, so
// that exporting again refreshes a folder; two documents of one export
// never share a name (see bratName).
func NewBratWriter(dir string) (Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, annot.At(dir, 0, err)
	}
	return &bratWriter{dir: dir, used: map[string]bool{}}, nil
}

func (bw *bratWriter) WriteDoc(d *Doc) error {
	bw.unheld.unheld(d, holdsRelations|holdsNotes)
	name := bw.name(d.Doc)
	ann := bw.ann(d)
	base := filepath.Join(bw.dir, name)
	if err := os.WriteFile(base+".txt", []byte(d.Doc.Text), 0o644); err != nil {
		return annot.At(base+".txt", 0, err)
	}
	if err := os.WriteFile(base+".ann", ann, 0o644); err != nil {
		return annot.At(base+".ann", 0, err)
	}
	return nil
}

func (bw *bratWriter) Close() error { return nil }

// Losses lists the spans that brat could not carry, and counts what
// else it has no place for (see Lossy).
func (bw *bratWriter) Losses() []error { return append(bw.losses, bw.unheld.errors("brat")...) }

// name picks a file name for a document: its source file's name without
// extension, else its title, else its ID, made safe for any file system;
// when all are taken, the first with -2, -3… added.
func (bw *bratWriter) name(doc *annot.Document) string { return pickFileName(bw.used, doc) }

// pickFileName is bratWriter.name for any writer of a file per document;
// used holds the names taken, folded to lower case.
func pickFileName(used map[string]bool, doc *annot.Document) string {
	src := strings.TrimSuffix(filepath.Base(doc.Source), filepath.Ext(doc.Source))
	if doc.Source == "" {
		src = ""
	}
	var first string
	for _, c := range []string{src, doc.Title, doc.ID} {
		c = safeFileName(c)
		if c == "" {
			continue
		}
		if first == "" {
			first = c
		}
		if !used[strings.ToLower(c)] {
			used[strings.ToLower(c)] = true
			return c
		}
	}
	if first == "" {
		first = "document"
		if !used[first] {
			used[first] = true
			return first
		}
	}
	for n := 2; ; n++ {
		c := fmt.Sprintf("%s-%d", first, n)
		if !used[strings.ToLower(c)] {
			used[strings.ToLower(c)] = true
			return c
		}
	}
}

// safeFileName keeps letters (of any script, with their marks), digits,
// '-', '_' and '.', turns other runs into one '_', and avoids names that
// hide a file or that Windows reserves.
func safeFileName(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= 80 {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '.':
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		n++
	}
	out := strings.Trim(b.String(), "._")
	switch strings.ToUpper(strings.TrimSuffix(out, filepath.Ext(out))) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		out += "_"
	}
	return out
}

// ann renders a document's .ann file.
func (bw *bratWriter) ann(d *Doc) []byte {
	idx := text.NewIndex(d.Doc.Text)
	var b strings.Builder
	num := make(map[string]int, len(d.Spans))
	t := 0
	for i := range d.Spans {
		s := &d.Spans[i]
		frags := bratFragments(idx, s.Start, s.End)
		if len(frags) == 0 {
			bw.lose(d, "span %d-%d %s covers only line breaks, which a brat T line cannot hold; left out", s.Start, s.End, s.Label)
			continue
		}
		if frags[0][0] != s.Start || frags[len(frags)-1][1] != s.End {
			bw.lose(d, "span %d-%d %s starts or ends with a line break, which a brat T line cannot hold; written as %d-%d",
				s.Start, s.End, s.Label, frags[0][0], frags[len(frags)-1][1])
		}
		t++
		num[s.ID] = t
		offs := make([]string, len(frags))
		texts := make([]string, len(frags))
		for j, f := range frags {
			offs[j] = fmt.Sprintf("%d %d", f[0], f[1])
			texts[j] = idx.Slice(f[0], f[1])
		}
		fmt.Fprintf(&b, "T%d\t%s %s\t%s\n", t, noSpace(s.Label), strings.Join(offs, ";"), strings.Join(texts, " "))
	}
	rn := 0
	for _, r := range d.Relations {
		from, to := num[r.From], num[r.To]
		if from == 0 || to == 0 {
			bw.lose(d, "relation %s joins a span that was not written; left out", r.Type)
			continue
		}
		rn++
		fmt.Fprintf(&b, "R%d\t%s Arg1:T%d Arg2:T%d\n", rn, noSpace(r.Type), from, to)
	}
	bratNotes(&b, d.Spans, num)
	return []byte(b.String())
}

// bratNotes writes each line of each span's note as an AnnotatorNotes line.
func bratNotes(b *strings.Builder, spans []annot.Span, num map[string]int) {
	n := 0
	for i := range spans {
		s := &spans[i]
		if s.Note == "" || num[s.ID] == 0 {
			continue
		}
		for _, line := range strings.Split(s.Note, "\n") {
			n++
			fmt.Fprintf(b, "#%d\tAnnotatorNotes T%d\t%s\n", n, num[s.ID], oneLine(line))
		}
	}
}

func (bw *bratWriter) lose(d *Doc, format string, args ...any) {
	bw.losses = append(bw.losses, docLoss(d, format, args...))
}

// bratFragments cuts [start, end) at line breaks into the pieces an .ann
// line can hold, leaving the breaks out.
func bratFragments(idx *text.Index, start, end int) [][2]int {
	var out [][2]int
	from := -1
	p := start
	for _, r := range idx.Slice(start, end) {
		if isLineBreak(r) {
			if from >= 0 {
				out = append(out, [2]int{from, p})
				from = -1
			}
		} else if from < 0 {
			from = p
		}
		p++
	}
	if from >= 0 {
		out = append(out, [2]int{from, p})
	}
	return out
}

// isLineBreak reports whether r ends a line for a reader of .ann or
// CoNLL files, counting the breaks Python's splitlines knows.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// oneLine turns line breaks into spaces.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isLineBreak) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isLineBreak(r) {
			return ' '
		}
		return r
	}, s)
}

// noSpace makes a label or type one field for brat and CoNLL, which split
// on white space: each run of white space becomes "_".
func noSpace(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return "_"
	}
	return strings.Join(f, "_")
}
