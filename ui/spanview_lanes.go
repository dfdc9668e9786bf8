package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/ui/flow"
)

// In review mode each line of text is drawn with the gold layer on top
// and the annotators' spans in lanes under it (asha's claim ends later
// than ravi's, so both are drawn hollow):
//
//	gold bars      ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀       accepted spans, the same ones folded
//	text           Minister Rao said the plan will cut costs
//	lane asha      [AS ACTOR]    [AS CLAIM          ]
//	lane ravi      [RA ACTOR]        [RA CLAIM       ]
//
// The text's background shows only the gold layer, so the reviewer reads
// the document as gold will have it. In a lane, a span every lane marked
// the same is a solid bar; one the lanes disagree on is hollow, ringed in
// its label's colour; an accepted span is solid and ringed, a rejected one
// faint and struck through. Each bar starts with its annotator's
// initials where they fit, and an annotator's overlapping spans take
// rows of their own in the lane, so no bar covers another.

const (
	goldRows = 2 // gold bars drawn above the text; deeper nesting shares the last
	goldBarH = 3
)

// laneLayout is where the lanes sit under a line in review mode. A
// lane's first row is tall enough for initials; the rows that nested
// spans of one annotator need below it are thin, since lines all have one
// height and most lines have nothing nested.
type laneLayout struct {
	top   []float32 // each lane's top, from the line's top
	rows  []int     // rows of each lane
	rowH  float32   // the first row
	thinH float32   // each further row
}

// rowTop is where row n of a lane starts, from the lane's top, and its
// height.
func (l *laneLayout) rowTop(n int) (top, h float32) {
	if n == 0 {
		return 0, l.rowH
	}
	return l.rowH + float32(n-1)*l.thinH, l.thinH
}

func (l *laneLayout) laneH(lane int) float32 {
	top, h := l.rowTop(l.rows[lane] - 1)
	return top + h
}

// computeMetrics is the line metrics for the mode: review mode makes room
// for the gold bars above the text and the lanes under it.
func (v *SpanView) computeMetrics() lineMetrics {
	m := metricsFor(v.textSize)
	v.lanes = laneLayout{}
	if v.m.Mode() != ModeReview {
		return m
	}
	m.pad += goldRows*goldBarH + 3
	rowH := max(float32(int(v.textSize+2.5)), 18)
	v.lanes = laneLayout{rows: v.m.LaneRows(), rowH: rowH, thinH: max(float32(int(rowH*0.45)), 7)}
	y := m.pad + m.textH + m.under
	for i := range v.lanes.rows {
		v.lanes.top = append(v.lanes.top, y)
		y += v.lanes.laneH(i)
	}
	if len(v.lanes.rows) == 0 {
		y += rowH
	}
	m.height = y + 4
	return m
}

// updateMetrics follows a change of mode or of the lanes, keeping the
// first line in view where it was.
func (v *SpanView) updateMetrics() {
	m := v.computeMetrics()
	if m == v.metrics {
		return
	}
	first := v.firstVisibleOffset()
	v.metrics = m
	if v.lay != nil {
		v.scrollToOffset(first, false)
	}
}

// reviewPool hands out the initials' texts, kept apart from the text's
// own so that their style never leaks into a word.
type reviewPool struct {
	texts []*canvas.Text
	n     int
}

func (p *reviewPool) text() *canvas.Text {
	if p.n == len(p.texts) {
		t := canvas.NewText("", color.Black)
		t.TextStyle = fyne.TextStyle{Bold: true}
		p.texts = append(p.texts, t)
	}
	t := p.texts[p.n]
	p.n++
	return t
}

