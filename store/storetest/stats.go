package storetest

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func testStats_States(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	// asha's spans come in by import, with no state: in progress.
	importDocs(t, db, record("one two three", "asha", span(0, 3, "CLAIM")))
	second := newDoc(t, db, "four five")
	third := newDoc(t, db, "six seven")
	if _, err := db.SetState(ctx, second, "ravi", annot.StateDone); err != nil {
		t.Fatal(err)
	}
	// A stored state wins over spans: meera marked the document new.
	mustSpan(t, db, third, "meera", 0, 3, "CLAIM")
	if _, err := db.SetState(ctx, third, "meera", annot.StateNew); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{
		"asha":  {"in progress": 1, "new": 2},
		"ravi":  {"done": 1, "new": 2},
		"meera": {"new": 3},
	}
	if !reflect.DeepEqual(st.States, want) {
		t.Fatalf("states = %v, want %v", st.States, want)
	}
}
