package ui

import (
	"image/color"
	"math"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/ui/flow"
)

// spanRenderer turns the lines in view into canvas objects, reusing them
// from pools between frames so that scrolling allocates little.
type spanRenderer struct {
	v       *SpanView
	texts   []*canvas.Text
	rects   []*canvas.Rectangle
	nText   int
	nRect   int
	objects []fyne.CanvasObject
	hintBg  *canvas.Rectangle
	hint    *canvas.Text
	rev     reviewPool        // review mode's initials (spanview_lanes.go)
	bandBg  *canvas.Rectangle // the linking band
	band    *canvas.Text
}

func newSpanRenderer(v *SpanView) *spanRenderer {
	r := &spanRenderer{v: v, hintBg: canvas.NewRectangle(color.Transparent), hint: canvas.NewText("", color.Black),
		bandBg: canvas.NewRectangle(color.Transparent), band: canvas.NewText("", color.Black)}
	r.hintBg.CornerRadius = 4
	r.rebuild()
	return r
}

func (r *spanRenderer) Destroy() {}

func (r *spanRenderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *spanRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *spanRenderer) Layout(size fyne.Size) {
	v := r.v
	if v.lay != nil && size.Width > 2*sidePad && v.lay.Width() != size.Width-2*sidePad {
		first := v.firstVisibleOffset()
		v.lay.SetWidth(size.Width - 2*sidePad)
		v.lines.reset()
		if first > 0 {
			v.lay.EnsureOffset(first)
			v.scroll.Offset.Y = v.lineTop(v.lay.LineOf(first))
		}
		if !v.lay.Done() {
			v.layoutRest()
		}
	}
	r.rebuild()
}

func (r *spanRenderer) Refresh() {
	r.rebuild()
	for _, o := range r.objects {
		o.Refresh()
	}
}

// rect and txt hand out pooled objects for this frame.
func (r *spanRenderer) rect() *canvas.Rectangle {
	if r.nRect == len(r.rects) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	o := r.rects[r.nRect]
	r.nRect++
	o.StrokeWidth, o.StrokeColor, o.CornerRadius = 0, nil, 0
	return o
}

func (r *spanRenderer) txt() *canvas.Text {
	if r.nText == len(r.texts) {
		r.texts = append(r.texts, canvas.NewText("", color.Black))
	}
	o := r.texts[r.nText]
	r.nText++
	o.FontSource = nil
	return o
}

// visible is the range of lines in view.
func (r *spanRenderer) visible() (first, last int) {
	v := r.v
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	if h < 1 {
		h = v.Size().Height
	}
	first = v.lineIndexAt(top)
	last = v.lineIndexAt(top+h) + 1
	v.lay.Ensure(last + 1)
	return max(0, first), min(last, v.lay.Lines())
}

// rebuild lays out the objects of the lines in view.
func (r *spanRenderer) rebuild() {
	v := r.v
	r.nText, r.nRect, r.rev.n = 0, 0, 0
	v.sg.buttonsShown = false
	var under, over []fyne.CanvasObject // drawn below and above the text
	var texts []fyne.CanvasObject
	if v.lay != nil && v.lay.Lines() > 0 {
		first, last := r.visible()
		if first < last {
			visStart, visEnd := int(v.lay.Line(first).Start), int(v.lay.Line(last-1).End)
			spans := spansIn(v.m.Spans(), visStart, visEnd)
			var gold []annot.Span
			review := v.m.Mode() == ModeReview
			if review {
				gold = spansIn(v.m.Gold(), visStart, visEnd)
			}
			linked := v.linkedSpans()
			sugs := v.visibleSuggestions(visStart, visEnd)
			selStart, selEnd := v.m.Selection()
			fg := theme.Color(theme.ColorNameForeground)
			for li := first; li < last; li++ {
				line := v.lay.Line(li)
				y := v.lineTop(li)
				if review {
					under, over = r.drawReview(under, over, line, y, spans, gold)
				} else {
					under = r.drawSpans(under, line, y, spans)
				}
				if selStart != selEnd {
					for _, x := range r.ranges(line, selStart, selEnd) {
						o := r.rect()
						o.FillColor = theme.Color(theme.ColorNameSelection)
						r.place(o, x[0], y+v.metrics.pad-1, x[1]-x[0], v.metrics.textH+2)
						under = append(under, o)
					}
				}
				// Beneath the text: a frame reaches past the span
				// and would hide a danda or a quote mark touching it.
				under = r.drawOutlines(under, line, y, spans, linked)
				over = r.drawSuggestions(over, line, y, sugs)
				texts = r.drawText(texts, line, y, fg)
			}
		}
	}
	r.objects = append(append(append(append(r.objects[:0], under...), texts...), over...), v.sg.buttons()...)
	if o := r.drawHint(); o != nil {
		r.objects = append(r.objects, r.hintBg, r.hint)
	}
	if r.drawBand() {
		r.objects = append(r.objects, r.bandBg, r.band)
	}
}

