package ui

import (
	"context"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
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
	centre *fyne.Container // the find bar above the article
	list   *docList
	bar    *labelBar
	panel  *spanPanel
	guide  *guidelinesPanel
	side   *container.AppTabs // the spans and the guidelines
	status *statusBar
	find   *findBar

	review *reviewUI
	sugg   *suggestUI

	agreement *agreementPanel // the side panel's Agreement tab

	listDue        bool         // a read of the document list is scheduled (live.go)
	openServer     ServerOpener // File ▸ Sync connects with it (sync.go)
	mainMenu       *fyne.MainMenu
	mergeStep      mergeStep                // whether Ctrl+Z or Ctrl+Shift+Z applies to a label merge
	watching       *watcher                 // hears of others' changes (live.go)
	onRefreshed    func([]annot.DocSummary) // tests: after a change made elsewhere is shown, with the list before it
	listSum        uint64                   // summariesSum of the list as last read, 0 if not taken
	reloading      bool                     // a Reload's reads are under way off the UI goroutine
	reloadAgain    bool                     // and another Reload came meanwhile
	applied        uint64                   // changes shown (apply): a Reload read before the latest is stale
	keysOpen       dialog.Dialog            // the list of keys, while it is shown
	bound          []binding                // the canvas's shortcuts (bind)
	nameDialog     *nameDialog              // the name dialog, while it is shown
	labelMapDialog *labelMapDialog          // the import's label mapping, while it is shown
	opener         OpenProject              // opens another database (File ▸ New, Open)
	started        bool                     // ShowAndRun has run: watch databases opened later too
	actionLog      io.Writer                // SetActionLog: a line per write the analyst asks for
	// async runs long work (reading and importing files) off the UI
	// goroutine; tests run it in place.
	async func(func())
}

// New builds the window on fy for proj. annotator is the remembered name;
// if it is empty the window asks for one before anything can be tagged.
func New(fy fyne.App, proj Project, annotator string) *App {
	fy.Settings().SetTheme(newTheme())
	a := &App{fy: fy, proj: proj, ctx: context.Background(), annotator: annotator, doc: NewDocModel(),
		async: func(f func()) { go f() }}
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

	a.centre = container.NewBorder(a.find.box, nil, nil, nil, a.view.Scroller())
	// The side panels ask for a fixed width, whatever they hold, so that
	// only the analyst moves the dividers and the article never re-wraps
	// because of what a panel shows.
	a.guide = newGuidelinesPanel(a)
	a.side = container.NewAppTabs(
		container.NewTabItem("Spans", a.panel.box),
		container.NewTabItem("Guidelines", a.guide.box))
	a.agreement = newAgreementPanel(a)
	right := container.NewHSplit(a.centre, newFixedMin(280, 200, a.side))
	right.Offset = 0.74
	main := container.NewHSplit(newFixedMin(220, 200, a.list.box), right)
	main.Offset = 0.2
	a.win.SetContent(container.NewBorder(container.NewVBox(a.bar.box, a.review.box), container.NewVBox(a.sugg.box, a.status.box), nil, nil, main))
	a.win.SetMainMenu(a.menu())
	a.addShortcuts()
	a.win.SetOnDropped(a.onDropped)
	a.win.SetCloseIntercept(func() {
		a.panel.flushNote()
		a.win.Close()
	})
	a.win.Resize(fyne.NewSize(1280, 800))
	return a
}

// Start loads labels and documents and opens the first document, then
// asks for the annotator's name if none is known yet.
func (a *App) Start() {
	a.reloadLabels()
	a.guide.load()
	a.reloadDocs()
	if len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	}
	a.status.setDB(a.proj.Path())
	if a.annotator == "" {
		a.askAnnotator()
	} else {
		a.status.setAnnotator(a.annotator)
	}
}

