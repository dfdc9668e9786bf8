package formats

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
)

// fullHistory is a document with every kind of row a history line carries.
func fullHistory() *annot.DocHistory {
	at := func(s int) time.Time { return time.Date(2025, 3, 1, 9, 0, s, 120000000, time.UTC) }
	id := func(n string) string { return "0190f0a8-0000-7000-8000-0000000000" + n }
	text := "मंत्री राव ने कहा कि योजना से लागत घटेगी, PTI reported."
	h := &annot.DocHistory{
		Doc: annot.Document{ID: id("01"), Title: "Rao", Source: "rao.txt", Text: text, Meta: []byte(`{"url":"u"}`), CreatedAt: at(1)},
		Spans: []annot.SpanCopy{
			{Span: annot.Span{ID: id("a1"), Start: 0, End: 10, Label: "ACTOR", Annotator: "asha", Note: "the minister",
				Status: annot.Rejected, Reviewer: "ravi", Answer: annot.AnswerAccept, CreatedAt: at(2), UpdatedAt: at(3)}},
			{Span: annot.Span{ID: id("a2"), Start: 19, End: 39, Label: "CLAIM", Annotator: "asha", Status: annot.Pending,
				Origin: "rule:hi-ki", Changed: true, CreatedAt: at(2), UpdatedAt: at(2)}},
			// ravi's correction of a1 (a2 was accepted, changed, from a suggestion).
			{Span: annot.Span{ID: id("a4"), Start: 0, End: 6, Label: "ACTOR", Annotator: "ravi", Status: annot.Accepted, Reviewer: "ravi",
				Curation: true, Corrects: id("a1"), CreatedAt: at(10), UpdatedAt: at(10)}},
			{Span: annot.Span{ID: id("a3"), Start: 41, End: 44, Label: "SOURCE", Annotator: "asha", Status: annot.Accepted, Reviewer: "ravi",
				Answer: annot.AnswerReject, CreatedAt: at(4), UpdatedAt: at(5), Deleted: true}, DeletedAt: at(6)},
		},
		Relations: []annot.RelationCopy{
			{Relation: annot.Relation{ID: id("b1"), From: id("a2"), To: id("a1"), Type: annot.SaidBy, Annotator: "asha", CreatedAt: at(7)}},
			{Relation: annot.Relation{ID: id("b2"), From: id("a2"), To: id("a3"), Type: annot.AccordingTo, Annotator: "asha", CreatedAt: at(7), Deleted: true}, DeletedAt: at(6)},
		},
		Verdicts: []annot.VerdictCopy{
			{Verdict: annot.Verdict{ID: id("c1"), SpanID: id("a1"), Reviewer: "ravi", Decision: annot.Accepted, At: at(8)}},
			{Verdict: annot.Verdict{ID: id("c2"), SpanID: id("a1"), Reviewer: "ravi", Decision: annot.Rejected, Comment: "not the speaker", At: at(9)}},
			{Verdict: annot.Verdict{ID: id("c3"), SpanID: id("a3"), Reviewer: "ravi", Decision: annot.Accepted, At: at(5)}},
			{Verdict: annot.Verdict{ID: id("c4"), SpanID: id("a4"), Reviewer: "ravi", Decision: annot.Accepted, At: at(10)}},
			// Undone: a2 stays pending.
			{Verdict: annot.Verdict{ID: id("c5"), SpanID: id("a2"), Reviewer: "ravi", Decision: annot.Accepted, At: at(11)}, WithdrawnAt: at(12)},
		},
		Suggestions: []annot.Suggestion{
			{ID: id("f1"), Start: 0, End: 10, Label: "ACTOR", Origin: "rule:hi-ne-kaha", CreatedAt: at(1)},
			{ID: id("f2"), Start: 19, End: 39, Label: "CLAIM", Origin: "rule:hi-ki", CreatedAt: at(1)},
			{ID: id("f3"), Start: 41, End: 44, Label: "OLD (removed " + id("d2") + ")", Origin: "pattern:old.jsonl"}, // time unknown
		},
		SuggestionLinks: []annot.SuggestionLinkCopy{
			{SuggestionLink: annot.SuggestionLink{ID: id("91"), From: id("f2"), To: id("f1"), Type: annot.SaidBy, Origin: "rule:hi-ne-kaha"}, CreatedAt: at(1)},
			{SuggestionLink: annot.SuggestionLink{ID: id("92"), From: id("f2"), To: id("f3"), Type: annot.AccordingTo, Origin: "pattern:old.jsonl"}, CreatedAt: at(2)},
		},
		Decisions: []annot.DecisionCopy{
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e1"), Suggestion: id("f1"), Annotator: "asha", Decision: annot.DecisionAccepted, Span: id("a1"), At: at(3)}},
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e2"), Suggestion: id("f2"), Annotator: "ravi", Decision: annot.DecisionRejected, At: at(4), Deleted: true}, DeletedAt: at(5)},
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e3"), Suggestion: id("f2"), Annotator: "asha", Decision: annot.DecisionChanged, Span: id("a2"), At: at(6)}},
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e4"), Suggestion: id("f1"), Annotator: "meera", Decision: annot.DecisionAccepted, Span: id("a3"), At: at(7)}}, // its span deleted
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e5"), Suggestion: id("f3"), Annotator: "asha", Decision: annot.DecisionRejected, At: at(8)}},
			{SuggestionDecision: annot.SuggestionDecision{ID: id("e6"), Suggestion: id("f1"), Annotator: "ravi", Decision: annot.DecisionRejected, At: at(9)}},
		},
		States: []annot.StateCopy{{Annotator: "asha", State: annot.StateDone, Answer: annot.AnswerIgnore, At: at(10)},
			{Annotator: "ravi", State: annot.StateReviewed, At: at(11)}},
		Labels: []annot.LabelCopy{
			{Label: annot.Label{ID: id("d1"), Name: "CLAIM", Color: "#f2a93b", Hotkey: "1"}},
			{Label: annot.Label{ID: id("d2"), Name: "OLD (removed " + id("d2") + ")", Color: "#000000", Order: 3}, RemovedAt: at(1)},
		},
	}
	for i := range h.Spans {
		h.Spans[i].DocID = h.Doc.ID
	}
	for i := range h.Relations {
		h.Relations[i].DocID = h.Doc.ID
	}
	for i := range h.Suggestions {
		h.Suggestions[i].DocID = h.Doc.ID
	}
	for i := range h.SuggestionLinks {
		h.SuggestionLinks[i].DocID = h.Doc.ID
	}
	for i := range h.Decisions {
		h.Decisions[i].DocID = h.Doc.ID
	}
	return h
}

