package annot_test

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// reviewDoc is "Minister Rao said the plan will cut costs , PTI" marked
// by asha and ravi: both have the ACTOR, they differ on the CLAIM, only
// ravi has the SOURCE; each linked their claim to the actor.
func reviewDoc() *annot.Bundle {
	text := "Minister Rao said the plan will cut costs, PTI"
	b := &annot.Bundle{Doc: annot.Document{ID: "d", Text: text}}
	b.Spans = []annot.Span{
		sp("a-actor", "asha", 0, 12, "ACTOR"),
		sp("r-actor", "ravi", 0, 12, "ACTOR"),
		sp("a-claim", "asha", 18, 41, "CLAIM"),
		sp("r-claim", "ravi", 22, 41, "CLAIM"),
		sp("r-source", "ravi", 43, 46, "SOURCE"),
	}
	for i := range b.Spans {
		b.Spans[i].DocID = "d"
	}
	b.Relations = []annot.Relation{
		{ID: "a-said", DocID: "d", Annotator: "asha", From: "a-claim", To: "a-actor", Type: annot.SaidBy},
		{ID: "r-said", DocID: "d", Annotator: "ravi", From: "r-claim", To: "r-actor", Type: annot.SaidBy},
	}
	return b
}

// verdicts lists a plan's verdicts as "span decision", sorted.
func verdicts(p annot.ReviewPlan) []string {
	var out []string
	for _, v := range p.Verdicts {
		id := v.SpanID
		if p.Add != nil && id == p.Add.ID {
			id = "new"
		}
		out = append(out, id+" "+string(v.Decision))
		if v.Reviewer != "boss" {
			panic("verdict by " + v.Reviewer)
		}
	}
	sort.Strings(out)
	return out
}

func links(p annot.ReviewPlan) []string {
	var out []string
	for _, r := range p.Links {
		from, to := r.From, r.To
		if p.Add != nil {
			if from == p.Add.ID {
				from = "new"
			}
			if to == p.Add.ID {
				to = "new"
			}
		}
		out = append(out, from+" "+r.Type+" "+to)
	}
	sort.Strings(out)
	return out
}

