package formats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// lsCase is one table case. Bad cases are JSON arrays whose bad task
// starts on line 3.
type lsCase struct {
	name     string
	in       string
	text     string   // stored text of the last record, when set
	want     []string // roundSpans of the last record
	rels     []string // lsRelations of the last record
	meta     string   // meta of the last record, when set
	wantErr  string
	wantWarn string
}

const okLSTask = "[\n{\"data\":{\"text\":\"Fine.\"}},\n"

func lsCases() []lsCase {
	return []lsCase{
		{name: "browser offsets after an emoji", in: `[{"id":7,"data":{"text":"🙂 Asha said","source":"wire"},"annotations":[{"id":1,"completed_by":1,"created_username":" asha@example.org, 1","result":[{"id":"r1","from_name":"label","to_name":"text","type":"labels","value":{"start":3,"end":7,"text":"Asha","labels":["ACTOR"]}}]}]}]`,
			want: []string{`2-6 ACTOR "Asha" asha@example.org pending`}, meta: `{"source":"wire","labelstudio_id":7}`},
		{name: "code point prediction after an emoji", in: `[{"id":8,"data":{"text":"🙂 Asha said"},"predictions":[{"model_version":"ner-v2","result":[{"id":"p1","type":"labels","value":{"start":2,"end":6,"text":"Asha","labels":["ACTOR"]}}]}]}]`,
			want: []string{`2-6 ACTOR "Asha" suggested by import:prediction:ner-v2`}},
		{name: "prediction with links and an accepted region", in: `[{"id":9,"data":{"text":"Asha said it"},` +
			`"annotations":[{"completed_by":{"email":"ravi"},"result":[{"id":"a1","type":"labels","origin":"prediction-changed","value":{"start":0,"end":4,"labels":["SOURCE"]}}]}],` +
			`"predictions":[{"model_version":"rule:en-said","result":[{"id":"p1","type":"labels","value":{"start":0,"end":4,"labels":["ACTOR"]}},` +
			`{"id":"p2","type":"labels","value":{"start":10,"end":12,"labels":["CLAIM"]}},{"type":"relation","from_id":"p2","to_id":"p1","labels":["SAID_BY"]}]}]}]`,
			want: []string{`0-4 ACTOR "Asha" suggested by rule:en-said`, `0-4 SOURCE "Asha" ravi pending from import:prediction`, `10-12 CLAIM "it" suggested by rule:en-said`}},
		{name: "no value.text is UTF-16", in: `[{"data":{"text":"👍🏽 Asha"},"annotations":[{"completed_by":{"id":3,"email":"ben@example.org","username":"ben"},"result":[{"id":"a","type":"labels","value":{"start":5,"end":9,"labels":["ACTOR"]}}]}]}]`,
			want: []string{`3-7 ACTOR "Asha" ben@example.org pending`}},
		{name: "hindi", in: `{"data":{"text":"आशा ने कहा कि चीनी निर्यात घटा।"},"annotations":[{"completed_by":{"id":4,"username":"asha"},"ground_truth":true,"result":[{"id":"h1","type":"labels","value":{"start":14,"end":18,"text":"चीनी","labels":["SOURCE"]}},{"id":"h2","type":"labels","value":{"start":0,"end":3,"text":"आशा","labels":["ACTOR"]}},{"type":"relation","from_id":"h1","to_id":"h2","direction":"left","labels":["SAID_BY"]}]}]}`,
			want: []string{`0-3 ACTOR "आशा" asha accepted`, `14-18 SOURCE "चीनी" asha accepted`},
			rels: []string{`0-3 ACTOR -SAID_BY-> 14-18 SOURCE by asha`}},
		{name: "several labels, relation without a label", in: `[{"data":{"text":"Asha told Ben"},"annotations":[{"completed_by":{"id":5},"result":[{"id":"x","type":"labels","value":{"start":0,"end":4,"text":"Asha","labels":["ACTOR","SOURCE"]}},{"id":"y","type":"labels","value":{"start":10,"end":13,"text":"Ben","labels":["ACTOR"]}},{"type":"relation","from_id":"x","to_id":"y","direction":"right"}]}]}]`,
			want: []string{`0-4 ACTOR "Asha" labelstudio-5 pending`, `0-4 SOURCE "Asha" labelstudio-5 pending`, `10-13 ACTOR "Ben" labelstudio-5 pending`},
			rels: []string{`0-4 ACTOR -related-> 10-13 ACTOR by labelstudio-5`}},
		{name: "cancelled and other types", in: `[{"data":{"text":"Asha told Ben"},"annotations":[{"id":11,"completed_by":9,"was_cancelled":true,"result":[{"id":"x","type":"labels","value":{"start":0,"end":4,"labels":["ACTOR"]}}]},{"id":12,"result":[{"id":"c","type":"choices","value":{"choices":["Positive"]}},{"id":"z","type":"labels","value":{"start":10,"end":13,"labels":["ACTOR"]}}]}]}]`,
			want:     []string{`10-13 ACTOR "Ben" asha pending`},
			wantWarn: "in.json:1: task 1 of the file: the annotation 11 by labelstudio-9 was cancelled"},
		{name: "text named by to_name", in: `[{"data":{"url":"http://x","body":"Asha spoke"},"annotations":[{"result":[{"id":"b","to_name":"body","type":"labels","value":{"start":0,"end":4,"labels":["ACTOR"]}}]}]}]`,
			text: "Asha spoke", want: []string{`0-4 ACTOR "Asha" asha pending`}, meta: `{"url":"http://x"}`},
		{name: "the only string field", in: `[{"id":"t-1","data":{"sentence":"Asha spoke","n":3,"nested":{"a": [1, 2]}},"annotations":[]}]`,
			text: "Asha spoke", meta: `{"n":3,"nested":{"a":[1,2]},"labelstudio_id":"t-1"}`},
		{name: "CRLF and BOM", in: `[{"data":{"text":"\ufeffOne\r\nAsha 🙂 spoke"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":6,"end":10,"text":"Asha","labels":["ACTOR"]}},{"id":"b","type":"labels","value":{"start":14,"end":19,"text":"spoke","labels":["CLAIM"]}}]}]}]`,
			text: "One\nAsha 🙂 spoke", want: []string{`11-16 CLAIM "spoke" asha pending`, `4-8 ACTOR "Asha" asha pending`}},
		{name: "JSONL", in: "{\"data\":{\"text\":\"A\"}}\n{\"data\":{\"text\":\"Asha\"},\"annotations\":[{\"completed_by\":\"cleo\",\"result\":[{\"id\":\"q\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":4,\"labels\":[\"ACTOR\"]}}]}]}\n",
			want: []string{`0-4 ACTOR "Asha" cleo pending`}},
		{name: "bad: text matches neither count", in: okLSTask + `{"id":9,"data":{"text":"🙂 Asha said"},"annotations":[{"result":[{"id":"r9","type":"labels","value":{"start":2,"end":6,"text":"said","labels":["ACTOR"]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 9, result "r9": its text "said" is neither the text at 2-6 counted in UTF-16 units (" Ash") nor in code points ("Asha")`},
		{name: "bad: past the end", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":0,"end":9,"labels":["ACTOR"]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": UTF-16 offset 9 outside the text (4 units)`},
		{name: "bad: splits an emoji", in: okLSTask + `{"data":{"text":"🙂 Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":1,"end":7,"labels":["ACTOR"]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": UTF-16 offset 1 splits a surrogate pair`},
		{name: "bad: reversed", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":3,"end":1,"labels":["ACTOR"]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": offsets 3..1: start after end`},
		{name: "bad: no labels", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":0,"end":4,"labels":[]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": 0-4 has no "labels"`},
		{name: "bad: label a number", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":0,"end":4,"labels":[7]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": value: "labels" is a JSON number, expected string`},
		{name: "bad: no offsets", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"labels":["A"]}}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result "r": "value" needs "start" and "end"`},
		{name: "bad: dangling relation", in: okLSTask + `{"data":{"text":"Asha"},"annotations":[{"result":[{"type":"relation","from_id":"a","to_id":"b"}]}]}` + "\n]",
			wantErr: `in.json:3: task 2 of the file, result 1: the relation joins regions a and b`},
		{name: "bad: no text", in: okLSTask + `{"id":4,"data":{"image":"a.png","caption":"x"}}` + "\n]",
			wantErr: `in.json:3: task 4: no "text" in "data", and its string fields (image, caption)`},
		{name: "bad: data not an object", in: okLSTask + `{"id":4,"data":"Asha"}` + "\n]",
			wantErr: `in.json:3: task 4: "data" is a string, expected an object`},
		{name: "bad: broken JSON", in: okLSTask + `{"data":{"text":"Asha"},}` + "\n]",
			wantErr: `in.json:3: broken JSON`},
	}
}

// lsRelations describes a record's relations by the spans they join.
func lsRelations(rec *annot.Record) []string {
	by := map[string]annot.Span{}
	for _, s := range rec.Spans {
		by[s.ID] = s
	}
	var out []string
	for _, r := range rec.Relations {
		f, t := by[r.From], by[r.To]
		out = append(out, fmt.Sprintf("%d-%d %s -%s-> %d-%d %s by %s", f.Start, f.End, f.Label, r.Type, t.Start, t.End, t.Label, r.Annotator))
	}
	sort.Strings(out)
	return out
}

func TestReadLabelStudio(t *testing.T) {
	for _, tc := range lsCases() {
		t.Run(tc.name, func(t *testing.T) {
			recs, warns, err := roundRead(ReadLabelStudio, "in.json", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rec := recs[len(recs)-1]
			if tc.text != "" && rec.Doc.Text != tc.text {
				t.Errorf("text %q, want %q", rec.Doc.Text, tc.text)
			}
			if got := roundSpans(rec); !roundEqual(got, tc.want) {
				t.Errorf("spans\n got %q\nwant %q", got, tc.want)
			}
			if got := lsRelations(rec); !roundEqual(got, tc.rels) {
				t.Errorf("relations\n got %q\nwant %q", got, tc.rels)
			}
			if tc.meta != "" && string(rec.Doc.Meta) != tc.meta {
				t.Errorf("meta %s, want %s", rec.Doc.Meta, tc.meta)
			}
			switch {
			case tc.wantWarn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %v", warns)
			case tc.wantWarn != "" && (len(warns) < 1 || !strings.HasPrefix(warns[0].Error(), tc.wantWarn)):
				t.Errorf("warnings %v, want the first starting %q", warns, tc.wantWarn)
			}
		})
	}
}

// A Label Studio export as the browser writes it, pretty-printed, with
// an emoji before the spans: regions must land on the right characters.
func TestReadLabelStudio_Export(t *testing.T) {
	data, err := os.ReadFile("testdata/labelstudio-export.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, warns, err := roundRead(ReadLabelStudio, "labelstudio-export.json", data, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	want := [][]string{
		{`25-29 ACTOR "Asha" annotator@example.com pending`, `35-63 CLAIM "rare earth exports will fall" annotator@example.com pending`,
			`35-63 CLAIM "rare earth exports will fall" suggested by import:prediction:ner-2024-05`},
		{`0-3 ACTOR "आशा" reviewer@example.com accepted`, `14-18 SOURCE "चीनी" reviewer@example.com accepted`},
	}
	for i, rec := range recs {
		if got := roundSpans(rec); !roundEqual(got, want[i]) {
			t.Errorf("task %d: spans\n got %q\nwant %q", i+1, got, want[i])
		}
	}
	if got := lsRelations(recs[0]); !roundEqual(got, []string{`35-63 CLAIM -SAID_BY-> 25-29 ACTOR by annotator@example.com`}) {
		t.Errorf("relations %q", got)
	}
	if recs[0].Line != 2 || recs[1].Line != 133 {
		t.Errorf("records start on lines %d and %d, want 2 and 133", recs[0].Line, recs[1].Line)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), "was cancelled") {
		t.Errorf("warnings %v, want the cancelled annotation", warns)
	}
	if recs[0].States["annotator@example.com"] != annot.StateDone {
		t.Errorf("states %v", recs[0].States)
	}
}

// Spanmark to Label Studio and back gives the same spans, counted in code
// points, with emoji and Devanagari where UTF-16 and code points differ.
func TestLabelStudio_RoundTrip(t *testing.T) {
	docs := []*Doc{
		{Doc: &annot.Document{Text: "🙂🙂 Asha said 👍🏽 rare earths will fall.", Meta: json.RawMessage(`{"source":"wire","text":"shadowed","labelstudio_id":3}`)},
			Spans: []annot.Span{
				roundMakeSpan("6f1c0a3e-0000-4000-8000-000000000001", "asha", 3, 7, "ACTOR", annot.Accepted),
				roundMakeSpan("6f1c0a3e-0000-4000-8000-000000000002", "asha", 16, 37, "CLAIM", annot.Accepted),
				roundMakeSpan("9a2b0a3e-0000-4000-8000-000000000003", "ben", 13, 15, "X", annot.Rejected),
				roundMakeSpan("7c3d0a3e-0000-4000-8000-000000000004", "prediction:v1", 3, 7, "ACTOR", annot.Pending),
			},
			Relations: []annot.Relation{
				{ID: "r1", From: "6f1c0a3e-0000-4000-8000-000000000002", To: "6f1c0a3e-0000-4000-8000-000000000001", Type: "SAID_BY", Annotator: "asha"},
				{ID: "r2", From: "9a2b0a3e-0000-4000-8000-000000000003", To: "6f1c0a3e-0000-4000-8000-000000000001", Type: "ACCORDING_TO", Annotator: "cleo"},
			},
			States: map[string]annot.DocState{"asha": annot.StateDone, "dev": annot.StateDone, "eve": annot.StateInProgress}},
		{Doc: &annot.Document{Text: "आशा ने कहा कि चीनी निर्यात घटा।"},
			Spans: []annot.Span{roundMakeSpan("11111111-2222-4333-8444-555555555555", "asha", 14, 18, "SOURCE", annot.Pending)}},
		{Doc: &annot.Document{Text: "No spans."}},
	}
	out := roundWrite(t, LabelStudio, docs)
	if !json.Valid(out) {
		t.Fatalf("not JSON:\n%s", out)
	}
	if again := roundWrite(t, LabelStudio, docs); !bytes.Equal(out, again) {
		t.Error("two exports differ")
	}
	for _, want := range []string{
		`{"id":"6f1c0a3e00","from_name":"label","to_name":"text","type":"labels","value":{"start":5,"end":9,"text":"Asha","labels":["ACTOR"]}}`,
		`"data":{"text":"🙂🙂 Asha said 👍🏽 rare earths will fall.","source":"wire"}`,
		`"completed_by":{"email":"asha"},"was_cancelled":false,"ground_truth":true`,
		`{"id":4,"completed_by":{"email":"dev"},"was_cancelled":false,"ground_truth":false,"result":[]}`,
		`"predictions":[{"id":1,"model_version":"v1","result":[`,
		`{"from_id":"6f1c0a3e000","to_id":"6f1c0a3e00","type":"relation","direction":"right","labels":["SAID_BY"]}`,
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	if bytes.Contains(out, []byte("eve")) {
		t.Error("an annotator still at work got an annotation")
	}

	back, warns, err := roundRead(ReadLabelStudio, "export.json", out, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) > 0 {
		t.Errorf("warnings %v", warns)
	}
	if len(back) != len(docs) {
		t.Fatalf("%d records, want %d", len(back), len(docs))
	}
	for i, d := range docs {
		rec := &annot.Record{Doc: *d.Doc, Spans: d.Spans, Relations: d.Relations}
		want, got := roundSpans(rec), roundSpans(back[i])
		for k := range want { // a pending or rejected span comes back pending
			want[k] = strings.Replace(want[k], " rejected", " pending", 1)
			// A model's spans, as an earlier Spanmark kept them, come back
			// as suggestions.
			want[k] = strings.Replace(want[k], " prediction:v1 pending", " suggested by import:prediction:v1", 1)
		}
		if !roundEqual(got, want) {
			t.Errorf("doc %d: spans\n got %q\nwant %q", i+1, got, want)
		}
		if w, g := lsRelations(rec), lsRelations(back[i]); !roundEqual(w, g) {
			t.Errorf("doc %d: relations\n got %q\nwant %q", i+1, g, w)
		}
		if back[i].Doc.Text != d.Doc.Text {
			t.Errorf("doc %d: text %q", i+1, back[i].Doc.Text)
		}
	}
	if string(back[0].Doc.Meta) != `{"source":"wire","labelstudio_id":1}` {
		t.Errorf("meta %s", back[0].Doc.Meta)
	}
	if back[0].States["dev"] != annot.StateDone || back[0].States["asha"] != annot.StateDone {
		t.Errorf("states %v", back[0].States)
	}
}

func TestLabelStudioWriter_Empty(t *testing.T) {
	out := roundWrite(t, LabelStudio, nil)
	if string(out) != "[]\n" {
		t.Errorf("empty export %q, want []", out)
	}
}

func TestLSResultIDs(t *testing.T) {
	spans := []annot.Span{
		{ID: "abcdef0123-4567-89ab-cdef-000000000001"},
		{ID: "abcdef0123-4567-89ab-cdef-000000000002"},
		{ID: "not hex at all"},
	}
	ids := lsResultIDs(spans)
	if ids[spans[0].ID] != "abcdef0123" || ids[spans[1].ID] != "abcdef01234" || len(ids[spans[2].ID]) != 10 {
		t.Errorf("ids %v", ids)
	}
	if again := lsResultIDs(spans); again[spans[2].ID] != ids[spans[2].ID] {
		t.Error("ids change between calls")
	}
}

func TestCreatedUsername(t *testing.T) {
	for in, want := range map[string]string{
		" asha@example.org, 1":          "asha@example.org",
		"Asha Rao asha@example.org, 12": "asha@example.org",
		"Asha Rao , 3":                  "Asha Rao",
		"":                              "",
	} {
		if got := createdUsername(in); got != want {
			t.Errorf("createdUsername(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLabelStudio(f *testing.F) {
	for _, tc := range lsCases() {
		f.Add([]byte(tc.in))
	}
	if data, err := os.ReadFile("testdata/labelstudio-export.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := roundRead(ReadLabelStudio, "fuzz.json", data, "fuzz")
		if err != nil {
			return
		}
		roundCheckInside(t, recs)
		out := roundWrite(t, LabelStudio, roundDocs(recs))
		back, _, err := roundRead(ReadLabelStudio, "export.json", out, "other")
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
