package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"app.spanmark.org/spanmark/internal/annot"
)

var (
	_ desktop.Cursorable = (*SpanView)(nil)
	_ desktop.Mouseable  = (*SpanView)(nil)
	_ desktop.Hoverable  = (*SpanView)(nil)
	_ desktop.Keyable    = (*SpanView)(nil)
)

type dragState struct {
	active   bool
	alt      bool // Alt was held at the press: select grapheme clusters
	shift    bool // Shift was held at the press: extend the selection
	pressed  bool // MouseDown saw the press, at pressPos
	pressPos fyne.Position
	startPos fyne.Position
	// altUsed: the mouse was pressed with Alt held since Alt went down,
	// so its release must not open the menu bar (see KeyUp).
	altUsed bool
}

type hoverState struct {
	pos  fyne.Position
	text string
}

// lineAt is the laid-out line under y, or -1.
func (v *SpanView) lineAt(y float32) int {
	if v.lay == nil {
		return -1
	}
	i := int(y / v.metrics.height)
	v.lay.Ensure(i + 1)
	if v.lay.Lines() == 0 {
		return -1
	}
	return max(0, min(i, v.lay.Lines()-1))
}

// charAt is the code point of the character under pos.
func (v *SpanView) charAt(pos fyne.Position) (int, bool) {
	i := v.lineAt(pos.Y)
	if i < 0 {
		return 0, false
	}
	return v.lay.CharAt(v.lay.Line(i), pos.X-sidePad), true
}

// boundaryAt is the cluster boundary nearest to pos.
func (v *SpanView) boundaryAt(pos fyne.Position) (int, bool) {
	i := v.lineAt(pos.Y)
	if i < 0 {
		return 0, false
	}
	return v.lay.OffsetAt(v.lay.Line(i), pos.X-sidePad), true
}

// MouseDown focuses the view, so keys reach it, and notes Alt.
func (v *SpanView) MouseDown(ev *desktop.MouseEvent) {
	v.drag.alt = ev.Modifier&fyne.KeyModifierAlt != 0
	if v.drag.alt {
		v.keepMenuShut()
	}
	v.drag.shift = ev.Modifier&fyne.KeyModifierShift != 0
	v.drag.pressed, v.drag.pressPos = true, ev.Position
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
}

// MouseUp is needed for desktop.Mouseable.
func (v *SpanView) MouseUp(*desktop.MouseEvent) {
	if !v.drag.active {
		v.drag.pressed = false
	}
}

// Dragged extends the selection from where the drag started to the
// pointer: by words, or by grapheme clusters with Alt or in grapheme mode.
func (v *SpanView) Dragged(ev *fyne.DragEvent) {
	if !v.drag.active {
		v.drag.active = true
		// The press, not the first drag event, is where the drag began:
		// the driver reports a drag only after the pointer has moved.
		v.drag.startPos = ev.Position.Subtract(ev.Dragged)
		if v.drag.pressed {
			v.drag.startPos = v.drag.pressPos
		}
		v.linking = false
	}
	v.dragTo(v.drag.startPos, ev.Position)
	v.autoScroll(ev.Position.Y)
}

// autoScroll moves the view a line when a drag reaches its top or bottom
// edge, so a selection can run past what is on screen.
func (v *SpanView) autoScroll(y float32) {
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	switch {
	case h <= 0:
	case y > top+h-v.metrics.height/2:
		v.scrollBy(v.metrics.height)
	case y < top+v.metrics.height/2 && top > 0:
		v.scrollBy(-v.metrics.height)
	}
}

// dragTo selects between two points as a drag between them does.
func (v *SpanView) dragTo(from, to fyne.Position) {
	if v.grapheme || v.drag.alt {
		a, ok1 := v.boundaryAt(from)
		b, ok2 := v.boundaryAt(to)
		if ok1 && ok2 {
			v.m.Select(clusterRange(v.clusterBounds(), a, b))
		}
		return
	}
	a, ok1 := v.charAt(from)
	b, ok2 := v.charAt(to)
	if ok1 && ok2 {
		v.m.Select(wordRange(v.tokens(), a, b))
	}
}

