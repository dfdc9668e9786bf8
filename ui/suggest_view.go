package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/ui/flow"
)

// suggestView is the annotation view's part for suggestions: it draws the
// layer's visible suggestions apart from spans, as dashed outlines in
// their label's colour, puts a tick and a cross after the selected one,
// and turns clicks on them into requests. It remembers the character
// under the pointer, so that Enter and Backspace can act on the
// suggestion there when none is selected.
type suggestView struct {
	layer *SuggestionLayer // nil: the view shows no suggestions

	// OnAccept and OnReject ask to accept or reject a suggestion.
	OnAccept func(id string)
	OnReject func(id string)

	pointer   int  // code point under the pointer
	pointerIn bool // the pointer is over the text

	// The tick and the cross after the selected suggestion, and where
	// they were last drawn (their hit boxes), if they were.
	tickBg, crossBg *canvas.Circle
	tick, cross     [2]*canvas.Line
	tickAt, crossAt fyne.Position
	buttonsShown    bool
}

// buttonSize is the tick's and the cross's circle, across: small enough
// to sit in the gap above a line without covering the line before.
const buttonSize = 16

// SetSuggestions makes the view draw l's suggestions and follow it; the
// selected one is brought into view.
func (v *SpanView) SetSuggestions(l *SuggestionLayer) {
	v.sg.layer = l
	last := ""
	l.OnChange(func() {
		if g, ok := l.Selected(); ok && g.ID != last {
			v.scrollToOffset(g.Start, true)
		}
		last = l.selected
		v.Refresh()
	})
}

// Suggestions is the layer the view draws, nil if none.
func (v *SpanView) Suggestions() *SuggestionLayer { return v.sg.layer }

// OnSuggestion sets what a click on a suggestion's tick or cross asks for.
func (v *SpanView) OnSuggestion(accept, reject func(id string)) {
	v.sg.OnAccept, v.sg.OnReject = accept, reject
}

// visibleSuggestions are the suggestions drawn over [start, end).
func (v *SpanView) visibleSuggestions(start, end int) []annot.Suggestion {
	if v.sg.layer == nil {
		return nil
	}
	return v.sg.layer.In(start, end)
}

// drawSuggestions adds, for each suggestion on line, a dashed frame in
// its label's colour: dashes along the top and the bottom, solid ends
// where it starts and ends. The selected one is framed heavier over a
// faint wash, with its tick and cross after its end.
func (r *spanRenderer) drawSuggestions(objs []fyne.CanvasObject, line *flow.Line, y float32, sugs []annot.Suggestion) []fyne.CanvasObject {
	if len(sugs) == 0 {
		return objs
	}
	v := r.v
	m := v.metrics
	sel, _ := v.sg.layer.Selected()
	top, h := y+m.pad-3, m.textH+6
	for _, g := range sugs {
		xs := r.ranges(line, g.Start, g.End)
		if len(xs) == 0 {
			continue
		}
		c := v.labelColor(g.Label)
		w := float32(1.5)
		if g.ID == sel.ID {
			w = 2.5
		}
		for i, x := range xs {
			x0, x1 := x[0]-2, x[1]+2
			if g.ID == sel.ID {
				wash := r.rect()
				wash.FillColor = color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x30}
				r.place(wash, x0, top, x1-x0, h)
				objs = append(objs, wash)
			}
			objs = r.dashes(objs, c, x0, x1, top, w)
			objs = r.dashes(objs, c, x0, x1, top+h-w, w)
			if i == 0 && g.Start >= int(line.Start) {
				objs = append(objs, r.solid(c, x0, top, w, h))
			}
			if i == len(xs)-1 && g.End <= int(line.End) {
				objs = append(objs, r.solid(c, x1-w, top, w, h))
				if g.ID == sel.ID {
					// Above the end of the frame, in the gap between lines.
					v.sg.placeButtons(v, max(x1-2*buttonSize-4, x0), top-buttonSize-1)
				}
			}
		}
	}
	return objs
}

// dashes draws a dashed horizontal rule from x0 to x1 at y.
func (r *spanRenderer) dashes(objs []fyne.CanvasObject, c color.NRGBA, x0, x1, y, w float32) []fyne.CanvasObject {
	const dash, gap = 6, 4
	for x := x0; x < x1; x += dash + gap {
		objs = append(objs, r.solid(c, x, y, min(dash, x1-x), w))
	}
	return objs
}

func (r *spanRenderer) solid(c color.NRGBA, x, y, w, h float32) *canvas.Rectangle {
	o := r.rect()
	o.FillColor = c
	r.place(o, x, y, w, h)
	return o
}