func writeHistory(t testing.TB, hs ...*annot.DocHistory) []byte {
	t.Helper()
	var out bytes.Buffer
	w := NewNativeHistoryWriter(&out)
	for _, h := range hs {
		if err := w.Write(h); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readHistory(name string, data []byte) ([]*annot.DocHistory, error) {
	var out []*annot.DocHistory
	err := ReadNativeHistory(name, data, func(h *annot.DocHistory) error {
		out = append(out, h)
		return nil
	})
	return out, err
}

// TestNativeHistory_RoundTrip: what a history line carries comes back
// exactly, so merging the file does what merging the database does.
func TestNativeHistory_RoundTrip(t *testing.T) {
	want := fullHistory()
	out := writeHistory(t, want)
	got, err := readHistory("out.jsonl", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want.Line = 1
	want.Doc.Length = utf8.RuneCountInString(want.Doc.Text)
	if !reflect.DeepEqual(got[0], want) {
		t.Fatalf("came back as\n%+v\nwant\n%+v\nfrom %s", got[0], want, out)
	}
}

// TestNativeHistory_PlainReaderSeesLiveOnly: a history file imported
// (rather than merged) gives the live spans and links with their
// status, and no tombstone comes back to life.
func TestNativeHistory_PlainReaderSeesLiveOnly(t *testing.T) {
	out := writeHistory(t, fullHistory())
	if DetectJSON(out) != Native {
		t.Fatalf("a history file is detected as %q", DetectJSON(out))
	}
	recs, _, err := roundRead(ReadNative, "h.jsonl", out, "someone")
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if len(r.Spans) != 3 || len(r.Relations) != 1 || r.Relations[0].Type != annot.SaidBy {
		t.Fatalf("plain reader got spans %+v, relations %+v", r.Spans, r.Relations)
	}
	if s := r.Spans[2]; !s.Curation || s.Corrects != r.Spans[0].ID || s.Status != annot.Accepted {
		t.Errorf("the correction came back as %+v", s)
	}
	if s := r.Spans[1]; s.Origin != "rule:hi-ki" || !s.Changed || s.Status != annot.Pending {
		t.Errorf("the span accepted from a suggestion came back as %+v (its acceptance was withdrawn: pending)", s)
	}
	// Suggestions of live labels with the live decisions on live spans;
	// what a plain line cannot hold stays out.
	var decided []string
	for _, d := range r.SuggestionDecisions {
		decided = append(decided, d.ID[len(d.ID)-2:])
	}
	slices.Sort(decided)
	if len(r.Suggestions) != 2 || len(r.SuggestionLinks) != 1 || strings.Join(decided, " ") != "e1 e3 e6" {
		t.Errorf("plain reader got suggestions %+v, links %+v, decisions %v", r.Suggestions, r.SuggestionLinks, decided)
	}
	if r.Spans[0].Status != annot.Rejected || r.States["ravi"] != annot.StateReviewed {
		t.Errorf("plain reader got status %s, states %v", r.Spans[0].Status, r.States)
	}
	if r.Spans[0].Answer != annot.AnswerAccept || len(r.Answers) != 1 || r.Answers["asha"] != annot.AnswerIgnore {
		t.Errorf("plain reader got answer %q, document answers %v", r.Spans[0].Answer, r.Answers)
	}
}

// TestNativeHistory_PlainExport: a plain export read for a merge has no
// times; each status becomes a verdict with an ID that is the same every
// time the file is read.
func TestNativeHistory_PlainExport(t *testing.T) {
	in := `{"id":"0190f0a8-0000-7000-8000-000000000001","title":"t","text":"Li said so","spans":[` +
		`{"id":"0190f0a8-0000-7000-8000-0000000000a1","start":0,"end":2,"label":"ACTOR","annotator":"asha","status":"accepted","reviewer":"ravi"}]}`
	a, err := readHistory("p.jsonl", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := readHistory("p.jsonl", []byte(in))
	h := a[0]
	if len(h.Verdicts) != 1 || h.Verdicts[0].ID != b[0].Verdicts[0].ID || !h.Verdicts[0].At.IsZero() || h.Verdicts[0].Reviewer != "ravi" {
		t.Fatalf("verdicts %+v", h.Verdicts)
	}
	if !h.Doc.CreatedAt.IsZero() || !h.Spans[0].UpdatedAt.IsZero() || h.Spans[0].Status != annot.Accepted {
		t.Errorf("a plain export came with times or without status: %+v", h.Spans[0])
	}
}

func nativeHistoryCases() []struct{ name, in, wantErr string } {
	doc := `{"id":"0190f0a8-0000-7000-8000-000000000001","text":"Li said so",`
	sp := `{"id":"0190f0a8-0000-7000-8000-0000000000a1","start":0,"end":2,"label":"ACTOR","annotator":"asha"`
	sug := `{"id":"0190f0a8-0000-7000-8000-0000000000f1","start":0,"end":2,"label":"ACTOR","origin":"rule:en-said"`
	dec := `{"id":"0190f0a8-0000-7000-8000-0000000000e1","annotator":"asha","decision":"accepted","span":"0190f0a8-0000-7000-8000-0000000000a1","at":"2025-03-01T09:00:00Z"`
	return []struct{ name, in, wantErr string }{
		{"plain", doc + `"spans":[` + sp + `}]}`, ""},
		{"with history", doc + `"spans":[` + sp + `,"created_at":"2025-03-01T09:00:00Z","updated_at":"2025-03-01T09:00:01.5Z"}],"created_at":"2025-03-01T08:00:00Z","verdicts":[],"deleted_spans":[]}`, ""},
		{"tombstone", doc + `"spans":[],"deleted_spans":[` + sp + `,"deleted_at":"2025-03-01T09:00:00Z"}],"verdicts":[]}`, ""},
		{"no document id", `{"text":"Li said so","spans":[]}`, `p.jsonl:1: the document has no "id"`},
		{"no span id", "\n" + doc + `"spans":[{"start":0,"end":2,"label":"ACTOR","annotator":"asha"}]}`, `p.jsonl:2: span 1: no "id"`},
		{"bad time", doc + `"spans":[` + sp + `,"updated_at":"yesterday"}]}`, `p.jsonl:1: span 1: "updated_at" "yesterday" is not`},
		{"tombstone without time", doc + `"deleted_spans":[` + sp + `}]}`, `p.jsonl:1: deleted span 1 has no "deleted_at"`},
		{"verdict on nothing", doc + `"spans":[],"verdicts":[{"id":"0190f0a8-0000-7000-8000-0000000000c1","span":"x","reviewer":"r","decision":"accepted"}]}`, `p.jsonl:1: verdict refers to unknown span`},
		{"verdict undecided", doc + `"spans":[` + sp + `}],"verdicts":[{"id":"0190f0a8-0000-7000-8000-0000000000c1","span":"0190f0a8-0000-7000-8000-0000000000a1","reviewer":"r","decision":"maybe"}]}`, `p.jsonl:1: verdict 1: decision "maybe"`},
		{"relation without id", doc + `"spans":[` + sp + `}],"relations":[{"from":"a","to":"b","type":"SAID_BY","annotator":"asha"}]}`, `p.jsonl:1: relation 1: no "id"`},
		{"past the end", doc + `"spans":[{"id":"0190f0a8-0000-7000-8000-0000000000a1","start":0,"end":99,"label":"ACTOR","annotator":"asha"}]}`, `p.jsonl:1: span 1: offsets`},
		{"unknown state", doc + `"states":{"asha":"half"}}`, `p.jsonl:1: state "half"`},
		{"answers", doc + `"spans":[` + sp + `,"answer":"reject"}],"states":{"asha":"done"},"answers":{"asha":"accept","ben":"ignore"}}`, ""},
		{"span answer is a verdict", doc + `"spans":[` + sp + `,"answer":"accepted"}]}`, `p.jsonl:1: span 1: answer "accepted"`},
		{"document answer unknown", doc + `"answers":{"asha":"maybe"}}`, `p.jsonl:1: answer "maybe"`},
		{"label without id", doc + `"labels":[{"name":"CLAIM"}]}`, `p.jsonl:1: label 1: needs "id"`},
		{"withdrawn verdict", doc + `"spans":[` + sp + `}],"verdicts":[{"id":"0190f0a8-0000-7000-8000-0000000000c1","span":"0190f0a8-0000-7000-8000-0000000000a1","reviewer":"r","decision":"accepted","at":"2025-03-01T09:00:00Z","withdrawn_at":"2025-03-01T09:01:00Z"}]}`, ""},
		{"withdrawn when", doc + `"spans":[` + sp + `}],"verdicts":[{"id":"0190f0a8-0000-7000-8000-0000000000c1","span":"0190f0a8-0000-7000-8000-0000000000a1","reviewer":"r","decision":"accepted","withdrawn_at":"later"}]}`, `p.jsonl:1: verdict 1: "withdrawn_at" "later"`},
		{"correction", doc + `"spans":[` + sp + `},{"id":"0190f0a8-0000-7000-8000-0000000000a2","start":0,"end":7,"label":"CLAIM","annotator":"lead","curation":true,"corrects":"0190f0a8-0000-7000-8000-0000000000a1"}]}`, ""},
		{"corrects without curation", doc + `"spans":[` + sp + `,"corrects":"0190f0a8-0000-7000-8000-0000000000a9"}]}`, `p.jsonl:1: span 1: "corrects" is for a reviewer's own span`},
		{"suggestions", doc + `"spans":[` + sp + `,"origin":"rule:en-said"}],"suggestions":[` + sug + `,"created_at":"2025-03-01T09:00:00Z","decisions":[` + dec + `}]},` +
			`{"id":"0190f0a8-0000-7000-8000-0000000000f2","start":3,"end":10,"label":"CLAIM","origin":"rule:en-said"}],` +
			`"suggested_links":[{"id":"0190f0a8-0000-7000-8000-000000000091","from":"0190f0a8-0000-7000-8000-0000000000f2","to":"0190f0a8-0000-7000-8000-0000000000f1","type":"SAID_BY","origin":"rule:en-said"}],` +
			`"deleted_decisions":[{"id":"0190f0a8-0000-7000-8000-0000000000e2","suggestion":"0190f0a8-0000-7000-8000-0000000000f2","annotator":"ravi","decision":"rejected","at":"2025-03-01T09:00:00Z","deleted_at":"2025-03-01T09:00:01Z"}]}`, ""},
		{"suggestion without id", doc + `"suggestions":[{"start":0,"end":2,"label":"ACTOR","origin":"rule:en-said"}]}`, `p.jsonl:1: suggestion 1: no "id"`},
		{"suggestion past the end", doc + `"suggestions":[{"id":"0190f0a8-0000-7000-8000-0000000000f1","start":0,"end":20,"label":"ACTOR","origin":"rule:en-said"}]}`, `p.jsonl:1: suggestion 1: offsets`},
		{"decision without id", doc + `"spans":[` + sp + `}],"suggestions":[` + sug + `,"decisions":[{"annotator":"asha","decision":"rejected"}]}]}`, `p.jsonl:1: suggestion 1: decision 1: no "id"`},
		{"rejection with a span", doc + `"spans":[` + sp + `}],"suggestions":[` + sug + `,"decisions":[{"id":"0190f0a8-0000-7000-8000-0000000000e1","annotator":"asha","decision":"rejected","span":"0190f0a8-0000-7000-8000-0000000000a1"}]}]}`, `p.jsonl:1: suggestion 1: decision 1: a rejection makes no span`},
		{"decision on no span", doc + `"suggestions":[` + sug + `,"decisions":[` + dec + `}]}]}`, `p.jsonl:1: decision on suggestion "0190f0a8-0000-7000-8000-0000000000f1" refers to unknown span`},
		{"deleted decision on nothing", doc + `"deleted_decisions":[{"id":"0190f0a8-0000-7000-8000-0000000000e2","annotator":"ravi","decision":"rejected"}]}`, `p.jsonl:1: deleted decision 1: needs "suggestion"`},
		{"link without id", doc + `"suggestions":[` + sug + `}],"suggested_links":[{"from":"a","to":"b","type":"SAID_BY","origin":"rule:x"}]}`, `p.jsonl:1: suggested link 1: no "id"`},
	}
}

func TestReadNativeHistory(t *testing.T) {
	for _, tc := range nativeHistoryCases() {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := readHistory("p.jsonl", []byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(hs) != 1 {
				t.Fatalf("read %d documents, error %v", len(hs), err)
			}
		})
	}
}

// FuzzNativeHistory reads arbitrary bytes for a merge: no panic, spans
// inside their texts, and what it accepts comes back the same from a
// write and a read.
func FuzzNativeHistory(f *testing.F) {
	for _, tc := range nativeHistoryCases() {
		f.Add([]byte(tc.in))
	}
	f.Add(writeHistory(f, fullHistory()))
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, err := readHistory("in.jsonl", data)
		if err != nil {
			return
		}
		for _, h := range hs {
			n := utf8.RuneCountInString(h.Doc.Text)
			for _, s := range h.Spans {
				if s.Start < 0 || s.Start >= s.End || s.End > n {
					t.Fatalf("span %d-%d outside a text of %d", s.Start, s.End, n)
				}
			}
		}
		out := writeHistory(t, hs...)
		back, err := readHistory("out.jsonl", out)
		if err != nil {
			t.Fatalf("our own history does not read back: %v\n%s", err, out)
		}
		for i := range hs {
			a, b := *hs[i], *back[i]
			a.Line, b.Line = 0, 0
			// A span live in "spans" and one in "deleted_spans" come back
			// grouped live first; compare as sets by ID.
			if !sameHistory(&a, &b) {
				t.Fatalf("document %d came back as\n%+v\nwant\n%+v", i, b, a)
			}
		}
	})
}

func sameHistory(a, b *annot.DocHistory) bool {
	byID := func(h *annot.DocHistory) map[string]annot.SpanCopy {
		m := map[string]annot.SpanCopy{}
		for _, s := range h.Spans {
			m[s.ID] = s
		}
		return m
	}
	rels := func(h *annot.DocHistory) map[string]annot.RelationCopy {
		m := map[string]annot.RelationCopy{}
		for _, r := range h.Relations {
			m[r.ID] = r
		}
		return m
	}
	return reflect.DeepEqual(a.Doc, b.Doc) && reflect.DeepEqual(byID(a), byID(b)) && reflect.DeepEqual(rels(a), rels(b)) &&
		reflect.DeepEqual(a.Verdicts, b.Verdicts) && reflect.DeepEqual(a.States, b.States) && reflect.DeepEqual(a.Labels, b.Labels) &&
		reflect.DeepEqual(a.Suggestions, b.Suggestions) && reflect.DeepEqual(a.SuggestionLinks, b.SuggestionLinks) &&
		reflect.DeepEqual(a.Decisions, b.Decisions)
}

// TestNativeHistory_Answers: span and document answers come back for a
// merge, and an answer without a state is a finished task, as an import
// reads it.
func TestNativeHistory_Answers(t *testing.T) {
	var in string
	for _, tc := range nativeHistoryCases() {
		if tc.name == "answers" {
			in = tc.in
		}
	}
	hs, err := readHistory("p.jsonl", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	h := hs[0]
	if h.Spans[0].Answer != annot.AnswerReject {
		t.Errorf("span answer %q, want reject", h.Spans[0].Answer)
	}
	want := []annot.StateCopy{{Annotator: "asha", State: annot.StateDone, Answer: annot.AnswerAccept},
		{Annotator: "ben", State: annot.StateDone, Answer: annot.AnswerIgnore}}
	if !reflect.DeepEqual(h.States, want) {
		t.Errorf("states %+v, want %+v", h.States, want)
	}
	out := string(writeHistory(t, h))
	for _, key := range []string{`"answer":"reject"`, `"answers":{"asha":"accept","ben":"ignore"}`} {
		if !strings.Contains(out, key) {
			t.Errorf("written again without %s:\n%s", key, out)
		}
	}
}
