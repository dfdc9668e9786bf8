package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// keyList is a list that passes on the keys it has no use for. Fyne's
// list takes the focus when a row is clicked and then ignores every key
// but Up, Down and Space, so after a click on a span in the side panel
// (or on a document in the list) Delete, a label's key, N or A did
// nothing, though the span or document clicked was the one selected.
// Those keys now reach the window's handler for keys typed with nothing
// focused, which gives them to the annotation view and the focus with
// them, as if the article had been clicked.
type keyList struct {
	widget.List
	a *App
}

func newKeyList(a *App, length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{a: a}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey keeps the list's own keys: Up and Down move among the rows,
// Space selects one.
func (l *keyList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyUp, fyne.KeyDown, fyne.KeySpace:
		l.List.TypedKey(ev)
		return
	}
	c := l.a.win.Canvas()
	c.Unfocus()
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// TypedRune passes every character on: the list has no use for any.
func (l *keyList) TypedRune(r rune) {
	c := l.a.win.Canvas()
	c.Unfocus()
	if h := c.OnTypedRune(); h != nil {
		h(r)
	}
}
