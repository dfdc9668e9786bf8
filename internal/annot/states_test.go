package annot_test

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func TestDocStates_Order(t *testing.T) {
	want := []annot.DocState{annot.StateNew, annot.StateInProgress, annot.StateDone, annot.StateReviewed}
	if got := annot.DocStates(); !reflect.DeepEqual(got, want) {
		t.Fatalf("DocStates = %v, want %v", got, want)
	}
	for i, s := range want {
		if s.Rank() != i || !s.Valid() {
			t.Errorf("%q: rank %d valid %v, want rank %d, valid", s, s.Rank(), s.Valid(), i)
		}
	}
	for _, s := range []annot.DocState{"", "finished", "Done"} {
		if s.Valid() || s.Rank() != -1 {
			t.Errorf("%q: valid %v rank %d, want invalid, -1", s, s.Valid(), s.Rank())
		}
	}
}

func TestDocState_Advances(t *testing.T) {
	cases := []struct {
		from, to annot.DocState
		want     bool
	}{
		{"", annot.StateInProgress, true},
		{"", annot.StateNew, false},
		{annot.StateNew, annot.StateDone, true},
		{annot.StateDone, annot.StateInProgress, false},
		{annot.StateReviewed, annot.StateDone, false},
		{annot.StateDone, annot.StateDone, false},
		{annot.StateDone, annot.StateReviewed, true},
		{"bogus", annot.StateInProgress, true},
		{annot.StateNew, "bogus", false},
	}
	for _, tc := range cases {
		if got := tc.to.Advances(tc.from); got != tc.want {
			t.Errorf("%q.Advances(%q) = %v, want %v", tc.to, tc.from, got, tc.want)
		}
	}
}

func TestEffective(t *testing.T) {
	cases := []struct {
		name   string
		stored annot.DocState
		spans  int
		want   annot.DocState
	}{
		{"never set, no spans", "", 0, annot.StateNew},
		{"never set, spans", "", 3, annot.StateInProgress},
		{"set new, spans", annot.StateNew, 3, annot.StateNew},
		{"done without spans stays done", annot.StateDone, 0, annot.StateDone},
		{"reviewed", annot.StateReviewed, 2, annot.StateReviewed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := annot.Effective(tc.stored, tc.spans); got != tc.want {
				t.Fatalf("Effective(%q, %d) = %q, want %q", tc.stored, tc.spans, got, tc.want)
			}
		})
	}
	t.Run("EffectiveStates", func(t *testing.T) {
		got := annot.EffectiveStates(map[string]annot.DocState{"asha": annot.StateDone},
			map[string]int{"asha": 2, "ravi": 1, "meera": 0})
		want := map[string]annot.DocState{"asha": annot.StateDone, "ravi": annot.StateInProgress}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("EffectiveStates = %v, want %v", got, want)
		}
		if got := annot.EffectiveStates(nil, nil); got != nil {
			t.Fatalf("EffectiveStates(nil, nil) = %v", got)
		}
	})
	t.Run("DocSummary.StateOf", func(t *testing.T) {
		d := annot.DocSummary{Spans: map[string]int{"ravi": 2}, States: map[string]annot.DocState{"asha": annot.StateDone}}
		for who, want := range map[string]annot.DocState{"asha": annot.StateDone, "ravi": annot.StateInProgress, "meera": annot.StateNew} {
			if got := d.StateOf(who); got != want {
				t.Errorf("StateOf(%s) = %q, want %q", who, got, want)
			}
		}
	})
}

func TestAfterTagging(t *testing.T) {
	cases := []struct {
		cur  annot.DocState
		want annot.DocState
		ok   bool
	}{
		{"", annot.StateInProgress, true},
		{annot.StateNew, annot.StateInProgress, true},
		{annot.StateInProgress, annot.StateInProgress, false},
		{annot.StateDone, annot.StateDone, false},
		{annot.StateReviewed, annot.StateReviewed, false},
	}
	for _, tc := range cases {
		got, ok := annot.AfterTagging(tc.cur)
		if got != tc.want || ok != tc.ok {
			t.Errorf("AfterTagging(%q) = %q, %v; want %q, %v", tc.cur, got, ok, tc.want, tc.ok)
		}
	}
}
