package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// guidelinesPanel shows the project's annotation guidelines beside the
// article (Markdown, stored in the database), and edits them: Edit
// turns the page into a text box, Save stores it for everyone who opens
// the project.
type guidelinesPanel struct {
	a       *App
	page    *widget.RichText
	editor  *widget.Entry
	edit    *widget.Button
	save    *widget.Button
	cancel  *widget.Button
	body    *fyne.Container
	box     fyne.CanvasObject
	text    string // as stored
	editing bool
}

func newGuidelinesPanel(a *App) *guidelinesPanel {
	g := &guidelinesPanel{a: a, page: widget.NewRichText()}
	g.page.Wrapping = fyne.TextWrapWord
	g.editor = widget.NewMultiLineEntry()
	g.editor.Wrapping = fyne.TextWrapWord
	g.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), g.startEdit)
	g.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), g.store)
	g.save.Importance = widget.HighImportance
	g.cancel = widget.NewButton("Cancel", g.stopEdit)
	g.body = container.NewStack(container.NewVScroll(g.page))
	bar := container.NewHBox(layout.NewSpacer(), g.cancel, g.save, g.edit)
	g.box = container.NewBorder(nil, bar, nil, nil, g.body)
	g.show()
	return g
}

// load reads the guidelines again, unless they are being edited.
func (g *guidelinesPanel) load() {
	if g.editing {
		return
	}
	text, err := g.a.proj.Guidelines(g.a.ctx)
	if err != nil {
		g.a.fail("read the guidelines", err)
		return
	}
	if text == g.text && g.page.Segments != nil {
		return
	}
	g.text = text
	g.show()
}

// show draws the stored guidelines.
func (g *guidelinesPanel) show() {
	g.editing = false
	text := g.text
	if text == "" {
		text = "*This project has no guidelines yet. Edit them so that everyone tags alike.*"
	}
	g.page.ParseMarkdown(text)
	g.body.Objects = []fyne.CanvasObject{container.NewVScroll(g.page)}
	g.body.Refresh()
	g.edit.Show()
	g.save.Hide()
	g.cancel.Hide()
}

func (g *guidelinesPanel) startEdit() {
	g.editing = true
	g.editor.SetText(g.text)
	g.body.Objects = []fyne.CanvasObject{g.editor}
	g.body.Refresh()
	g.edit.Hide()
	g.save.Show()
	g.cancel.Show()
	g.a.win.Canvas().Focus(g.editor)
}

func (g *guidelinesPanel) stopEdit() { g.show() }

// store saves the edited guidelines.
func (g *guidelinesPanel) store() {
	if err := g.a.proj.SetGuidelines(g.a.ctx, g.editor.Text); err != nil {
		g.a.fail("save the guidelines", err)
		return
	}
	g.text = g.editor.Text
	g.show()
	g.a.saved("guidelines saved")
}

// refreshGuidelines reads the guidelines again after another process
// changed the database.
func (a *App) refreshGuidelines() { a.guide.load() }

// toggleGuidelines shows the guidelines beside the article (Ctrl+G), or
// the spans again.
func (a *App) toggleGuidelines() {
	if a.side.SelectedIndex() == 1 {
		a.side.SelectIndex(0)
		return
	}
	a.side.SelectIndex(1)
}
