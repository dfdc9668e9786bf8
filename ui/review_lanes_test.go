package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"app.spanmark.org/spanmark/internal/annot"
)

// TestReview_LanesDoNotOverlap draws review mode and checks the geometry
// a reviewer relies on, page by page through the document at the
// smallest, the default and the largest text size (zoom's bounds): every
// bar sits in its annotator's lane under the text, no two bars cover each
// other, no initials stray out of their bar and their letters sit in its
// middle, and the lanes keep clear of the next line.
func TestReview_LanesDoNotOverlap(t *testing.T) {
	a, db := newReviewApp(t)
	// A nested span in one lane: asha's ACTOR inside her claim.
	claim := a.spanBy(t, "asha", "CLAIM", revShort)
	if _, err := db.CreateSpan(context.Background(), annot.Span{DocID: a.doc.DocID(), Annotator: "asha", Start: claim.Start, End: claim.Start + 2, Label: "ACTOR"}); err != nil {
		t.Fatal(err)
	}
	a.reloadOpen()
	a.setMode(ModeReview)
	v := a.view
	if v.lanes.rows[0] < 2 {
		t.Fatalf("asha's lane has %d rows for nested spans", v.lanes.rows[0])
	}
	for _, size := range []float32{10, v.TextSize(), 40} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			v.SetTextSize(size)
			bars, inits := lanesOnEveryPage(t, a)
			if len(bars) < len(v.m.Spans()) {
				t.Errorf("%d spans in the lanes drawn with %d bars", len(v.m.Spans()), len(bars))
			}
			if !inits["AS"] || !inits["RA"] {
				t.Errorf("initials drawn: %v", inits)
			}
		})
	}
}

// laneBox is a drawn object's extent in the view.
type laneBox struct {
	x1, y1, x2, y2 float32
	what           string
}

// lanesOnEveryPage scrolls through the view a page at a time, checks
// each page's lanes (checkLanes) and returns the distinct bars and the
// initials it saw.
func lanesOnEveryPage(t *testing.T, a *App) (map[laneBox]bool, map[string]bool) {
	t.Helper()
	v := a.view
	r := test.WidgetRenderer(v).(*spanRenderer)
	last := 0
	for _, s := range v.m.Spans() {
		last = max(last, s.End)
	}
	v.lay.EnsureOffset(last)
	lastLine := v.lay.LineOf(last - 1)
	bars, inits := map[laneBox]bool{}, map[string]bool{}
	for v.scroll.Offset.Y = 0; ; v.scroll.Offset.Y += v.scroll.Size().Height {
		v.scroll.Refresh()
		r.Refresh()
		checkLanes(t, a, r, bars, inits)
		if _, end := r.visible(); end > lastLine {
			return bars, inits
		}
	}
}

// checkLanes checks the lanes of the lines in view.
func checkLanes(t *testing.T, a *App, r *spanRenderer, allBars map[laneBox]bool, allInits map[string]bool) {
	t.Helper()
	v := a.view
	var bars, inits []laneBox
	for _, o := range r.objects {
		p, s := o.Position(), o.Size()
		b := laneBox{p.X, p.Y, p.X + s.Width, p.Y + s.Height, ""}
		line := v.lineIndexAt(p.Y)
		inLine, lineH := p.Y-v.lineTop(line), v.lineHeight(line)
		switch o := o.(type) {
		case *canvas.Rectangle:
			if inLine >= v.lanes.top[0] && s.Height > 2 {
				b.what = fmt.Sprintf("bar at line %d", line)
				bars = append(bars, b)
				allBars[b] = true
				if inLine+s.Height > lineH {
					t.Errorf("a bar runs into the next line: %+v", b)
				}
			}
		case *canvas.Text:
			if inLine >= v.lanes.top[0] {
				b.what = o.Text
				inits = append(inits, b)
				allInits[o.Text] = true
			} else if inLine+s.Height > v.lanes.top[0] {
				t.Errorf("text %q reaches into the lanes: %v+%v > %v", o.Text, inLine, s.Height, v.lanes.top[0])
			}
		}
	}
	for i := range bars {
		for j := i + 1; j < len(bars); j++ {
			p, q := bars[i], bars[j]
			if p.x1 < q.x2-0.5 && q.x1 < p.x2-0.5 && p.y1 < q.y2-0.5 && q.y1 < p.y2-0.5 {
				t.Errorf("bars overlap: %+v and %+v", p, q)
			}
		}
	}
	for _, in := range inits {
		inside := false
		for _, b := range bars {
			inside = inside || (in.x1 >= b.x1 && in.x2 <= b.x2 && in.y1 >= b.y1-0.5 && in.y2 <= b.y2+0.5)
		}
		if !inside {
			t.Errorf("initials %q at %+v are not inside a bar", in.what, in)
		}
		if in.what != "AS" && in.what != "RA" {
			t.Errorf("initials %q", in.what)
		}
	}
}

