package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// The helpers below are shared with labelstudio_test.go; their "round"
// prefix keeps them apart from other formats' test helpers.

// roundRead runs a reader over data and collects what it reports.
func roundRead(r Reader, name string, data []byte, annotator string) ([]*annot.Record, []error, error) {
	var recs []*annot.Record
	var warns []error
	sink := &Sink{
		Record: func(rec *annot.Record) error { recs = append(recs, rec); return nil },
		Warn:   func(err error) { warns = append(warns, err) },
	}
	err := r(name, data, Options{Annotator: annotator}, sink)
	return recs, warns, err
}

// roundDocs turns records into what the store hands a writer: spans
// sorted by start, end and label.
func roundDocs(recs []*annot.Record) []*Doc {
	docs := make([]*Doc, 0, len(recs))
	for _, rec := range recs {
		d := &Doc{Doc: &rec.Doc, Spans: append([]annot.Span(nil), rec.Spans...), Relations: rec.Relations, States: rec.States, Answers: rec.Answers}
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
		docs = append(docs, d)
	}
	return docs
}

// roundWrite writes docs in a format and returns the output.
func roundWrite(t testing.TB, format string, docs []*Doc) []byte {
	t.Helper()
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
	return out.Bytes()
}

// roundSpans describes a record's spans for comparison: offsets, label,
// the characters covered, annotator and status.
func roundSpans(rec *annot.Record) []string {
	idx := text.NewIndex(rec.Doc.Text)
	var out []string
	for _, s := range rec.Spans {
		d := fmt.Sprintf("%d-%d %s %q %s %s", s.Start, s.End, s.Label, idx.Slice(s.Start, s.End), s.Annotator, s.Status)
		if s.Answer != "" {
			d += " answer=" + string(s.Answer)
		}
		if s.Origin != "" {
			d += " from " + s.Origin
		}
		out = append(out, d)
	}
	for _, g := range rec.Suggestions {
		out = append(out, fmt.Sprintf("%d-%d %s %q suggested by %s", g.Start, g.End, g.Label, idx.Slice(g.Start, g.End), g.Origin))
	}
	sort.Strings(out)
	return out
}

// roundKeys is the set of start-end-label triples per text, which every
// round trip must keep.
func roundKeys(recs []*annot.Record) map[string][]string {
	seen := map[string]map[string]bool{}
	for _, rec := range recs {
		if seen[rec.Doc.Text] == nil {
			seen[rec.Doc.Text] = map[string]bool{}
		}
		for _, s := range rec.Spans {
			seen[rec.Doc.Text][fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label)] = true
		}
	}
	out := map[string][]string{}
	for txt, set := range seen {
		out[txt] = sortedKeys(set)
	}
	return out
}

// roundCheckInside fails unless every span of every record lies inside
// its text.
func roundCheckInside(t testing.TB, recs []*annot.Record) {
	t.Helper()
	for _, rec := range recs {
		n := utf8.RuneCountInString(rec.Doc.Text)
		for _, s := range rec.Spans {
			if s.Start < 0 || s.Start >= s.End || s.End > n {
				t.Fatalf("span %d-%d outside text of %d code points", s.Start, s.End, n)
			}
		}
	}
}

func roundEqual(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}

