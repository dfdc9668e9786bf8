package annot_test

import (
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

func TestLinkType(t *testing.T) {
	cases := []struct {
		label, want string
		ok          bool
	}{
		{"ACTOR", annot.SaidBy, true},
		{"SOURCE", annot.AccordingTo, true},
		{"CLAIM", "", false},
		{"DATE", "", false},
	}
	for _, tc := range cases {
		got, ok := annot.LinkType(tc.label)
		if got != tc.want || ok != tc.ok {
			t.Errorf("LinkType(%s) = %q, %v; want %q, %v", tc.label, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPlanLink(t *testing.T) {
	claim := sp("c", "asha", 0, 9, "CLAIM")
	actor := sp("a", "asha", 10, 12, "ACTOR")
	source := sp("s", "asha", 13, 15, "SOURCE")
	other := sp("o", "asha", 16, 18, "CLAIM")
	date := sp("d", "asha", 19, 20, "DATE")
	cases := []struct {
		name          string
		first, second annot.Span
		from, to, typ string // "" typ: refused
	}{
		{"claim then actor", claim, actor, "c", "a", annot.SaidBy},
		{"actor picked first still links the claim to the actor", actor, claim, "c", "a", annot.SaidBy},
		{"claim then source", claim, source, "c", "s", annot.AccordingTo},
		{"source first", source, claim, "c", "s", annot.AccordingTo},
		{"two claims", claim, other, "", "", ""},
		{"two actors", actor, actor, "", "", ""},
		{"a label nothing links", claim, date, "", "", ""},
		{"a label nothing links, picked first", date, claim, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from, to, typ, err := annot.PlanLink(tc.first, tc.second)
			if tc.typ == "" {
				if err == nil || annot.ErrorKind(err) != annot.Invalid {
					t.Fatalf("PlanLink = %s %s %s, %v; want Invalid", from.ID, typ, to.ID, err)
				}
				return
			}
			if err != nil || from.ID != tc.from || to.ID != tc.to || typ != tc.typ {
				t.Fatalf("PlanLink = %s %s %s, %v; want %s %s %s", from.ID, typ, to.ID, err, tc.from, tc.typ, tc.to)
			}
		})
	}
}

func TestCheckRelation(t *testing.T) {
	ok := annot.Relation{Annotator: "asha", From: "a", To: "b", Type: annot.SaidBy}
	bad := map[string]annot.Relation{
		"no annotator": {From: "a", To: "b", Type: annot.SaidBy},
		"no type":      {Annotator: "asha", From: "a", To: "b", Type: " "},
		"to itself":    {Annotator: "asha", From: "a", To: "a", Type: annot.SaidBy},
	}
	if err := annot.CheckRelation(ok); err != nil {
		t.Fatalf("CheckRelation(%+v) = %v", ok, err)
	}
	for name, r := range bad {
		if err := annot.CheckRelation(r); annot.ErrorKind(err) != annot.Invalid {
			t.Errorf("%s: CheckRelation = %v, want Invalid", name, err)
		}
	}
}

func TestCheckRelationEnds(t *testing.T) {
	a := annot.Span{ID: "a", DocID: "d1"}
	b := annot.Span{ID: "b", DocID: "d1"}
	elsewhere := annot.Span{ID: "e", DocID: "d2"}
	gone := annot.Span{ID: "g", DocID: "d1", Deleted: true}
	cases := []struct {
		name     string
		from, to annot.Span
		doc      string
		want     annot.Kind // 0: ok
	}{
		{"one document", a, b, "", 0},
		{"the document named", a, b, "d1", 0},
		{"another document named", a, b, "d2", annot.Invalid},
		{"two documents", a, elsewhere, "", annot.Invalid},
		{"a deleted end", a, gone, "", annot.NotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := annot.CheckRelationEnds(tc.from, tc.to, tc.doc)
			if tc.want == 0 {
				if err != nil || doc != "d1" {
					t.Fatalf("= %q, %v; want d1", doc, err)
				}
				return
			}
			if annot.ErrorKind(err) != tc.want {
				t.Fatalf("= %q, %v; want kind %v", doc, err, tc.want)
			}
		})
	}
}

func TestCheckRemoveRelation(t *testing.T) {
	r := annot.Relation{ID: "r", Annotator: "asha", Type: annot.SaidBy}
	gone := r
	gone.Deleted = true
	cases := []struct {
		name string
		r    annot.Relation
		who  string
		want annot.Kind
	}{
		{"own link", r, "asha", 0},
		{"another's link", r, "ravi", annot.Conflict},
		{"no annotator", r, "", annot.Invalid},
		{"removed", gone, "asha", annot.NotFound},
	}
	for _, tc := range cases {
		err := annot.CheckRemoveRelation(tc.r, tc.who)
		if (tc.want == 0) != (err == nil) || (err != nil && annot.ErrorKind(err) != tc.want) {
			t.Errorf("%s: = %v, want kind %v", tc.name, err, tc.want)
		}
	}
}

func TestVerdict_Check(t *testing.T) {
	cases := []struct {
		v  annot.Verdict
		ok bool
	}{
		{annot.Verdict{Reviewer: "ravi", Decision: annot.Accepted}, true},
		{annot.Verdict{Reviewer: "ravi", Decision: annot.Rejected}, true},
		{annot.Verdict{Reviewer: "ravi", Decision: annot.Pending}, false},
		{annot.Verdict{Reviewer: "ravi", Decision: "maybe"}, false},
		{annot.Verdict{Decision: annot.Accepted}, false},
	}
	for _, tc := range cases {
		err := tc.v.Check()
		if tc.ok != (err == nil) || (err != nil && annot.ErrorKind(err) != annot.Invalid) {
			t.Errorf("Check(%+v) = %v, want ok=%v", tc.v, err, tc.ok)
		}
	}
}

func TestVerdict_Supersedes(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		v, o annot.Verdict
		want bool
	}{
		{"later", annot.Verdict{ID: "a", At: t0.Add(time.Second)}, annot.Verdict{ID: "b", At: t0}, true},
		{"earlier", annot.Verdict{ID: "b", At: t0}, annot.Verdict{ID: "a", At: t0.Add(time.Second)}, false},
		{"same time, greater ID", annot.Verdict{ID: "b", At: t0}, annot.Verdict{ID: "a", At: t0}, true},
		{"same time, smaller ID", annot.Verdict{ID: "a", At: t0}, annot.Verdict{ID: "b", At: t0}, false},
		{"itself", annot.Verdict{ID: "a", At: t0}, annot.Verdict{ID: "a", At: t0}, false},
	}
	for _, tc := range cases {
		if got := tc.v.Supersedes(tc.o); got != tc.want {
			t.Errorf("%s: Supersedes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
