package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// tagWords drags over words of the open document and presses key, and
// returns the span stored.
func tagWords(t *testing.T, a *App, words, key string) annot.Span {
	t.Helper()
	s := a.doc.Text()
	i := runeIndex(s, words)
	if i < 0 {
		t.Fatalf("%q is not in the document", words)
	}
	drag(a.view, posOf(a.view, i), posOf(a.view, i+len([]rune(words))-1), 0)
	test.Type(a.view, key)
	sp, ok := a.doc.Span(a.doc.SelectedSpan())
	if !ok {
		t.Fatalf("tagging %q selected no span", words)
	}
	return sp
}

func storedSpan(t *testing.T, a *App, id string) annot.Span {
	t.Helper()
	for _, s := range storedSpans(t, a) {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("span %s is not stored", id)
	return annot.Span{}
}

// An unsaved note used to be dropped when another span was selected.
func TestApp_NoteKeptWhenSelectionMoves(t *testing.T) {
	a, _ := newTestApp(t)
	first := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं", "1")
	second := tagWords(t, a, "चीन", "2")

	a.doc.SelectSpan(first.ID)
	a.win.Canvas().Focus(a.panel.note)
	test.Type(a.panel.note, "check the source")
	a.doc.SelectSpan(second.ID) // from the list or the text, the box still focused
	if got := storedSpan(t, a, first.ID).Note; got != "check the source" {
		t.Fatalf("after selecting another span the first one's note is %q", got)
	}
	if a.panel.note.Text != "" {
		t.Fatalf("the note box shows %q for a span without a note", a.panel.note.Text)
	}

	test.Type(a.panel.note, "speaker")
	a.win.Canvas().Focus(a.view) // leaving the box saves it
	if got := storedSpan(t, a, second.ID).Note; got != "speaker" {
		t.Fatalf("after leaving the box the note is %q", got)
	}

	a.doc.SelectSpan(first.ID)
	a.win.Canvas().Focus(a.panel.note)
	a.panel.note.SetText(a.panel.note.Text + ", twice")
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl}) // done and next
	if got := storedSpan(t, a, first.ID).Note; got != "check the source, twice" {
		t.Fatalf("after Ctrl+Enter the note is %q", got)
	}
}

// L used to show nothing, and did nothing on an ACTOR.
func TestApp_LinkModeIsVisible(t *testing.T) {
	a, _ := newTestApp(t)
	claim := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं", "1")
	actor := tagWords(t, a, "चीन", "2")

	a.doc.SelectSpan(claim.ID)
	test.Type(a.view, "l")
	if !a.view.Linking() || !strings.Contains(a.view.LinkBand(), "ACTOR") || !strings.Contains(a.status.message(), "linking") {
		t.Fatalf("L on a CLAIM: linking %v, band %q, status %q", a.view.Linking(), a.view.LinkBand(), a.status.message())
	}
	if a.view.Cursor() != desktop.CrosshairCursor {
		t.Fatal("the pointer is not a crosshair while linking")
	}
	if !rendersText(a.view, a.view.LinkBand()) {
		t.Fatal("the linking band is not drawn")
	}
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if a.view.Linking() || a.view.LinkBand() != "" || rendersText(a.view, "linking") || a.status.message() != "stopped linking" {
		t.Fatalf("Esc did not stop linking, or the status says %q", a.status.message())
	}

	a.doc.SelectSpan(actor.ID)
	test.Type(a.view, "l")
	if !strings.Contains(a.view.LinkBand(), "CLAIM") || !strings.Contains(a.status.message(), "CLAIM") {
		t.Fatalf("L on an ACTOR: band %q, status %q; want them to ask for the CLAIM", a.view.LinkBand(), a.status.message())
	}
	test.TapAt(a.view, posOf(a.view, claim.Start+1))
	rels := a.doc.Relations()
	if len(rels) != 1 || rels[0].From != claim.ID || rels[0].To != actor.ID {
		t.Fatalf("relations %+v, want the claim SAID_BY the actor", rels)
	}
	if a.view.Linking() {
		t.Fatal("still linking after the link was made")
	}

	a.doc.SelectSpan("")
	test.Type(a.view, "l")
	if a.view.Linking() || !strings.Contains(a.status.message(), "select") {
		t.Fatalf("L with nothing selected: linking %v, status %q", a.view.Linking(), a.status.message())
	}
}