// ShowAndRun shows the window and runs the app until it closes.
func (a *App) ShowAndRun() {
	a.Start()
	a.remember()
	a.started = true
	a.watch()
	a.win.ShowAndRun()
	a.stopWatch()
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

// lazyCountsAbove is how many documents a list may have before the rows
// read their span counts only when shown: counting is a pass over every
// span (seconds for a million), titles alone a fraction of that.
var lazyCountsAbove = 2000

// reloadDocs lists the documents the search and the status filter pick,
// and counts the project's progress (from the stored states, which a
// list without counts still has).
func (a *App) reloadDocs() {
	r, err := a.readDocs(a.list.query(), a.doc.Mode() == ModeReview)
	if err != nil {
		a.fail("list documents", err)
		return
	}
	a.showDocs(r)
}

// docsRead is the document list as read from the project, before the
// list's filter and order: the rows the search gives and, when a search
// narrows them, every row (the filter's counts are of the whole project).
type docsRead struct {
	docs, all []annot.DocSummary
	lazy      bool   // the rows' counts are read as they come on screen
	sum       uint64 // summariesSum, which refreshAll takes off the UI goroutine; 0 (not known) elsewhere
}

// readDocs reads the list through the store only, so that it may run off
// the UI goroutine; query and review are the search and the mode at the
// time it was asked for.
func (a *App) readDocs(query string, review bool) (docsRead, error) {
	f := annot.DocFilter{Search: query, NoCounts: true}
	docs, err := a.proj.Documents(a.ctx, f)
	if err != nil {
		return docsRead{}, err
	}
	// Review mode sorts and steps through the documents by their counts,
	// and a small project's cost little: those are read whole. A large
	// project's rows on screen read theirs (docList.count).
	r := docsRead{lazy: !review && len(docs) > lazyCountsAbove}
	if !r.lazy {
		f.NoCounts = false
		if docs, err = a.proj.Documents(a.ctx, f); err != nil {
			return docsRead{}, err
		}
	}
	r.docs, r.all = docs, docs
	if query != "" {
		if r.all, err = a.proj.Documents(a.ctx, annot.DocFilter{NoCounts: true}); err != nil {
			return docsRead{}, err
		}
	}
	return r, nil
}

// showDocs lists what readDocs read.
func (a *App) showDocs(r docsRead) {
	a.list.lazy = r.lazy
	a.listSum = r.sum
	annot.AssignedFirst(r.docs, a.annotator) // a team server's: their own work at the top
	a.docs = a.list.filter.apply(r.docs, r.all)
	a.sortDocs()
	a.list.update()
	if a.doc.Mode() == ModeReview {
		a.review.showProgress()
	}
}

// open shows a document.
func (a *App) open(id string) {
	a.panel.flushNote()
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
	go emoji.prepareFor(b.Doc.Text)
}

// apply shows what a write changed: the open document takes the part
// of it about itself, and the view, the span panel and the document list
// follow it, keeping the scroll position and selection. Labels the
// change touched are read again: they are few, and their order is the
// store's.
func (a *App) apply(c annot.Change) {
	a.applied++
	if c.Action.Kind != "" {
		a.mergeStep = mergeNone // a document's step is now the latest
	}
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
	if annot.ErrorKind(err) == annot.NotFound {
		a.openGone()
		return
	}
	if err != nil {
		a.fail("reload document", err)
		return
	}
	a.doc.Reload(b)
	a.sugg.reload()
}

// SetWaiting says in the status bar that a write waits for another
// Spanmark (an import in a terminal) to finish writing; the write goes in
// when that one is done, and its own message then replaces this one.
func (a *App) SetWaiting(waiting bool) {
	if waiting {
		a.status.set("waiting for another Spanmark to finish writing…")
	}
}

// saved reports a committed action in the status bar.
func (a *App) saved(what string) {
	a.status.set(what + " · saved")
}

// askAnnotator asks for the analyst's name on first run and remembers it.
// Enter in the box or Start takes the name typed; "Use login name" (a
// plain button, not a Cancel with a cross) takes the login name.
func (a *App) askAnnotator() {
	login := config.LoginName()
	entry := widget.NewEntry()
	entry.SetPlaceHolder(login)
	if a.annotator != "" {
		entry.SetText(a.annotator)
	}
	var d dialog.Dialog
	submit := func(name string) {
		if name == "" {
			name = login
		}
		d.Hide()
		a.nameDialog = nil
		a.setAnnotator(name)
	}
	entry.OnSubmitted = submit
	start := widget.NewButtonWithIcon("Start", theme.ConfirmIcon(), func() { submit(entry.Text) })
	start.Importance = widget.HighImportance
	useLogin := widget.NewButton("Use login name ("+login+")", func() { submit("") })
	note := widget.NewLabel("Every span you make records this name.")
	content := container.NewVBox(note, entry, container.NewHBox(layout.NewSpacer(), useLogin, start))
	d = dialog.NewCustomWithoutButtons("Who is annotating?", content, a.win)
	a.nameDialog = &nameDialog{entry: entry, start: start, useLogin: useLogin}
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
	a.win.Canvas().Focus(entry)
}

// nameDialog is the open name dialog's controls, for tests.
type nameDialog struct {
	entry           *widget.Entry
	start, useLogin *widget.Button
}

func (a *App) setAnnotator(name string) {
	name, err := config.CheckName(name)
	if err != nil {
		name = config.LoginName()
	}
	old := a.annotator
	a.annotator = name
	s := config.Load()
	s.Annotator = name
	if err := config.Save(s); err != nil {
		a.fail("remember your name", err)
	}
	a.status.setAnnotator(name)
	a.sugg.layer.SetAnnotator(name)
	// The list's filter and progress follow the annotator unless another
	// was chosen in it; the rows' "mine" counts change too.
	if f := a.list.filter; f.who.Selected == "" || f.who.Selected == old {
		f.who.Selected = name // without OnChanged: reloadDocs lists once
	}
	a.reloadDocs()
}
