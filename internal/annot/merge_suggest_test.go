package annot

import (
	"slices"
	"testing"
	"time"
)

func TestPreferSuggestion(t *testing.T) {
	s := func(id, origin string, created int) Suggestion {
		g := Suggestion{ID: id, DocID: "d", Start: 0, End: 4, Label: "ACTOR", Origin: origin}
		if created >= 0 {
			g.CreatedAt = at(created)
		}
		return g
	}
	preferOne(t, "proposed first", PreferSuggestion, s("z", "rule:b", 1), s("a", "rule:a", 2))
	preferOne(t, "same time: smaller ID", PreferSuggestion, s("a", "rule:b", 1), s("b", "rule:a", 1))
	preferOne(t, "known time over none (plain export)", PreferSuggestion, s("z", "rule:b", 5), s("a", "rule:a", -1))
	preferOne(t, "same ID and time: smaller origin", PreferSuggestion, s("a", "pattern:x", 1), s("a", "rule:a", 1))
	if g := s("a", "rule:a", 1); PreferSuggestion(g, g) {
		t.Error("a suggestion is preferred over itself")
	}
}

func TestPreferSuggestionLink(t *testing.T) {
	l := func(id string, created int) SuggestionLinkCopy {
		return SuggestionLinkCopy{SuggestionLink: SuggestionLink{ID: id, From: "f", To: "t", Type: SaidBy, Origin: "rule:x"}, CreatedAt: at(created)}
	}
	preferOne(t, "proposed first", PreferSuggestionLink, l("z", 1), l("a", 2))
	preferOne(t, "same time: smaller ID", PreferSuggestionLink, l("a", 1), l("b", 1))
	if PreferSuggestionLink(l("a", 1), l("a", 1)) {
		t.Error("a link is preferred over itself")
	}
}

func decision(id, who string, d Decision, made int) DecisionCopy {
	return DecisionCopy{SuggestionDecision: SuggestionDecision{ID: id, Suggestion: "g", Annotator: who, Decision: d, At: at(made)}}
}

func undone(d DecisionCopy, when int) DecisionCopy {
	d.DeletedAt, d.Deleted = at(when), true
	return d
}

func TestPreferDecision(t *testing.T) {
	live := decision("d", "asha", DecisionAccepted, 1)
	live.Span = "s"
	preferOne(t, "undone over live", PreferDecision, undone(live, 5), live)
	preferOne(t, "first undo", PreferDecision, undone(live, 5), undone(live, 7))
	other := live
	other.Span = "t" // the same decision on a folded twin
	preferOne(t, "same time: smaller span", PreferDecision, live, other)
	if PreferDecision(live, live) {
		t.Error("a decision is preferred over itself")
	}
}

func TestOneLiveDecision(t *testing.T) {
	cases := []struct {
		name  string
		group []DecisionCopy
		keep  string
		at    time.Time
	}{
		{"later wins", []DecisionCopy{decision("a", "asha", DecisionAccepted, 3), decision("b", "asha", DecisionRejected, 8)}, "b", at(8)},
		{"same time: smaller ID", []DecisionCopy{decision("b", "asha", DecisionRejected, 8), decision("a", "asha", DecisionAccepted, 8)}, "a", at(8)},
		{"three", []DecisionCopy{decision("c", "asha", DecisionAccepted, 1), decision("a", "asha", DecisionChanged, 9), decision("b", "asha", DecisionRejected, 4)}, "a", at(9)},
	}
	for _, tc := range cases {
		for _, g := range [][]DecisionCopy{tc.group, reversed(tc.group)} {
			keep, when := OneLiveDecision(g)
			if g[keep].ID != tc.keep || !when.Equal(tc.at) {
				t.Errorf("%s: kept %s, the rest tombstoned at %v; want %s at %v", tc.name, g[keep].ID, when, tc.keep, tc.at)
			}
		}
	}
}