// placeButtons puts the tick and the cross at x, y (the view's
// coordinates less the side padding), kept inside the view.
func (s *suggestView) placeButtons(v *SpanView, x, y float32) {
	if s.tickBg == nil {
		s.tickBg, s.crossBg = canvas.NewCircle(color.Transparent), canvas.NewCircle(color.Transparent)
		for i := range s.tick {
			s.tick[i], s.cross[i] = canvas.NewLine(color.White), canvas.NewLine(color.White)
			s.tick[i].StrokeWidth, s.cross[i].StrokeWidth = 2, 2
		}
	}
	x = min(sidePad+x, v.Size().Width-2*buttonSize-10)
	y = max(y, 0)
	s.tickAt, s.crossAt = fyne.NewPos(x, y), fyne.NewPos(x+buttonSize+4, y)
	s.tickBg.FillColor = color.NRGBA{R: 0x2e, G: 0x9e, B: 0x4f, A: 0xff}
	s.crossBg.FillColor = color.NRGBA{R: 0xc9, G: 0x3c, B: 0x37, A: 0xff}
	size := fyne.NewSize(buttonSize, buttonSize)
	s.tickBg.Move(s.tickAt)
	s.tickBg.Resize(size)
	s.crossBg.Move(s.crossAt)
	s.crossBg.Resize(size)
	at := func(l *canvas.Line, o fyne.Position, x1, y1, x2, y2 float32) {
		const k = buttonSize / 20.0 // the strokes are drawn on a 20-unit circle
		l.Position1, l.Position2 = o.Add(fyne.NewPos(x1*k, y1*k)), o.Add(fyne.NewPos(x2*k, y2*k))
	}
	at(s.tick[0], s.tickAt, 5, 10, 8.5, 14)
	at(s.tick[1], s.tickAt, 8.5, 14, 15, 6)
	at(s.cross[0], s.crossAt, 6, 6, 14, 14)
	at(s.cross[1], s.crossAt, 14, 6, 6, 14)
	s.buttonsShown = true
}

// buttons are the tick and the cross, if drawn this frame.
func (s *suggestView) buttons() []fyne.CanvasObject {
	if !s.buttonsShown {
		return nil
	}
	return []fyne.CanvasObject{s.tickBg, s.tick[0], s.tick[1], s.crossBg, s.cross[0], s.cross[1]}
}

// hit reports whether pos falls on a button drawn at at.
func hit(pos, at fyne.Position) bool {
	return pos.X >= at.X-2 && pos.X <= at.X+buttonSize+2 && pos.Y >= at.Y-2 && pos.Y <= at.Y+buttonSize+2
}

// tapSuggestion handles a click at pos, over code point p: on the tick or
// the cross it accepts or rejects the selected suggestion; on a
// suggestion that is no longer than any span there, it selects it. It
// reports whether it took the click.
func (v *SpanView) tapSuggestion(pos fyne.Position, p int) bool {
	l := v.sg.layer
	if l == nil || v.linking {
		return false
	}
	if sel, ok := l.Selected(); ok && v.sg.buttonsShown {
		switch {
		case hit(pos, v.sg.tickAt):
			if v.sg.OnAccept != nil {
				v.sg.OnAccept(sel.ID)
			}
			return true
		case hit(pos, v.sg.crossAt):
			if v.sg.OnReject != nil {
				v.sg.OnReject(sel.ID)
			}
			return true
		}
	}
	g, ok := l.At(p)
	if !ok {
		return false
	}
	if s, onSpan := spanAt(v.m.Spans(), p); onSpan && s.End-s.Start < g.End-g.Start {
		return false // the span inside the suggestion is what was clicked
	}
	l.Select(g.ID)
	return true
}

// trackPointer notes the character under the pointer (in is false when
// the pointer left the text) and adds the hints of the suggestions there.
func (v *SpanView) trackPointer(p int, in bool, parts []string) []string {
	v.sg.pointer, v.sg.pointerIn = p, in
	if !in {
		return parts
	}
	for _, g := range v.visibleSuggestions(p, p+1) {
		parts = append(parts, g.Label+" suggested by "+g.Origin+" · Enter accepts, Backspace rejects")
	}
	return parts
}

// UnderPointer is the innermost visible suggestion under the pointer.
func (v *SpanView) UnderPointer() (annot.Suggestion, bool) {
	if v.sg.layer == nil || !v.sg.pointerIn {
		return annot.Suggestion{}, false
	}
	return v.sg.layer.At(v.sg.pointer)
}