// The acceptance test: Prodigy's news headlines dataset comes back from a
// Prodigy export with every span in place under the annotator's own
// answer (never a reviewer's acceptance), and the ignored task is kept,
// still ignored.
func TestProdigy_NewsHeadlinesRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/prodigy-news_headlines-ner.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	type origTask struct {
		Text   string `json:"text"`
		Answer string `json:"answer"`
		Spans  []struct {
			Start, End int
			Label      string
		} `json:"spans"`
	}
	var orig []origTask
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var o origTask
		if err := json.Unmarshal(line, &o); err != nil {
			t.Fatal(err)
		}
		orig = append(orig, o)
	}

	recs, warns, err := roundRead(ReadProdigy, "news_headlines-ner.jsonl", data, "asha")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(orig) || len(orig) != 373 {
		t.Fatalf("read %d records from %d tasks, want 373", len(recs), len(orig))
	}
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}

	out := roundWrite(t, Prodigy, roundDocs(recs))
	back, _, err := roundRead(ReadProdigy, "export.jsonl", out, "someone-else")
	if err != nil {
		t.Fatalf("re-reading the export: %v", err)
	}
	byText := map[string][]*annot.Record{}
	for _, rec := range back {
		byText[rec.Doc.Text] = append(byText[rec.Doc.Text], rec)
	}
	ignored := 0
	for i, o := range orig {
		got := byText[o.Text]
		if len(got) != 1 {
			t.Fatalf("task %d: %d records in the export, want 1", i+1, len(got))
		}
		rec := got[0]
		if string(rec.Answers["asha"]) != o.Answer || rec.States["asha"] != annot.StateDone || len(rec.Verdicts) != 0 {
			t.Errorf("task %d (answer %s): answers %v, states %v, verdicts %v", i+1, o.Answer, rec.Answers, rec.States, rec.Verdicts)
		}
		if o.Answer != "accept" {
			ignored++
			continue
		}
		var want, have []string
		for _, s := range o.Spans {
			want = append(want, fmt.Sprintf("%d-%d %s asha pending accept", s.Start, s.End, s.Label))
		}
		for _, s := range rec.Spans {
			have = append(have, fmt.Sprintf("%d-%d %s %s %s %s", s.Start, s.End, s.Label, s.Annotator, s.Status, s.Answer))
		}
		sort.Strings(want)
		sort.Strings(have)
		if !roundEqual(want, have) {
			t.Errorf("task %d: spans\n got %v\nwant %v", i+1, have, want)
		}
	}
	if ignored != 1 {
		t.Errorf("%d tasks not accepted, want the 1 ignored", ignored)
	}
	if !bytes.Contains(out, []byte(`"answer":"ignore","_annotator_id":"asha"}`)) {
		t.Error(`the ignored task is not written with "answer":"ignore"`)
	}
	// Prodigy's own input hash is kept, so the export names the same inputs.
	if first, _, _ := bytes.Cut(out, []byte("\n")); !bytes.Contains(first, []byte(`"_input_hash":1886699658,`)) {
		t.Errorf("first task lost its _input_hash: %s", first)
	}
	if bytes.Contains(out, []byte(metaProdigyInputHash)) {
		t.Error("the export leaks prodigy_input_hash into meta")
	}
}

// prodigyCase is one table case; bad cases put the bad task on line 2.
type prodigyCase struct {
	name     string
	in       string
	text     string   // stored text of the last record, when set
	want     []string // roundSpans of the last record
	meta     string   // meta of the last record, when set
	wantErr  string
	wantWarn string
}

const okProdigyTask = `{"text":"Fine.","spans":[]}` + "\n"

