package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// labelBar is the top bar: a button per label in its colour with its
// hotkey, and the tools an analyst reaches for while tagging.
type labelBar struct {
	a       *App
	labels  *fyne.Container
	cluster *widget.Check
	box     fyne.CanvasObject
}

func newLabelBar(a *App) *labelBar {
	b := &labelBar{a: a}
	b.cluster = widget.NewCheck("Clusters (Alt)", a.view.SetGrapheme)
	tools := container.NewHBox(
		widget.NewButtonWithIcon("Link (L)", theme.MailForwardIcon(), a.startLink),
		widget.NewButtonWithIcon("", theme.ContentUndoIcon(), a.undo),
		widget.NewButtonWithIcon("", theme.ContentRedoIcon(), a.redo),
		b.cluster,
		widget.NewButtonWithIcon("Done, next", theme.ConfirmIcon(), a.doneAndNext),
	)
	// The labels wrap in the width the tools leave them: the bar spans
	// the window, so that is the canvas's width less the tools'.
	wrap := &wrapLayout{width: func() float32 {
		c := fyne.CurrentApp().Driver().CanvasForObject(b.labels)
		if c == nil {
			return 0
		}
		return c.Size().Width - tools.MinSize().Width - 4*theme.Padding()
	}}
	b.labels = container.New(wrap)
	b.box = container.NewBorder(nil, nil, nil, container.NewVBox(tools), b.labels)
	a.doc.OnChange(func(w What) {
		if w&WhatLabels != 0 {
			b.update()
		}
	})
	return b
}

// update rebuilds the label buttons from the labels.
func (b *labelBar) update() {
	b.labels.Objects = nil
	labels := b.a.doc.Labels()
	for i, l := range labels {
		key := annot.KeyFor(labels, i)
		text := l.Name
		if key != "" {
			text = key + "  " + l.Name
		}
		name := l.Name
		btn := widget.NewButton(text, func() { b.a.tagSelection(name) })
		btn.Importance = widget.LowImportance
		c, ok := parseHex(l.Color)
		if !ok {
			c = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
		}
		bg := c
		bg.A = 0x60
		swatch := canvas.NewRectangle(bg)
		swatch.CornerRadius = 4
		swatch.StrokeColor = c
		swatch.StrokeWidth = 2
		b.labels.Add(container.NewStack(swatch, btn))
	}
	b.labels.Refresh()
}