// rendersText reports whether the view's renderer draws a text object
// holding s.
func rendersText(v *SpanView, s string) bool {
	for _, o := range test.WidgetRenderer(v).Objects() {
		if txt, ok := o.(*canvas.Text); ok && s != "" && strings.Contains(txt.Text, s) {
			return true
		}
	}
	return false
}

// The link list used to read "is said by of:".
func TestLinkVerb(t *testing.T) {
	for _, tc := range []struct {
		typ       string
		fromClaim bool
		want      string
	}{
		{annot.SaidBy, true, "said by"},
		{annot.SaidBy, false, "said"},
		{annot.AccordingTo, true, "according to"},
		{annot.AccordingTo, false, "source of"},
	} {
		if got := linkVerb(tc.typ, tc.fromClaim); got != tc.want {
			t.Errorf("linkVerb(%s, %v) = %q, want %q", tc.typ, tc.fromClaim, got, tc.want)
		}
	}
}

// "1 spans", "1 links".
func TestApp_CountsInTheSingular(t *testing.T) {
	a, _ := newTestApp(t)
	claim := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं", "1")
	if got := a.list.describe(a.docs[0]); !strings.Contains(got, "1 span") || strings.Contains(got, "1 spans") {
		t.Fatalf("document row says %q", got)
	}
	actor := tagWords(t, a, "चीन", "2")
	a.link(claim.ID, actor.ID)
	if got := a.panel.describe(claim); !strings.Contains(got, "1 link") || strings.Contains(got, "1 links") {
		t.Fatalf("span row says %q", got)
	}
	a.doc.SelectSpan(actor.ID)
	row := a.panel.links.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text
	if !strings.HasPrefix(row, "said: CLAIM") {
		t.Fatalf("the actor's link reads %q", row)
	}
}

// The hover hint used to keep the old label after a relabel.
func TestSpanView_HintFollowsRelabel(t *testing.T) {
	a, _ := newTestApp(t)
	sp := tagWords(t, a, "चीन", "2")
	a.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: posOf(a.view, sp.Start+1)}})
	if !strings.HasPrefix(a.view.HoverHint(), "ACTOR") {
		t.Fatalf("hint %q over an ACTOR", a.view.HoverHint())
	}
	test.Type(a.view, "3")
	if !strings.HasPrefix(a.view.HoverHint(), "SOURCE") {
		t.Fatalf("after relabelling to SOURCE the hint says %q", a.view.HoverHint())
	}
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if a.view.HoverHint() != "" {
		t.Fatalf("after deleting the span the hint says %q", a.view.HoverHint())
	}
}

// Backspace, the key of text boxes, must not delete a span.
func TestSpanView_BackspaceKeepsSpan(t *testing.T) {
	a, _ := newTestApp(t)
	sp := tagWords(t, a, "चीन", "2")
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	storedSpan(t, a, sp.ID)
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if len(storedSpans(t, a)) != 0 {
		t.Fatal("Delete did not delete the span")
	}
}

// Enter used to do nothing in the name dialog, and "Use login name"
// carried a cross that read as Cancel.
func TestApp_NameDialogEnterSubmits(t *testing.T) {
	a, _ := newTestApp(t)
	a.askAnnotator()
	d := a.nameDialog
	if d == nil {
		t.Fatal("no name dialog")
	}
	if d.useLogin.Icon == theme.CancelIcon() || d.start.Icon == theme.CancelIcon() {
		t.Fatal("a button of the name dialog carries the cancel cross")
	}
	d.entry.SetText("")
	test.Type(d.entry, "Meera")
	d.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.annotator != "Meera" || a.nameDialog != nil {
		t.Fatalf("after Enter the annotator is %q", a.annotator)
	}
}

