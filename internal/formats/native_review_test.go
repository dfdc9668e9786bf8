package formats

import (
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// TestNative_Curation: a reviewer's correction and addition come back
// from a native export as the reviewer's own spans, the correction naming
// the span it replaces, so a round trip loses nothing a review made.
func TestNative_Curation(t *testing.T) {
	doc := &annot.Document{ID: "0190f0a8-0000-7000-8000-000000000001", Title: "t", Text: "Minister Rao said the plan will cut costs, PTI reported."}
	spans := []annot.Span{
		{ID: "0190f0a8-0000-7000-8000-0000000000a1", Start: 0, End: 8, Label: "ACTOR", Annotator: "asha", Status: annot.Rejected, Reviewer: "lead"},
		{ID: "0190f0a8-0000-7000-8000-0000000000a2", Start: 0, End: 12, Label: "ACTOR", Annotator: "lead", Status: annot.Accepted, Reviewer: "lead",
			Curation: true, Corrects: "0190f0a8-0000-7000-8000-0000000000a1"},
		{ID: "0190f0a8-0000-7000-8000-0000000000a3", Start: 43, End: 46, Label: "SOURCE", Annotator: "lead", Status: annot.Accepted, Reviewer: "lead",
			Curation: true},
	}
	out := roundWrite(t, Native, []*Doc{{Doc: doc, Spans: spans}})
	for _, want := range []string{`"curation":true,"corrects":"0190f0a8-0000-7000-8000-0000000000a1"`, `"label":"SOURCE","annotator":"lead","status":"accepted","reviewer":"lead","note":"","curation":true}`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("native line lacks %s:\n%s", want, out)
		}
	}
	if strings.Count(string(out), "curation") != 2 {
		t.Errorf("an annotator's span is marked as a reviewer's:\n%s", out)
	}
	recs, _, err := roundRead(ReadNative, "out.jsonl", out, "someone")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range recs[0].Spans {
		if w := spans[i]; s.Curation != w.Curation || s.Corrects != w.Corrects || s.Status != w.Status {
			t.Errorf("span %d came back as %+v, want %+v", i, s, w)
		}
	}
}
