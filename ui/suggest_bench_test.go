package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// Suggestions must not delay a long article's first frame: the window
// reads them, and runs the rules, off the UI goroutine. These benchmarks
// open the 1 MB article of the view benchmarks in the whole window, with
// the built-in rules' suggestions stored, and report the time from
// opening the document to its first frame, then to the first frame that
// draws the suggestions; and the time the Suggest button takes there.
//
//	go test ./ui -run XXX -bench Suggestions -benchtime 3x

func benchApp(b *testing.B, withSuggestions bool) (*App, string) {
	b.Helper()
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	db, err := store.Open(filepath.Join(b.TempDir(), "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	sink := &formats.Sink{}
	if _, err := db.Import(context.Background(), func(emit func(*annot.Record) error) error {
		sink.Record = emit
		return formats.ReadText("long.txt", []byte(sample.Long(1<<20)), formats.Options{Annotator: "asha"}, sink)
	}); err != nil {
		b.Fatal(err)
	}
	if withSuggestions {
		r := suggest.Builtin()
		if _, _, err := transfer.Suggest(context.Background(), db, nil, func(t string) suggest.Suggestions { return r.Suggest(suggest.NewDoc(t)) }, nil); err != nil {
			b.Fatal(err)
		}
	}
	docs, err := db.Documents(context.Background(), annot.DocFilter{})
	if err != nil {
		b.Fatal(err)
	}
	a := New(test.NewTempApp(b), db, "asha")
	a.view.manualLayout = true
	a.win.Resize(fyne.NewSize(1280, 800))
	return a, docs[0].ID
}

func BenchmarkSuggestions_FirstFrame1MB(b *testing.B) {
	for _, with := range []bool{false, true} {
		name := "without"
		if with {
			name = "with"
		}
		b.Run(name, func(b *testing.B) {
			a, id := benchApp(b, with)
			r := test.WidgetRenderer(a.view).(*spanRenderer)
			for i := 0; i < b.N; i++ {
				a.view.SetTextSize(18 + float32(i+1)*0.01) // a cold cache of measured words
				start := time.Now()
				a.open(id)
				r.Refresh()
				first := time.Since(start)
				a.sugg.pending.Wait()
				r.Refresh()
				shown := time.Since(start)
				b.ReportMetric(float64(first.Microseconds())/1000, "ms/first-frame")
				b.ReportMetric(float64(shown.Microseconds())/1000, "ms/suggestions-drawn")
				b.ReportMetric(float64(len(a.sugg.layer.Open())), "suggestions")
			}
		})
	}
}

func BenchmarkSuggestions_Rules1MB(b *testing.B) {
	a, id := benchApp(b, false)
	a.open(id)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		a.sugg.runRules()
		queued := time.Since(start)
		a.sugg.pending.Wait()
		b.ReportMetric(float64(queued.Microseconds())/1000, "ms/ui-blocked")
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/suggested")
		b.ReportMetric(float64(len(a.sugg.layer.Open())), "suggestions")
	}
}