// TestReview_InitialsInTheMiddleOfTheBar draws a lane's bar with its
// initials, as review mode does at the smallest, the default and the
// largest text size, solid and hollow, and finds where the letters'
// ink is: in the middle of the bar, within a pixel.
func TestReview_InitialsInTheMiddleOfTheBar(t *testing.T) {
	a, _ := newReviewApp(t)
	a.setMode(ModeReview)
	v := a.view
	r := test.WidgetRenderer(v).(*spanRenderer)
	green := color.NRGBA{R: 0x2e, G: 0x8b, B: 0x57, A: 0xff}
	for _, size := range []float32{10, v.TextSize(), 40} {
		v.SetTextSize(size)
		for _, solid := range []bool{true, false} {
			const top, x1, x2 = 10, 10, 150
			h := v.lanes.rowH - 2
			bar := canvas.NewRectangle(green)
			ink := contrastInk(green)
			if !solid {
				pale := green
				pale.A = 0x1c
				bar.FillColor, bar.StrokeColor, bar.StrokeWidth = pale, green, 1.5
				ink = theme.Color(theme.ColorNameForeground)
			}
			bar.CornerRadius = 3
			bar.Move(fyne.NewPos(x1, top))
			bar.Resize(fyne.NewSize(x2-x1, h))
			r.rev.n = 0
			in := r.initials("RA", ink, [2]float32{x1 - sidePad, x2 - sidePad}, top, h)
			if in == nil {
				t.Fatalf("size %v: no room for initials in a bar %v high", size, h)
			}
			w := test.NewTempWindow(t, &fyne.Container{Objects: []fyne.CanvasObject{bar, in}})
			w.SetPadded(false)
			w.Resize(fyne.NewSize(200, 100))
			img := w.Canvas().Capture()
			p, s := in.Position(), in.Size()
			low, ok := inkBelowMiddle(img, int(p.X), int(math.Ceil(float64(p.X+s.Width))), top, top+int(h))
			if !ok {
				t.Fatalf("size %v: no ink of the initials", size)
			}
			if math.Abs(low) > 1 {
				t.Errorf("size %v, solid %v: the initials sit %.1f px below the middle of their bar %v high", size, solid, low, h)
			}
		}
	}
}

// inkBelowMiddle is how far below the middle of the bar on rows [top,
// bottom) of img the ink in columns [x1, x2) is drawn (negative: above).
// Ink is a pixel unlike the bar's at x2+2 in the same row, on rows off
// the bar's ring and its antialiasing (two at each edge).
func inkBelowMiddle(img image.Image, x1, x2, top, bottom int) (float64, bool) {
	inkTop, inkBottom := -1, -1
	for y := top + 2; y < bottom-2; y++ {
		fill := color.NRGBAModel.Convert(img.At(x2+2, y)).(color.NRGBA)
		for x := x1; x < x2; x++ {
			if differ(color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA), fill, 90) {
				if inkTop < 0 {
					inkTop = y
				}
				inkBottom = y
				break
			}
		}
	}
	if inkTop < 0 {
		return 0, false
	}
	return float64(inkTop+inkBottom+1)/2 - float64(top+bottom)/2, true
}

// differ reports whether two colours differ by more than d in a channel.
func differ(a, b color.NRGBA, d int) bool {
	far := func(p, q uint8) bool { return int(p)-int(q) > d || int(q)-int(p) > d }
	return far(a.R, b.R) || far(a.G, b.G) || far(a.B, b.B)
}