func prodigyCases() []prodigyCase {
	return []prodigyCase{
		{name: "accept", in: `{"text":"Uber's lesson","spans":[{"start":0,"end":4,"label":"ORG"}],"answer":"accept"}`,
			want: []string{`0-4 ORG "Uber" asha pending answer=accept`}},
		{name: "hindi", in: `{"text":"आशा ने कहा कि चीनी निर्यात घटा।","spans":[{"start":0,"end":3,"label":"ACTOR"},{"start":14,"end":18,"label":"SOURCE","text":"चीनी"}],"answer":"accept"}`,
			want: []string{`0-3 ACTOR "आशा" asha pending answer=accept`, `14-18 SOURCE "चीनी" asha pending answer=accept`}},
		{name: "emoji", in: `{"text":"🙂 Asha said so 👍🏽 twice","spans":[{"start":2,"end":6,"label":"ACTOR"},{"start":15,"end":17,"label":"X"}],"answer":"accept"}`,
			want: []string{`15-17 X "👍🏽" asha pending answer=accept`, `2-6 ACTOR "Asha" asha pending answer=accept`}},
		{name: "CRLF", in: `{"text":"Line one\r\nAsha spoke","spans":[{"start":10,"end":14,"label":"ACTOR"}]}`,
			text: "Line one\nAsha spoke", want: []string{`9-13 ACTOR "Asha" suggested by import:prediction`}},
		{name: "BOM", in: `{"text":"\ufeffAsha spoke","spans":[{"start":1,"end":5,"label":"ACTOR"}]}`,
			text: "Asha spoke", want: []string{`0-4 ACTOR "Asha" suggested by import:prediction`}},
		{name: "tokens agree", in: `{"text":"New York Times","tokens":[{"text":"New","start":0,"end":3,"id":0,"ws":true},{"text":"York","start":4,"end":8,"id":1,"ws":true},{"text":"Times","start":9,"end":14,"id":2,"ws":false}],"spans":[{"start":0,"end":8,"token_start":0,"token_end":1,"label":"GPE"}],"answer":"accept","_annotator_id":"news-ben"}`,
			want: []string{`0-8 GPE "New York" news-ben pending answer=accept`}},
		{name: "tokens disagree", in: `{"text":"New York Times","tokens":[{"text":"New","start":0,"end":3,"id":0},{"text":"York","start":4,"end":8,"id":1},{"text":"Times","start":9,"end":14,"id":2}],"spans":[{"start":0,"end":8,"token_start":0,"token_end":2,"label":"GPE"}]}`,
			want: []string{`0-8 GPE "New York" suggested by import:prediction`}, wantWarn: "in.jsonl:1: span 1: its tokens 0-2 cover characters 0-14"},
		{name: "tokens only", in: `{"text":"New York Times","tokens":[{"start":0,"end":3},{"start":4,"end":8},{"start":9,"end":14}],"spans":[{"token_start":2,"token_end":2,"label":"ORG"}]}`,
			want: []string{`9-14 ORG "Times" suggested by import:prediction`}},
		{name: "unanswered input is suggestions", in: `{"text":"Asha spoke to Ravi","spans":[{"start":0,"end":4,"label":"ACTOR","origin":"pattern:people.jsonl"},{"start":14,"end":18,"label":"ACTOR","note":"0.7"}],"relations":[{"head_span":{"start":0,"end":4},"child_span":{"start":14,"end":18},"label":"SPOKE_TO"}]}`,
			want:     []string{`0-4 ACTOR "Asha" suggested by pattern:people.jsonl`, `14-18 ACTOR "Ravi" suggested by import:prediction`},
			wantWarn: "in.jsonl:1: an unanswered Prodigy task is a model's suggestions: 1 notes left out"},
		{name: "work in progress names its annotator", in: `{"text":"Asha spoke","spans":[{"start":0,"end":4,"label":"ACTOR","origin":"rule:en-said","changed":true}],"_annotator_id":"ravi"}`,
			want: []string{`0-4 ACTOR "Asha" ravi pending from rule:en-said`}},
		{name: "bad: origin", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":"A","origin":"spacy"}]}`,
			wantErr: `in.jsonl:2: span 1: origin "spacy" is none of`},
		{name: "reject", in: `{"text":"Asha spoke","spans":[{"start":0,"end":4,"label":"ACTOR"}],"answer":"reject","meta":{"source":"x"},"_session_id":"ds-ben"}`,
			want: []string{`0-4 ACTOR "Asha" ds-ben pending answer=reject`}, meta: `{"source":"x"}`},
		{name: "ignore", in: `{"text":"Nothing","spans":[],"answer":"ignore","_input_hash":-12}`,
			meta: `{"prodigy_input_hash":-12}`},
		{name: "span answer wins", in: `{"text":"Asha met Ben","spans":[{"start":0,"end":4,"label":"PER","answer":"reject"},{"start":9,"end":12,"label":"PER"}],"answer":"accept"}`,
			want: []string{`0-4 PER "Asha" asha pending answer=reject`, `9-12 PER "Ben" asha pending answer=accept`}},
		{name: "binary ner.teach", in: `{"text":"Asha met Ben","spans":[{"start":9,"end":12,"label":"PER","score":0.41,"rank":3,"source":"en_core_web_sm","input_hash":5}],"meta":{"score":0.41},"answer":"reject","_view_id":"ner","_is_binary":true,"priority":0.41}`,
			want: []string{`9-12 PER "Ben" asha pending answer=reject`}, meta: `{"score":0.41,"priority":0.41}`},
		{name: "custom keys kept", in: `{"text":"Carril bici","proposal_id":"50","info":"title","spans":[],"answer":"accept"}`,
			meta: `{"proposal_id":"50","info":"title"}`},
		{name: "textcat choice", in: `{"text":"Great flight","options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"accept":["POS"],"answer":"accept","_view_id":"choice"}`,
			meta:     `{"prodigy_options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"categories":{"asha":["POS"]}}`,
			wantWarn: `in.jsonl:1: text classification (the categories each annotator chose) is kept in the document's meta under "categories"`},
		{name: "textcat binary", in: `{"text":"Great flight","label":"POSITIVE","answer":"accept"}`,
			meta:     `{"prodigy_label":"POSITIVE","categories":{"asha":["POSITIVE"]}}`,
			wantWarn: `in.jsonl:1: text classification`},
		{name: "textcat binary rejected", in: `{"text":"Great flight","label":"POSITIVE","answer":"reject"}`,
			meta: `{"prodigy_label":"POSITIVE"}`},
		{name: "relations", in: `{"text":"GATA3 binds FOXP3","spans":[{"start":0,"end":5,"label":"GGP"},{"start":12,"end":17,"label":"GGP"}],"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":5,"label":"GGP"},"child_span":{"start":12,"end":17,"label":"GGP"},"label":"Binds"}],"answer":"accept"}`,
			want: []string{`0-5 GGP "GATA3" asha pending answer=accept`, `12-17 GGP "FOXP3" asha pending answer=accept`}},
		{name: "relation to a bare token", in: `{"text":"GATA3 binds FOXP3","tokens":[{"start":0,"end":5},{"start":6,"end":11},{"start":12,"end":17}],"spans":[{"start":0,"end":5,"token_start":0,"token_end":0,"label":"GGP"}],"relations":[{"head":0,"child":1,"head_span":{"start":0,"end":5,"token_start":0,"token_end":0,"label":"GGP"},"child_span":{"start":6,"end":11,"token_start":1,"token_end":1,"label":null},"label":"X"}],"answer":"accept"}`,
			want:     []string{`0-5 GGP "GATA3" asha pending answer=accept`},
			wantWarn: `in.jsonl:1: relation 1 (X) joins tokens that are not labelled spans of the task; left out`},
		{name: "bad: span answer", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":"A","answer":"yes"}]}`,
			wantErr: `in.jsonl:2: span 1: "answer" is "yes"`},
		{name: "bad: relation label", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":"A"}],"relations":[{"head":0,"child":0}]}`,
			wantErr: `in.jsonl:2: relation 1 has no "label"`},
		{name: "bad: past the end", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`,
			wantErr: "in.jsonl:2: span 1: offsets 0..5: past the end of the text (4 characters)"},
		{name: "bad: reversed", in: okProdigyTask + `{"text":"Asha","spans":[{"start":3,"end":1,"label":"ACTOR"}]}`,
			wantErr: "in.jsonl:2: span 1: offsets 3..1: start after end"},
		{name: "bad: negative", in: okProdigyTask + `{"text":"Asha","spans":[{"start":-1,"end":1,"label":"ACTOR"}]}`,
			wantErr: "in.jsonl:2: span 1: offsets -1..1: negative"},
		{name: "bad: missing label", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4}]}`,
			wantErr: `in.jsonl:2: span 1: 0-4 has no "label"`},
		{name: "bad: blank label", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":"  "}]}`,
			wantErr: `in.jsonl:2: span 1: span 0-4 has no label`},
		{name: "bad: label a number", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":7}]}`,
			wantErr: `in.jsonl:2: "spans.label" is a JSON number, expected string`},
		{name: "bad: broken JSON", in: okProdigyTask + `{"text":"Asha","spans":[{"start":0,"end":4,"label":"A"}]`,
			wantErr: "in.jsonl:2: broken JSON"},
		{name: "bad: no text", in: okProdigyTask + `{"spans":[]}`,
			wantErr: `in.jsonl:2: no "text"`},
		{name: "bad: answer", in: okProdigyTask + `{"text":"Asha","answer":"maybe"}`,
			wantErr: `in.jsonl:2: "answer" is "maybe"`},
		{name: "bad: span text", in: okProdigyTask + `{"text":"Asha spoke","spans":[{"start":0,"end":4,"label":"A","text":"Ash"}]}`,
			wantErr: `in.jsonl:2: span 1: its text "Ash" is not the task's text "Asha" at 0-4`},
		{name: "bad: no offsets", in: okProdigyTask + `{"text":"Asha spoke","spans":[{"label":"A"}]}`,
			wantErr: `in.jsonl:2: span 1: needs "start" and "end"`},
		{name: "bad: inside CRLF", in: okProdigyTask + `{"text":"a\r\nb","spans":[{"start":0,"end":2,"label":"A"}]}`,
			wantErr: `in.jsonl:2: span 1: offset 2 falls inside a CRLF line break`},
		{name: "bad: not an object", in: okProdigyTask + `[1,2]`,
			wantErr: `in.jsonl:2: expected a JSON object`},
	}
}

