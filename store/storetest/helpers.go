package storetest

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// record builds an import record the way a format reader would.
func record(text, annotator string, spans ...annot.Span) *annot.Record {
	r := &annot.Record{Doc: annot.Document{Title: "t", Source: "test", Text: text}}
	for _, s := range spans {
		s.ID = annot.NewID()
		if s.Annotator == "" {
			s.Annotator = annotator
		}
		r.Spans = append(r.Spans, s)
	}
	return r
}

func span(start, end int, label string) annot.Span {
	return annot.Span{Start: start, End: end, Label: label}
}

func importDocs(tb testing.TB, db annot.Project, recs ...*annot.Record) annot.ImportResult {
	tb.Helper()
	res, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		for _, r := range recs {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func exportAll(tb testing.TB, db annot.Project, f annot.ExportFilter) []annot.Bundle {
	tb.Helper()
	var out []annot.Bundle
	if err := db.Export(ctx, f, func(b *annot.Bundle) error {
		out = append(out, *b)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}
