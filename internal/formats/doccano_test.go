package formats

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

const doccanoCorpus = "../../../shared/corpora/doccano"

// TestDoccano_CorpusRoundTrip reads doccano's own example files, writes
// them as doccano and reads that back: the same texts with the same
// spans, and relations kept in the entities/relations form.
func TestDoccano_CorpusRoundTrip(t *testing.T) {
	for _, name := range []string{"export_sequence_labeling.jsonl", "sequence_labeling_overlapping.jsonl",
		"relation_extraction.jsonl", "export_relation_extraction.json"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(doccanoCorpus, name))
			if err != nil {
				t.Fatal(err)
			}
			recs, _, err := roundRead(ReadDoccano, name, data, "asha")
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 {
				t.Fatal("no documents read")
			}
			out := roundWrite(t, Doccano, roundDocs(recs))
			back, _, err := roundRead(ReadDoccano, "out.jsonl", out, "asha")
			if err != nil {
				t.Fatalf("reading our own export: %v\n%s", err, out)
			}
			want, got := roundKeys(recs), roundKeys(back)
			for txt, keys := range want {
				if !roundEqual(keys, got[txt]) {
					t.Errorf("%q: spans %v came back as %v", txt, keys, got[txt])
				}
			}
			for i := range recs {
				if len(back[i].Relations) != len(recs[i].Relations) {
					t.Errorf("document %d: %d relations came back as %d", i, len(recs[i].Relations), len(back[i].Relations))
				}
				if len(recs[i].Relations) > 0 && !strings.Contains(string(out), `"entities"`) {
					t.Errorf("relations written without the entities form:\n%s", out)
				}
			}
		})
	}
	t.Run("MissingTextRefusesTheFile", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(doccanoCorpus, "sequence_labeling.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = roundRead(ReadDoccano, "sequence_labeling.jsonl", data, "asha")
		if err == nil || !strings.HasPrefix(err.Error(), "sequence_labeling.jsonl:3: ") {
			t.Fatalf("error = %v, want one at sequence_labeling.jsonl:3", err)
		}
	})
}

type doccanoCase struct {
	name    string
	in      string
	spans   []string // "start-end LABEL" in file order, when it reads
	wantErr string   // prefix of the error, when it does not
	meta    string   // the last record's meta, when set
	warn    string   // prefix of the one warning, when set
	who     string   // the annotators of the spans, joined by commas, when set
}

