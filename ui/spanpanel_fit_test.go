package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// With twenty-one labels the label bar took three rows, and the span
// panel's Accept, Reject and Delete row, then Link and Save note, fell
// below the window until the panel was scrolled. At 1280 x 800, with a
// claim selected that has four links and a long note, every action of
// the panel is now whole in the window, in both modes, and enabled.
func TestSpanPanel_ActionsInSightWithManyLabels(t *testing.T) {
	a, _ := newTestApp(t)
	addLabels(t, a, 21)
	a.win.Resize(fyne.NewSize(1280, 800))
	claim := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने के प्रयास तेज कर दिए हैं क्योंकि संयुक्त राज्य अमेरिका", "1")
	for _, w := range []struct{ words, key string }{
		{"चीन", "2"},
		{"चीनी प्रधान मंत्री ली क़ियांग", "2"},
		{"आधिकारिक और मीडिया रिपोर्टों", "3"},
		{"साउथ चाइना मॉर्निंग पोस्ट", "3"},
	} {
		other := tagWords(t, a, w.words, w.key)
		a.link(claim.ID, other.ID)
	}
	a.doc.SelectSpan(claim.ID)
	a.panel.note.SetText(strings.Repeat("a long note that wraps over several lines ", 10))
	root := a.win.Content()
	root.Refresh()
	if len(a.panel.links.Objects) != 4 {
		t.Fatalf("the claim's details list %d links, want 4", len(a.panel.links.Objects))
	}
	if h, row := a.bar.labels.Size().Height, a.bar.labels.Objects[0].MinSize().Height; h < 2*row {
		t.Fatalf("the label bar is %v px high for rows of %v: 21 labels on one row do not test the squeeze", h, row)
	}

	check := func(mode string, buttons ...fyne.CanvasObject) {
		t.Helper()
		for _, o := range buttons {
			b := o.(*widget.Button)
			if b.Disabled() || !wholyShown(root, b) {
				x1, y1, x2, y2, _ := shownPart(root, b)
				t.Errorf("%s: the %q button (disabled %v) shows %.0f,%.0f–%.0f,%.0f of its %v in the %v window",
					mode, b.Text, b.Disabled(), x1, y1, x2, y2, b.Size(), a.win.Canvas().Size())
			}
		}
	}
	all := func(row *fyne.Container) []fyne.CanvasObject {
		return append(append([]fyne.CanvasObject{}, row.Objects...), a.panel.saveNote, a.panel.linkBtn)
	}
	check("annotate mode", all(a.panel.actions)...)
	a.setMode(ModeReview)
	a.doc.SelectSpan(claim.ID)
	root.Refresh()
	check("review mode", all(a.panel.decide)...)
}

// Selecting a claim whose title takes two lines after a span whose title
// takes one left the details laid out for one: the Label box covered the
// title's second line. The details make room for the title they show.
func TestSpanPanel_TitleMakesRoom(t *testing.T) {
	a, _ := newTestApp(t)
	a.win.Resize(fyne.NewSize(1280, 800))
	actor := tagWords(t, a, "चीन", "2")
	claim := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने के प्रयास तेज कर दिए हैं क्योंकि संयुक्त राज्य अमेरिका", "1")
	a.doc.SelectSpan(actor.ID)
	a.doc.SelectSpan(claim.ID)
	title, form := a.panel.title, a.panel.detail.Objects[1]
	if title.MinSize().Height < 2*fyne.MeasureText("C", title.Theme().Size("text"), title.TextStyle).Height {
		t.Fatalf("the title %q is one line high: the test does not test wrapping", title.Text)
	}
	if title.Size().Height < title.MinSize().Height-0.5 || title.Position().Y+title.Size().Height > form.Position().Y+0.5 {
		t.Fatalf("the title is %v px high (it needs %v) and ends at %v; the Label row starts at %v",
			title.Size().Height, title.MinSize().Height, title.Position().Y+title.Size().Height, form.Position().Y)
	}
}
