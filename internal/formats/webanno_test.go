package formats

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

func waRead(t testing.TB, name, data string) (*annot.Record, []error, error) {
	recs, warns, err := roundRead(ReadWebAnno, name, []byte(data), "asha")
	if err != nil {
		return nil, warns, err
	}
	return recs[0], warns, nil
}

// waDesc describes spans as "LABEL:covered text[ note]" in record order,
// and relations as "FROM -TYPE-> TO".
func waDesc(rec *annot.Record) (spans, rels []string) {
	idx := text.NewIndex(rec.Doc.Text)
	at := map[string]string{}
	for _, s := range rec.Spans {
		d := s.Label + ":" + idx.Slice(s.Start, s.End)
		if s.Note != "" {
			d += " " + strings.ReplaceAll(s.Note, "\n", ";")
		}
		at[s.ID] = s.Label + ":" + idx.Slice(s.Start, s.End)
		spans = append(spans, d)
	}
	for _, r := range rec.Relations {
		rels = append(rels, at[r.From]+" -"+r.Type+"-> "+at[r.To])
	}
	return spans, rels
}

// INCEpTION's example: POS and named entities (multi-token, stacked) on
// span layers, dependencies on a relation layer over POS.
func TestReadWebAnno_InceptionExample(t *testing.T) {
	data, err := os.ReadFile("testdata/inception-example2.tsv")
	if err != nil {
		t.Fatal(err)
	}
	rec, warns, err := waRead(t, "example2.tsv", string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	if !strings.HasPrefix(rec.Doc.Text, "Ms. Haag plays Elianti .\nRolls-Royce Motor Cars Inc. said") {
		t.Errorf("text %q", rec.Doc.Text[:60])
	}
	spans, rels := waDesc(rec)
	want := map[string]bool{"PER:Ms. Haag": true, "OTH:Elianti": true, "ORG:Rolls-Royce Motor": true, "ORG:BELL INDUSTRIES Inc.": true,
		"PER:BELL": true, "LOC:Los Angeles": true, "NNP:Haag": true, "VBD:plays": true}
	for _, s := range spans {
		delete(want, s)
	}
	if len(want) > 0 {
		t.Errorf("missing spans %v in %v", want, spans)
	}
	if len(spans) != 86+9 { // one POS per token, and 9 named entities
		t.Errorf("%d spans, want %d", len(spans), 86+9)
	}
	wantRels := map[string]bool{"VBD:plays -SUBJ-> NNP:Ms.": true, "NNP:Haag -NAME-> NNP:Ms.": false}
	for _, r := range rels {
		if _, ok := wantRels[r]; ok {
			wantRels[r] = true
		}
	}
	if !wantRels["VBD:plays -SUBJ-> NNP:Ms."] {
		t.Errorf("relations %v", rels[:5])
	}
	// Offsets are UTF-16 and the rows' tokens sit where they say.
	idx := text.NewIndex(rec.Doc.Text)
	if got := idx.Slice(idx.Len()-1, idx.Len()); got != "." {
		t.Errorf("text ends with %q", got)
	}
}

func TestReadWebAnno_SuiteFiles(t *testing.T) {
	cases := []struct {
		file  string
		spans []string
		rels  []string
		warn  string
	}{
		{"inception-stacked-relation.tsv",
			[]string{"Span:This is a test .", "Span:This is a test .", "Span:.", "Span:."},
			[]string{"Span:This is a test . -Relation-> Span:."}, ""},
		{"inception-special-symbols.tsv",
			// The value's final line break goes: labels are trimmed.
			[]string{`#*'"` + "`´\t:;{}|[ ]()\\§$%?=&_:This", `#*'"` + "`´\t:;{}|[ ]()\\§$%?=&_:is"}, nil, ""},
		{"inception-sub-token-spans.tsv", nil, nil, "sub-token-spans.tsv:11: zero-length annotations (a Spanmark span covers at least one character) left out: 3"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			rec, warns, err := waRead(t, strings.TrimPrefix(tc.file, "inception-"), string(data))
			if err != nil {
				t.Fatal(err)
			}
			spans, rels := waDesc(rec)
			for i, want := range tc.spans {
				if i >= len(spans) || spans[i] != want {
					t.Errorf("span %d: got %q, want %q", i, spans, want)
					break
				}
			}
			if tc.rels != nil && !roundEqual(rels, tc.rels) {
				t.Errorf("relations %q, want %q", rels, tc.rels)
			}
			if tc.warn != "" && (len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), tc.warn)) {
				t.Errorf("warnings %v, want %q", warns, tc.warn)
			}
			if tc.warn == "" && len(warns) > 0 {
				t.Errorf("warnings %v", warns)
			}
		})
	}
}

