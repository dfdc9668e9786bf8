package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// typeToFocused sends a key as the driver does: to the focused widget,
// else to the canvas's handler.
func typeToFocused(a *App, ev *fyne.KeyEvent) {
	c := a.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// tapRow clicks the first row of a list where it is on the canvas, as a
// click of the mouse does: the list takes the focus, then selects.
func tapRow(t *testing.T, a *App, l fyne.CanvasObject) {
	t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l)
	test.TapCanvas(a.win.Canvas(), pos.Add(fyne.NewPos(20, 10)))
}

// A span clicked in the side panel's list is the selected span, and the
// keys that act on the selected span (Delete, a label's key) act on it: a
// click on a list row gave the list the focus, and the keys went to it
// and did nothing.
func TestSpanList_KeysActOnSpanClickedInList(t *testing.T) {
	a, _ := newTestApp(t)
	v := a.view
	s := a.doc.Text()
	words := "चीनी राज्य मीडिया शिन्हुआ"
	i := runeIndex(s, words)
	drag(v, posOf(v, i), posOf(v, i+len([]rune(words))-1), 0)
	test.Type(v, "2")
	if n := len(storedSpans(t, a)); n != 1 {
		t.Fatalf("stored %d spans, want 1", n)
	}
	a.doc.SelectSpan("")

	tapRow(t, a, a.panel.list)
	if a.doc.SelectedSpan() == "" {
		t.Fatal("a click on the span's row did not select it")
	}
	typeToFocused(a, &fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(storedSpans(t, a)); n != 0 {
		t.Fatalf("Delete after clicking the span in the list: %d spans left, want 0", n)
	}
}

// A click on the open document's row (already selected, so the list
// only takes the focus) leaves the keys working on the article: a
// label's key tags the selected text.
func TestDocList_KeysReachArticleAfterClickOnRow(t *testing.T) {
	a, _ := newTestApp(t)
	s := a.doc.Text()
	words := "चीनी राज्य मीडिया शिन्हुआ"
	i := runeIndex(s, words)
	a.doc.Select(i, i+len([]rune(words)))

	tapRow(t, a, a.list.list)
	c := a.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedRune('3')
	} else {
		c.OnTypedRune()('3')
	}
	spans := storedSpans(t, a)
	if len(spans) != 1 || spans[0].Label != "SOURCE" || spans[0].Start != i {
		t.Fatalf("3 after clicking the document's row stored %+v, want one SOURCE at %d", spans, i)
	}
}