func TestReadProdigy(t *testing.T) {
	for _, tc := range prodigyCases() {
		t.Run(tc.name, func(t *testing.T) {
			recs, warns, err := roundRead(ReadProdigy, "in.jsonl", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, tc.wantErr)
				}
				if annot.ErrorKind(err) != annot.Invalid {
					t.Errorf("error kind %v, want invalid", annot.ErrorKind(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 {
				t.Fatal("no records")
			}
			rec := recs[len(recs)-1]
			if tc.text != "" && rec.Doc.Text != tc.text {
				t.Errorf("text %q, want %q", rec.Doc.Text, tc.text)
			}
			if got := roundSpans(rec); !roundEqual(got, tc.want) {
				t.Errorf("spans\n got %q\nwant %q", got, tc.want)
			}
			if tc.meta != "" && string(rec.Doc.Meta) != tc.meta {
				t.Errorf("meta %s, want %s", rec.Doc.Meta, tc.meta)
			}
			switch {
			case tc.wantWarn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %v", warns)
			case tc.wantWarn != "" && (len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), tc.wantWarn)):
				t.Errorf("warnings %v, want one starting %q", warns, tc.wantWarn)
			}
		})
	}
}

// The reproduction of defect 1 at the reader: an annotator's accept is
// their own answer, never a verdict.
func TestReadProdigy_AcceptIsNotAVerdict(t *testing.T) {
	in := `{"text":"IRF-4 is expressed","spans":[{"start":0,"end":5,"label":"GGP"}],"answer":"accept","_annotator_id":"ben"}`
	recs, _, err := roundRead(ReadProdigy, "in.jsonl", []byte(in), "asha")
	if err != nil {
		t.Fatal(err)
	}
	rec := recs[0]
	if len(rec.Verdicts) != 0 || rec.Spans[0].Status != annot.Pending || rec.Spans[0].Answer != annot.AnswerAccept {
		t.Errorf("verdicts %+v, span %+v", rec.Verdicts, rec.Spans[0])
	}
	if rec.States["ben"] != annot.StateDone || rec.Answers["ben"] != annot.AnswerAccept || len(rec.States) != 1 {
		t.Errorf("states %v answers %v, want ben done with accept", rec.States, rec.Answers)
	}
}

