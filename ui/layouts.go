package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// fixedMin gives its one child all the room it has, and asks its parent
// for a fixed minimum whatever the child wants. The side panels sit in
// one: their content (a long title, a wide select, a note) then never
// moves the split beside the article, so the article never re-wraps
// because a span was selected.
type fixedMin struct{ min fyne.Size }

func newFixedMin(w, h float32, child fyne.CanvasObject) *fyne.Container {
	return container.New(&fixedMin{min: fyne.NewSize(w, h)}, child)
}

func (f *fixedMin) MinSize([]fyne.CanvasObject) fyne.Size { return f.min }

func (f *fixedMin) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

// wrapLayout places its children left to right and starts a new row
// when the next does not fit, like words in a paragraph, so that twenty
// label buttons take two or three rows instead of asking the window to
// be wider than the screen. Its minimum width is the widest child; its
// minimum height is that of the rows at the width it will get, which
// width(), when set, tells (Fyne asks for a minimum size before it lays
// out, and has no height-for-width).
type wrapLayout struct {
	width func() float32
	last  float32 // the width of the last layout, when width is not set
}

func (w *wrapLayout) rows(objs []fyne.CanvasObject, width float32, place bool) fyne.Size {
	pad := theme.Padding()
	var row []fyne.CanvasObject // the objects of the row being filled
	x, y, rowH, maxW := float32(0), float32(0), float32(0), float32(0)
	// endRow places a finished row's objects, each as tall as the row:
	// buttons whose text starts in different fonts differ by a few pixels.
	endRow := func() {
		if place {
			rx := float32(0)
			for _, o := range row {
				s := o.MinSize()
				o.Move(fyne.NewPos(rx, y))
				o.Resize(fyne.NewSize(s.Width, rowH))
				rx += s.Width + pad
			}
		}
		row = row[:0]
	}
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		s := o.MinSize()
		if x > 0 && x+s.Width > width {
			endRow()
			x, y, rowH = 0, y+rowH+pad, 0
		}
		row = append(row, o)
		x += s.Width + pad
		rowH = max(rowH, s.Height)
		maxW = max(maxW, s.Width)
	}
	endRow()
	return fyne.NewSize(maxW, y+rowH)
}

func (w *wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width := w.last
	if w.width != nil {
		if got := w.width(); got > 0 {
			width = got
		}
	}
	if width <= 0 {
		width = 1e6 // one row until the width is known
	}
	return w.rows(objs, width, false)
}

func (w *wrapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w.last = size.Width
	w.rows(objs, size.Width, true)
}
