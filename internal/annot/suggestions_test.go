package annot

import (
	"reflect"
	"testing"
)

func TestCheckOrigin(t *testing.T) {
	for o, ok := range map[string]bool{
		"rule:hi-ne-kaha": true, "pattern:people.jsonl": true, "occurrence": true,
		"import:prediction": true, "import:prediction:v3": true,
		"": false, "rule:": false, "pattern:": false, "import:prediction:": false, "spacy": false,
		"rule:a\nb": false,
	} {
		if err := CheckOrigin(o); (err == nil) != ok {
			t.Errorf("CheckOrigin(%q) = %v, want ok %v", o, err, ok)
		}
	}
}

func TestSuggestionAccept_Decide(t *testing.T) {
	g := Suggestion{Start: 3, End: 9, Label: Actor}
	for _, c := range []struct {
		name       string
		a          SuggestionAccept
		start, end int
		label      string
		d          Decision
	}{
		{"AsSuggested", SuggestionAccept{}, 3, 9, Actor, DecisionAccepted},
		{"SameLabelGiven", SuggestionAccept{Label: Actor}, 3, 9, Actor, DecisionAccepted},
		{"OtherLabel", SuggestionAccept{Label: Source}, 3, 9, Source, DecisionChanged},
		{"OtherOffsets", SuggestionAccept{Start: 3, End: 12}, 3, 12, Actor, DecisionChanged},
		{"SameOffsets", SuggestionAccept{Start: 3, End: 9}, 3, 9, Actor, DecisionAccepted},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, e, l, d := c.a.Decide(g)
			if s != c.start || e != c.end || l != c.label || d != c.d {
				t.Errorf("Decide = %d %d %s %s, want %d %d %s %s", s, e, l, d, c.start, c.end, c.label, c.d)
			}
		})
	}
}

func TestSuggested_Open(t *testing.T) {
	s := &Suggested{DocID: "d", Suggestions: []Suggestion{
		{ID: "1", Start: 0, End: 4, Label: Claim},
		{ID: "2", Start: 5, End: 7, Label: Actor},
		{ID: "3", Start: 8, End: 9, Label: Source},
	}, Decisions: []SuggestionDecision{
		{ID: "x", Suggestion: "1", Annotator: "asha", Decision: DecisionRejected},
		{ID: "y", Suggestion: "2", Annotator: "ravi", Decision: DecisionAccepted, Span: "s"},
	}}
	spans := []Span{{Annotator: "asha", Start: 8, End: 9, Label: Source}, {Annotator: "ravi", Start: 0, End: 4, Label: Actor}}
	ids := func(gs []Suggestion) []string {
		var out []string
		for _, g := range gs {
			out = append(out, g.ID)
		}
		return out
	}
	if got := ids(s.Open("asha", spans)); !reflect.DeepEqual(got, []string{"2"}) {
		t.Errorf("open for asha = %v: a rejected one and one she made by hand are not open", got)
	}
	if got := ids(s.Open("ravi", spans)); !reflect.DeepEqual(got, []string{"1", "3"}) {
		t.Errorf("open for ravi = %v", got)
	}
	// Undoing asha's rejection opens it again.
	s.Apply(Change{SuggestionDecisions: []SuggestionDecision{{ID: "x", DocID: "d", Suggestion: "1", Annotator: "asha", Deleted: true}}})
	if got := ids(s.Open("asha", spans)); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("after undo open for asha = %v", got)
	}
	// New suggestions come in order; another document's are not taken.
	s.Apply(Change{Suggestions: []Suggestion{{ID: "0", DocID: "d", Start: 1, End: 2, Label: Actor}, {ID: "9", DocID: "e", Start: 1, End: 2, Label: Actor}}})
	if got := ids(s.Suggestions); !reflect.DeepEqual(got, []string{"1", "0", "2", "3"}) {
		t.Errorf("suggestions = %v", got)
	}
	s.Apply(Change{LabelsRemoved: []Label{{Name: Actor}}})
	if got := ids(s.Suggestions); !reflect.DeepEqual(got, []string{"1", "3"}) {
		t.Errorf("after removing ACTOR: %v", got)
	}
}

func TestRecord_Suggest(t *testing.T) {
	r := &Record{
		Spans: []Span{
			{ID: "a", Start: 0, End: 4, Label: Claim, Annotator: "model", Note: "score 0.9"},
			{ID: "b", Start: 5, End: 7, Label: Actor, Annotator: "model"},
			{ID: "c", Start: 8, End: 9, Label: Source, Annotator: "asha"},
		},
		Relations: []Relation{{ID: "r1", From: "a", To: "b", Type: SaidBy}, {ID: "r2", From: "a", To: "c", Type: AccordingTo}},
		Verdicts:  []Verdict{{SpanID: "b", Decision: Accepted, Reviewer: "ravi"}},
		States:    map[string]DocState{"model": StateDone},
	}
	left := r.Suggest(OriginPrediction, func(s *Span) bool { return s.Annotator == "model" })
	if want := (LeftOut{Verdicts: 1, Notes: 1, Relations: 1}); left != want {
		t.Errorf("left out %+v, want %+v", left, want)
	}
	if len(r.Spans) != 1 || r.Spans[0].ID != "c" || len(r.Suggestions) != 2 || len(r.SuggestionLinks) != 1 || len(r.Relations) != 0 {
		t.Fatalf("record = %+v", r)
	}
	if r.States == nil {
		t.Error("states were dropped though only some spans turned")
	}
	if err := r.Check(20); err != nil {
		t.Errorf("Check: %v", err)
	}
	all := r.Suggest(OriginPrediction, nil)
	if all.States != 1 || r.States != nil || len(r.Suggestions) != 3 {
		t.Errorf("all: left %+v, record %+v", all, r)
	}
}
