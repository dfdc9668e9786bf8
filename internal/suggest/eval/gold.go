// Package eval measures the built-in attribution rules against hand
// annotated news text: precision and recall per label and language, exact
// and by overlap, and of the links, beside a naive baseline.
//
// The annotated set lives in ../testdata/eval as pairs of files: NAME.txt
// holds the documents ("## id" then the text on one line) and NAME.ann the
// annotations by span text, which MakeGold turns into Spanmark's native
// JSONL (NAME.jsonl), the form the scores are computed from.
package eval

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// Texts reads a NAME.txt file: "## id" lines, each followed by the
// document's text, which runs to the next "## id" line. A document of
// several paragraphs keeps its line breaks; blank lines at its end are
// dropped.
func Texts(data string) (ids []string, texts map[string]string, err error) {
	texts = map[string]string{}
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "## ") {
			if strings.TrimSpace(l) != "" {
				return nil, nil, fmt.Errorf("line %d: expected \"## id\"", i+1)
			}
			continue
		}
		id := strings.TrimSpace(l[3:])
		if _, dup := texts[id]; dup {
			return nil, nil, fmt.Errorf("line %d: document %s appears twice", i+1, id)
		}
		j := i + 1
		for j < len(lines) && !strings.HasPrefix(lines[j], "## ") {
			j++
		}
		body := strings.TrimRight(strings.Join(lines[i+1:j], "\n"), "\n \t")
		if strings.TrimSpace(body) == "" {
			return nil, nil, fmt.Errorf("line %d: %s has no text", i+1, id)
		}
		ids = append(ids, id)
		texts[id] = body
		i = j - 1
	}
	return ids, texts, nil
}

// MakeGold turns documents and their .ann annotations into native records.
// An .ann file has "## id" headers and, under each, lines
//
//	c1 CLAIM first words … last words
//	a1 ACTOR the whole phrase@2
//	c1 SAID_BY a1
//
// A span is given by its text, or by its first and last words around " … "
// (the first place the end follows the start); "@N" picks the N-th place
// the text occurs. Every span must be found, or MakeGold says which.
func MakeGold(name string, ids []string, texts map[string]string, ann string) ([]annot.Record, error) {
	byDoc := map[string][]string{}
	cur := ""
	sc := bufio.NewScanner(strings.NewReader(ann))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "" || strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "## "):
		case strings.HasPrefix(l, "## "):
			cur = strings.TrimSpace(l[3:])
			if _, ok := texts[cur]; !ok {
				return nil, fmt.Errorf("%s:%d: no document %q", name, n, cur)
			}
		default:
			if cur == "" {
				return nil, fmt.Errorf("%s:%d: annotation before any \"## id\"", name, n)
			}
			byDoc[cur] = append(byDoc[cur], strconv.Itoa(n)+"\t"+l)
		}
	}
	var recs []annot.Record
	for _, id := range ids {
		rec, err := goldRecord(name, id, texts[id], byDoc[id])
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

func goldRecord(name, id, text string, lines []string) (annot.Record, error) {
	rec := annot.Record{Doc: annot.Document{ID: id, Title: id, Source: name, Text: text}}
	spanID := map[string]string{}
	for _, nl := range lines {
		num, l, _ := strings.Cut(nl, "\t")
		f := strings.SplitN(l, " ", 3)
		if len(f) < 3 {
			return rec, fmt.Errorf("%s:%s: expected \"id LABEL text\" or \"id TYPE id\"", name, num)
		}
		switch f[1] {
		case annot.SaidBy, annot.AccordingTo:
			from, to := spanID[f[0]], spanID[f[2]]
			if from == "" || to == "" {
				return rec, fmt.Errorf("%s:%s: link between unknown spans", name, num)
			}
			rec.Relations = append(rec.Relations, annot.Relation{ID: id + "/" + f[0] + "-" + f[2], From: from, To: to, Type: f[1], Annotator: "gold"})
		case "CLAIM", "ACTOR", "SOURCE":
			s, e, err := locate(text, f[2])
			if err != nil {
				return rec, fmt.Errorf("%s:%s: %s: %v", name, num, id, err)
			}
			sid := id + "/" + f[0]
			spanID[f[0]] = sid
			rec.Spans = append(rec.Spans, annot.Span{ID: sid, DocID: id, Annotator: "gold", Start: s, End: e, Label: f[1], Status: annot.Accepted})
		default:
			return rec, fmt.Errorf("%s:%s: unknown label or link %q", name, num, f[1])
		}
	}
	return rec, nil
}

// locate finds a span's code-point offsets from its description.
func locate(text, desc string) (int, int, error) {
	nth := 1
	if i := strings.LastIndex(desc, "@"); i > 0 {
		if n, err := strconv.Atoi(desc[i+1:]); err == nil {
			nth, desc = n, desc[:i]
		}
	}
	first, last, ellipsis := strings.Cut(desc, " … ")
	from, seen := 0, 0
	for {
		i := strings.Index(text[from:], first)
		if i < 0 {
			return 0, 0, fmt.Errorf("%q not found (occurrence %d)", first, seen+1)
		}
		from += i
		if wordStart(text, from) && (ellipsis || wordEnd(text, from+len(first))) {
			if seen++; seen == nth {
				break
			}
		}
		from++
	}
	endByte := from + len(first)
	if ellipsis {
		for k := endByte; ; k++ {
			j := strings.Index(text[k:], last)
			if j < 0 {
				return 0, 0, fmt.Errorf("%q not found after %q", last, first)
			}
			if wordEnd(text, k+j+len(last)) {
				endByte = k + j + len(last)
				break
			}
			k += j
		}
	}
	return utf8.RuneCountInString(text[:from]), utf8.RuneCountInString(text[:endByte]), nil
}

// ReadGold reads native JSONL records, as MakeGold writes them.
func ReadGold(name string, data []byte) ([]annot.Record, error) {
	var recs []annot.Record
	err := formats.ReadNative(name, data, formats.Options{Annotator: "gold"}, &formats.Sink{
		Record: func(r *annot.Record) error { recs = append(recs, *r); return nil },
	})
	return recs, err
}

// wordStart and wordEnd report whether byte offset i of text is not inside
// a word, so that "he" is not found inside "the".
func wordStart(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i == 0 || !inWord(r)
}

func wordEnd(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return i == len(text) || !inWord(r)
}

func inWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