// drawBand places the band that says the view is waiting for a click on
// the span to link to, across the top of what is in view. It reports
// whether there is one.
func (r *spanRenderer) drawBand() bool {
	v := r.v
	if !v.linking || v.linkHint == "" {
		return false
	}
	size := theme.TextSize()
	r.band.Text, r.band.TextSize = v.linkHint, size
	r.band.TextStyle = fyne.TextStyle{Bold: true}
	r.band.Color = theme.Color(theme.ColorNameForegroundOnPrimary)
	h := r.band.MinSize().Height + 8
	r.bandBg.FillColor = theme.Color(theme.ColorNamePrimary)
	r.bandBg.Move(fyne.NewPos(0, v.scroll.Offset.Y))
	r.bandBg.Resize(fyne.NewSize(v.Size().Width, h))
	r.band.Move(fyne.NewPos(sidePad, v.scroll.Offset.Y+4))
	r.band.Resize(fyne.NewSize(v.Size().Width-2*sidePad, h-8))
	return true
}

// LinkBand is the text of the linking band, "" when it is not shown.
func (v *SpanView) LinkBand() string {
	if !v.linking {
		return ""
	}
	return v.linkHint
}

// drawText adds a line's text: each run of words that follow one another
// with only spaces between (flow.Layout.Follows) as one text object, so
// that the font engine spaces them as a browser does, at fractions of a
// pixel; objects of their own would each start on a whole pixel and
// leave the gaps between words a pixel wider or narrower at random. The
// object's baseline is its first character's font's, moved down to the
// line's (baselineShift); the words' positions are the layout's, which
// measured the same words with the same engine. The object is exactly as
// tall as the image Fyne draws it into (runH): Fyne centres a smaller
// image in a taller object, which would move every word down by half the
// difference, past the box the line's metrics give the text.
func (r *spanRenderer) drawText(texts []fyne.CanvasObject, line *flow.Line, y float32, fg color.Color) []fyne.CanvasObject {
	v := r.v
	first := -1
	flush := func(last int) {
		if first < 0 {
			return
		}
		a, b := &line.Pieces[first], &line.Pieces[last]
		t := r.txt()
		t.Text, t.Color, t.TextSize = v.lay.RunText(a, b), fg, v.textSize
		t.Move(fyne.NewPos(sidePad+a.X, y+v.metrics.pad+v.baselineShift(t.Text)))
		t.Resize(fyne.NewSize(b.X+b.W-a.X, v.metrics.runH))
		texts = append(texts, t)
		first = -1
	}
	for i := range line.Pieces {
		p := &line.Pieces[i]
		if p.End == p.Start {
			flush(i - 1)
			continue
		}
		if parts := emojiParts(v.lay.PieceText(p)); parts != nil {
			flush(i - 1)
			texts = r.drawParts(texts, parts, sidePad+p.X, y, fg)
			continue
		}
		if first >= 0 && !v.lay.Follows(&line.Pieces[i-1], p) {
			flush(i - 1)
		}
		if first < 0 {
			first = i
		}
	}
	flush(len(line.Pieces) - 1)
	return texts
}

// drawParts draws a word whose emoji the system's colour emoji font
// draws better (emojiParts), a text object a part, side by side.
func (r *spanRenderer) drawParts(texts []fyne.CanvasObject, parts []textPart, x, y float32, fg color.Color) []fyne.CanvasObject {
	v := r.v
	for _, part := range parts {
		t := r.txt()
		t.Text, t.Color, t.TextSize, t.FontSource = part.text, fg, v.textSize, part.res
		w := partWidth(part, v.textSize)
		shift, h := v.baselineShift(part.text), v.metrics.runH
		if part.res != nil {
			shift = max(0, float32(math.Ceil(float64(v.metrics.ascent*v.textSize)))-float32(math.Ceil(float64(emoji.ascent*v.textSize))))
			h = t.MinSize().Height
		}
		t.Move(fyne.NewPos(x, y+v.metrics.pad+shift))
		t.Resize(fyne.NewSize(w, h))
		texts = append(texts, t)
		x += w
	}
	return texts
}

func (r *spanRenderer) place(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(sidePad+x, y))
	o.Resize(fyne.NewSize(w, h))
}

// spansIn returns the spans that overlap [start, end).
func spansIn(spans []annot.Span, start, end int) []annot.Span {
	n := sort.Search(len(spans), func(i int) bool { return spans[i].Start >= end })
	var out []annot.Span
	for _, s := range spans[:n] {
		if s.End > start {
			out = append(out, s)
		}
	}
	return out
}

