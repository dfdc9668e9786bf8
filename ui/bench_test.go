package ui

import (
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/sample"
)

// The speed targets for the view, measured here rather than in timed unit
// tests: opening a 1 MB article (mixed Hindi and English, about 170,000
// words) to its first frame, laying out the rest, and scrolling a page.
// Each iteration uses a slightly different text size, so that Fyne's cache
// of measured words is cold, as it is for an article never opened before.
//
//	go test ./ui -run XXX -bench SpanView -benchtime 3x

func benchView(b *testing.B, size float32) (*SpanView, *spanRenderer) {
	b.Helper()
	v := NewSpanView(NewDocModel(), size)
	v.manualLayout = true
	w := test.NewTempWindow(b, v.Scroller())
	w.Resize(fyne.NewSize(900, 800))
	return v, test.WidgetRenderer(v).(*spanRenderer)
}

func BenchmarkSpanView_FirstFrame1MB(b *testing.B) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(newTheme())
	text := sample.Long(1 << 20)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v, r := benchView(b, 18+float32(i+1)*0.01)
		start := time.Now()
		v.m.Open(&annot.Bundle{Doc: annot.Document{Text: text}})
		r.Refresh()
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "ms/first-frame")
		b.ReportMetric(float64(len(r.objects)), "objects")
	}
}

func BenchmarkSpanView_LayoutRest1MB(b *testing.B) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(newTheme())
	text := sample.Long(1 << 20)
	for i := 0; i < b.N; i++ {
		v, _ := benchView(b, 19+float32(i+1)*0.01)
		v.m.Open(&annot.Bundle{Doc: annot.Document{Text: text}})
		start := time.Now()
		slices := 0
		for !v.lay.Step(8 * time.Millisecond) {
			slices++
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/rest")
		b.ReportMetric(float64(slices), "slices")
		b.ReportMetric(float64(v.lay.Lines()), "lines")
		b.ReportMetric(float64(v.lay.Measurements()), "words-measured")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MB-heap")
	}
}

func BenchmarkSpanView_ScrollPage(b *testing.B) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(newTheme())
	v, r := benchView(b, 18)
	v.m.Open(&annot.Bundle{Doc: annot.Document{Text: sample.Long(1 << 20)}})
	v.lay.Ensure(1 << 30)
	v.scroll.Refresh()
	r.Refresh()
	pages := int(float32(v.lay.Lines())*v.metrics.height/v.scroll.Size().Height) - 1
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%pages == 0 {
			v.scroll.Offset.Y = 0
		}
		v.ScrollPage(true)
		r.Refresh()
	}
}