func doccanoCases() []doccanoCase {
	return []doccanoCase{
		{name: "triples", in: `{"text":"EU rejects German call","label":[[0,2,"ORG"],[11,17,"MISC"]]}`,
			spans: []string{"0-2 ORG", "11-17 MISC"}},
		{name: "dicts", in: `{"text":"EU rejects","label":[{"start_offset":0,"end_offset":2,"label":"ORG"}]}`,
			spans: []string{"0-2 ORG"}},
		{name: "labels key", in: `{"text":"EU rejects","labels":[[0,2,"ORG"]]}`, spans: []string{"0-2 ORG"}},
		{name: "no labels", in: `{"text":"just text"}`},
		{name: "hindi code points", in: `{"text":"राज्य सरकार ने क्षेत्र","label":[[15,22,"LOC"]]}`, spans: []string{"15-22 LOC"}},
		{name: "emoji counts one", in: `{"text":"👩‍👩‍👧 won in 🇮🇳","label":[[13,15,"GPE"]]}`, spans: []string{"13-15 GPE"}},
		{name: "crlf remapped", in: `{"text":"line one\r\nLi Qiang","label":[[10,18,"PER"]]}`, spans: []string{"9-17 PER"}},
		{name: "bom remapped", in: `{"text":"\ufeffLi Qiang","label":[[1,9,"PER"]]}`, spans: []string{"0-8 PER"}},
		{name: "entities and relations", in: `{"text":"Google hired Larry","entities":[{"id":1,"start_offset":0,"end_offset":6,"label":"ORG"},{"id":2,"start_offset":13,"end_offset":18,"label":"PER"}],"relations":[{"from_id":1,"to_id":2,"type":"hired"}]}`,
			spans: []string{"0-6 ORG", "13-18 PER"}},

		{name: "past the end", in: "{\"text\":\"ok\"}\n{\"text\":\"abc\",\"label\":[[0,9,\"X\"]]}", wantErr: "in.jsonl:2: "},
		{name: "reversed", in: `{"text":"abcdef","label":[[4,2,"X"]]}`, wantErr: "in.jsonl:1: "},
		{name: "negative", in: `{"text":"abcdef","label":[[-1,2,"X"]]}`, wantErr: "in.jsonl:1: "},
		{name: "label as number", in: `{"text":"abcdef","label":[[0,2,7]]}`, wantErr: "in.jsonl:1: "},
		{name: "fractional offset", in: `{"text":"abcdef","label":[[0.5,2,"X"]]}`, wantErr: "in.jsonl:1: "},
		{name: "categories", in: `{"text":"abcdef","label":["positive"]}`, meta: `{"categories":{"asha":["positive"]}}`,
			warn: `in.jsonl:1: document categories ("label") are kept in the document's meta under "categories"`},
		{name: "intent and slots", in: `{"text":"Find a flight from Memphis to Tacoma","entities":[[19,26,"City"],[30,36,"City"]],"cats":["flight"]}`,
			spans: []string{"19-26 City", "30-36 City"}, meta: `{"categories":{"asha":["flight"]}}`,
			warn: `in.jsonl:1: document categories ("cats") are kept`},
		{name: "doccano 1.x with user", in: `{"id":1,"text":"Nadim Ladki","annotations":[{"label":13,"start_offset":0,"end_offset":11,"user":1}],"meta":{},"annotation_approver":null}`,
			spans: []string{"0-11 label-13"}, who: "doccano-user-1", meta: `{"doccano_id":1}`,
			warn: `in.jsonl:1: label id 13 cannot be named: no label list was given (--labels FILE`},
		{name: "doccano 1.x categories and approver", in: `{"id":7,"text":"Good","annotations":[{"id":3,"label":"positive","user":2,"prob":0.0}],"meta":{"src":"x"},"annotation_approver":"admin"}`,
			meta: `{"src":"x","doccano_id":7,"doccano_approver":"admin","categories":{"doccano-user-2":["positive"]}}`,
			warn: `in.jsonl:1: document categories ("annotations") are kept`},
		{name: "other keys kept", in: `{"text":"abc","label":[],"Comments":["check this"],"source":"wire"}`,
			meta: `{"Comments":["check this"],"source":"wire"}`},
		{name: "bad: entity triple", in: `{"text":"abc","entities":[[0,9,"X"]]}`, wantErr: "in.jsonl:1: entity 1: offsets 0..9: past the end"},
		{name: "bad: cats not a list", in: `{"text":"abc","cats":"x"}`, wantErr: `in.jsonl:1: "cats" is a string, expected a list of category names`},
		{name: "bad: annotation with one offset", in: `{"text":"abc","annotations":[{"label":1,"start_offset":0,"user":1}]}`, wantErr: "in.jsonl:1: annotation 1 has only one of"},
		{name: "bad: entities an object", in: `{"text":"abc","entities":{"a":1}}`, wantErr: `in.jsonl:1: "entities" is an object, expected a list`},
		{name: "bad: annotations entries", in: `{"text":"abc","annotations":[1]}`, wantErr: `in.jsonl:1: "annotations": "value" is a JSON number, expected an object`},
		{name: "label object", in: `{"text":"abcdef","label":{"a":1}}`, wantErr: "in.jsonl:1: "},
		{name: "dict without offsets", in: `{"text":"abcdef","label":[{"label":"X"}]}`, wantErr: "in.jsonl:1: "},
		{name: "no text", in: "{\"text\":\"ok\"}\n\n{\"label\":[]}", wantErr: "in.jsonl:3: "},
		{name: "broken json", in: "{\"text\":\"ok\"}\n{\"text\": oops}", wantErr: "in.jsonl:2: "},
		{name: "relation to a missing entity", in: `{"text":"abc","entities":[{"id":1,"start_offset":0,"end_offset":1,"label":"X"}],"relations":[{"from_id":1,"to_id":9,"type":"r"}]}`, wantErr: "in.jsonl:1: "},
		{name: "empty file", in: "", wantErr: "in.jsonl: "},
		{name: "invalid utf-8", in: "{\"text\":\"ok\"}\n{\"text\":\"\xff\"}", wantErr: "in.jsonl:2: "},
	}
}

