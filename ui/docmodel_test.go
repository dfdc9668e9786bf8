package ui

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// modelDoc is a document with two annotators' spans and a link of each.
func modelDoc() *annot.Bundle {
	return &annot.Bundle{
		Doc: annot.Document{ID: "d", Text: "Li Qiang said the plan works, Xinhua reported."},
		Spans: []annot.Span{
			{ID: "a1", DocID: "d", Annotator: "asha", Start: 0, End: 8, Label: "ACTOR"},
			{ID: "c1", DocID: "d", Annotator: "asha", Start: 14, End: 28, Label: "CLAIM"},
			{ID: "r1", DocID: "d", Annotator: "ravi", Start: 14, End: 28, Label: "CLAIM"},
			{ID: "s1", DocID: "d", Annotator: "ravi", Start: 30, End: 36, Label: "SOURCE"},
		},
		Relations: []annot.Relation{
			{ID: "x", DocID: "d", Annotator: "asha", From: "c1", To: "a1", Type: annot.SaidBy},
			{ID: "y", DocID: "d", Annotator: "ravi", From: "r1", To: "s1", Type: annot.AccordingTo},
		},
	}
}

// listen records what each change notified.
func listen(m *DocModel) *[]What {
	var got []What
	m.OnChange(func(w What) { got = append(got, w) })
	return &got
}

func ids(spans []annot.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.ID)
	}
	return out
}

func TestDocModel_OpenAndSelect(t *testing.T) {
	m := NewDocModel()
	heard := listen(m)
	if m.DocID() != "" || m.Text() != "" || m.Spans() != nil {
		t.Fatal("a new model has a document")
	}
	m.Open(modelDoc())
	if m.DocID() != "d" || m.Slice(0, 8) != "Li Qiang" || !reflect.DeepEqual(ids(m.Spans()), []string{"a1", "c1", "r1", "s1"}) {
		t.Fatalf("opened %q with spans %v", m.DocID(), ids(m.Spans()))
	}
	if m.Mode() != ModeAnnotate || m.Shown() != nil || !m.IsShown("anyone") {
		t.Fatal("a model starts in annotate mode showing everyone's spans")
	}
	if w := (*heard)[0]; w&WhatDoc == 0 || w&WhatSpans == 0 {
		t.Fatalf("Open notified %b", w)
	}

	m.Select(9, 0) // reversed
	if s, e := m.Selection(); s != 0 || e != 9 || m.SelectedText() != "Li Qiang " {
		t.Fatalf("selection %d-%d", s, e)
	}
	n := len(*heard)
	m.Select(0, 9)
	if len(*heard) != n {
		t.Fatal("selecting the same range again notified")
	}
	m.SelectSpan("c1")
	if s, e := m.Selection(); s != e || m.SelectedSpan() != "c1" {
		t.Fatalf("selecting a span left text %d-%d selected, span %q", s, e, m.SelectedSpan())
	}
	m.SelectSpan("c1")
	if len(*heard) != n+2 {
		t.Fatal("selecting the selected span again must notify, to bring it into view")
	}
	m.Select(3, 5)
	if m.SelectedSpan() != "" {
		t.Fatal("selecting text kept the span selected")
	}
	if got := m.LinksOf("c1"); len(got) != 1 || got[0].ID != "x" {
		t.Fatalf("links of c1 = %+v", got)
	}
	m.SelectSpan("c1")
	m.Open(&annot.Bundle{Doc: annot.Document{ID: "e", Text: "other"}})
	if m.SelectedSpan() != "" || len(m.Spans()) != 0 {
		t.Fatal("opening another document kept the selection or spans")
	}
}

func TestDocModel_Apply(t *testing.T) {
	m := NewDocModel()
	m.Open(modelDoc())
	m.SelectSpan("a1")
	heard := listen(m)
	gone := m.Bundle().Spans[0]
	gone.Deleted = true
	added := annot.Span{ID: "a2", DocID: "d", Annotator: "asha", Start: 30, End: 36, Label: "SOURCE"}
	if !m.Apply(annot.Change{SpansRemoved: []annot.Span{gone}, SpansAdded: []annot.Span{added},
		RelationsRemoved: []annot.Relation{{ID: "x", DocID: "d", Deleted: true}}}) {
		t.Fatal("Apply reported no change")
	}
	if got := ids(m.Spans()); !reflect.DeepEqual(got, []string{"c1", "r1", "a2", "s1"}) {
		t.Fatalf("spans after Apply %v", got)
	}
	if m.SelectedSpan() != "" {
		t.Fatal("the deleted span is still selected")
	}
	if w := (*heard)[0]; w&WhatSpans == 0 || w&WhatSelection == 0 {
		t.Fatalf("Apply notified %b, want spans and selection", w)
	}
	if len(m.Relations()) != 1 || m.Relations()[0].ID != "y" {
		t.Fatalf("relations after Apply %+v", m.Relations())
	}
	// Another document's change is not this one's.
	n := len(*heard)
	if m.Apply(annot.Change{SpansAdded: []annot.Span{{ID: "z", DocID: "elsewhere", Start: 0, End: 1}}}) || len(*heard) != n {
		t.Fatal("a change in another document changed this one")
	}
}

