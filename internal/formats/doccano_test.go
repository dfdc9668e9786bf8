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
		{name: "categories", in: `{"text":"abcdef","label":["positive"]}`, wantErr: "in.jsonl:1: "},
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
			recs, _, err := roundRead(ReadDoccano, "in.jsonl", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one starting %q", err, tc.wantErr)
				}
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
