package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// shownPart is the part of target the window shows, in the window's
// coordinates: its rectangle, cut by every scroll container it lies in
// (a button scrolled out of its pane shows nothing, one half in view
// half). ok is false when target is not in root's visible tree.
func shownPart(root, target fyne.CanvasObject) (x1, y1, x2, y2 float32, ok bool) {
	type clip struct{ x1, y1, x2, y2 float32 }
	var walk func(o fyne.CanvasObject, at fyne.Position, c clip) bool
	walk = func(o fyne.CanvasObject, at fyne.Position, c clip) bool {
		if !o.Visible() {
			return false
		}
		p := at.Add(o.Position())
		s := o.Size()
		if o == target {
			x1, y1 = max(p.X, c.x1), max(p.Y, c.y1)
			x2, y2 = min(p.X+s.Width, c.x2), min(p.Y+s.Height, c.y2)
			ok = x1 < x2 && y1 < y2
			return true
		}
		var kids []fyne.CanvasObject
		switch o := o.(type) {
		case *fyne.Container:
			kids = o.Objects
		case *container.Scroll:
			c = clip{max(c.x1, p.X), max(c.y1, p.Y), min(c.x2, p.X+s.Width), min(c.y2, p.Y+s.Height)}
			kids = test.WidgetRenderer(o).Objects()
		case fyne.Widget:
			kids = test.WidgetRenderer(o).Objects()
		}
		for _, k := range kids {
			if walk(k, p, c) {
				return true
			}
		}
		return false
	}
	p, s := root.Position(), root.Size()
	walk(root, fyne.Position{}, clip{p.X, p.Y, p.X + s.Width, p.Y + s.Height})
	return x1, y1, x2, y2, ok
}

// wholyShown reports whether the window shows all of o.
func wholyShown(root, o fyne.CanvasObject) bool {
	x1, y1, x2, y2, ok := shownPart(root, o)
	const eps = 0.5
	return ok && x2-x1 >= o.Size().Width-eps && y2-y1 >= o.Size().Height-eps
}
