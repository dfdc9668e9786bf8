package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/sample"
)

// TestSpanView_RendersHindiWithOverlaps draws the start of the Hindi
// sample with a CLAIM that contains an ACTOR and a SOURCE, and a second
// CLAIM overlapping the first, and compares the pixels with
// testdata/hindi_overlaps.png: conjuncts joined, nothing in boxes, bands
// on the right words, overlaps as stacked underlines. To accept a new
// look, delete the PNG, run the test, look at testdata/failed/ and move
// the image up.
func TestSpanView_RendersHindiWithOverlaps(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	v := NewSpanView(NewDocModel(), 18)
	v.manualLayout = true
	w := test.NewTempWindow(t, v.Scroller())
	w.Resize(fyne.NewSize(640, 300))
	s := string(sample.Text)
	v.m.Open(&annot.Bundle{Doc: annot.Document{ID: "d", Text: s}})
	v.m.SetLabels(annot.DefaultLabels())
	span := func(id, words, label string) annot.Span {
		start := runeIndex(s, words)
		if start < 0 {
			t.Fatalf("%q is not in the sample", words)
		}
		return annot.Span{ID: id, Start: start, End: start + len([]rune(words)), Label: label, Annotator: "asha"}
	}
	claim := span("c1", "आधिकारिक और मीडिया रिपोर्टों में कहा गया है कि चीन ने दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने के प्रयास तेज कर दिए हैं", "CLAIM")
	source := span("s1", "आधिकारिक और मीडिया रिपोर्टों", "SOURCE")
	actor := span("a1", "चीन", "ACTOR")
	second := span("c2", "दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने के प्रयास तेज कर दिए हैं क्योंकि संयुक्त राज्य अमेरिका", "CLAIM")
	setSpans(v, []annot.Span{claim, source, actor, second}, []annot.Relation{{ID: "r1", From: "c1", To: "a1", Type: annot.SaidBy}})
	v.m.SelectSpan("c1")
	test.AssertObjectRendersToImage(t, "hindi_overlaps.png", w.Canvas().Content())
}

// TestSpanView_FrameBeneathText: the frame of the selected span and of
// the spans linked to it reaches two pixels beyond the span, over the
// end of the word before it. Drawn above the text, it hid a danda with
// no space after it (है।चीनी: the sentence's end vanished when the ACTOR
// after it was selected or linked). It is drawn beneath the text.
func TestSpanView_FrameBeneathText(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	v := NewSpanView(NewDocModel(), 18)
	v.manualLayout = true
	w := test.NewTempWindow(t, v.Scroller())
	w.Resize(fyne.NewSize(640, 300))
	s := "आगे बढ़ रहा है।चीनी प्रधान मंत्री ली क़ियांग ने इस सप्ताह दौरा किया।"
	v.m.Open(&annot.Bundle{Doc: annot.Document{ID: "d", Text: s}})
	v.m.SetLabels(annot.DefaultLabels())
	start := runeIndex(s, "चीनी")
	setSpans(v, []annot.Span{{ID: "a1", Start: start, End: runeIndex(s, " ने"), Label: "ACTOR", Annotator: "asha"}}, nil)
	v.m.SelectSpan("a1")
	objs := test.WidgetRenderer(v).Objects()
	frame, firstText := -1, -1
	for i, o := range objs {
		switch o := o.(type) {
		case *canvas.Rectangle:
			if o.StrokeWidth > 0 && o.FillColor == color.Transparent && frame < 0 {
				frame = i
			}
		case *canvas.Text:
			if firstText < 0 {
				firstText = i
			}
		}
	}
	if frame < 0 || firstText < 0 {
		t.Fatalf("no frame (%d) or no text (%d) among the view's %d objects", frame, firstText, len(objs))
	}
	if frame > firstText {
		t.Errorf("the selected span's frame is object %d, above the text (from object %d): it covers the danda before the span", frame, firstText)
	}
}