func TestPlanReview(t *testing.T) {
	decided := func(b *annot.Bundle, st annot.Status, ids ...string) {
		for i := range b.Spans {
			if slices.Contains(ids, b.Spans[i].ID) {
				b.Spans[i].Status, b.Spans[i].Reviewer = st, "boss"
			}
		}
	}
	cases := []struct {
		name     string
		prep     func(b *annot.Bundle)
		op       annot.ReviewOp
		verdicts []string
		add      string // "LABEL start-end corrects" of the reviewer's new span
		remove   string
		links    []string
	}{
		{name: "accept takes the same span of others",
			op:       annot.ReviewOp{Kind: annot.ReviewAccept, Span: "a-actor"},
			verdicts: []string{"a-actor accepted", "r-actor accepted"}},
		{name: "accept a claim accepts who said it",
			op:       annot.ReviewOp{Kind: annot.ReviewAccept, Span: "a-claim"},
			verdicts: []string{"a-actor accepted", "a-claim accepted", "r-actor accepted"}},
		{name: "accept a claim leaves a rejected actor rejected",
			prep:     func(b *annot.Bundle) { decided(b, annot.Rejected, "a-actor", "r-actor") },
			op:       annot.ReviewOp{Kind: annot.ReviewAccept, Span: "a-claim"},
			verdicts: []string{"a-claim accepted"}},
		{name: "accept what is accepted changes nothing",
			prep: func(b *annot.Bundle) { decided(b, annot.Accepted, "a-actor", "r-actor") },
			op:   annot.ReviewOp{Kind: annot.ReviewAccept, Span: "r-actor"}},
		{name: "accept overturns a rejected twin",
			prep:     func(b *annot.Bundle) { decided(b, annot.Rejected, "r-actor") },
			op:       annot.ReviewOp{Kind: annot.ReviewAccept, Span: "a-actor"},
			verdicts: []string{"a-actor accepted", "r-actor accepted"}},
		{name: "reject takes the same span of others",
			op:       annot.ReviewOp{Kind: annot.ReviewReject, Span: "r-actor"},
			verdicts: []string{"a-actor rejected", "r-actor rejected"}},
		{name: "reject a claim leaves its actor",
			op:       annot.ReviewOp{Kind: annot.ReviewReject, Span: "r-claim"},
			verdicts: []string{"r-claim rejected"}},
		{name: "accept agreed: what both marked",
			op:       annot.ReviewOp{Kind: annot.ReviewAcceptAgreed},
			verdicts: []string{"a-actor accepted", "r-actor accepted"}},
		{name: "accept agreed never overturns",
			prep:     func(b *annot.Bundle) { decided(b, annot.Rejected, "a-actor") },
			op:       annot.ReviewOp{Kind: annot.ReviewAcceptAgreed},
			verdicts: []string{"r-actor accepted"}},
		{name: "accept agreed, at least one of two: everything",
			op:       annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Min: 1},
			verdicts: []string{"a-actor accepted", "a-claim accepted", "r-actor accepted", "r-claim accepted", "r-source accepted"}},
		{name: "accept agreed among ravi alone: one person agrees with nobody",
			op: annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Annotators: []string{"ravi"}}},
		{name: "accept agreed: a third annotator who marked nothing but is done disagrees",
			prep: func(b *annot.Bundle) { b.States = map[string]annot.DocState{"meera": annot.StateDone} },
			op:   annot.ReviewOp{Kind: annot.ReviewAcceptAgreed}},
		{name: "accept agreed: two of three",
			prep:     func(b *annot.Bundle) { b.States = map[string]annot.DocState{"meera": annot.StateDone} },
			op:       annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Min: 2},
			verdicts: []string{"a-actor accepted", "r-actor accepted"}},
		{name: "correct the end of a claim: the reviewer's span, linked, the original rejected",
			op:       annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "a-claim", Start: 18, End: 30},
			verdicts: []string{"a-actor accepted", "a-claim rejected", "new accepted", "r-actor accepted"},
			add:      "CLAIM 18-30 a-claim",
			links:    []string{"new SAID_BY a-actor"}},
		{name: "correct onto a span someone marked: theirs is accepted",
			op:       annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "a-claim", Start: 22, End: 41},
			verdicts: []string{"a-actor accepted", "a-claim rejected", "r-actor accepted", "r-claim accepted"},
			links:    []string{"r-claim SAID_BY a-actor"}},
		{name: "relabel an actor as a source: the claim's link turns ACCORDING_TO",
			op:       annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "a-actor", Start: 0, End: 12, Label: "SOURCE"},
			verdicts: []string{"a-actor rejected", "new accepted", "r-actor rejected"},
			add:      "SOURCE 0-12 a-actor",
			links:    []string{"a-claim ACCORDING_TO new"}},
		{name: "relabel a claim as an actor: its link makes no sense and is not copied",
			op:       annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "r-claim", Start: 22, End: 41, Label: "ACTOR"},
			verdicts: []string{"new accepted", "r-claim rejected"},
			add:      "ACTOR 22-41 r-claim"},
		{name: "correct a correction: the first is removed",
			prep: func(b *annot.Bundle) {
				b.Spans = append(b.Spans, annot.Span{ID: "fix", DocID: "d", Annotator: "boss", Start: 18, End: 30, Label: "CLAIM",
					Curation: true, Corrects: "a-claim", Status: annot.Accepted, Reviewer: "boss"})
				decided(b, annot.Rejected, "a-claim")
			},
			op:       annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "fix", Start: 18, End: 26},
			verdicts: []string{"new accepted"},
			add:      "CLAIM 18-26 a-claim",
			remove:   "fix"},
		{name: "reject the reviewer's own span removes it",
			prep: func(b *annot.Bundle) {
				b.Spans = append(b.Spans, annot.Span{ID: "fix", DocID: "d", Annotator: "boss", Start: 18, End: 30, Label: "CLAIM",
					Curation: true, Status: annot.Accepted, Reviewer: "boss"})
			},
			op:     annot.ReviewOp{Kind: annot.ReviewReject, Span: "fix"},
			remove: "fix"},
		{name: "add what nobody marked",
			op:       annot.ReviewOp{Kind: annot.ReviewAdd, Start: 9, End: 12, Label: "ACTOR"},
			verdicts: []string{"new accepted"},
			add:      "ACTOR 9-12 "},
		{name: "add what someone marked accepts theirs",
			op:       annot.ReviewOp{Kind: annot.ReviewAdd, Start: 43, End: 46, Label: "SOURCE"},
			verdicts: []string{"r-source accepted"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := reviewDoc()
			if tc.prep != nil {
				tc.prep(b)
			}
			tc.op.Reviewer = "boss"
			p, err := annot.PlanReview(b, tc.op)
			if err != nil {
				t.Fatal(err)
			}
			if got := verdicts(p); !reflect.DeepEqual(got, tc.verdicts) {
				t.Errorf("verdicts %q, want %q", got, tc.verdicts)
			}
			add := ""
			if p.Add != nil {
				a := p.Add
				add = a.Label + " " + strconv.Itoa(a.Start) + "-" + strconv.Itoa(a.End) + " " + a.Corrects
				if a.Annotator != "boss" || !a.Curation || a.Status != annot.Accepted || a.DocID != "d" {
					t.Errorf("the reviewer's span is %+v", *a)
				}
			}
			if add != tc.add {
				t.Errorf("adds %q, want %q", add, tc.add)
			}
			if p.Remove != tc.remove {
				t.Errorf("removes %q, want %q", p.Remove, tc.remove)
			}
			if got := links(p); !reflect.DeepEqual(got, tc.links) {
				t.Errorf("links %q, want %q", got, tc.links)
			}
			if p.Empty() != (len(tc.verdicts) == 0 && tc.add == "" && tc.remove == "" && len(tc.links) == 0) {
				t.Errorf("Empty() = %v", p.Empty())
			}
		})
	}
}

