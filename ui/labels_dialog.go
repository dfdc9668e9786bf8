package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// labelsDialog lets the analyst add, rename, recolour, re-key, merge and
// remove labels. Removing a label in use asks first, saying how many
// spans go; merging one into another keeps its spans under the other.
func (a *App) labelsDialog() {
	rows := container.NewVBox()
	var d dialog.Dialog
	var build func()
	build = func() {
		rows.Objects = nil
		for _, l := range a.doc.Labels() {
			rows.Add(a.labelRow(l, func() { a.reloadLabels(); build() }))
		}
		rows.Add(widget.NewSeparator())
		rows.Add(a.newLabelRow(func() { a.reloadLabels(); build() }))
		rows.Refresh()
	}
	build()
	d = dialog.NewCustom("Labels", "Close", container.NewVScroll(rows), a.win)
	d.Resize(fyne.NewSize(820, 480))
	d.Show()
}

func (a *App) labelRow(l annot.Label, changed func()) fyne.CanvasObject {
	name := widget.NewEntry()
	name.SetText(l.Name)
	key := widget.NewEntry()
	key.SetText(l.Hotkey)
	key.SetPlaceHolder("key")
	c, _ := parseHex(l.Color)
	swatch := canvas.NewRectangle(c)
	swatch.SetMinSize(fyne.NewSize(28, 28))
	swatch.CornerRadius = 4
	colour := l.Color
	pick := widget.NewButton("Colour", func() {
		dialog.ShowColorPicker("Colour of "+l.Name, "", func(picked color.Color) {
			colour = hexOf(picked)
			swatch.FillColor = picked
			swatch.Refresh()
		}, a.win)
	})
	id := l.ID
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() {
		n, k := name.Text, key.Text
		c, err := a.proj.UpdateLabel(a.ctx, id, annot.LabelUpdate{Name: &n, Hotkey: &k, Color: &colour})
		if err != nil {
			a.fail("save label", err)
			return
		}
		a.apply(c)
		a.saved("label " + n + " saved")
		changed()
	})
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { a.removeLabel(l, changed) })
	return container.NewBorder(nil, nil, container.NewHBox(swatch, pick), container.NewHBox(save, a.mergeButton(l, changed), del),
		container.NewGridWithColumns(2, name, key))
}

func (a *App) removeLabel(l annot.Label, changed func()) {
	n, err := a.proj.LabelUse(a.ctx, l.ID)
	if err != nil {
		a.fail("count spans", err)
		return
	}
	remove := func() {
		c, err := a.proj.DeleteLabel(a.ctx, l.ID)
		if err != nil {
			a.fail("remove label", err)
			return
		}
		a.apply(c)
		a.saved("label " + l.Name + " removed")
		changed()
	}
	if n == 0 {
		remove()
		return
	}
	dialog.ShowConfirm("Remove "+l.Name+"?",
		fmt.Sprintf("%s carry %s. Removing the label removes them and their links from every document; merging it into another label keeps them.", count(n, "span"), l.Name),
		func(ok bool) {
			if ok {
				remove()
			}
		}, a.win)
}

func (a *App) newLabelRow(changed func()) fyne.CanvasObject {
	name := widget.NewEntry()
	name.SetPlaceHolder("New label, e.g. DATE")
	key := widget.NewEntry()
	key.SetPlaceHolder("key")
	add := widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() {
		l := annot.Label{Name: name.Text, Hotkey: key.Text, Color: annot.NextColor(len(a.doc.Labels()))}
		if _, err := a.proj.CreateLabel(a.ctx, l); err != nil {
			a.fail("add label", err)
			return
		}
		a.saved("label " + l.Name + " added")
		changed()
	})
	return container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, name, key))
}

func hexOf(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}