// drawReview adds a line's gold layer (under the text) and its lanes
// (over it, since they never meet the text).
func (r *spanRenderer) drawReview(under, over []fyne.CanvasObject, line *flow.Line, y float32, spans, gold []annot.Span) ([]fyne.CanvasObject, []fyne.CanvasObject) {
	v := r.v
	m := v.metrics
	for _, s := range gold {
		xs := r.ranges(line, s.Start, s.End)
		if len(xs) == 0 {
			continue
		}
		c := v.labelColor(s.Label)
		bg := c
		bg.A = 0x50
		row := min(v.m.GoldRow(s), goldRows-1)
		for _, x := range xs {
			o := r.rect()
			o.FillColor = bg
			r.place(o, x[0], y+m.pad-1, x[1]-x[0], m.textH+2)
			bar := r.rect()
			bar.FillColor = c
			r.place(bar, x[0], y+2+float32(row)*goldBarH, x[1]-x[0], goldBarH-1)
			under = append(under, o, bar)
		}
	}
	sel := v.m.SelectedSpan()
	inits := v.m.LaneInitials()
	for _, s := range spans {
		lane, ok := v.m.LaneOf(s)
		if !ok || lane >= len(v.lanes.top) {
			continue
		}
		xs := r.ranges(line, s.Start, s.End)
		if len(xs) == 0 {
			continue
		}
		rowTop, rowH := v.lanes.rowTop(v.m.RowOf(s))
		top := y + v.lanes.top[lane] + rowTop + 1
		h := rowH - 2
		fill, stroke, ink, strike := v.laneStyle(s)
		for i, x := range xs {
			o := r.rect()
			o.FillColor, o.CornerRadius = fill, 3
			if stroke != nil {
				o.StrokeColor, o.StrokeWidth = stroke, 1.5
				if s.Status == annot.Accepted {
					o.StrokeWidth = 1
				}
			}
			if s.ID == sel {
				o.StrokeColor, o.StrokeWidth = theme.Color(theme.ColorNamePrimary), 2.5
			}
			r.place(o, x[0], top, x[1]-x[0], h)
			over = append(over, o)
			if strike {
				l := r.rect()
				l.FillColor = ink
				r.place(l, x[0]+2, top+h/2-0.5, x[1]-x[0]-4, 1)
				over = append(over, l)
			}
			// Initials at the start of the span, and at the start of
			// each line it carries over to.
			if i == 0 && lane < len(inits) && v.m.RowOf(s) == 0 {
				if t := r.initials(inits[lane], ink, x, top, h); t != nil {
					over = append(over, t)
				}
			}
		}
	}
	return under, over
}

// initials places a lane's initials at the left of a bar that has room
// for them; nil where the bar is too short. Their text box, as tall as
// the theme font's line, is centred in the bar and never taller than it:
// that box leaves as much room below a Latin baseline as Devanagari
// needs (roomBelow), which puts capitals in its middle, so centring the
// box centres the letters.
func (r *spanRenderer) initials(s string, ink color.Color, x [2]float32, top, h float32) fyne.CanvasObject {
	size := max(float32(int(h*0.7)), 9)
	w := fyne.MeasureText(s, size, fyne.TextStyle{Bold: true})
	for w.Height > h && size > 9 {
		size--
		w = fyne.MeasureText(s, size, fyne.TextStyle{Bold: true})
	}
	if w.Width+8 > x[1]-x[0] || w.Height > h {
		return nil
	}
	t := r.rev.text()
	t.Text, t.Color, t.TextSize = s, ink, size
	t.Move(fyne.NewPos(sidePad+x[0]+4, top+(h-w.Height)/2))
	t.Resize(w)
	return t
}

// laneStyle is how a lane draws span s: its fill, its ring (nil for
// none), the colour of its initials, and whether it is struck through.
// Undecided spans the lanes agree on are solid, those they disagree on
// hollow; accepted ones are solid with a ring, rejected ones faint and
// struck through.
func (v *SpanView) laneStyle(s annot.Span) (fill color.Color, stroke color.Color, ink color.Color, strike bool) {
	c := v.labelColor(s.Label)
	fg := theme.Color(theme.ColorNameForeground)
	switch {
	case s.Status == annot.Rejected:
		pale := c
		pale.A = 0x30
		return pale, nil, fg, true
	case s.Status == annot.Accepted:
		return c, fg, contrastInk(c), false
	case v.m.Agreed(s):
		solid := c
		solid.A = 0xc0
		return solid, nil, contrastInk(c), false
	}
	pale := c
	pale.A = 0x1c
	return pale, c, fg, false
}

// contrastInk is black or white, whichever reads better on c.
func contrastInk(c color.NRGBA) color.Color {
	lum := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	if lum > 150 {
		return color.NRGBA{A: 0xff}
	}
	return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
}

// laneSpanAt is the span whose bar in a lane is under pos, in review
// mode.
func (v *SpanView) laneSpanAt(pos fyne.Position) (annot.Span, bool) {
	if v.m.Mode() != ModeReview || v.lanes.rowH == 0 {
		return annot.Span{}, false
	}
	li := v.lineAt(pos.Y)
	if li < 0 {
		return annot.Span{}, false
	}
	dy := pos.Y - float32(li)*v.metrics.height
	lane, row := -1, 0
	for i, top := range v.lanes.top {
		for n := 0; n < v.lanes.rows[i]; n++ {
			if rt, rh := v.lanes.rowTop(n); dy >= top+rt && dy < top+rt+rh {
				lane, row = i, n
			}
		}
	}
	if lane < 0 {
		return annot.Span{}, false
	}
	p := v.lay.CharAt(v.lay.Line(li), pos.X-sidePad)
	for _, s := range v.m.Spans() {
		if l, ok := v.m.LaneOf(s); ok && l == lane && v.m.RowOf(s) == row && s.Start <= p && p < s.End {
			return s, true
		}
	}
	return annot.Span{}, false
}