func TestPlanReview_Errors(t *testing.T) {
	cases := []struct {
		name string
		op   annot.ReviewOp
		kind annot.Kind
		msg  string
	}{
		{"no reviewer", annot.ReviewOp{Kind: annot.ReviewAccept, Span: "a-actor"}, annot.Invalid, "no reviewer"},
		{"span gone", annot.ReviewOp{Kind: annot.ReviewAccept, Span: "nope", Reviewer: "boss"}, annot.NotFound, "no span"},
		{"correction changes nothing", annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "a-actor", Start: 0, End: 12, Reviewer: "boss"}, annot.Invalid, "as it is"},
		{"correction past the end", annot.ReviewOp{Kind: annot.ReviewCorrect, Span: "a-actor", Start: 0, End: 99, Reviewer: "boss"}, annot.Invalid, "past the end"},
		{"add without label", annot.ReviewOp{Kind: annot.ReviewAdd, Start: 0, End: 3, Reviewer: "boss"}, annot.Invalid, "label"},
		{"add empty", annot.ReviewOp{Kind: annot.ReviewAdd, Start: 3, End: 3, Label: "ACTOR", Reviewer: "boss"}, annot.Invalid, "empty"},
		{"unknown action", annot.ReviewOp{Kind: "approve", Reviewer: "boss"}, annot.Invalid, "not a review action"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := annot.PlanReview(reviewDoc(), tc.op)
			var e *annot.Error
			if !errors.As(err, &e) || e.Kind != tc.kind || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %v, want a %v error saying %q", err, tc.kind, tc.msg)
			}
		})
	}
}

func TestConsensusAndLanes(t *testing.T) {
	b := reviewDoc()
	b.Spans = append(b.Spans, annot.Span{ID: "fix", Annotator: "boss", Start: 0, End: 12, Label: "ACTOR", Curation: true, Status: annot.Accepted})
	b.States = map[string]annot.DocState{"meera": annot.StateDone, "sam": annot.StateInProgress}
	if got, want := annot.Annotated(b), []string{"asha", "meera", "ravi"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Annotated = %q, want %q (the reviewer's own spans and in-progress without spans do not count)", got, want)
	}
	if got, want := annot.ReviewLanes(b, []string{"ravi", "boss", "asha"}), []string{"asha", "ravi"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReviewLanes = %q, want %q", got, want)
	}
	c := annot.Consensus(b.Spans, []string{"asha", "ravi"})
	want := map[string]int{"a-actor": 2, "r-actor": 2, "a-claim": 1, "r-claim": 1, "r-source": 1}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Consensus = %v, want %v", c, want)
	}
	for _, tc := range []struct{ n, min, want int }{{3, 0, 3}, {1, 0, 2}, {0, 0, 2}, {3, 2, 2}, {2, 1, 1}, {2, 5, 5}} {
		if got := annot.AgreedMin(tc.n, tc.min); got != tc.want {
			t.Errorf("AgreedMin(%d, %d) = %d, want %d", tc.n, tc.min, got, tc.want)
		}
	}
	for _, tc := range []struct {
		spans, undecided int
		want             bool
	}{{0, 0, false}, {3, 0, true}, {3, 1, false}} {
		if got := annot.DocReviewed(tc.spans, tc.undecided); got != tc.want {
			t.Errorf("DocReviewed(%d, %d) = %v", tc.spans, tc.undecided, got)
		}
	}
}

func TestDocSummary_AnnotatedLeavesOutReviewersOwn(t *testing.T) {
	d := annot.DocSummary{Spans: map[string]int{"asha": 3, "boss": 2, "ravi": 1}, Curated: map[string]int{"boss": 2, "ravi": 1}}
	got := d.Annotated()
	if want := map[string]int{"asha": 3}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Annotated() = %v, want %v", got, want)
	}
	if d.Spans["boss"] != 2 {
		t.Fatal("Annotated changed the summary's counts")
	}
	plain := annot.DocSummary{Spans: map[string]int{"asha": 1}}
	if got := plain.Annotated(); !reflect.DeepEqual(got, plain.Spans) {
		t.Fatalf("without curation Annotated() = %v", got)
	}
}
