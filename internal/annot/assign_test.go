package annot

import (
	"reflect"
	"testing"
)

func TestDeal(t *testing.T) {
	docs := []string{"d1", "d2", "d3", "d4"}
	t.Run("BalancedOverlap", func(t *testing.T) {
		got := Deal(docs, nil, []string{"ravi", "asha", "meera"}, 2)
		load := map[string]int{}
		for _, d := range docs {
			if len(got[d]) != 2 || got[d][0] == got[d][1] {
				t.Fatalf("%s dealt to %v, want two analysts", d, got[d])
			}
			for _, n := range got[d] {
				load[n]++
			}
		}
		for n, k := range load {
			if k < 2 || k > 3 {
				t.Fatalf("load %v: %s has %d of 8", load, n, k)
			}
		}
		if again := Deal(docs, nil, []string{"meera", "asha", "ravi"}, 2); !reflect.DeepEqual(again, got) {
			t.Fatalf("the deal depends on the order names are given: %v then %v", got, again)
		}
	})
	t.Run("KeepsWhatIsDealt", func(t *testing.T) {
		have := map[string][]string{"d1": {"asha", "ravi"}, "d2": {"asha"}}
		got := Deal(docs, have, []string{"asha", "ravi"}, 2)
		want := map[string][]string{"d2": {"ravi"}, "d3": {"asha", "ravi"}, "d4": {"asha", "ravi"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("TooFewAnalysts", func(t *testing.T) {
		got := Deal([]string{"d1"}, nil, []string{"asha"}, 3)
		if !reflect.DeepEqual(got["d1"], []string{"asha"}) {
			t.Fatalf("got %v, want asha alone", got)
		}
	})
}

func TestAssignedFirst(t *testing.T) {
	docs := []DocSummary{{ID: "a"}, {ID: "b", Assigned: []string{"asha"}}, {ID: "c", Assigned: []string{"ravi"}}, {ID: "d", Assigned: []string{"ravi", "asha"}}}
	AssignedFirst(docs, "asha")
	var order []string
	for _, d := range docs {
		order = append(order, d.ID)
	}
	if !reflect.DeepEqual(order, []string{"b", "d", "a", "c"}) {
		t.Fatalf("order %v", order)
	}
}