func reversed[T any](s []T) []T {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

func TestFollowSpan(t *testing.T) {
	span := func(id, who, label string, created int, deleted bool) SpanCopy {
		s := SpanCopy{Span: Span{ID: id, DocID: "d", Annotator: who, Start: 2, End: 6, Label: label, CreatedAt: at(created)}}
		if deleted {
			s.DeletedAt = at(20)
		}
		return s
	}
	dead := span("twin", "asha", "ACTOR", 1, true)
	correction := span("mine", "asha", "ACTOR", 0, false)
	correction.Curation = true
	all := []SpanCopy{
		dead,
		span("ravi's", "ravi", "ACTOR", 0, false),    // another annotator
		span("source", "asha", "SOURCE", 0, false),   // another label
		span("gone", "asha", "ACTOR", 0, true),       // deleted too
		correction,                                   // a reviewer's own span, not her annotation
		span("late", "asha", "ACTOR", 5, false),      // live, made later
		span("kept", "asha", "ACTOR", 2, false),      // live, made first: the one a fold keeps
		span("elsewhere", "asha", "ACTOR", 0, false), // another document
	}
	all[len(all)-1].DocID = "e"
	for _, g := range [][]SpanCopy{all, reversed(all)} {
		if id, ok := FollowSpan(dead, g); !ok || id != "kept" {
			t.Errorf("FollowSpan = %q %v, want the live twin made first", id, ok)
		}
	}
	if id, ok := FollowSpan(dead, all[:5]); ok {
		t.Errorf("FollowSpan with no live twin = %q", id)
	}
}

func TestReviewedByMerge(t *testing.T) {
	states := map[string]StateCopy{
		"asha": {Annotator: "asha", State: StateDone, Answer: AnswerAccept, At: at(3)},
		"ravi": {Annotator: "ravi", State: StateInProgress, At: at(30)},
		"lead": {Annotator: "lead", State: StateReviewed, At: at(1)},
	}
	got := ReviewedByMerge(4, 0, []string{"asha", "lead", "meera", "ravi"}, states, at(10))
	want := []StateCopy{
		{Annotator: "asha", State: StateReviewed, Answer: AnswerAccept, At: at(10)}, // her answer rides with the record
		{Annotator: "meera", State: StateReviewed, At: at(10)},                      // no record yet
		{Annotator: "ravi", State: StateReviewed, At: at(30)},                       // never back in time
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReviewedByMerge = %+v\nwant %+v", got, want)
	}
	if got := ReviewedByMerge(4, 1, []string{"asha"}, states, at(10)); got != nil {
		t.Errorf("a document with a span undecided: %+v", got)
	}
	if got := ReviewedByMerge(0, 0, []string{"asha"}, states, at(10)); got != nil {
		t.Errorf("a document without spans: %+v", got)
	}
}

func TestMergeSuggestions(t *testing.T) {
	g := func(id string, start int, label, origin string, created int) Suggestion {
		return Suggestion{ID: id, DocID: "d", Start: start, End: start + 4, Label: label, Origin: origin, CreatedAt: at(created)}
	}
	cases := []struct {
		name        string
		here, there []Suggestion
		kept        []string          // IDs, window order
		ids         map[string]string // where each ID went, when not to itself
	}{
		{"the same rows", []Suggestion{g("a", 0, "ACTOR", "rule:x", 1)}, []Suggestion{g("a", 0, "ACTOR", "rule:x", 1)}, []string{"a"}, nil},
		{"new there", []Suggestion{g("a", 0, "ACTOR", "rule:x", 1)}, []Suggestion{g("b", 5, "CLAIM", "rule:x", 1)}, []string{"a", "b"}, nil},
		{"one proposal, two IDs: the first proposed", []Suggestion{g("a", 0, "ACTOR", "rule:x", 2)}, []Suggestion{g("b", 0, "ACTOR", "pattern:p", 1)},
			[]string{"b"}, map[string]string{"a": "b"}},
		{"one ID under two labels (renamed): the smaller label, and then one proposal with another ID",
			[]Suggestion{g("a", 0, "SOURCE", "rule:x", 1)},
			[]Suggestion{g("a", 0, "OUTLET", "rule:x", 1), g("b", 0, "SOURCE", "rule:x", 3)},
			[]string{"a", "b"}, nil},
		{"one ID under two labels, the copy kept is another's proposal, made first",
			[]Suggestion{g("c", 0, "ACTOR", "rule:x", 1)},
			[]Suggestion{g("c", 0, "SOURCE", "rule:x", 1), g("b", 0, "ACTOR", "rule:y", 0)},
			[]string{"b"}, map[string]string{"c": "b"}},
		{"two here fold onto one there",
			[]Suggestion{g("a", 0, "SOURCE", "rule:x", 5), g("c", 0, "ACTOR", "rule:x", 1)},
			[]Suggestion{g("a", 0, "ACTOR", "rule:x", 5)},
			[]string{"c"}, map[string]string{"a": "c"}},
	}
	for _, tc := range cases {
		for _, swap := range []bool{false, true} {
			here, there := tc.here, tc.there
			if swap {
				here, there = there, here
			}
			kept, ids := MergeSuggestions(here, there)
			var got []string
			for _, k := range kept {
				got = append(got, k.ID)
			}
			if !slices.Equal(got, tc.kept) {
				t.Errorf("%s (swapped %v): kept %v, want %v", tc.name, swap, got, tc.kept)
			}
			for _, side := range [][]Suggestion{here, there} {
				for _, s := range side {
					want := s.ID
					if w, ok := tc.ids[s.ID]; ok {
						want = w
					}
					if ids[s.ID] != want {
						t.Errorf("%s (swapped %v): %s kept under %q, want %q", tc.name, swap, s.ID, ids[s.ID], want)
					}
				}
			}
		}
	}
	// The copy kept is whole: its label with its origin and time.
	kept, _ := MergeSuggestions([]Suggestion{g("a", 0, "SOURCE", "rule:x", 1)}, []Suggestion{g("a", 0, "OUTLET", "rule:x", 1)})
	if len(kept) != 1 || kept[0].Label != "OUTLET" {
		t.Errorf("kept %+v, want the copy with the smaller label", kept)
	}
}

func TestMergeSuggestionLinks(t *testing.T) {
	l := func(id, from, to string, created int) SuggestionLinkCopy {
		return SuggestionLinkCopy{SuggestionLink: SuggestionLink{ID: id, From: from, To: to, Type: SaidBy, Origin: "rule:x"}, CreatedAt: at(created)}
	}
	here := []SuggestionLinkCopy{l("k2", "c", "a", 2), l("k3", "c", "d", 1), l("k5", "a", "a", 1)}
	there := []SuggestionLinkCopy{l("k1", "c", "a", 2), l("k3", "c", "d", 1), l("k4", "d", "a", 3)}
	for _, swap := range []bool{false, true} {
		h, o := here, there
		if swap {
			h, o = o, h
		}
		var got []string
		for _, k := range MergeSuggestionLinks(h, o) {
			got = append(got, k.ID)
		}
		// k1 and k2 are one link (k1, the smaller ID); k5's ends became one suggestion.
		if want := []string{"k3", "k1", "k4"}; !slices.Equal(got, want) {
			t.Errorf("swapped %v: kept %v, want %v", swap, got, want)
		}
	}
}
