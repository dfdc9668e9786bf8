package store_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// An export read chunk by chunk (a project of a million spans) gives
// exactly what one read in one go gives: every document in order with its
// spans, relations, verdicts, states and answers.
func TestExport_ChunksReadTheSameAsWhole(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "chunks.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var recs []*annot.Record
	for i := 0; i < 1300; i++ {
		r := record(fmt.Sprintf("Article %04d: Reuters said the ministry expects exports to fall.", i), "asha",
			span(0, 12, "SOURCE"), span(14, 21, "SOURCE"), span(27, 35, "ACTOR"))
		if i%3 == 0 {
			r.Relations = []annot.Relation{{ID: annot.NewID(), From: r.Spans[0].ID, To: r.Spans[2].ID, Type: annot.SaidBy, Annotator: "asha"}}
		}
		if i%5 == 0 {
			r.States = map[string]annot.DocState{"asha": annot.StateDone}
		}
		if i%7 == 0 {
			r.Verdicts = []annot.Verdict{{ID: annot.NewID(), SpanID: r.Spans[1].ID, Reviewer: "ravi", Decision: annot.Accepted}}
		}
		recs = append(recs, r)
	}
	importDocs(t, db, recs...)
	for _, f := range []annot.ExportFilter{{}, {Gold: true}, {Annotator: "asha"}} {
		whole := exportAll(t, db, f)
		restore := store.SetWholeExport(0)
		chunked := exportAll(t, db, f)
		restore()
		if len(whole) != 1300 || !reflect.DeepEqual(whole, chunked) {
			t.Fatalf("filter %+v: whole and chunked differ (%d and %d documents)", f, len(whole), len(chunked))
		}
	}
}
