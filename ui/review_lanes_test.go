package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
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
		line := int(p.Y / v.metrics.height)
		inLine := p.Y - float32(line)*v.metrics.height
		switch o := o.(type) {
		case *canvas.Rectangle:
			if inLine >= v.lanes.top[0] && s.Height > 2 {
				b.what = fmt.Sprintf("bar at line %d", line)
				bars = append(bars, b)
				allBars[b] = true
				if inLine+s.Height > v.metrics.height {
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
