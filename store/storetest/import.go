package storetest

import (
	"errors"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func testImport(t *testing.T, mustOpen Opener) {
	t.Run("SameFileTwiceAddsNothing", func(t *testing.T) {
		db := mustOpen(t)
		mk := func() []*annot.Record {
			return []*annot.Record{
				record("Li Qiang visited Ganzhou.", "asha", span(0, 8, "ACTOR"), span(17, 24, "SOURCE")),
				record("दूसरा लेख", "asha", span(0, 5, "CLAIM")),
			}
		}
		first := importDocs(t, db, mk()...)
		if first.NewDocuments != 2 || first.NewSpans != 3 {
			t.Fatalf("first import: %+v", first)
		}
		again := importDocs(t, db, mk()...)
		if again.NewDocuments != 0 || again.NewSpans != 0 || again.Documents != 2 {
			t.Fatalf("second import added: %+v", again)
		}
		if got := exportAll(t, db, annot.ExportFilter{}); len(got) != 2 || len(got[0].Spans)+len(got[1].Spans) != 3 {
			t.Fatalf("stored after two imports: %d docs", len(got))
		}
	})
	t.Run("SameTextJoinsAnotherAnnotator", func(t *testing.T) {
		db := mustOpen(t)
		importDocs(t, db, record("Li Qiang visited Ganzhou.", "asha", span(0, 8, "ACTOR")))
		res := importDocs(t, db, record("Li Qiang visited Ganzhou.", "ravi", span(0, 8, "ACTOR"), span(9, 16, "CLAIM")))
		if res.NewDocuments != 0 || res.NewSpans != 2 {
			t.Fatalf("join: %+v", res)
		}
		docs := exportAll(t, db, annot.ExportFilter{})
		if len(docs) != 1 || len(docs[0].Spans) != 3 {
			t.Fatalf("joined document: %+v", docs)
		}
		if only := exportAll(t, db, annot.ExportFilter{Annotator: "ravi"}); len(only[0].Spans) != 2 {
			t.Fatalf("ravi's spans: %+v", only[0].Spans)
		}
	})
	t.Run("FailedRecordLeavesNothing", func(t *testing.T) {
		db := mustOpen(t)
		bad := errors.New("line 3 is broken")
		_, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
			if err := emit(record("first document", "asha", span(0, 5, "CLAIM"))); err != nil {
				return err
			}
			if err := emit(record("second document", "asha", span(0, 6, "NEWLABEL"))); err != nil {
				return err
			}
			return bad
		})
		if !errors.Is(err, bad) {
			t.Fatalf("Import error = %v", err)
		}
		if got := exportAll(t, db, annot.ExportFilter{}); len(got) != 0 {
			t.Fatalf("a failed import left %d documents", len(got))
		}
		labels, _ := db.Labels(ctx)
		if len(labels) != 3 {
			t.Fatalf("a failed import left a label: %v", labels)
		}
	})
	t.Run("NewLabelsGetColourAndKey", func(t *testing.T) {
		db := mustOpen(t)
		importDocs(t, db, record("Apple bought Beats", "asha", span(0, 5, "ORG"), span(13, 18, "ORG")))
		labels, _ := db.Labels(ctx)
		if len(labels) != 4 || labels[3].Name != "ORG" || labels[3].Hotkey != "4" || labels[3].Color == "" {
			t.Fatalf("labels = %+v", labels)
		}
	})
	t.Run("RelationsAndVerdicts", func(t *testing.T) {
		db := mustOpen(t)
		r := record("Ganzhou is big, Li said.", "asha", span(0, 15, "CLAIM"), span(17, 19, "ACTOR"))
		r.Relations = []annot.Relation{{ID: annot.NewID(), From: r.Spans[0].ID, To: r.Spans[1].ID, Type: annot.SaidBy, Annotator: "asha"}}
		r.Verdicts = []annot.Verdict{{SpanID: r.Spans[0].ID, Reviewer: "ravi", Decision: annot.Accepted}}
		importDocs(t, db, r)
		docs := exportAll(t, db, annot.ExportFilter{})
		if len(docs[0].Relations) != 1 || docs[0].Relations[0].Type != annot.SaidBy {
			t.Fatalf("relations = %+v", docs[0].Relations)
		}
		if s := docs[0].Spans[0]; s.Status != annot.Accepted || s.Reviewer != "ravi" {
			t.Fatalf("claim status = %s by %q", s.Status, s.Reviewer)
		}
		gold := exportAll(t, db, annot.ExportFilter{Gold: true})
		if len(gold[0].Spans) != 1 || len(gold[0].Relations) != 0 {
			t.Fatalf("gold keeps only the accepted claim and no dangling relation: %+v", gold[0])
		}
	})
}

