package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// findBar finds text in the open document (Ctrl+F): each Enter selects
// the next match and scrolls to it.
type findBar struct {
	a     *App
	entry *escEntry
	count *widget.Label
	box   *fyne.Container
	from  int // code point to search from
}

func newFindBar(a *App) *findBar {
	f := &findBar{a: a, count: widget.NewLabel("")}
	f.entry = newEscEntry(f.hide)
	f.entry.SetPlaceHolder("Find in document")
	f.entry.OnSubmitted = func(string) { f.next() }
	f.entry.OnChanged = func(string) { f.from = 0; f.count.SetText("") }
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), f.hide)
	closeBtn.Importance = widget.LowImportance
	f.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), container.NewHBox(f.count, closeBtn), f.entry)
	f.box.Hide()
	return f
}

// show and hide lay the article's column out again: hiding an object
// does not tell its container, which would otherwise keep the bar's
// band empty above the text.
func (f *findBar) show() {
	f.box.Show()
	f.a.centre.Refresh()
	f.a.win.Canvas().Focus(f.entry)
	// The last search is kept, selected, so that typing replaces it
	// (rather than adding to its end) and Enter finds it again.
	f.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
}

func (f *findBar) hide() {
	if !f.box.Visible() {
		return
	}
	f.box.Hide()
	f.a.centre.Refresh()
	f.a.win.Canvas().Focus(f.a.view)
}

// next selects the next match after the last one, wrapping at the end.
// Matching folds case, which is enough for the scripts Spanmark sees.
func (f *findBar) next() {
	v, idx, text := f.a.view, f.a.doc.Index(), f.a.doc.Text()
	q := strings.ToLower(f.entry.Text)
	if q == "" || idx == nil {
		return
	}
	hay := strings.ToLower(text)
	if len(hay) != len(text) {
		hay = text // lower-casing changed byte lengths: match exactly
		q = f.entry.Text
	}
	b := idx.Byte(f.from)
	i := strings.Index(hay[b:], q)
	if i < 0 {
		i = strings.Index(hay, q)
		b = 0
	}
	if i < 0 {
		f.count.SetText("not found")
		return
	}
	start := idx.Rune(b + i)
	end := idx.Rune(b + i + len(q))
	f.from = end
	v.Select(start, end)
	v.ScrollTo(start)
	f.count.SetText(fmt.Sprintf("%d of %d", strings.Count(hay[:b+i], q)+1, strings.Count(hay, q)))
}

// escEntry is a one-line text box that Esc leaves, calling onEscape.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry(onEscape func()) *escEntry {
	e := &escEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Esc; other keys edit the text.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}
