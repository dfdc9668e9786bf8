package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// In review mode a claim's details list its links, and the Accept,
// Reject and Delete row at their foot used to fall below the pane, a
// sliver of it showing. The decisions now sit above the details, whole
// in view whatever the details hold, and do what their keys do.
func TestReview_DecisionsStayInSight(t *testing.T) {
	a, db := newReviewApp(t)
	a.win.Resize(fyne.NewSize(1280, 800))
	a.setMode(ModeReview)
	// ravi's claim with two links and a long note: long details.
	claim := a.spanBy(t, "ravi", "CLAIM", revRavi)
	pm := a.spanBy(t, "ravi", "ACTOR", revPM)
	if _, err := db.CreateRelation(context.Background(), annot.Relation{Annotator: "ravi", From: claim.ID, To: pm.ID, Type: annot.SaidBy}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateSpan(context.Background(), claim.ID, "ravi", annot.SpanUpdate{Note: ptr(strings.Repeat("a reviewer's long note ", 12))}); err != nil {
		t.Fatal(err)
	}
	a.reloadOpen()
	a.doc.SelectSpan(claim.ID)
	root := a.win.Content()
	root.Refresh()
	if len(a.panel.links.Objects) < 2 {
		t.Fatalf("the claim's details list %d links, want its two", len(a.panel.links.Objects))
	}
	names := []string{"Accept", "Reject", "Correct"}
	for i, o := range a.panel.decide.Objects {
		b := o.(*widget.Button)
		if b.Text != names[i] || b.Disabled() || !wholyShown(root, b) {
			x1, y1, x2, y2, _ := shownPart(root, b)
			t.Errorf("review mode's %q button (disabled %v) shows %v,%v–%v,%v of %v", b.Text, b.Disabled(), x1, y1, x2, y2, b.Size())
		}
	}
	if a.panel.actions.Visible() {
		t.Error("review mode shows the annotate row of Accept, Reject and Delete too")
	}
	test.Tap(a.panel.decide.Objects[0].(*widget.Button))
	if st := statusOf(t, a, "ravi", "CLAIM", revRavi); st != annot.Accepted {
		t.Fatalf("the Accept button left the claim %q", st)
	}
	test.Tap(a.panel.decide.Objects[2].(*widget.Button))
	if a.review.correcting != claim.ID {
		t.Fatal("the Correct button did not start correcting the selected span")
	}

	a.setMode(ModeAnnotate)
	if a.panel.decide.Visible() || !a.panel.actions.Visible() {
		t.Error("annotate mode shows review mode's row, or not its own")
	}
}

func ptr[T any](v T) *T { return &v }

// The status bar's message used to get some 110 px in review mode, cut
// to "CLAIM by ravi, …" beside the mode, the database, the progress and
// the layout's timing. At 1280 px it now shows whole what N says about
// the span it selected, and what review mode says on entering, beside a
// long database name and the progress.
func TestStatusBar_MessageHasRoomInReview(t *testing.T) {
	a, _ := newReviewApp(t)
	a.win.Resize(fyne.NewSize(1280, 800))
	a.status.setDB("/home/analyst/projects/rare-earths-team-review-2025-spring.db")
	a.setMode(ModeReview)
	root := a.win.Content()
	fits := func(step string) {
		t.Helper()
		root.Refresh()
		msg := a.status.msg
		need := fyne.MeasureText(msg.Text, theme.TextSize(), msg.TextStyle).Width + 2*theme.InnerPadding()
		if msg.Size().Width < need {
			t.Errorf("%s: the message %q gets %.0f px of the %.0f it needs", step, msg.Text, msg.Size().Width, need)
		}
		if !strings.Contains(a.status.review.Text, "undecided here") || !wholyShown(root, a.status.review) {
			t.Errorf("%s: the progress %q is not shown whole", step, a.status.review.Text)
		}
	}
	fits("entering review mode")
	test.Type(a.view, "n")
	if !strings.Contains(a.status.message(), " by ravi, marked so by 1 of 2") {
		t.Fatalf("N says %q", a.status.message())
	}
	fits("after N")
}

// TestSpanPanel_NewDocumentListedFromTheTop: the span list scrolled down
// to a span of one article (by N, or a click on a span far down) showed
// the next article's spans from the same place, its first rows out of
// sight, when that one had as many. Opening an article (here the same
// one again, from the document list) shows its spans from the first.
func TestSpanPanel_NewDocumentListedFromTheTop(t *testing.T) {
	a, _ := newReviewApp(t)
	p := a.panel
	p.list.ScrollToBottom()
	if p.list.GetScrollOffset() == 0 {
		t.Fatalf("the sample's %d spans do not fill the list; the test needs them to", len(p.spans))
	}
	a.open(a.doc.DocID())
	if off := p.list.GetScrollOffset(); off != 0 {
		t.Errorf("the span list of the article opened starts %v px down", off)
	}
}
