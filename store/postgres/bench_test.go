package postgres_test

import (
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// BenchmarkCreateSpan is one analyst tagging on an idle server: the
// round trips and the commit, with nobody else in the way.
func BenchmarkCreateSpan(b *testing.B) {
	db := pgtest.Open(b)
	doc := storetest.NewDoc(b, db, strings.Repeat("word ", 20000))
	i := 0
	for b.Loop() {
		if _, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: i * 5, End: i*5 + 4, Label: "CLAIM"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
