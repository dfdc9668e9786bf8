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
	entry *widget.Entry
	count *widget.Label
	box   *fyne.Container
	from  int // code point to search from
}

func newFindBar(a *App) *findBar {
	f := &findBar{a: a, entry: widget.NewEntry(), count: widget.NewLabel("")}
	f.entry.SetPlaceHolder("Find in document")
	f.entry.OnSubmitted = func(string) { f.next() }
	f.entry.OnChanged = func(string) { f.from = 0; f.count.SetText("") }
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), f.hide)
	closeBtn.Importance = widget.LowImportance
	f.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), container.NewHBox(f.count, closeBtn), f.entry)
	f.box.Hide()
	return f
}

func (f *findBar) show() {
	f.box.Show()
	f.a.win.Canvas().Focus(f.entry)
}

func (f *findBar) hide() {
	f.box.Hide()
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