// Ctrl+Enter with the list filtered to what is not done used to say "it
// is the last document", since the document just marked left the list.
func TestApp_DoneAndNextWithFilteredList(t *testing.T) {
	a, db := newTestApp(t)
	importText(t, db, "second.txt", "Li Qiang visited Ganzhou this week.")
	importText(t, db, "third.txt", "The ministry said exports would fall.")
	a.list.filter.status.SetSelected(statusNotDone)
	if len(a.docs) != 3 {
		t.Fatalf("not done lists %d documents, want 3", len(a.docs))
	}
	first := a.doc.DocID()
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl})
	if a.doc.Text() != "Li Qiang visited Ganzhou this week." || strings.Contains(a.status.message(), "last") {
		t.Fatalf("Ctrl+Enter opened %q and said %q", a.doc.Text(), a.status.message())
	}
	for _, d := range a.docs {
		if d.ID == first {
			t.Fatal("the list filtered to not done still lists the document marked done")
		}
	}
	if f := a.list.filter; f.done != 1 || f.total != 3 || !strings.Contains(f.progress.TextFormatter(), "1 of 3 done") {
		t.Fatalf("progress %d of %d, shown as %q", f.done, f.total, f.progress.TextFormatter())
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl})
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl})
	if len(a.docs) != 0 || !strings.Contains(a.status.message(), "every listed document is done") {
		t.Fatalf("after marking all three done: %d listed, status %q", len(a.docs), a.status.message())
	}
	a.list.filter.status.SetSelected(string(annot.StateDone))
	if len(a.docs) != 3 {
		t.Fatalf("done lists %d documents, want 3", len(a.docs))
	}
	docs, _ := db.Documents(context.Background(), annot.DocFilter{})
	for _, d := range docs {
		if d.StateOf("asha") != annot.StateDone {
			t.Fatalf("%s is %s", d.Title, d.StateOf("asha"))
		}
	}
}

// The annotator filter follows another annotator's states.
func TestApp_DocListFilterByAnnotator(t *testing.T) {
	a, db := newTestApp(t)
	importText(t, db, "second.txt", "Li Qiang visited Ganzhou this week.")
	a.reloadDocs()
	if _, err := db.SetState(context.Background(), a.docs[1].ID, "ravi", annot.StateDone); err != nil {
		t.Fatal(err)
	}
	a.reloadDocs()
	a.list.filter.who.SetSelected("ravi")
	a.list.filter.status.SetSelected(string(annot.StateDone))
	if len(a.docs) != 1 || a.docs[0].Title != "Li Qiang visited Ganzhou this week." {
		t.Fatalf("ravi's done documents: %d listed", len(a.docs))
	}
	if f := a.list.filter; !strings.Contains(f.progress.TextFormatter(), "ravi: 1 of 2 done") {
		t.Fatalf("progress reads %q", f.progress.TextFormatter())
	}
}

// Closing the find bar once left a blank band above the text.
func TestFindBar_HideLeavesNoBand(t *testing.T) {
	a, _ := newTestApp(t)
	scroller := a.view.Scroller()
	top := scroller.Position().Y
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl})
	if !a.find.box.Visible() || scroller.Position().Y <= top {
		t.Fatalf("Ctrl+F: bar shown %v, article at y %v (was %v)", a.find.box.Visible(), scroller.Position().Y, top)
	}
	test.Type(a.find.entry, "चीन")
	a.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.doc.SelectedText() != "चीन" {
		t.Fatalf("find selected %q", a.doc.SelectedText())
	}
	a.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if a.find.box.Visible() || scroller.Position().Y != top {
		t.Fatalf("Esc: bar shown %v, article at y %v, want %v", a.find.box.Visible(), scroller.Position().Y, top)
	}
	if a.win.Canvas().Focused() != a.view {
		t.Fatal("closing the find bar did not give the keys back to the article")
	}
}

