package storetest

import (
	"fmt"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// testDocuments_NoCountsAndIDs: the window reads the list without
// counts, then the counts of the rows it shows, by ID; both agree with
// the full list.
func testDocuments_NoCountsAndIDs(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	var recs []*annot.Record
	for i := 0; i < 5; i++ {
		recs = append(recs, record(fmt.Sprintf("Article %d: Reuters said so.", i), "asha", span(0, 7, "SOURCE"), span(12, 19, "SOURCE")))
	}
	importDocs(t, db, recs...)
	full, _ := db.Documents(ctx, annot.DocFilter{})
	bare, err := db.Documents(ctx, annot.DocFilter{NoCounts: true})
	if err != nil || len(bare) != 5 {
		t.Fatalf("%d documents, %v", len(bare), err)
	}
	for i := range bare {
		if bare[i].ID != full[i].ID || bare[i].Title != full[i].Title || bare[i].Spans != nil || bare[i].States != nil {
			t.Fatalf("row %d: %+v, want %+v without counts", i, bare[i], full[i])
		}
	}
	if _, err := db.SetState(ctx, full[4].ID, "ravi", annot.StateDone); err != nil {
		t.Fatal(err)
	}
	if bare, _ := db.Documents(ctx, annot.DocFilter{NoCounts: true, IDs: []string{full[4].ID}}); len(bare) != 1 ||
		bare[0].States["ravi"] != annot.StateDone || len(bare[0].States) != 1 {
		t.Fatalf("without counts, the stored states only: %+v", bare)
	}
	some, err := db.Documents(ctx, annot.DocFilter{IDs: []string{full[3].ID, full[1].ID}})
	if err != nil || len(some) != 2 || some[0].ID != full[1].ID || some[1].ID != full[3].ID {
		t.Fatalf("by IDs: %+v, %v", some, err)
	}
	if some[1].Spans["asha"] != 2 || some[1].States["asha"] != annot.StateInProgress {
		t.Fatalf("counts by ID %+v, want asha's 2 spans, in progress", some[1])
	}
	found, _ := db.Documents(ctx, annot.DocFilter{IDs: []string{full[0].ID, full[2].ID}, Search: "article 2"})
	if len(found) != 1 || found[0].ID != full[2].ID {
		t.Fatalf("search among IDs: %+v", found)
	}
	if none, err := db.Documents(ctx, annot.DocFilter{IDs: []string{}}); err != nil || len(none) != 0 {
		t.Fatalf("an empty list of IDs lists %d documents (%v)", len(none), err)
	}
}
