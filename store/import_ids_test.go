package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// A file's document ID that another text holds already (a file edited by
// hand, or two tools' numbering) gives the new text an ID of its own: both
// texts are kept, each with its spans, in one transaction and in chunks.
func TestImport_TakenDocumentIDGetsItsOwn(t *testing.T) {
	const taken = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
	for _, n := range []int{1, 900} { // one transaction; several chunks
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			db, err := store.Open(filepath.Join(t.TempDir(), "ids.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			first := record("Reuters said the ministry expects exports to fall.", "asha", span(0, 7, "SOURCE"))
			first.Doc.ID = taken
			importDocs(t, db, first)
			var recs []*annot.Record
			for i := 0; i < n; i++ {
				r := record(fmt.Sprintf("Text %d that the same ID was given to.", i), "asha", span(0, 4, "ACTOR"))
				r.Doc.ID = taken
				recs = append(recs, r)
			}
			res := importDocs(t, db, recs...)
			if res.NewDocuments != n || res.NewSpans != n {
				t.Fatalf("%d new documents and %d new spans, want %d of each", res.NewDocuments, res.NewSpans, n)
			}
			bundles := exportAll(t, db, annot.ExportFilter{})
			if len(bundles) != n+1 {
				t.Fatalf("%d documents stored, want %d", len(bundles), n+1)
			}
			ids := map[string]bool{}
			for _, b := range bundles {
				if ids[b.Doc.ID] {
					t.Fatalf("two documents share the ID %s", b.Doc.ID)
				}
				ids[b.Doc.ID] = true
				if len(b.Spans) != 1 {
					t.Errorf("%q has %d spans, want 1", b.Doc.Text, len(b.Spans))
				}
				if b.Doc.ID == taken && b.Doc.Text != first.Doc.Text {
					t.Errorf("the ID went to %q, want it kept by the text that had it", b.Doc.Text)
				}
			}
		})
	}
}
