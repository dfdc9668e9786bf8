package ui

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
)

// Project is everything the window needs from the open project; main
// opens it (SQLite or a team server) and the window never sees SQL.
type Project = annot.Project

// App is the Spanmark window: the current annotator, the document list,
// the open document's model (doc), and the panels that show them. The
// panels read and change the open document through doc; App stores what
// they ask for and applies the change the project returns to doc.
type App struct {
	fy   fyne.App
	win  fyne.Window
	proj Project
	ctx  context.Context

	annotator string
	docs      []annot.DocSummary
	doc       *DocModel

	view   *SpanView
	list   *docList
	bar    *labelBar
	panel  *spanPanel
	status *statusBar
	find   *findBar

	review *reviewUI
	sugg   *suggestUI

	listDue    bool         // a read of the document list is scheduled (live.go)
	openServer ServerOpener // File ▸ Sync connects with it (sync.go)
}

// New builds the window on fy for proj. annotator is the remembered name;
// if it is empty the window asks for one before anything can be tagged.
func New(fy fyne.App, proj Project, annotator string) *App {
	fy.Settings().SetTheme(newTheme())
	a := &App{fy: fy, proj: proj, ctx: context.Background(), annotator: annotator, doc: NewDocModel()}
	a.win = fy.NewWindow("Spanmark")
	settings := config.Load()
	size := settings.TextScale
	if size < 8 || size > 48 {
		size = 18
	}
	a.view = NewSpanView(a.doc, size)
	a.list = newDocList(a)
	a.bar = newLabelBar(a)
	a.panel = newSpanPanel(a)
	a.status = newStatusBar(a)
	a.find = newFindBar(a)
	a.review = newReviewUI(a)
	a.sugg = newSuggestUI(a)
	a.wireView()

	centre := container.NewBorder(a.find.box, nil, nil, nil, a.view.Scroller())
	right := container.NewHSplit(centre, a.panel.box)
	right.Offset = 0.74
	main := container.NewHSplit(a.list.box, right)
	main.Offset = 0.2
	a.win.SetContent(container.NewBorder(container.NewVBox(a.bar.box, a.review.box), container.NewVBox(a.sugg.box, a.status.box), nil, nil, main))
	a.win.SetMainMenu(a.menu())
	a.addShortcuts()
	a.win.SetOnDropped(a.onDropped)
	a.win.Resize(fyne.NewSize(1280, 800))
	return a
}

// Start loads labels and documents and opens the first document, then
// asks for the annotator's name if none is known yet.
func (a *App) Start() {
	a.reloadLabels()
	a.reloadDocs()
	if len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	}
	a.status.setDB(a.proj.Path())
	a.watch()
	if a.annotator == "" {
		a.askAnnotator()
	} else {
		a.status.setAnnotator(a.annotator)
	}
}

// ShowAndRun shows the window and runs the app until it closes.
func (a *App) ShowAndRun() {
	a.Start()
	a.win.ShowAndRun()
}

// fail shows an error once, at the edge, where the analyst sees it.
func (a *App) fail(what string, err error) {
	if err == nil {
		return
	}
	a.status.set(what + " failed")
	dialog.ShowError(fmt.Errorf("%s: %w", what, err), a.win)
}

func (a *App) reloadLabels() {
	ls, err := a.proj.Labels(a.ctx)
	if err != nil {
		a.fail("load labels", err)
		return
	}
	a.doc.SetLabels(ls)
}

func (a *App) reloadDocs() {
	docs, err := a.proj.Documents(a.ctx, annot.DocFilter{Search: a.list.query()})
	if err != nil {
		a.fail("list documents", err)
		return
	}
	annot.AssignedFirst(docs, a.annotator) // a team server's: their own work at the top
	a.docs = docs
	a.sortDocs()
	a.list.update()
	if a.doc.Mode() == ModeReview {
		a.review.showProgress()
	}
}

// open shows a document.
func (a *App) open(id string) {
	start := time.Now()
	b, err := a.proj.Bundle(a.ctx, id)
	if err != nil {
		a.fail("open document", err)
		return
	}
	a.doc.Open(b)
	a.sugg.loadFor(id)
	a.list.markOpen(id)
	a.win.SetTitle(b.Doc.Title + " — Spanmark")
	a.status.set(fmt.Sprintf("opened %s (%d characters) in %v", b.Doc.Source, utf8.RuneCountInString(b.Doc.Text), time.Since(start).Round(time.Millisecond)))
	go a.checkFonts(b.Doc.ID, b.Doc.Text)
}

// apply shows what a write changed: the open document takes the part
// of it about itself, and the view, the span panel and the document list
// follow it, keeping the scroll position and selection. Labels the
// change touched are read again: they are few, and their order is the
// store's.
func (a *App) apply(c annot.Change) {
	a.doc.Apply(c)
	a.sugg.layer.Apply(c)
	if len(c.Labels) > 0 || len(c.LabelsRemoved) > 0 {
		a.reloadLabels()
		a.sugg.reload()
	}
}

// reloadOpen reads the open document again, after an import that may
// have added to it, keeping the scroll position and selection.
func (a *App) reloadOpen() {
	id := a.doc.DocID()
	if id == "" {
		return
	}
	b, err := a.proj.Bundle(a.ctx, id)
	if err != nil {
		a.fail("reload document", err)
		return
	}
	a.doc.Reload(b)
	a.sugg.reload()
}

// saved reports a committed action in the status bar.
func (a *App) saved(what string) {
	a.status.set(what + " · saved")
}

// askAnnotator asks for the analyst's name on first run and remembers it.
func (a *App) askAnnotator() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder(config.LoginName())
	d := dialog.NewForm("Who is annotating?", "Start", "Use login name",
		[]*widget.FormItem{widget.NewFormItem("Your name", entry)},
		func(ok bool) {
			name := entry.Text
			if !ok || name == "" {
				name = config.LoginName()
			}
			a.setAnnotator(name)
		}, a.win)
	d.Resize(fyne.NewSize(420, 180))
	d.Show()
	a.win.Canvas().Focus(entry)
}

func (a *App) setAnnotator(name string) {
	name, err := config.CheckName(name)
	if err != nil {
		name = config.LoginName()
	}
	a.annotator = name
	s := config.Load()
	s.Annotator = name
	if err := config.Save(s); err != nil {
		a.fail("remember your name", err)
	}
	a.status.setAnnotator(name)
	a.sugg.layer.SetAnnotator(name)
	a.list.update()
}
