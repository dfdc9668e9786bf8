package store_test

import (
	"fmt"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/storetest"
)

// benchDocs is the size of project that the document list must open
// at once.
const benchDocs = 20000

// openLarge imports benchDocs small articles, each with a few spans by
// two annotators, and a state for some.
func openLarge(b *testing.B) *store.DB {
	b.Helper()
	db := mustOpen(b)
	_, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		for i := 0; i < benchDocs; i++ {
			r := storetest.Record(fmt.Sprintf("Article %d. Li Qiang storetest.Said on Tuesday that Ganzhou matters, citing Xinhua.", i), "asha",
				storetest.SpanAt(12, 20, "ACTOR"), storetest.SpanAt(26, 33, "CLAIM"))
			if i%3 == 0 {
				r.Spans = append(r.Spans, annot.Span{ID: annot.NewID(), Annotator: "ravi", Start: 12, End: 20, Label: "ACTOR"})
				r.States = map[string]annot.DocState{"ravi": annot.StateDone}
			}
			r.Doc.Title = fmt.Sprintf("Article %d", i)
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func BenchmarkDocuments(b *testing.B) {
	db := openLarge(b)
	for _, c := range []struct{ name, search string }{
		{"All", ""},
		{"SearchASCII", "article 1999"},
		{"SearchFolded", "ganzhou é"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				docs, err := db.Documents(ctx, annot.DocFilter{Search: c.search})
				if err != nil {
					b.Fatal(err)
				}
				if c.search == "" && len(docs) != benchDocs {
					b.Fatalf("%d documents", len(docs))
				}
			}
		})
	}
}

func BenchmarkCreateSpan(b *testing.B) {
	db := mustOpen(b)
	text := "Li Qiang storetest.Said on Tuesday that Ganzhou matters, citing Xinhua, and more text follows here."
	doc := storetest.NewDoc(b, db, text)
	i := 0
	for b.Loop() {
		// Offsets repeat every 800 spans; a new annotator keeps them apart.
		start, who := i%80, fmt.Sprintf("annotator %d", i/800)
		if _, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: who, Start: start, End: start + 1 + i/80%10, Label: "CLAIM"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
