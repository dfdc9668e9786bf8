package annot_test

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func sp(id, who string, start, end int, label string) annot.Span {
	return annot.Span{ID: id, Annotator: who, Start: start, End: end, Label: label, Status: annot.Pending}
}

func TestSameSpanAndOverlap(t *testing.T) {
	cases := []struct {
		name          string
		a, b          annot.Span
		same, overlap bool
	}{
		{"identical, two annotators", sp("1", "asha", 0, 5, "CLAIM"), sp("2", "ravi", 0, 5, "CLAIM"), true, true},
		{"same range, other label", sp("1", "asha", 0, 5, "CLAIM"), sp("2", "asha", 0, 5, "ACTOR"), false, true},
		{"end differs", sp("1", "asha", 0, 5, "CLAIM"), sp("2", "asha", 0, 6, "CLAIM"), false, true},
		{"nested", sp("1", "asha", 0, 10, "CLAIM"), sp("2", "asha", 3, 4, "ACTOR"), false, true},
		{"touching is not overlapping", sp("1", "asha", 0, 5, "CLAIM"), sp("2", "asha", 5, 9, "CLAIM"), false, false},
		{"apart", sp("1", "asha", 0, 2, "CLAIM"), sp("2", "asha", 7, 9, "CLAIM"), false, false},
		{"one code point in common", sp("1", "asha", 0, 5, "CLAIM"), sp("2", "asha", 4, 9, "SOURCE"), false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := annot.SameSpan(tc.a, tc.b); got != tc.same {
				t.Errorf("SameSpan = %v, want %v", got, tc.same)
			}
			if got := annot.SameSpan(tc.b, tc.a); got != tc.same {
				t.Errorf("SameSpan reversed = %v, want %v", got, tc.same)
			}
			if got := annot.Overlap(tc.a, tc.b); got != tc.overlap {
				t.Errorf("Overlap = %v, want %v", got, tc.overlap)
			}
			if got := annot.Overlap(tc.b, tc.a); got != tc.overlap {
				t.Errorf("Overlap reversed = %v, want %v", got, tc.overlap)
			}
		})
	}
}

func TestSortSpans(t *testing.T) {
	cases := []struct {
		name string
		in   []annot.Span
		want []string // IDs in order
	}{
		{"by start", []annot.Span{sp("b", "asha", 5, 6, "CLAIM"), sp("a", "asha", 0, 9, "CLAIM")}, []string{"a", "b"}},
		{"then end", []annot.Span{sp("b", "asha", 0, 9, "CLAIM"), sp("a", "asha", 0, 3, "CLAIM")}, []string{"a", "b"}},
		{"then label", []annot.Span{sp("b", "asha", 0, 3, "CLAIM"), sp("a", "asha", 0, 3, "ACTOR")}, []string{"a", "b"}},
		{"then annotator", []annot.Span{sp("b", "ravi", 0, 3, "CLAIM"), sp("a", "asha", 0, 3, "CLAIM")}, []string{"a", "b"}},
		{"then ID", []annot.Span{sp("b", "asha", 0, 3, "CLAIM"), sp("a", "asha", 0, 3, "CLAIM")}, []string{"a", "b"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			annot.SortSpans(tc.in)
			var got []string
			for _, s := range tc.in {
				got = append(got, s.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGold(t *testing.T) {
	acc := func(s annot.Span) annot.Span { s.Status = annot.Accepted; return s }
	rel := func(id, from, to, typ string) annot.Relation {
		return annot.Relation{ID: id, From: from, To: to, Type: typ}
	}
	cases := []struct {
		name      string
		spans     []annot.Span
		rels      []annot.Relation
		wantSpans []string
		wantRels  []annot.Relation
	}{
		{
			name:      "pending and rejected spans are not gold",
			spans:     []annot.Span{sp("p", "asha", 0, 3, "CLAIM"), func() annot.Span { s := sp("r", "asha", 4, 6, "ACTOR"); s.Status = annot.Rejected; return s }()},
			wantSpans: nil,
		},
		{
			name:      "the same span from two annotators is folded into the first",
			spans:     []annot.Span{acc(sp("a1", "asha", 0, 9, "CLAIM")), acc(sp("r1", "ravi", 0, 9, "CLAIM")), acc(sp("r2", "ravi", 0, 9, "ACTOR"))},
			wantSpans: []string{"a1", "r2"},
		},
		{
			name:      "links follow the folded spans, each once",
			spans:     []annot.Span{acc(sp("a1", "asha", 0, 9, "CLAIM")), acc(sp("a2", "asha", 10, 12, "ACTOR")), acc(sp("r1", "ravi", 0, 9, "CLAIM")), acc(sp("r2", "ravi", 10, 12, "ACTOR"))},
			rels:      []annot.Relation{rel("x", "a1", "a2", annot.SaidBy), rel("y", "r1", "r2", annot.SaidBy), rel("z", "r1", "r2", annot.AccordingTo)},
			wantSpans: []string{"a1", "a2"},
			wantRels:  []annot.Relation{rel("x", "a1", "a2", annot.SaidBy), rel("z", "a1", "a2", annot.AccordingTo)},
		},
		{
			name:      "a link to a span that is not gold goes",
			spans:     []annot.Span{acc(sp("a1", "asha", 0, 9, "CLAIM")), sp("a2", "asha", 10, 12, "ACTOR")},
			rels:      []annot.Relation{rel("x", "a1", "a2", annot.SaidBy)},
			wantSpans: []string{"a1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spans, rels := annot.Gold(tc.spans, tc.rels)
			var ids []string
			for _, s := range spans {
				ids = append(ids, s.ID)
			}
			if !reflect.DeepEqual(ids, tc.wantSpans) {
				t.Errorf("gold spans %v, want %v", ids, tc.wantSpans)
			}
			if !reflect.DeepEqual(rels, tc.wantRels) {
				t.Errorf("gold relations %+v, want %+v", rels, tc.wantRels)
			}
		})
	}
}

func TestRelationsAmong(t *testing.T) {
	spans := []annot.Span{sp("a", "asha", 0, 3, "CLAIM"), sp("b", "asha", 4, 6, "ACTOR")}
	rels := []annot.Relation{{ID: "in", From: "a", To: "b"}, {ID: "out", From: "a", To: "gone"}, {ID: "back", From: "gone", To: "b"}}
	got := annot.RelationsAmong(spans, rels)
	if len(got) != 1 || got[0].ID != "in" {
		t.Fatalf("kept %+v, want only the link between shown spans", got)
	}
	if len(rels) != 3 || rels[1].ID != "out" {
		t.Fatal("RelationsAmong changed its input")
	}
}

func TestCheckChange(t *testing.T) {
	live := sp("a", "asha", 0, 3, "CLAIM")
	gone := live
	gone.Deleted = true
	cases := []struct {
		name string
		s    annot.Span
		who  string
		want annot.Kind
		ok   bool
	}{
		{"the annotator's own span", live, "asha", 0, true},
		{"another's span", live, "ravi", annot.Conflict, false},
		{"no annotator", live, "", annot.Invalid, false},
		{"a deleted span", gone, "asha", annot.NotFound, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := annot.CheckChange(tc.s, tc.who)
			if tc.ok != (err == nil) || (!tc.ok && annot.ErrorKind(err) != tc.want) {
				t.Fatalf("CheckChange = %v (kind %v), want ok=%v kind %v", err, annot.ErrorKind(err), tc.ok, tc.want)
			}
		})
	}
}