// prodigyLines parses a Prodigy export for the writer tests.
type prodigyLine struct {
	Text      string          `json:"text"`
	Meta      json.RawMessage `json:"meta"`
	InputHash *int64          `json:"_input_hash"`
	TaskHash  *int64          `json:"_task_hash"`
	Tokens    []struct {
		Text       string `json:"text"`
		Start, End int
		ID         int  `json:"id"`
		WS         bool `json:"ws"`
	} `json:"tokens"`
	Spans []struct {
		Start, End int
		Text       string `json:"text"`
		Label      string `json:"label"`
		TokenStart *int   `json:"token_start"`
		TokenEnd   *int   `json:"token_end"`
	} `json:"spans"`
	Answer    *string `json:"answer"`
	Annotator string  `json:"_annotator_id"`
}

func prodigyLines(t *testing.T, out []byte) []prodigyLine {
	t.Helper()
	var lines []prodigyLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l prodigyLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%v in %s", err, sc.Bytes())
		}
		lines = append(lines, l)
	}
	return lines
}

func roundMakeSpan(id, who string, start, end int, label string, st annot.Status) annot.Span {
	return annot.Span{ID: id, Annotator: who, Start: start, End: end, Label: label, Status: st}
}

func TestProdigyWriter_TokensAlign(t *testing.T) {
	doc := &annot.Document{Text: "  Asha  said: rare-earths\tमें चीनी। 🙂 ok  "}
	d := &Doc{Doc: doc, Spans: []annot.Span{
		roundMakeSpan("1", "asha", 0, 6, "ACTOR", annot.Pending),    // starts in leading space
		roundMakeSpan("2", "asha", 2, 8, "ACTOR", annot.Pending),    // ends in a run of spaces
		roundMakeSpan("3", "asha", 14, 18, "CLAIM", annot.Pending),  // "rare": inside a word
		roundMakeSpan("4", "asha", 30, 35, "SOURCE", annot.Pending), // Devanagari and a danda
		roundMakeSpan("5", "asha", 36, 37, "X", annot.Pending),      // an emoji
		roundMakeSpan("6", "asha", 40, 42, "X", annot.Pending),      // trailing spaces only
	}, States: map[string]annot.DocState{"asha": annot.StateDone}}
	out := roundWrite(t, Prodigy, []*Doc{d})
	lines := prodigyLines(t, out)
	if len(lines) != 1 {
		t.Fatalf("%d tasks, want 1", len(lines))
	}
	l := lines[0]
	idx := text.NewIndex(doc.Text)
	for i, tk := range l.Tokens {
		if tk.ID != i || tk.Text != idx.Slice(tk.Start, tk.End) || tk.Start >= tk.End {
			t.Errorf("token %d: %+v", i, tk)
		}
		if i > 0 && tk.Start < l.Tokens[i-1].End {
			t.Errorf("token %d overlaps the one before", i)
		}
	}
	for _, s := range l.Spans {
		if s.TokenStart == nil || s.TokenEnd == nil {
			t.Errorf("span %d-%d has no tokens", s.Start, s.End)
			continue
		}
		if l.Tokens[*s.TokenStart].Start != s.Start || l.Tokens[*s.TokenEnd].End != s.End {
			t.Errorf("span %d-%d: tokens %d-%d cover %d-%d", s.Start, s.End, *s.TokenStart, *s.TokenEnd,
				l.Tokens[*s.TokenStart].Start, l.Tokens[*s.TokenEnd].End)
		}
		if s.Text != idx.Slice(s.Start, s.End) {
			t.Errorf("span %d-%d: text %q", s.Start, s.End, s.Text)
		}
	}
	for _, tk := range l.Tokens {
		if tk.Text == ":" && !tk.WS {
			t.Error(`":" followed by a space has ws false`)
		}
		if tk.Text == "rare" && tk.WS {
			t.Error(`"rare" followed by "-" has ws true`)
		}
	}
	if l.Answer == nil || *l.Answer != "accept" || l.Annotator != "asha" {
		t.Errorf("answer %v annotator %q", l.Answer, l.Annotator)
	}
}