type waCase struct {
	name    string
	in      string
	spans   []string
	rels    []string
	warn    string
	wantErr string
}

const waHead = "#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n"

func waCases() []waCase {
	return []waCase{
		{name: "emoji counts two", in: waHead + "#Text=I like it 😊 .\n1-1\t0-1\tI\t_\t_\t\n1-2\t2-6\tlike\t_\t_\t\n1-3\t7-9\tit\t_\t_\t\n1-4\t10-12\t😊\t*\tEMO\t\n1-5\t13-14\t.\t*\tP\t\n",
			spans: []string{"EMO:😊", "P:."}},
		{name: "identifier in the note", in: waHead + "#Text=Rao spoke\n1-1\t0-3\tRao\tQ42\tPER\t\n1-2\t4-9\tspoke\t_\t_\t\n",
			spans: []string{"PER:Rao identifier=Q42"}},
		{name: "layer name for a null value", in: waHead + "#Text=Rao\n1-1\t0-3\tRao\t*\t*\t\n", spans: []string{"NamedEntity:Rao"}},
		{name: "two sentences, gap", in: waHead + "#Text=A b\n1-1\t0-1\tA\t*\tX\t\n1-2\t2-3\tb\t_\t_\t\n\n#Text=C\n2-1\t5-6\tC\t*\tY\t\n",
			spans: []string{"X:A", "Y:C"}},
		{name: "multi-line sentence", in: waHead + "#Text=A\n#Text=b\n1-1\t0-1\tA\t*[1]\tX[1]\t\n1-2\t2-3\tb\t*[1]\tX[1]\t\n",
			spans: []string{"X:A\nb"}},
		{name: "token relation left out", in: "#FORMAT=WebAnno TSV 3.3\n#T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token\n\n\n#Text=a b\n1-1\t0-1\ta\t_\t_\t\n1-2\t2-3\tb\t*\t1-1\t\n",
			warn: "in.tsv:7: relations between bare tokens (a Spanmark relation joins spans) left out: 1"},
		{name: "chain left out", in: "#FORMAT=WebAnno TSV 3.3\n#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|referenceRelation\n\n\n#Text=He shot himself\n1-1\t0-2\tHe\tpr[1]\tcoref->1-1\t\n1-2\t3-7\tshot\t_\t_\t\n1-3\t8-15\thimself\tpr[1]\t*->1-2\t\n",
			warn: "in.tsv:6: coreference chain links (chain layers have no Spanmark counterpart) left out: 2"},
		{name: "bad: format line", in: "#FORMAT=WebAnno TSV 2\n", wantErr: "in.tsv:1: expected #FORMAT=WebAnno TSV 3.x"},
		{name: "bad: columns", in: waHead + "#Text=a\n1-1\t0-1\ta\n", wantErr: "in.tsv:6: 3 columns, but the header declares 5"},
		{name: "bad: offsets", in: waHead + "#Text=a\n1-1\t0_1\ta\t_\t_\t\n", wantErr: `in.tsv:6: offsets "0_1"`},
		{name: "bad: token elsewhere", in: waHead + "#Text=abc\n1-1\t0-2\txy\t_\t_\t\n", wantErr: `in.tsv:6: token "xy" is not the sentence's text "ab"`},
		{name: "bad: row id", in: waHead + "#Text=a\nx\t0-1\ta\t_\t_\t\n", wantErr: `in.tsv:6: row id "x"`},
		{name: "bad: no rows", in: waHead, wantErr: "in.tsv: no sentences"},
		{name: "bad: sentences overlap", in: waHead + "#Text=abc\n1-1\t0-3\tabc\t_\t_\t\n#Text=b\n2-1\t1-2\tb\t_\t_\t\n", wantErr: "in.tsv:7: the sentence starts at 1"},
	}
}

func TestReadWebAnno(t *testing.T) {
	for _, tc := range waCases() {
		t.Run(tc.name, func(t *testing.T) {
			rec, warns, err := waRead(t, "in.tsv", tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				checkNoInternalNames(t, err.Error())
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			spans, rels := waDesc(rec)
			if !roundEqual(spans, tc.spans) || !roundEqual(rels, tc.rels) {
				t.Errorf("spans %q rels %q, want %q %q", spans, rels, tc.spans, tc.rels)
			}
			switch {
			case tc.warn == "" && len(warns) > 0:
				t.Errorf("warnings %v", warns)
			case tc.warn != "" && (len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), tc.warn)):
				t.Errorf("warnings %v, want %q", warns, tc.warn)
			}
		})
	}
}