// ranges returns the x extents on line of code points [start, end),
// one per run of adjacent pieces, so a span over several words is one
// band rather than a band per word.
func (r *spanRenderer) ranges(line *flow.Line, start, end int) [][2]float32 {
	v := r.v
	if end <= int(line.Start) || start >= int(line.End) {
		return nil
	}
	var xs [][2]float32
	for i := range line.Pieces {
		p := &line.Pieces[i]
		a, b := max(int32(start), p.Start), min(int32(end), p.End)
		if a >= b {
			continue
		}
		x1, x2 := v.lay.XOf(line, a), v.lay.XOf(line, b)
		if x1 > x2 {
			x1, x2 = x2, x1
		}
		xs = append(xs, [2]float32{x1, x2})
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i][0] < xs[j][0] })
	gap := v.textSize // joins the space between two covered words
	var out [][2]float32
	for _, x := range xs {
		if n := len(out); n > 0 && x[0]-out[n-1][1] <= gap {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

// drawSpans adds each span's background band and its underline on its
// track, so nested and overlapping spans stay distinguishable.
func (r *spanRenderer) drawSpans(objs []fyne.CanvasObject, line *flow.Line, y float32, spans []annot.Span) []fyne.CanvasObject {
	v := r.v
	m := v.metrics
	sel := v.m.SelectedSpan()
	for _, s := range spans {
		xs := r.ranges(line, s.Start, s.End)
		if len(xs) == 0 {
			continue
		}
		c := v.labelColor(s.Label)
		bg := c
		bg.A = 0x48
		if s.ID == sel {
			bg.A = 0x90
		}
		tr := min(v.track[s.ID], maxTracks-1)
		for _, x := range xs {
			o := r.rect()
			o.FillColor = bg
			r.place(o, x[0], y+m.pad-1, x[1]-x[0], m.textH+2)
			u := r.rect()
			u.FillColor = c
			r.place(u, x[0], y+m.pad+m.textH+m.under+float32(tr)*m.trackH, x[1]-x[0], m.trackH-1)
			objs = append(objs, o, u)
		}
	}
	return objs
}

// drawOutlines frames the selected span, and the spans linked to it, so
// that the analyst sees who said what.
func (r *spanRenderer) drawOutlines(objs []fyne.CanvasObject, line *flow.Line, y float32, spans []annot.Span, linked map[string]bool) []fyne.CanvasObject {
	v := r.v
	sel := v.m.SelectedSpan()
	if sel == "" {
		return objs
	}
	for _, s := range spans {
		if s.ID != sel && !linked[s.ID] {
			continue
		}
		c := v.labelColor(s.Label)
		for _, x := range r.ranges(line, s.Start, s.End) {
			o := r.rect()
			o.FillColor = color.Transparent
			o.StrokeColor = c
			o.StrokeWidth = 2
			if s.ID != sel {
				o.StrokeWidth = 1.5
			}
			o.CornerRadius = 3
			r.place(o, x[0]-2, y+v.metrics.pad-3, x[1]-x[0]+4, v.metrics.textH+6)
			objs = append(objs, o)
		}
	}
	return objs
}

// linkedSpans are the spans joined to the selected one by a relation.
func (v *SpanView) linkedSpans() map[string]bool {
	sel := v.m.SelectedSpan()
	if sel == "" {
		return nil
	}
	m := map[string]bool{}
	for _, rel := range v.m.LinksOf(sel) {
		m[rel.From], m[rel.To] = true, true
	}
	delete(m, sel)
	return m
}

// drawHint places the hover hint, the label and annotator of the spans
// under the pointer. It returns nil when there is none.
func (r *spanRenderer) drawHint() fyne.CanvasObject {
	v := r.v
	if v.hover.text == "" {
		return nil
	}
	size := theme.CaptionTextSize() + 1
	r.hint.Text, r.hint.TextSize = v.hover.text, size
	r.hint.Color = theme.Color(theme.ColorNameForeground)
	ts := fyne.MeasureText(v.hover.text, size, fyne.TextStyle{})
	pos := v.hover.pos.Add(fyne.NewPos(12, -ts.Height-14))
	if pos.Y < v.scroll.Offset.Y {
		pos.Y = v.hover.pos.Y + 20
	}
	pos.X = min(pos.X, v.Size().Width-ts.Width-12)
	r.hintBg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	r.hintBg.StrokeColor = theme.Color(theme.ColorNameShadow)
	r.hintBg.StrokeWidth = 1
	r.hintBg.Move(pos.Subtract(fyne.NewPos(6, 3)))
	r.hintBg.Resize(ts.Add(fyne.NewSize(12, 6)))
	r.hint.Move(pos)
	r.hint.Resize(ts)
	return r.hint
}

// parseHex reads "#rrggbb".
func parseHex(s string) (color.NRGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	n, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: uint8(n >> 16), G: uint8(n >> 8), B: uint8(n), A: 0xff}, true
}