// DragEnd ends the drag; the selection stays.
func (v *SpanView) DragEnd() { v.drag.active, v.drag.pressed = false, false }

// Tapped selects the span under the pointer, links to it when linking,
// or clears the selection.
func (v *SpanView) Tapped(ev *fyne.PointEvent) {
	p, ok := v.charAt(ev.Position)
	if !ok {
		return
	}
	selStart, selEnd := v.m.Selection()
	if v.drag.shift && selStart != selEnd {
		// Shift+click extends the selection to the word clicked, so a
		// claim longer than the screen can be selected: click its first
		// word, scroll, Shift+click its last.
		a, e := wordRange(v.tokens(), p, p)
		if v.grapheme || v.drag.alt {
			a, e = clusterRange(v.clusterBounds(), p, p)
		}
		v.m.Select(min(a, selStart), max(e, selEnd))
		return
	}
	if v.tapSuggestion(ev.Position, p) {
		return
	}
	s, onSpan := spanAt(v.m.Spans(), p)
	if ls, ok := v.laneSpanAt(ev.Position); ok {
		s, onSpan = ls, true // a bar in a review lane picks that annotator's span
	}
	sel := v.m.SelectedSpan()
	if v.linking && onSpan && sel != "" && s.ID != sel {
		v.linking = false
		if v.OnLink != nil {
			v.OnLink(sel, s.ID)
		}
		v.Refresh()
		return
	}
	v.linking = false
	v.m.Select(0, 0)
	if onSpan {
		v.m.SelectSpan(s.ID)
		return
	}
	if v.m.SelectedSpan() != "" {
		v.m.SelectSpan("")
	}
	v.Refresh()
}

// DoubleTapped selects the word under the pointer, or its grapheme
// cluster in grapheme mode.
func (v *SpanView) DoubleTapped(ev *fyne.PointEvent) {
	p, ok := v.charAt(ev.Position)
	if !ok {
		return
	}
	if v.grapheme {
		v.m.Select(clusterRange(v.clusterBounds(), p, p))
		return
	}
	v.m.Select(wordRange(v.tokens(), p, p))
}

// MouseIn starts the hover hint.
func (v *SpanView) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved shows the label, annotator and status of the spans under
// the pointer.
func (v *SpanView) MouseMoved(ev *desktop.MouseEvent) {
	text := v.hintAt(ev.Position)
	if text == v.hover.text && (text == "" || ev.Position == v.hover.pos) {
		return
	}
	v.hover = hoverState{pos: ev.Position, text: text}
	v.Refresh()
}

// hintAt is the hover hint for the spans under pos.
func (v *SpanView) hintAt(pos fyne.Position) string {
	p, ok := v.charAt(pos)
	if !ok {
		return ""
	}
	var parts []string
	for _, s := range v.m.Spans() {
		if s.Start <= p && p < s.End {
			parts = append(parts, hintFor(s))
		}
	}
	return strings.Join(v.trackPointer(p, true, parts), "  |  ")
}

// HoverHint is the hint shown under the pointer, "" when none.
func (v *SpanView) HoverHint() string { return v.hover.text }

func hintFor(s annot.Span) string {
	h := s.Label + " · " + s.Annotator
	if s.Origin != "" {
		h += " · from " + s.Origin
	}
	if s.Status != "" && s.Status != annot.Pending {
		h += " · " + string(s.Status)
	}
	return h
}

// MouseOut hides the hover hint.
func (v *SpanView) MouseOut() {
	v.trackPointer(0, false, nil)
	if v.hover.text != "" {
		v.hover = hoverState{}
		v.Refresh()
	}
}

// FocusGained and FocusLost make the view focusable for its keys.
func (v *SpanView) FocusGained() {}

// FocusLost stops watching for the menu after an Alt+click.
func (v *SpanView) FocusLost() { v.drag.altUsed = false }

