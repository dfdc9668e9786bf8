package store_test

import (
	"os"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// BenchmarkDocumentList reads the list as the window does, on the project
// SPANMARK_BENCH_DB names (e.g. the one `spanmark-stress scale -dir` makes).
func BenchmarkDocumentList(b *testing.B) {
	path := os.Getenv("SPANMARK_BENCH_DB")
	if path == "" {
		b.Skip("set SPANMARK_BENCH_DB to a project")
	}
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for range b.N {
		list, err := db.Documents(ctx, annot.DocFilter{NoCounts: true})
		if err != nil || len(list) == 0 {
			b.Fatal(err)
		}
	}
}
