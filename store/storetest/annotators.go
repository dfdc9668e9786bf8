package storetest

import (
	"reflect"
	"testing"
)

func testDB_AnnotatorNames(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	names, err := db.AnnotatorNames(ctx)
	if err != nil || len(names) != 0 {
		t.Fatalf("new database: %v, %v; want no annotators", names, err)
	}
	doc := newDoc(t, db, "Rao said costs will fall.")
	mustSpan(t, db, doc, "ravi", 0, 3, "ACTOR")
	mustSpan(t, db, doc, "asha", 0, 3, "ACTOR")
	names, err = db.AnnotatorNames(ctx)
	if err != nil || !reflect.DeepEqual(names, []string{"asha", "ravi"}) {
		t.Fatalf("got %v, %v; want [asha ravi]", names, err)
	}
}
