package store_test

import (
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

// TestHistory_SurvivesReopen closes the file between undo and redo, as
// quitting the window does.
func TestHistory_SurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := storetest.NewDoc(t, db, storetest.Said)
	storetest.MustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
	storetest.MustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
	storetest.MustUndo(t, db, doc, "asha", "create span")
	db.Close()
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.MustRedo(t, db, doc, "asha", "create span")
	storetest.MustUndo(t, db, doc, "asha", "create span")
	storetest.MustUndo(t, db, doc, "asha", "create span")
	if got := storetest.MustBundle(t, db, doc); len(got.Spans) != 0 {
		t.Fatalf("after undoing both: %+v", got.Spans)
	}
}
