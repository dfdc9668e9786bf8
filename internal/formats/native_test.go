package formats

import (
	"encoding/json"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// TestNative_RoundTrip writes a document with everything native JSONL
// carries and reads it back unchanged: ids, offsets, text, annotators,
// review status and reviewer, notes, relations and states.
func TestNative_RoundTrip(t *testing.T) {
	text := "चीनी प्रधान मंत्री ली क़ियांग ने कहा 👩‍👩‍👧 \"hi\"\nقال الرئيس"
	doc := &annot.Document{ID: "0190f0a8-0000-7000-8000-000000000001", Title: "Li's visit", Source: "li.txt", Text: text, Meta: []byte(`{"url":"https://example.org/a"}`)}
	spans := []annot.Span{
		{ID: "0190f0a8-0000-7000-8000-0000000000a1", Start: 0, End: 28, Label: "ACTOR", Annotator: "asha", Status: annot.Accepted, Reviewer: "ravi", Note: "the premier"},
		{ID: "0190f0a8-0000-7000-8000-0000000000a2", Start: 0, End: 47, Label: "CLAIM", Annotator: "ravi", Status: annot.Pending},
		{ID: "0190f0a8-0000-7000-8000-0000000000a3", Start: 48, End: 52, Label: "ACTOR", Annotator: "asha", Status: annot.Rejected, Reviewer: "ravi"},
	}
	rels := []annot.Relation{{ID: "0190f0a8-0000-7000-8000-0000000000b1", From: spans[1].ID, To: spans[0].ID, Type: annot.SaidBy, Annotator: "ravi"}}
	states := map[string]annot.DocState{"asha": annot.StateDone, "ravi": annot.StateInProgress}
	out := roundWrite(t, Native, []*Doc{{Doc: doc, Spans: spans, Relations: rels, States: states}})

	// Every span's text is the document's text at its code points.
	var line struct {
		Spans []struct {
			Start, End int
			Text       string
		}
	}
	if err := json.Unmarshal(out, &line); err != nil {
		t.Fatalf("native line is not JSON: %v\n%s", err, out)
	}
	runes := []rune(text)
	for _, s := range line.Spans {
		if s.Text != string(runes[s.Start:s.End]) {
			t.Fatalf("span text %q, want %q", s.Text, string(runes[s.Start:s.End]))
		}
	}

	recs, _, err := roundRead(ReadNative, "out.jsonl", out, "someone")
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if r.Doc.ID != doc.ID || r.Doc.Title != doc.Title || r.Doc.Source != doc.Source || r.Doc.Text != text || string(r.Doc.Meta) != string(doc.Meta) {
		t.Fatalf("document came back as %+v", r.Doc)
	}
	for i, s := range r.Spans {
		w := spans[i]
		if s.ID != w.ID || s.Start != w.Start || s.End != w.End || s.Label != w.Label || s.Annotator != w.Annotator || s.Note != w.Note || s.Status != w.Status {
			t.Fatalf("span %d came back as %+v, want %+v", i, s, w)
		}
	}
	verdicts := map[string]annot.Verdict{}
	for _, v := range r.Verdicts {
		verdicts[v.SpanID] = v
	}
	if v := verdicts[spans[0].ID]; v.Decision != annot.Accepted || v.Reviewer != "ravi" {
		t.Fatalf("accepted span's verdict = %+v", v)
	}
	if v := verdicts[spans[2].ID]; v.Decision != annot.Rejected || v.Reviewer != "ravi" {
		t.Fatalf("rejected span's verdict = %+v", v)
	}
	if _, ok := verdicts[spans[1].ID]; ok {
		t.Fatal("a pending span came back with a verdict")
	}
	if len(r.Relations) != 1 || r.Relations[0].ID != rels[0].ID || r.Relations[0].From != rels[0].From || r.Relations[0].To != rels[0].To || r.Relations[0].Type != annot.SaidBy {
		t.Fatalf("relations came back as %+v", r.Relations)
	}
	if r.States["asha"] != annot.StateDone || r.States["ravi"] != annot.StateInProgress {
		t.Fatalf("states came back as %v", r.States)
	}
}

func nativeCases() []doccanoCase {
	return []doccanoCase{
		{name: "minimal", in: `{"text":"Li said so","spans":[{"start":0,"end":2,"label":"ACTOR"}]}`, spans: []string{"0-2 ACTOR"}},
		{name: "with text", in: `{"text":"Li said so","spans":[{"start":0,"end":2,"text":"Li","label":"ACTOR"}]}`, spans: []string{"0-2 ACTOR"}},
		{name: "crlf remapped", in: `{"text":"a\r\nLi","spans":[{"start":3,"end":5,"label":"ACTOR"}]}`, spans: []string{"2-4 ACTOR"}},
		{name: "wrong span text", in: "{\"text\":\"ok\"}\n" + `{"text":"Li said so","spans":[{"start":0,"end":2,"text":"Lu","label":"ACTOR"}]}`, wantErr: "in.jsonl:2: "},
		{name: "unknown status", in: `{"text":"Li said so","spans":[{"start":0,"end":2,"label":"ACTOR","status":"maybe"}]}`, wantErr: "in.jsonl:1: "},
		{name: "missing offsets", in: `{"text":"Li said so","spans":[{"label":"ACTOR"}]}`, wantErr: "in.jsonl:1: "},
		{name: "past the end", in: `{"text":"Li","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`, wantErr: "in.jsonl:1: "},
		{name: "relation to nothing", in: `{"text":"Li said","spans":[{"id":"a","start":0,"end":2,"label":"ACTOR"}],"relations":[{"from":"a","to":"b","type":"SAID_BY"}]}`, wantErr: "in.jsonl:1: "},
		{name: "unknown state", in: `{"text":"Li said","states":{"asha":"half"}}`, wantErr: "in.jsonl:1: "},
		{name: "no text", in: `{"spans":[]}`, wantErr: "in.jsonl:1: "},
		{name: "a reviewer's correction", in: `{"text":"Li said so","spans":[{"id":"a","start":0,"end":7,"label":"CLAIM"},` +
			`{"start":3,"end":10,"label":"CLAIM","status":"accepted","curation":true,"corrects":"a"}]}`, spans: []string{"0-7 CLAIM", "3-10 CLAIM"}},
		{name: "corrects without curation", in: `{"text":"Li said so","spans":[{"start":0,"end":2,"label":"ACTOR","corrects":"x"}]}`, wantErr: "in.jsonl:1: span 1: \"corrects\""},
	}
}

func TestReadNative(t *testing.T) {
	for _, tc := range nativeCases() {
		t.Run(tc.name, func(t *testing.T) {
			recs, _, err := roundRead(ReadNative, "in.jsonl", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range recs[0].Spans {
				got = append(got, spanDesc(s))
			}
			if strings.Join(got, ",") != strings.Join(tc.spans, ",") {
				t.Fatalf("spans = %v, want %v", got, tc.spans)
			}
		})
	}
}

// FuzzNative reads arbitrary bytes as native JSONL: no panic, spans inside
// their texts, and what it accepts survives a write and a read back.
func FuzzNative(f *testing.F) {
	for _, tc := range nativeCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, ReadNative, Native, data) })
}