func TestDocModel_ShownAnnotatorsAndMode(t *testing.T) {
	m := NewDocModel()
	m.Open(modelDoc())
	m.SelectSpan("c1")
	heard := listen(m)
	m.ShowAnnotators("ravi")
	if got := ids(m.Spans()); !reflect.DeepEqual(got, []string{"r1", "s1"}) {
		t.Fatalf("ravi's spans %v", got)
	}
	if len(m.Relations()) != 1 || m.Relations()[0].ID != "y" {
		t.Fatalf("ravi's relations %+v", m.Relations())
	}
	if m.SelectedSpan() != "" {
		t.Fatal("a span no longer shown is still selected")
	}
	if !reflect.DeepEqual(m.Shown(), []string{"ravi"}) || m.IsShown("asha") || !m.IsShown("ravi") {
		t.Fatalf("shown %v", m.Shown())
	}
	if w := (*heard)[0]; w&WhatShown == 0 {
		t.Fatalf("ShowAnnotators notified %b", w)
	}
	if _, ok := m.Span("a1"); !ok {
		t.Fatal("Span finds only shown spans; it should find any of the document's")
	}
	if !reflect.DeepEqual(m.Annotators(), []string{"asha", "ravi"}) {
		t.Fatalf("annotators %v", m.Annotators())
	}
	// A change keeps the filter.
	m.Apply(annot.Change{SpansAdded: []annot.Span{{ID: "a9", DocID: "d", Annotator: "asha", Start: 40, End: 46, Label: "CLAIM"}}})
	if got := ids(m.Spans()); !reflect.DeepEqual(got, []string{"r1", "s1"}) {
		t.Fatalf("after asha tags, ravi's view shows %v", got)
	}
	m.ShowAnnotators()
	if len(m.Spans()) != 5 || m.Shown() != nil {
		t.Fatalf("showing everyone: %v", ids(m.Spans()))
	}
	m.SetMode(ModeReview)
	if m.Mode() != ModeReview || (*heard)[len(*heard)-1] != WhatMode {
		t.Fatal("SetMode did not switch to review")
	}
}

func TestDocModel_Labels(t *testing.T) {
	m := NewDocModel()
	heard := listen(m)
	m.SetLabels(annot.DefaultLabels())
	if len(*heard) != 1 || (*heard)[0] != WhatLabels {
		t.Fatalf("SetLabels notified %v", *heard)
	}
	if c := m.LabelColor("ACTOR"); c.R != 0x4a || c.G != 0x90 || c.B != 0xd9 {
		t.Fatalf("ACTOR colour %v", c)
	}
	if c := m.LabelColor("GONE"); c.R != 0x88 {
		t.Fatalf("an unknown label's colour %v, want grey", c)
	}
	if !reflect.DeepEqual(m.LabelNames(), []string{"CLAIM", "ACTOR", "SOURCE"}) {
		t.Fatalf("label names %v", m.LabelNames())
	}
}

func TestDocModel_Review(t *testing.T) {
	m := NewDocModel()
	b := modelDoc()
	// asha's ACTOR is accepted, and the reviewer boss corrected ravi's
	// SOURCE (rejected) to a shorter one.
	b.Spans[0].Status, b.Spans[0].Reviewer = annot.Accepted, "boss"
	b.Spans[3].Status, b.Spans[3].Reviewer = annot.Rejected, "boss"
	b.Spans = append(b.Spans, annot.Span{ID: "fix", DocID: "d", Annotator: "boss", Start: 30, End: 33, Label: "SOURCE",
		Curation: true, Corrects: "s1", Status: annot.Accepted, Reviewer: "boss"})
	annot.SortSpans(b.Spans)
	m.Open(b)
	m.SetMode(ModeReview)
	if got := m.Lanes(); !reflect.DeepEqual(got, []string{"asha", "ravi"}) {
		t.Fatalf("lanes %q: the reviewer's own span makes no lane", got)
	}
	if got := m.LaneInitials(); !reflect.DeepEqual(got, []string{"AS", "RA"}) {
		t.Fatalf("initials %q", got)
	}
	c1, _ := m.Span("c1")
	if !m.Agreed(c1) {
		t.Fatal("both marked the CLAIM, yet it is not agreed")
	}
	if got := ids(m.Gold()); !reflect.DeepEqual(got, []string{"a1", "fix"}) {
		t.Fatalf("gold %q", got)
	}
	if m.Undecided() != 2 {
		t.Fatalf("%d undecided, want the two claims", m.Undecided())
	}
	// Showing ravi alone keeps the reviewer's correction: it is gold.
	m.ShowAnnotators("ravi")
	if got := ids(m.Spans()); !reflect.DeepEqual(got, []string{"r1", "s1", "fix"}) && !reflect.DeepEqual(got, []string{"r1", "fix", "s1"}) {
		t.Fatalf("ravi's view shows %q", got)
	}
	if next, ok := m.NextToReview("", false); !ok || next.ID != "r1" {
		t.Fatalf("with one lane, the next to review is %q", next.ID)
	}
	if _, ok := m.NextToReview("r1", false); !ok {
		t.Fatal("going round the end finds nothing")
	}
	for _, tc := range []struct {
		in   []string
		want []string
	}{
		{[]string{"asha", "ravi"}, []string{"AS", "RA"}},
		{[]string{"Asha Rao", "ravi"}, []string{"AR", "RA"}},
		{[]string{"ravi", "raman"}, []string{"RAV", "RAM"}},
		{[]string{"अनु", "ravi"}, []string{"अनु", "RA"}},
		{[]string{"meera", "Meena"}, []string{"MEER", "MEEN"}},
	} {
		if got := initialsOf(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("initialsOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