func TestReadDoccano(t *testing.T) {
	for _, tc := range doccanoCases() {
		t.Run(tc.name, func(t *testing.T) {
			recs, warns, err := roundRead(ReadDoccano, "in.jsonl", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one starting %q", err, tc.wantErr)
				}
				checkNoInternalNames(t, err.Error())
				if annot.ErrorKind(err) != annot.Invalid {
					t.Fatalf("error kind = %v, want invalid", annot.ErrorKind(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				for _, s := range r.Spans {
					got = append(got, spanDesc(s))
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.spans, ",") {
				t.Fatalf("spans = %v, want %v", got, tc.spans)
			}
			last := recs[len(recs)-1]
			if tc.meta != "" && string(last.Doc.Meta) != tc.meta {
				t.Errorf("meta %s, want %s", last.Doc.Meta, tc.meta)
			}
			if tc.who != "" {
				var who []string
				for _, s := range last.Spans {
					who = append(who, s.Annotator)
				}
				if strings.Join(who, ",") != tc.who {
					t.Errorf("annotators %v, want %s", who, tc.who)
				}
			}
			switch {
			case tc.warn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %v", warns)
			case tc.warn != "" && (len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), tc.warn)):
				t.Errorf("warnings %v, want one starting %q", warns, tc.warn)
			}
		})
	}
}

func spanDesc(s annot.Span) string {
	return itoa(s.Start) + "-" + itoa(s.End) + " " + s.Label
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// FuzzDoccano reads arbitrary bytes as doccano JSONL: it must never
// panic, and whatever it accepts must have spans inside their texts and
// survive a write and a read back.
func FuzzDoccano(f *testing.F) {
	for _, tc := range doccanoCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, ReadDoccano, Doccano, data) })
}

// fuzzRoundTrip reads data with read; whatever it accepts must have its
// spans inside their texts and come back, key for key, from a write in
// format and a read back.
func fuzzRoundTrip(t *testing.T, read Reader, format string, data []byte) {
	recs, _, err := roundRead(read, "in.jsonl", data, "asha")
	if err != nil {
		return
	}
	roundCheckInside(t, recs)
	out := roundWrite(t, format, roundDocs(recs))
	back, _, err := roundRead(read, "out.jsonl", out, "asha")
	if err != nil {
		t.Fatalf("our own export does not read back: %v\n%s", err, out)
	}
	want, got := roundKeys(recs), roundKeys(back)
	for txt, keys := range want {
		if !roundEqual(keys, got[txt]) {
			t.Fatalf("%q: spans %v came back as %v", txt, keys, got[txt])
		}
	}
}

// checkNoInternalNames fails on a message that shows a Go type or a
// package's name: the analyst reading it knows neither.
func checkNoInternalNames(t testing.TB, msg string) {
	t.Helper()
	for _, bad := range []string{"formats.", "annot.", "json.", "[]", "map[", "*int", "*string", "struct", "interface"} {
		if strings.Contains(msg, bad) {
			t.Errorf("message %q shows %q, an internal name", msg, bad)
		}
	}
}

// Defect 4: a file of intent-and-slot records whose fifth record has no
// text is refused at line 5, not line 1, and says so in plain words.
func TestReadDoccano_IntentFileNamesTheBadLine(t *testing.T) {
	good := `{"text":"Find a flight from Memphis to Tacoma","entities":[[19,26,"City"],[30,36,"City"]],"cats":["flight"]}` + "\n"
	in := strings.Repeat(good, 4) + `{"entities":[],"cats":["flight"]}` + "\n"
	_, _, err := roundRead(ReadDoccano, "i.jsonl", []byte(in), "asha")
	if err == nil || !strings.HasPrefix(err.Error(), `i.jsonl:5: no "text"`) {
		t.Fatalf("error %v, want one at i.jsonl:5", err)
	}
	checkNoInternalNames(t, err.Error())
}