func testExport_GoldFoldsDuplicates(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	a := record("Li Qiang visited Ganzhou.", "asha", span(0, 8, "ACTOR"), span(17, 24, "SOURCE"))
	b := record("Li Qiang visited Ganzhou.", "ravi", span(0, 8, "ACTOR"), span(9, 16, "CLAIM"))
	for _, r := range []*annot.Record{a, b} {
		for _, s := range r.Spans {
			if s.Label != "CLAIM" {
				r.Verdicts = append(r.Verdicts, annot.Verdict{SpanID: s.ID, Reviewer: "lead", Decision: annot.Accepted})
			}
		}
	}
	importDocs(t, db, a, b)
	gold := exportAll(t, db, annot.ExportFilter{Gold: true})
	var got []string
	for _, s := range gold[0].Spans {
		got = append(got, s.Label)
	}
	if len(got) != 2 || got[0] != "ACTOR" || got[1] != "SOURCE" {
		t.Fatalf("gold spans = %v, want ACTOR once and SOURCE", got)
	}
}

func testExport_StableOrder(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	importDocs(t, db,
		record("zeta document text", "asha", span(5, 13, "CLAIM"), span(0, 4, "ACTOR"), span(0, 4, "CLAIM"), span(0, 13, "CLAIM")),
		record("alpha document", "asha"))
	docs := exportAll(t, db, annot.ExportFilter{})
	if docs[0].Doc.Text != "zeta document text" || docs[1].Doc.Text != "alpha document" {
		t.Fatal("documents not in import order")
	}
	key := func(start, end int, label string) annot.SpanKey {
		return annot.SpanKey{Annotator: "asha", Start: start, End: end, Label: label}
	}
	want := []annot.SpanKey{key(0, 4, "ACTOR"), key(0, 4, "CLAIM"), key(0, 13, "CLAIM"), key(5, 13, "CLAIM")}
	for i, s := range docs[0].Spans {
		if s.Key() != want[i] {
			t.Fatalf("span %d = %+v, want %+v", i, s.Key(), want[i])
		}
	}
}

func testExport_UnknownAnnotator(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	err := db.Export(ctx, annot.ExportFilter{Annotator: "nobody"}, func(*annot.Bundle) error { return nil })
	if annot.ErrorKind(err) != annot.NotFound {
		t.Fatalf("export for an unknown annotator: %v", err)
	}
}

func testImport_StatesNeverGoBack(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	r := record("a reviewed document", "asha")
	r.States = map[string]annot.DocState{"asha": annot.StateReviewed}
	importDocs(t, db, r)
	again := record("a reviewed document", "asha")
	again.States = map[string]annot.DocState{"asha": annot.StateDone}
	importDocs(t, db, again)
	if st := exportAll(t, db, annot.ExportFilter{})[0].States["asha"]; st != annot.StateReviewed {
		t.Fatalf("state after importing an older file = %q, want reviewed", st)
	}
}

func testExport_NotesAndSeparators(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	r := record("Li said; yes, really", "asha", span(0, 2, "ACTOR"), span(3, 7, "CLAIM"))
	r.Spans[0].Note = "name, as; written"
	importDocs(t, db, r)
	got := exportAll(t, db, annot.ExportFilter{})[0].Spans
	if len(got) != 2 || got[0].Note != "name, as; written" || got[1].Note != "" {
		t.Fatalf("exported spans = %+v", got)
	}
	if got[0].Start != 0 || got[0].End != 2 || got[1].Start != 3 || got[1].End != 7 || got[0].Annotator != "asha" || got[1].Label != "CLAIM" {
		t.Fatalf("exported spans = %+v", got)
	}
}
