package store_test

import "testing"

func TestSuggestions_HasSuggestions(t *testing.T) {
	db := mustOpen(t)
	doc := newDoc(t, db, said)
	if has, err := db.HasSuggestions(ctx); err != nil || has {
		t.Fatalf("a project without suggestions: HasSuggestions = %v, %v", has, err)
	}
	proposeSaid(t, db, doc)
	if has, err := db.HasSuggestions(ctx); err != nil || !has {
		t.Fatalf("after proposing three: HasSuggestions = %v, %v", has, err)
	}
}