// waWrite exports docs through the folder writer and reads each file back.
func waWrite(t testing.TB, docs []*Doc) ([]*annot.Record, []error, string) {
	t.Helper()
	dir := t.TempDir()
	w, err := NewWebAnnoWriter(dir)
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
	files, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
	var recs []*annot.Record
	for _, f := range files {
		data, _ := os.ReadFile(f)
		rec, _, err := waRead(t, f, string(data))
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		recs = append(recs, rec)
	}
	return recs, w.(Lossy).Losses(), dir
}

// Spanmark's export reads back with the same text, spans (stacked,
// overlapping, over emoji and Devanagari) and relations.
func TestWebAnno_RoundTrip(t *testing.T) {
	txt := "मंत्री राव ने कहा 🙂 कि लागत घटेगी।\nPTI reported it."
	d := &Doc{Doc: &annot.Document{ID: "d1", Title: "t", Source: "rao.txt", Text: txt}, Spans: []annot.Span{
		{ID: "a", Start: 0, End: 10, Label: "ACTOR", Annotator: "asha"},
		{ID: "b", Start: 7, End: 10, Label: "PER", Annotator: "asha"},
		{ID: "c", Start: 20, End: 33, Label: "CLAIM", Annotator: "asha"},
		{ID: "e", Start: 18, End: 19, Label: "EMO", Annotator: "asha"},
		{ID: "f", Start: 35, End: 38, Label: "SOURCE", Annotator: "asha"},
	}, Relations: []annot.Relation{
		{From: "c", To: "a", Type: "SAID_BY", Annotator: "asha"},
		{From: "c", To: "f", Type: "ACCORDING_TO", Annotator: "asha"},
	}}
	recs, losses, _ := waWrite(t, []*Doc{d})
	if len(losses) != 0 {
		t.Errorf("losses %v", losses)
	}
	rec := recs[0]
	if rec.Doc.Text != txt {
		t.Fatalf("text %q, want %q", rec.Doc.Text, txt)
	}
	var want []string
	for _, s := range d.Spans {
		want = append(want, s.Label+":"+text.NewIndex(txt).Slice(s.Start, s.End))
	}
	spans, rels := waDesc(rec)
	if !roundEqual(sortedCopy(spans), sortedCopy(want)) {
		t.Errorf("spans %q, want %q", spans, want)
	}
	wantRels := []string{"CLAIM:कि लागत घटेगी -ACCORDING_TO-> SOURCE:PTI", "CLAIM:कि लागत घटेगी -SAID_BY-> ACTOR:मंत्री राव"}
	if !roundEqual(sortedCopy(rels), wantRels) {
		t.Errorf("relations %q, want %q", rels, wantRels)
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}

// What the format cannot hold is counted, never dropped in silence.
func TestWebAnnoWriter_Losses(t *testing.T) {
	d := &Doc{Doc: &annot.Document{ID: "d", Title: "t", Text: "  Rao spoke.\n"}, Spans: []annot.Span{
		{ID: "a", Start: 1, End: 5, Label: "ACTOR", Annotator: "asha", Note: "check", Status: annot.Accepted},
		{ID: "b", Start: 0, End: 1, Label: "X", Annotator: "ben"},
	}}
	_, losses, _ := waWrite(t, []*Doc{d})
	var msgs []string
	for _, l := range losses {
		msgs = append(msgs, l.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"1 notes", "1 review verdicts", "2 annotator names", "1 spans that cover no word", "1 spans' white space", "white space before a line's first word", "line breaks after the last line"} {
		if !strings.Contains(all, want) {
			t.Errorf("no loss %q in\n%s", want, all)
		}
	}
}

func FuzzReadWebAnno(f *testing.F) {
	for _, tc := range waCases() {
		f.Add([]byte(tc.in))
	}
	for _, name := range []string{"inception-example2.tsv", "inception-stacked-relation.tsv", "inception-special-symbols.tsv", "inception-sub-token-spans.tsv"} {
		data, _ := os.ReadFile("testdata/" + name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := roundRead(ReadWebAnno, "fuzz.tsv", data, "fuzz")
		if err != nil {
			return
		}
		roundCheckInside(t, recs)
		docs := roundDocs(recs)
		if len(text.Tokens(docs[0].Doc.Text)) == 0 {
			return // a document without a word is written as a counted loss
		}
		docs[0].Doc.ID = "x"
		back, _, _ := waWrite(t, docs)
		if len(back) != 1 {
			t.Fatalf("%d documents came back", len(back))
		}
		// Every span over a word comes back with its label.
		if len(back[0].Spans) > len(recs[0].Spans) {
			t.Fatalf("%d spans came back from %d", len(back[0].Spans), len(recs[0].Spans))
		}
	})
}
