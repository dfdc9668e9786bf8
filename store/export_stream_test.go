package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// The streamed export (a project of up to 250,000 spans) packs each
// document's spans into one string: a note or origin holding the
// separators, an answer, a reviewer's correction and a changed suggestion
// come out as they went in, and as the chunked reading gives them.
func TestExport_StreamKeepsEveryField(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "stream.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := "Reuters said the ministry, citing officials; expects exports to fall."
	noted := span(0, 7, "SOURCE")
	noted.Note = "a, b; c\nd ऐसा"
	answered := span(8, 12, "CLAIM")
	answered.Answer = annot.Answer("reject")
	suggested := span(17, 25, "ACTOR")
	suggested.Origin, suggested.Changed = "rule:x,y;z", true
	plain := span(45, 52, "CLAIM")
	r1 := record(text, "asha", noted, answered, suggested, plain)
	fix := span(0, 7, "ACTOR")
	fix.Curation, fix.Corrects = true, noted.ID
	r2 := record(text+" Again.", "ravi", fix, span(8, 12, "CLAIM"))
	r3 := record("A document with no spans at all.", "asha")
	importDocs(t, db, r1, r2, r3)

	for _, f := range []annot.ExportFilter{{}, {Gold: true}, {Annotator: "asha"}, {Annotator: "ravi"}} {
		whole := exportAll(t, db, f)
		restore := store.SetWholeExport(0)
		chunked := exportAll(t, db, f)
		restore()
		if len(whole) != 3 || !reflect.DeepEqual(whole, chunked) {
			t.Fatalf("filter %+v: streamed and chunked differ:\n%+v\n%+v", f, whole, chunked)
		}
	}
	got := exportAll(t, db, annot.ExportFilter{})
	byStart := map[int]annot.Span{}
	for _, s := range got[0].Spans {
		byStart[s.Start] = s
	}
	if s := byStart[0]; s.Note != noted.Note {
		t.Errorf("note = %q, want %q", s.Note, noted.Note)
	}
	if s := byStart[8]; s.Answer != "reject" {
		t.Errorf("answer = %q, want reject", s.Answer)
	}
	if s := byStart[17]; s.Origin != suggested.Origin || !s.Changed {
		t.Errorf("origin, changed = %q, %v; want %q, true", s.Origin, s.Changed, suggested.Origin)
	}
	if s := byStart[45]; s.Note != "" || s.Origin != "" || s.Answer != "" || s.Curation || s.Changed {
		t.Errorf("a plain span came out with more: %+v", s)
	}
	if len(got[2].Spans) != 0 {
		t.Errorf("a document with no spans came out with %d", len(got[2].Spans))
	}
}

// An export stopped by its caller (a write failed, a cancel) returns that
// error after the first document, and the database stays usable.
func TestExport_StreamStops(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "stop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var recs []*annot.Record
	for i := 0; i < 300; i++ {
		recs = append(recs, record("Document "+string(rune('a'+i%26))+string(rune('a'+i/26))+" says the minister.", "asha", span(0, 8, "SOURCE")))
	}
	importDocs(t, db, recs...)
	stop := errors.New("stop here")
	n := 0
	err = db.Export(context.Background(), annot.ExportFilter{}, func(*annot.Bundle) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("got %v after %d documents, want the caller's error after 1", err, n)
	}
	if got := exportAll(t, db, annot.ExportFilter{}); len(got) != 300 {
		t.Fatalf("export after a stopped one: %d documents, want 300", len(got))
	}
}
