package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showKeys opens the list of keys (F1 or ?), made from keyTable like the
// README's table. Esc or Close closes it.
func (a *App) showKeys() {
	if a.keysOpen != nil {
		return
	}
	grid := container.New(&keyGridLayout{}, a.keyRows()...)
	d := dialog.NewCustom("Keys", "Close", container.NewVScroll(grid), a.win)
	d.SetOnClosed(func() { a.keysOpen = nil })
	a.keysOpen = d
	d.Resize(fyne.NewSize(820, 620))
	d.Show()
}

// keyRows are the overlay's cells, a pair a row: each part's heading,
// then its keys in bold and what they do.
func (a *App) keyRows() []fyne.CanvasObject {
	var cells []fyne.CanvasObject
	for i, p := range keyParts {
		head := widget.NewLabelWithStyle(p.heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Importance = widget.HighImportance
		if i > 0 {
			cells = append(cells, widget.NewLabel(""), widget.NewLabel(""))
		}
		cells = append(cells, head, widget.NewLabel(""))
		for _, k := range keyTable {
			if k.part != p.part {
				continue
			}
			key := widget.NewLabelWithStyle(plainText(k.keys), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			key.Wrapping = fyne.TextWrapWord
			does := widget.NewLabel(plainText(k.does))
			does.Wrapping = fyne.TextWrapWord
			cells = append(cells, key, does)
		}
	}
	return cells
}

// keyGridLayout lays out pairs of cells in two columns, the first a
// third of the width, each row as tall as its taller wrapped cell.
type keyGridLayout struct{}

func (keyGridLayout) cols(width float32) (float32, float32) {
	first := width * 0.36
	return first, width - first
}

func (l keyGridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w1, w2 := l.cols(size.Width)
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		objs[i].Resize(fyne.NewSize(w1, 1))
		objs[i+1].Resize(fyne.NewSize(w2, 1))
		h := max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(w1, h))
		objs[i+1].Move(fyne.NewPos(w1, y))
		objs[i+1].Resize(fyne.NewSize(w2, h))
		y += h
	}
}

func (l keyGridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w1, w2 := l.cols(760)
	h := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		objs[i].Resize(fyne.NewSize(w1, 1))
		objs[i+1].Resize(fyne.NewSize(w2, 1))
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
	}
	return fyne.NewSize(200, h)
}