// TypedRune tags the selection with the label of a hotkey, or, with a
// span selected, relabels it; "l" starts linking the selected span.
func (v *SpanView) TypedRune(r rune) {
	if v.OnRune != nil && v.OnRune(r) {
		return
	}
	switch r {
	case 'l', 'L':
		if v.OnStartLink != nil {
			v.OnStartLink()
		} else {
			v.StartLinking("")
		}
		return
	case '?':
		if v.OnHelp != nil {
			v.OnHelp()
		}
		return
	}
	l, ok := annot.LabelForKey(v.m.Labels(), r)
	if !ok {
		return
	}
	start, end := v.m.Selection()
	switch sel := v.m.SelectedSpan(); {
	case start != end:
		if v.OnTag != nil {
			v.OnTag(start, end, l.Name)
		}
	case sel != "":
		if v.OnRelabel != nil {
			v.OnRelabel(sel, l.Name)
		}
	}
}

// TypedKey deletes the selected span, clears with Escape and scrolls.
func (v *SpanView) TypedKey(ev *fyne.KeyEvent) {
	if v.OnKey != nil && v.OnKey(ev.Name) {
		return
	}
	switch ev.Name {
	case fyne.KeyDelete:
		// Only Delete: Backspace is the key of text boxes, and one that
		// looks focused while a menu or pop-up holds the click that
		// would have focused it must not delete a span.
		if sel := v.m.SelectedSpan(); sel != "" && v.OnDelete != nil {
			v.OnDelete(sel)
		}
	case fyne.KeyEscape:
		v.Escape()
	case fyne.KeyF1:
		if v.OnHelp != nil {
			v.OnHelp()
		}
	case fyne.KeyPageDown, fyne.KeySpace:
		v.ScrollPage(true)
	case fyne.KeyPageUp:
		v.ScrollPage(false)
	case fyne.KeyDown:
		v.scrollBy(v.metrics.height)
	case fyne.KeyUp:
		v.scrollBy(-v.metrics.height)
	}
}

// Cursor is a crosshair while the view waits for the span to link to,
// the text cursor otherwise.
func (v *SpanView) Cursor() desktop.Cursor {
	if v.linking {
		return desktop.CrosshairCursor
	}
	return desktop.TextCursor
}

// KeyDown: a key pressed while Alt is held means the driver will not
// open the menu when Alt goes up (see keepMenuShut).
func (v *SpanView) KeyDown(*fyne.KeyEvent) { v.drag.altUsed = false }

// KeyUp: Alt released with the view still focused means the menu did not
// open (the menu takes the focus when it does).
func (v *SpanView) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyAltLeft || ev.Name == desktop.KeyAltRight {
		v.drag.altUsed = false
	}
}

// keepMenuShut keeps an Alt+click or Alt+drag from opening the menu bar.
// Fyne's GLFW driver opens the menu when Alt is released with no other
// key pressed in between, and mouse events do not count: after selecting
// clusters the File menu would open and take the next label key. The
// driver gives no sign of it to the application (the menu takes the
// focus, so the release reaches no widget), so until Alt goes up, another
// key is pressed or the view loses the focus, the view watches for the
// menu between frames and closes it at once.
func (v *SpanView) keepMenuShut() {
	if v.drag.altUsed {
		return
	}
	v.drag.altUsed = true
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	m, ok := c.(interface{ DismissMenu() bool })
	if !ok {
		return // the test driver has no menu bar
	}
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		deadline := time.Now().Add(time.Minute)
		for range tick.C {
			done := time.Now().After(deadline)
			fyne.DoAndWait(func() {
				if !v.drag.altUsed {
					done = true
				} else if m.DismissMenu() {
					v.drag.altUsed, done = false, true
				}
			})
			if done {
				return
			}
		}
	}()
}

// Escape stops linking and clears the selection.
func (v *SpanView) Escape() {
	v.linking = false
	v.m.Select(0, 0)
	if v.m.SelectedSpan() != "" {
		v.m.SelectSpan("")
	}
	v.Refresh()
}

func (v *SpanView) scrollBy(dy float32) {
	v.scroll.Offset.Y = max(0, v.scroll.Offset.Y+dy)
	v.scroll.Refresh()
	v.Refresh()
}