// Review lanes used to take their full height under every line, so lines
// nobody marked left wide empty bands. A line now has its lanes only
// where some compared annotator has a span on it (all of them then, at
// the same places as on every other such line); the others are as short
// as the text and the gold bars need. The reviewer's own actions (accept,
// reject, correct, add) move no line, and when the annotators compared
// change, the first line in view stays where it was on screen.
func TestReview_LinesTakeLanesOnlyWhereSpansAre(t *testing.T) {
	a, _ := newReviewApp(t)
	a.setMode(ModeReview)
	v := a.view
	v.lay.Ensure(1 << 30)
	tops := func() []float32 {
		var out []float32
		for li := 0; li <= v.lay.Lines(); li++ {
			out = append(out, v.lineTop(li))
		}
		return out
	}
	marked := func(li int) bool {
		line := v.lay.Line(li)
		for _, s := range v.m.Spans() {
			if _, ok := v.m.LaneOf(s); ok && s.Start < int(line.End) && s.End > int(line.Start) {
				return true
			}
		}
		return false
	}
	m := v.metrics
	with, without := 0, 0
	for li := 0; li < v.lay.Lines(); li++ {
		h := v.lineHeight(li)
		if marked(li) {
			with++
			if math.Abs(float64(h-m.height)) > 0.01 || !v.hasLanes(li) {
				t.Errorf("line %d has spans in the lanes but is %v px high, not %v", li, h, m.height)
			}
			continue
		}
		without++
		if h > m.pad+m.textH+m.under+8 || v.hasLanes(li) {
			t.Errorf("line %d has no span in a lane but is %v px high, of %v with lanes", li, h, m.height)
		}
	}
	if with == 0 || without == 0 {
		t.Fatalf("%d lines with spans and %d without: the scenario tests nothing", with, without)
	}
	if got, uniform := v.MinSize().Height, float32(v.lay.Lines())*v.metrics.height; got >= uniform {
		t.Errorf("the review is %v px long, no shorter than %v with every line's lanes", got, uniform)
	}

	// The reviewer's actions move nothing: accepting the span in view
	// leaves the view where it was, and no action moves a line.
	pm := a.spanBy(t, "ravi", "ACTOR", revPM)
	a.doc.SelectSpan(pm.ID)
	v.scroll.Offset.Y = v.lineTop(v.lay.LineOf(pm.Start)) - 37
	scrolled, before := v.scroll.Offset.Y, tops()
	test.Type(v, "a") // accept
	if v.scroll.Offset.Y != scrolled {
		t.Errorf("accepting scrolled the view from %v to %v", scrolled, v.scroll.Offset.Y)
	}
	test.Type(v, "n")
	test.Type(v, "r") // reject
	long := a.spanBy(t, "ravi", "CLAIM", revRavi)
	a.review.correct(long.ID, long.Start-len([]rune("ली ने ")), long.End, annot.Claim)
	first := v.lay.Line(0) // nobody marked the first line: the reviewer adds a span there
	a.review.tag(int(first.Start), int(first.Start)+8, annot.Source)
	if got := tops(); !reflect.DeepEqual(got, before) {
		t.Error("accepting, rejecting, correcting or adding moved lines")
	}

	// Comparing one annotator: lines lose lanes, the one in view stays put.
	v.scroll.Offset.Y = scrolled
	li := v.lineIndexAt(v.scroll.Offset.Y)
	start, onScreen := int(v.lay.Line(li).Start), v.lineTop(li)-v.scroll.Offset.Y
	a.review.showOnly([]string{"asha"})
	if len(v.lanes.top) != 1 {
		t.Fatalf("%d lanes for asha alone", len(v.lanes.top))
	}
	li = v.lay.LineOf(start)
	if got := v.lineTop(li) - v.scroll.Offset.Y; math.Abs(float64(got-onScreen)) > 0.01 {
		t.Errorf("the first line in view moved from %v to %v on screen when the lanes changed", onScreen, got)
	}
	if got := tops(); reflect.DeepEqual(got, before) {
		t.Error("one lane instead of two left every line where it was")
	}
}