// addLabels gives the project labels up to n in all, with the names an
// import of NER data brings.
func addLabels(t *testing.T, a *App, n int) {
	t.Helper()
	names := []string{"ORG", "PERSON", "GPE", "LOC", "DATE", "TIME", "MONEY", "PERCENT", "NORP", "FAC",
		"EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "QUANTITY", "ORDINAL", "CARDINAL"}
	for i := len(a.doc.Labels()); i < n; i++ {
		if _, err := a.proj.CreateLabel(context.Background(), annot.Label{Name: names[i-3], Color: annot.NextColor(i)}); err != nil {
			t.Fatal(err)
		}
	}
	a.reloadLabels()
}

// Seventeen imported labels used to make the window ask for 1,800 px.
func TestApp_TwentyLabelsFitTheScreen(t *testing.T) {
	a, _ := newTestApp(t)
	addLabels(t, a, 20)
	if n := len(a.bar.labels.Objects); n != 20 {
		t.Fatalf("%d label buttons, want 20", n)
	}
	a.win.Resize(fyne.NewSize(1280, 800))
	if w := a.win.Content().MinSize().Width; w > 1000 {
		t.Fatalf("the window asks for %v px with 20 labels", w)
	}
	// Every button inside the bar's width, none over another.
	bar := a.bar.labels
	var rects []fyne.Position
	for _, o := range bar.Objects {
		p, s := o.Position(), o.Size()
		if p.X < 0 || p.X+s.Width > bar.Size().Width+0.5 || p.Y+s.Height > bar.Size().Height+0.5 {
			t.Fatalf("a label button at %v size %v is outside the bar (%v)", p, s, bar.Size())
		}
		for i, q := range rects {
			o2 := bar.Objects[i]
			if p.X < q.X+o2.Size().Width && q.X < p.X+s.Width && p.Y < q.Y+o2.Size().Height && q.Y < p.Y+s.Height {
				t.Fatalf("label buttons %d and %d overlap", i, len(rects))
			}
		}
		rects = append(rects, p)
	}
	if bar.Size().Height < 2*bar.Objects[0].MinSize().Height {
		t.Fatal("twenty labels fit on one row at 1280 px: the test does not test wrapping")
	}
}

// Selecting a span used to show the details panel, shrink the span list
// and re-wrap the article.
func TestApp_LayoutStaysWhenSelecting(t *testing.T) {
	a, _ := newTestApp(t)
	claim := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने के प्रयास तेज कर दिए हैं क्योंकि संयुक्त राज्य अमेरिका", "1")
	actor := tagWords(t, a, "चीन", "2")
	a.link(claim.ID, actor.ID)
	a.doc.SelectSpan("")
	viewW, listH := a.view.Size().Width, a.panel.list.Size().Height
	lines := a.view.lay.Lines()
	a.doc.SelectSpan(claim.ID)
	a.panel.note.SetText(strings.Repeat("a long note that wraps over several lines ", 20))
	a.doc.SelectSpan(actor.ID)
	if a.view.Size().Width != viewW || a.panel.list.Size().Height != listH || a.view.lay.Lines() != lines {
		t.Fatalf("selecting changed the article's width %v→%v, its lines %d→%d, the span list's height %v→%v",
			viewW, a.view.Size().Width, lines, a.view.lay.Lines(), listH, a.panel.list.Size().Height)
	}
}

// noOverlaps walks the window's containers and fails if two visible
// children of one (other than a stack, whose children lie on top of each
// other on purpose) overlap, or if anything lies outside the window.
func noOverlaps(t *testing.T, root fyne.CanvasObject, size fyne.Size) {
	t.Helper()
	const eps = 0.5
	var walk func(o fyne.CanvasObject, at fyne.Position, path string)
	walk = func(o fyne.CanvasObject, at fyne.Position, path string) {
		if !o.Visible() {
			return
		}
		p := at.Add(o.Position())
		if s := o.Size(); p.X < -eps || p.Y < -eps || p.X+s.Width > size.Width+eps || p.Y+s.Height > size.Height+eps {
			t.Errorf("%s at %v, %v is outside the %v window", path, p, s, size)
		}
		c, ok := o.(*fyne.Container)
		if !ok {
			return
		}
		if !isStack(c) {
			var vis []fyne.CanvasObject
			for _, k := range c.Objects {
				if k.Visible() && k.Size().Width > 0 && k.Size().Height > 0 {
					vis = append(vis, k)
				}
			}
			for i := range vis {
				for j := i + 1; j < len(vis); j++ {
					a, b := vis[i], vis[j]
					if a.Position().X+eps < b.Position().X+b.Size().Width && b.Position().X+eps < a.Position().X+a.Size().Width &&
						a.Position().Y+eps < b.Position().Y+b.Size().Height && b.Position().Y+eps < a.Position().Y+a.Size().Height {
						t.Errorf("%s: children %d (%T at %v %v) and %d (%T at %v %v) overlap", path, i, a, a.Position(), a.Size(), j, b, b.Position(), b.Size())
					}
				}
			}
		}
		for i, k := range c.Objects {
			walk(k, p, fmt.Sprintf("%s/%d", path, i))
		}
	}
	walk(root, fyne.Position{}, "window")
}

// isStack reports whether c lays its children on top of each other.
func isStack(c *fyne.Container) bool {
	if len(c.Objects) < 2 {
		return true
	}
	first := c.Objects[0]
	for _, k := range c.Objects[1:] {
		if k.Position() != first.Position() || k.Size() != first.Size() {
			return false
		}
	}
	return true
}

// At 1280 x 800 with twenty labels, a span selected and the guidelines
// both shown and not, and in review mode, nothing in the window overlaps
// or leaves it.
func TestApp_NothingOverlapsAt1280(t *testing.T) {
	a, _ := newTestApp(t)
	addLabels(t, a, 20)
	size := fyne.NewSize(1280, 800)
	a.win.Resize(size)
	sp := tagWords(t, a, "चीन", "2")
	a.doc.SelectSpan(sp.ID)
	content := a.win.Canvas().Content()
	noOverlaps(t, content, a.win.Canvas().Size())
	a.toggleGuidelines()
	noOverlaps(t, content, a.win.Canvas().Size())
	a.toggleGuidelines()

	// Review mode: its bar under the labels, the progress and a long
	// message in the status bar.
	a.setMode(ModeReview)
	a.status.set("correcting CLAIM by ravi: select the right words, then press a label key (Enter keeps CLAIM); Esc cancels")
	a.status.setWarning("no font on this machine draws 3 characters of this document (U+1000, U+1001, U+1002): install a font for that script")
	content.Refresh() // lays the bars out again for their new texts
	noOverlaps(t, content, a.win.Canvas().Size())
	a.setMode(ModeAnnotate)
}

// TestFindBar_AgainReplacesTheLastSearch: Ctrl+F a second time kept the
// last search with the cursor at its end, so typing a new one added to
// it ("चीन" then "70%" searched for "चीन70%"). The last search is kept
// selected: typing replaces it, Enter finds it again.
func TestFindBar_AgainReplacesTheLastSearch(t *testing.T) {
	a, _ := newTestApp(t)
	find := &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}
	shortcut(a, find)
	test.Type(a.find.entry, "चीन")
	a.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	shortcut(a, find)
	if a.find.entry.Text != "चीन" || a.find.entry.SelectedText() != "चीन" {
		t.Fatalf("Ctrl+F again: the box holds %q with %q selected; want the last search, selected", a.find.entry.Text, a.find.entry.SelectedText())
	}
	test.Type(a.find.entry, "70%")
	a.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.find.entry.Text != "70%" || a.doc.SelectedText() != "70%" {
		t.Fatalf("typing after Ctrl+F again: the box holds %q, the article has %q selected; want 70%%", a.find.entry.Text, a.doc.SelectedText())
	}
}