func TestProdigyWriter_Tasks(t *testing.T) {
	doc := &annot.Document{Text: "Asha told Ben about rare earths.", Meta: json.RawMessage(`{"source":"wire","prodigy_answer":"accept"}`)}
	d := &Doc{Doc: doc, Spans: []annot.Span{
		roundMakeSpan("1", "asha", 0, 4, "ACTOR", annot.Accepted),
		roundMakeSpan("2", "ben", 0, 4, "ACTOR", annot.Pending),
		roundMakeSpan("3", "asha", 10, 13, "ACTOR", annot.Rejected),
		roundMakeSpan("4", "asha", 20, 31, "CLAIM", annot.Pending),
		roundMakeSpan("5", "prediction:v1", 20, 31, "CLAIM", annot.Pending),
	}, States: map[string]annot.DocState{"cleo": annot.StateDone, "dev": annot.StateInProgress}}
	out := roundWrite(t, Prodigy, []*Doc{d})
	lines := prodigyLines(t, out)
	var got []string
	for _, l := range lines {
		var spans []string
		for _, s := range l.Spans {
			spans = append(spans, fmt.Sprintf("%d-%d", s.Start, s.End))
		}
		answer := "(none)"
		if l.Answer != nil {
			answer = *l.Answer
		}
		got = append(got, fmt.Sprintf("%s %s %v", l.Annotator, answer, spans))
		if *l.InputHash != *lines[0].InputHash {
			t.Error("tasks of one text have different input hashes")
		}
		if string(l.Meta) != `{"source":"wire"}` {
			t.Errorf("meta %s", l.Meta)
		}
	}
	// No one marked asha or ben done, so their tasks are unanswered; the
	// two verdicts on this partly reviewed document cannot be written.
	want := []string{"asha (none) [0-4 10-13 20-31]", "ben (none) [0-4]", "cleo accept []", "prediction:v1 (none) [20-31]"}
	if !roundEqual(got, want) {
		t.Errorf("tasks\n got %q\nwant %q", got, want)
	}
	var buf bytes.Buffer
	w, _ := NewWriter(Prodigy, &buf)
	_ = w.WriteDoc(d)
	_ = w.Close()
	if l := w.(Lossy).Losses(); len(l) != 1 || !strings.Contains(l[0].Error(), "Prodigy cannot hold 2 verdicts on partly reviewed documents") {
		t.Errorf("losses %v", l)
	}
	hashes := map[int64]bool{}
	for _, l := range lines {
		hashes[*l.TaskHash] = true
	}
	if len(hashes) != len(lines) {
		t.Errorf("task hashes repeat: %v", hashes)
	}
	if again := roundWrite(t, Prodigy, []*Doc{d}); !bytes.Equal(out, again) {
		t.Error("two exports of one document differ")
	}
}