// Defect 2 with the label list doccano exports: ids are named by it.
func TestReadDoccano_LabelList(t *testing.T) {
	list := `[{"id":13,"text":"PER","prefix_key":null,"suffix_key":"p","background_color":"#209cee","text_color":"#ffffff"},{"id":14,"text":"ORG","prefix_key":null,"suffix_key":"o","background_color":"#ff0000","text_color":"#ffffff"}]`
	labels, err := ReadDoccanoLabels("labels.json", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	in := `{"id":1,"text":"Nadim Ladki of ACME","annotations":[{"label":13,"start_offset":0,"end_offset":11,"user":1},{"label":14,"start_offset":15,"end_offset":19,"user":2},{"label":99,"start_offset":0,"end_offset":5,"user":2}]}`
	var warns []error
	var recs []*annot.Record
	err = ReadDoccano("v1.jsonl", []byte(in), Options{Annotator: "asha", Labels: labels}, &Sink{
		Record: func(r *annot.Record) error { recs = append(recs, r); return nil },
		Warn:   func(e error) { warns = append(warns, e) }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range recs[0].Spans {
		got = append(got, spanDesc(s)+" "+s.Annotator)
	}
	want := []string{"0-11 PER doccano-user-1", "15-19 ORG doccano-user-2", "0-5 label-99 doccano-user-2"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("spans %v, want %v", got, want)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), "v1.jsonl:1: label id 99 cannot be named: the label list given does not name it") {
		t.Errorf("warnings %v", warns)
	}
	for _, bad := range []string{`{"a":1}`, `[{"id":1}]`, `[{"id":"x","text":"A"},{"id":"x","text":"B"}]`, `not json`} {
		if _, err := ReadDoccanoLabels("labels.json", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "labels.json") {
			t.Errorf("label list %s: error %v", bad, err)
		} else {
			checkNoInternalNames(t, err.Error())
		}
	}
}

// Defect 9: two annotators' identical spans are one span in doccano's
// JSONL, which names no annotator; their relations are written once.
func TestDoccanoWriter_FoldsAnnotators(t *testing.T) {
	d := &Doc{Doc: &annot.Document{Text: "Rao said so"}, Spans: []annot.Span{
		{ID: "a1", Start: 0, End: 3, Label: "ACTOR", Annotator: "asha"},
		{ID: "b1", Start: 0, End: 3, Label: "ACTOR", Annotator: "ben"},
		{ID: "a2", Start: 4, End: 11, Label: "CLAIM", Annotator: "asha"},
		{ID: "b2", Start: 4, End: 11, Label: "CLAIM", Annotator: "ben"},
	}, Relations: []annot.Relation{
		{From: "a2", To: "a1", Type: "SAID_BY", Annotator: "asha"},
		{From: "b2", To: "b1", Type: "SAID_BY", Annotator: "ben"},
	}}
	out := string(roundWrite(t, Doccano, []*Doc{d}))
	want := `{"text":"Rao said so","entities":[{"id":0,"label":"ACTOR","start_offset":0,"end_offset":3},{"id":1,"label":"CLAIM","start_offset":4,"end_offset":11}],"relations":[{"id":0,"from_id":1,"to_id":0,"type":"SAID_BY"}]}` + "\n"
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	d.Relations = nil
	if out := string(roundWrite(t, Doccano, []*Doc{d})); out != `{"text":"Rao said so","label":[[0,3,"ACTOR"],[4,11,"CLAIM"]]}`+"\n" {
		t.Errorf("got %s", out)
	}
}

// FuzzDoccanoLabels reads arbitrary bytes as doccano's label list: never
// a panic, and an error always names the file.
func FuzzDoccanoLabels(f *testing.F) {
	for _, s := range []string{`[{"id":13,"text":"PER","suffix_key":"p"}]`, `{"13":"PER"}`, `[{"id":1}]`, `[]`, `x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadDoccanoLabels("labels.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "labels.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if m == nil {
			t.Fatal("no error and no list")
		}
	})
}
