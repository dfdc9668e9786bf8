package formats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// The acceptance table: a document with overlapping spans, relations,
// notes, two annotators, a review and meta goes out in one format, in,
// out in another and in again, for every pair of formats. Whatever the
// second import lacks of the first document must be named by a warning
// of a writer or reader on the way: each pair keeps or warns, never
// silently loses.

const rtText = "Minister Rao said the plan will cut costs, PTI reported.\nशिन्हुआ के अनुसार निर्यात घटा 🙂।"

func rtDoc(t testing.TB) *Doc {
	idx := text.NewIndex(rtText)
	at := func(s string, nth int) (int, int) {
		b := 0
		for i := 0; i <= nth; i++ {
			j := strings.Index(rtText[b:], s)
			if j < 0 {
				t.Fatalf("%q not in the text", s)
			}
			b += j
			if i < nth {
				b += len(s)
			}
		}
		start := idx.Rune(b)
		return start, start + len([]rune(s))
	}
	span := func(id, who, covered string, nth int, label string) annot.Span {
		s, e := at(covered, nth)
		return annot.Span{ID: id, Annotator: who, Start: s, End: e, Label: label, Status: annot.Pending}
	}
	spans := []annot.Span{
		span("a1", "asha", "Minister Rao", 0, "ACTOR"),
		span("a2", "asha", "Rao", 0, "ACTOR"), // nested in a1
		span("a3", "asha", "the plan will cut costs", 0, "CLAIM"),
		span("a4", "asha", "PTI", 0, "SOURCE"),
		span("b1", "ben", "Minister Rao", 0, "ACTOR"),        // the same as a1
		span("b2", "ben", "plan will cut costs", 0, "CLAIM"), // overlaps a3
		span("b3", "ben", "शिन्हुआ", 0, "SOURCE"),
		span("b4", "ben", "निर्यात घटा", 0, "CLAIM"),
	}
	spans[1].Note = "surname only"
	spans[6].Note = "news agency\nChinese state media"
	for _, i := range []int{0, 2} {
		spans[i].Status, spans[i].Reviewer = annot.Accepted, "rita"
	}
	spans[1].Status, spans[1].Reviewer = annot.Rejected, "rita"
	sort.SliceStable(spans, func(i, j int) bool {
		a, b := &spans[i], &spans[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.Annotator < b.Annotator
	})
	return &Doc{
		Doc: &annot.Document{ID: "0190d2a4-0000-7000-8000-000000000001", Title: "Rao on costs", Source: "rao.txt", Text: rtText,
			Meta: json.RawMessage(`{"url":"https://example.org/rao"}`)},
		Spans: spans,
		Relations: []annot.Relation{
			{ID: "r1", From: "a3", To: "a1", Type: "SAID_BY", Annotator: "asha"},
			{ID: "r2", From: "a3", To: "a4", Type: "ACCORDING_TO", Annotator: "asha"},
			{ID: "r3", From: "b4", To: "b3", Type: "ACCORDING_TO", Annotator: "ben"},
		},
		States: map[string]annot.DocState{"asha": annot.StateDone, "ben": annot.StateInProgress},
	}
}

// rtFormats are the formats that both export and import.
var rtFormats = []string{Native, Doccano, Prodigy, LabelStudio, Brat, CoNLL, WebAnno}

// rtPass writes docs in format, reads the result back, and returns the
// records and every warning on the way.
func rtPass(t *testing.T, format string, docs []*Doc) ([]*annot.Record, []error) {
	t.Helper()
	var warns []error
	var recs []*annot.Record
	sink := &Sink{Record: func(r *annot.Record) error { recs = append(recs, r); return nil },
		Warn: func(e error) { warns = append(warns, e) }}
	opt := Options{Annotator: "importer"}
	if WritesFolder(format) {
		dir := t.TempDir()
		w, err := NewFolderWriter(format, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if err := w.WriteDoc(d); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		warns = append(warns, w.(Lossy).Losses()...)
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		sort.Strings(files)
		for _, f := range files {
			data, _ := os.ReadFile(f)
			switch {
			case format == Brat && strings.HasSuffix(f, ".ann"):
				txtName := strings.TrimSuffix(f, ".ann") + ".txt"
				txt, _ := os.ReadFile(txtName)
				err = ReadBrat(txtName, txt, f, data, opt, sink)
			case format == WebAnno:
				err = ReadWebAnno(f, data, opt, sink)
			}
			if err != nil {
				t.Fatalf("%s does not read back: %v", format, err)
			}
		}
		return recs, warns
	}
	var out bytes.Buffer
	w, err := NewWriter(format, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.WriteDoc(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if l, ok := w.(Lossy); ok {
		warns = append(warns, l.Losses()...)
	}
	if err := ReaderFor(format)("export", out.Bytes(), opt, sink); err != nil {
		t.Fatalf("%s does not read back: %v\n%s", format, err, out.Bytes())
	}
	return recs, warns
}

// rtStore does what the store does with records before an export: one
// document per text, spans sorted, relations among them.
func rtStore(recs []*annot.Record) []*Doc {
	byText := map[string]*Doc{}
	var order []string
	for _, rec := range recs {
		d := byText[rec.Doc.Text]
		if d == nil {
			doc := rec.Doc
			if doc.ID == "" {
				doc.ID = annot.NewID()
			}
			d = &Doc{Doc: &doc, States: map[string]annot.DocState{}, Answers: map[string]annot.Answer{}}
			byText[rec.Doc.Text] = d
			order = append(order, rec.Doc.Text)
		}
		status := map[string]annot.Verdict{}
		for _, v := range rec.Verdicts {
			status[v.SpanID] = v
		}
		for _, s := range rec.Spans {
			if v, ok := status[s.ID]; ok {
				s.Status, s.Reviewer = v.Decision, v.Reviewer
			}
			d.Spans = append(d.Spans, s)
		}
		d.Relations = append(d.Relations, rec.Relations...)
		for k, v := range rec.States {
			d.States[k] = v
		}
		for k, v := range rec.Answers {
			d.Answers[k] = v
		}
	}
	var out []*Doc
	for _, txt := range order {
		d := byText[txt]
		sort.SliceStable(d.Spans, func(i, j int) bool {
			a, b := &d.Spans[i], &d.Spans[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			return a.Label < b.Label
		})
		out = append(out, d)
	}
	return out
}

// rtAspects describes what a document holds, aspect by aspect, in terms
// that survive a change of tokenisation (CoNLL rebuilds the text from its
// tokens): covered text without spaces.
func rtAspects(docs []*Doc) map[string]map[string]bool {
	a := map[string]map[string]bool{"span": {}, "relation": {}, "note": {}, "annotator": {}, "verdict": {}, "meta": {}}
	for _, d := range docs {
		idx := text.NewIndex(d.Doc.Text)
		cov := map[string]string{}
		for _, s := range d.Spans {
			c := s.Label + ":" + strings.Join(strings.Fields(idx.Slice(s.Start, s.End)), "")
			cov[s.ID] = c
			a["span"][c] = true
			a["annotator"][s.Annotator+" "+c] = true
			if s.Note != "" {
				a["note"][c+" "+s.Note] = true
			}
			if s.Status != annot.Pending && s.Status != "" {
				a["verdict"][c+" "+string(s.Status)+" "+s.Reviewer] = true
			}
		}
		for _, r := range d.Relations {
			a["relation"][cov[r.From]+" "+r.Type+" "+cov[r.To]] = true
		}
		fields, _ := objectFields(d.Doc.Meta)
		for _, f := range fields {
			a["meta"][f.Key+"="+string(f.Value)] = true
		}
	}
	return a
}

// rtKeyword is what a warning about a lost aspect says.
var rtKeyword = map[string]string{
	"span": "span", "relation": "relation", "note": "note", "annotator": "annotator", "verdict": "verdict", "meta": "meta",
}

func TestRoundTrip_AllPairs(t *testing.T) {
	orig := []*Doc{rtDoc(t)}
	want := rtAspects(orig)
	for _, a := range rtFormats {
		for _, b := range rtFormats {
			t.Run(a+"→"+b, func(t *testing.T) {
				recs, w1 := rtPass(t, a, orig)
				recs2, w2 := rtPass(t, b, rtStore(recs))
				got := rtAspects(rtStore(recs2))
				warns := append(w1, w2...)
				var said []string
				for _, w := range warns {
					said = append(said, w.Error())
					checkNoInternalNames(t, w.Error())
				}
				all := strings.ToLower(strings.Join(said, "\n"))
				for aspect, items := range want {
					var lost []string
					for it := range items {
						if !got[aspect][it] {
							lost = append(lost, it)
						}
					}
					if len(lost) > 0 && !strings.Contains(all, rtKeyword[aspect]) {
						sort.Strings(lost)
						t.Errorf("lost %s %q without a warning; warnings:\n%s", aspect, lost, strings.Join(said, "\n"))
					}
				}
				if a == Native && b == Native {
					for aspect, items := range want {
						if len(got[aspect]) != len(items) {
							t.Errorf("native round trip changed %s: %v, want %v", aspect, got[aspect], items)
						}
					}
					if len(warns) != 0 {
						t.Errorf("native round trip warned: %v", warns)
					}
				}
			})
		}
	}
}

// The Hugging Face export cannot be read back; it must still say what it
// left out of the same document.
func TestRoundTrip_HFWarns(t *testing.T) {
	dir := t.TempDir()
	w, err := NewHFWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDoc(rtDoc(t)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, l := range w.(Lossy).Losses() {
		said = append(said, l.Error())
	}
	all := strings.Join(said, "\n")
	for _, k := range []string{"overlaps", "relations", "notes", "annotator", "verdicts", "meta"} {
		if !strings.Contains(all, k) {
			t.Errorf("no warning about %s in\n%s", k, all)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "data.jsonl"))
	labels, _ := os.ReadFile(filepath.Join(dir, "labels.json"))
	var names []string
	if err := json.Unmarshal(labels, &names); err != nil || names[0] != "O" {
		t.Fatalf("labels.json %s: %v", labels, err)
	}
	var first struct {
		Tokens  []string `json:"tokens"`
		NerTags []int    `json:"ner_tags"`
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if err := json.Unmarshal(line, &first); err != nil {
		t.Fatal(err)
	}
	var tagged []string
	for i, tag := range first.NerTags {
		tagged = append(tagged, fmt.Sprintf("%s/%s", first.Tokens[i], names[tag]))
	}
	if got := strings.Join(tagged, " "); !strings.HasPrefix(got, "Minister/B-ACTOR Rao/I-ACTOR said/O the/B-CLAIM plan/I-CLAIM") {
		t.Errorf("first sentence %s", got)
	}
}