// A gold export (every span accepted) is one task per document in the
// form of Prodigy's review output: the folded accepted spans at the top,
// each annotator's under "versions"; read back, it is gold again.
func TestProdigyWriter_Gold(t *testing.T) {
	acc := func(id, who string, start, end int) annot.Span {
		s := roundMakeSpan(id, who, start, end, "ACTOR", annot.Accepted)
		s.Reviewer = "rita"
		return s
	}
	d := &Doc{Doc: &annot.Document{Text: "Asha told Ben about rare earths."}, Spans: []annot.Span{
		acc("1", "asha", 0, 4), acc("2", "ben", 0, 4), acc("3", "ben", 10, 13),
	}}
	out := roundWrite(t, Prodigy, []*Doc{d})
	lines := prodigyLines(t, out)
	if len(lines) != 1 {
		t.Fatalf("%d tasks, want 1", len(lines))
	}
	l := lines[0]
	if *l.Answer != "accept" || l.Annotator != "rita" || len(l.Spans) != 2 || l.Spans[0].End != 4 || l.Spans[1].Start != 10 {
		t.Errorf("gold task %+v", l)
	}
	if !bytes.Contains(out, []byte(`"_view_id":"review","versions":[`)) {
		t.Errorf("no review versions in %s", out)
	}
	recs, _, err := roundRead(ReadProdigy, "gold.jsonl", out, "someone")
	if err != nil {
		t.Fatal(err)
	}
	got := roundSpans(recs[0])
	want := []string{`0-4 ACTOR "Asha" asha accepted`, `0-4 ACTOR "Asha" ben accepted`, `10-13 ACTOR "Ben" ben accepted`}
	if !roundEqual(got, want) {
		t.Errorf("read back\n got %q\nwant %q", got, want)
	}
	if recs[0].States["rita"] != annot.StateReviewed {
		t.Errorf("states %v", recs[0].States)
	}
}

func TestProdigyWriter_Unannotated(t *testing.T) {
	a := &Doc{Doc: &annot.Document{Text: "Nobody has read this."}}
	b := &Doc{Doc: &annot.Document{Text: "Nobody has read this.", Meta: json.RawMessage(`{"title":"copy"}`)}}
	c := &Doc{Doc: &annot.Document{Text: "Skipped.", Meta: json.RawMessage(`{"prodigy_input_hash":77}`)},
		States: map[string]annot.DocState{"asha": annot.StateDone}, Answers: map[string]annot.Answer{"asha": annot.AnswerIgnore}}
	lines := prodigyLines(t, roundWrite(t, Prodigy, []*Doc{a, b, c}))
	if len(lines) != 3 {
		t.Fatalf("%d tasks, want 3", len(lines))
	}
	if lines[0].Answer != nil || lines[0].Annotator != "" {
		t.Errorf("unannotated document written with answer %v by %q", *lines[0].Answer, lines[0].Annotator)
	}
	if *lines[0].InputHash != *lines[1].InputHash || *lines[0].InputHash != prodigyHash("Nobody has read this.") {
		t.Error("the same text has different input hashes")
	}
	if lines[2].Answer == nil || *lines[2].Answer != "ignore" || *lines[2].InputHash != 77 || string(lines[2].Meta) != "{}" || lines[2].Annotator != "asha" {
		t.Errorf("ignored task written as %+v", lines[2])
	}
}

func FuzzProdigy(f *testing.F) {
	for _, tc := range prodigyCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := roundRead(ReadProdigy, "fuzz.jsonl", data, "fuzz")
		if err != nil {
			return
		}
		roundCheckInside(t, recs)
		out := roundWrite(t, Prodigy, roundDocs(recs))
		back, _, err := roundRead(ReadProdigy, "export.jsonl", out, "other")
		if err != nil {
			t.Fatalf("re-reading the export: %v\n%s", err, out)
		}
		want, got := roundKeys(recs), roundKeys(back)
		for txt, keys := range want {
			if !roundEqual(got[txt], keys) {
				t.Fatalf("text %q: spans %v came back as %v", txt, keys, got[txt])
			}
		}
	})
}
