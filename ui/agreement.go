package ui

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/agree"
	"app.spanmark.org/spanmark/internal/annot"
)

// agreementPanel is the side panel's Agreement tab: how far the
// annotators agree, pair by pair, on the open document or over the
// project, with every figure `spanmark agree` gives (exact and overlap
// F1, token kappa, αU, links F1; Fleiss' kappa with three or more),
// overall or per label. A figure that cannot be computed reads "n/a" and
// the notes under the grid say why. Clicking a pair's heading compares
// those two in review mode.
//
// The figures are measured off the UI goroutine, and only while the tab
// is shown: the open document's when its annotations change (a verdict
// changes nothing agreement reads, so reviewing measures nothing), the
// project's when the document list's counts change too. One measurement
// runs at a time per scope; a change meanwhile measures once more after.
type agreementPanel struct {
	a   *App
	tab *container.TabItem

	scope  *widget.RadioGroup
	labels *widget.Select
	figure *widget.Select // with "Each label": the figure shown
	pooled *widget.Select // the project, all labels: pooled or mean of documents
	table  *widget.Table
	fleiss *widget.Label
	notes  *widget.Label
	detail *widget.Label
	state  *widget.Label

	grid    agreeGrid
	where   string // what the grid covers, for the line under it
	reports [2]*agree.Report
	took    [2]time.Duration
	work    [2]measuring
	docKey  uint64 // the open document's annotations as agreement reads them
	listKey uint64 // the listed documents' counts and states

	// run runs a measurement off the UI goroutine (the App's async);
	// pending lets tests wait for it.
	run     func(func())
	pending sync.WaitGroup
}

// The two scopes the panel measures.
const (
	scopeDoc = iota
	scopeProject
)

var scopeNames = []string{"This document", "Project"}

// measuring is the state of one scope's measurement.
type measuring struct {
	running bool // a measurement is under way
	again   bool // something changed while it ran: measure once more
	stale   bool // something changed while the tab was hidden
}

const (
	allLabelsChoice  = "All labels"
	eachLabelChoice  = "Each label"
	pooledChoice     = "pooled"
	meanOfDocsChoice = "mean of docs"
)

func newAgreementPanel(a *App) *agreementPanel {
	p := &agreementPanel{a: a, run: func(f func()) { a.async(f) }}
	// The choices get their callbacks once everything they call exists.
	p.scope = widget.NewRadioGroup(scopeNames, nil)
	p.scope.Horizontal = true
	p.scope.Required = true
	p.scope.SetSelected(scopeNames[scopeDoc])
	p.labels = widget.NewSelect(nil, nil)
	p.figure = widget.NewSelect(nil, nil)
	for _, k := range labelFigures {
		p.figure.Options = append(p.figure.Options, k.name)
	}
	p.figure.SetSelected(labelFigures[2].name) // token κ
	p.pooled = widget.NewSelect([]string{pooledChoice, meanOfDocsChoice}, nil)
	p.pooled.SetSelected(pooledChoice)
	p.syncLabels()

	// Cells and row names are plain texts with a little padding, so that
	// rows are some 26 px high and twenty labels mostly fit the panel at
	// 800 px; a pair's heading is a button.
	p.table = widget.NewTable(func() (int, int) { return len(p.grid.rows), len(p.grid.pairs) },
		func() fyne.CanvasObject { return cellText(fyne.TextAlignTrailing) },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(p.grid.rows) && id.Col < len(p.grid.pairs) {
				t := o.(*fyne.Container).Objects[0].(*canvas.Text)
				t.Text, t.Color = p.grid.text(id.Row, id.Col), theme.Color(theme.ColorNameForeground)
				if !p.grid.cells[id.Row][id.Col].OK {
					t.Color = theme.Color(theme.ColorNamePlaceHolder)
				}
				t.Refresh()
			}
		})
	p.table.ShowHeaderRow, p.table.ShowHeaderColumn = true, true
	p.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		return container.NewStack(cellText(fyne.TextAlignLeading), b)
	}
	p.table.UpdateHeader = p.updateHeader
	p.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.grid.rows) && id.Col >= 0 && id.Col < len(p.grid.pairs) {
			setText(p.detail, p.grid.explain(id.Row, id.Col, p.where))
		}
	}
	p.table.SetColumnWidth(-1, 90)

	wrapped := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	p.fleiss, p.notes, p.detail, p.state = wrapped(), wrapped(), wrapped(), wrapped()
	p.fleiss.SizeName = theme.SizeNameText
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() {
		p.request(scopeDoc)
		p.request(scopeProject)
	})
	refresh.Importance = widget.LowImportance
	top := container.NewVBox(p.scope, container.NewGridWithColumns(2, p.labels, container.NewStack(p.figure, p.pooled)))
	below := container.NewVBox(p.fleiss, p.notes, p.detail, container.NewBorder(nil, nil, nil, refresh, p.state))
	box := container.NewBorder(top, below, nil, nil, p.table)
	p.tab = container.NewTabItem("Agreement", box)
	a.side.Append(p.tab)
	prev := a.side.OnSelected
	a.side.OnSelected = func(t *container.TabItem) {
		if prev != nil {
			prev(t)
		}
		if t == p.tab {
			p.shown()
		}
	}

	p.scope.OnChanged = func(string) { p.choose() }
	p.labels.OnChanged = func(string) { p.show() }
	p.figure.OnChanged = func(string) { p.show() }
	p.pooled.OnChanged = func(string) { p.show() }
	a.doc.OnChange(p.docChanged)
	a.list.onUpdate = append(a.list.onUpdate, p.listChanged)
	p.show()
	return p
}

// visible reports whether the tab is shown.
func (p *agreementPanel) visible() bool { return p.a.side.Selected() == p.tab }

// scopeOf is the scope chosen.
func (p *agreementPanel) scopeOf() int {
	if p.scope.Selected == scopeNames[scopeProject] {
		return scopeProject
	}
	return scopeDoc
}

// choose follows the scope's buttons: the project is measured when
// first asked for.
func (p *agreementPanel) choose() {
	s := p.scopeOf()
	if p.reports[s] == nil || p.work[s].stale {
		p.request(s)
	}
	p.show()
}

// shown measures what changed while the tab was hidden.
func (p *agreementPanel) shown() {
	if s := p.scopeOf(); p.reports[s] == nil || p.work[s].stale {
		p.request(s)
	}
	p.show()
}

// docChanged follows the open document: another one is measured, and
// so is a change to what agreement reads of this one (its annotators'
// spans, links and states; not verdicts, not a reviewer's own spans).
func (p *agreementPanel) docChanged(w What) {
	if w&WhatLabels != 0 {
		p.syncLabels()
	}
	if w&(WhatDoc|WhatSpans) == 0 {
		return
	}
	k := agreementKey(p.a.doc.Bundle())
	if w&WhatDoc == 0 && k == p.docKey {
		return
	}
	p.docKey = k
	if w&WhatDoc != 0 {
		p.reports[scopeDoc] = nil // another document's figures must not show for this one
	}
	p.request(scopeDoc)
	if w&WhatDoc == 0 {
		p.request(scopeProject)
	}
}

// listChanged measures the project again when the list's counts or
// states say something changed (an import, a merge, another process).
func (p *agreementPanel) listChanged() {
	if k := listKey(p.a.docs); k != p.listKey {
		p.listKey = k
		p.request(scopeProject)
	}
}

// request measures scope s: now if the tab shows it and nothing runs,
// after the running measurement if one does, when it is next shown
// otherwise.
func (p *agreementPanel) request(s int) {
	w := &p.work[s]
	switch {
	case !p.visible() || s != p.scopeOf():
		w.stale = true
		if s == scopeDoc && p.reports[s] == nil {
			p.show()
		}
	case w.running:
		w.again = true
	default:
		p.start(s)
	}
}

func (p *agreementPanel) start(s int) {
	a := p.a
	w := &p.work[s]
	w.running, w.again, w.stale = true, false, false
	p.pending.Add(1)
	if s == scopeDoc {
		b := a.doc.Bundle()
		if b == nil {
			w.running = false
			p.pending.Done()
			return
		}
		// The model's bundle changes under later edits; agreement reads
		// a copy of what it is now.
		c := &annot.Bundle{Doc: b.Doc, Spans: slices.Clone(b.Spans), Relations: slices.Clone(b.Relations), States: maps.Clone(b.States)}
		p.run(func() {
			defer p.pending.Done()
			start := time.Now()
			rep := agree.Compute([]*annot.Bundle{c}, agree.Options{})
			took := time.Since(start)
			fyne.Do(func() { p.finish(s, rep, took, c.Doc.ID, nil) })
		})
		p.show()
		return
	}
	proj, ctx := a.proj, a.ctx
	p.run(func() {
		defer p.pending.Done()
		start := time.Now()
		r := agree.NewReporter(agree.Options{})
		err := proj.Export(ctx, annot.ExportFilter{}, func(b *annot.Bundle) error {
			r.Add(b)
			return nil
		})
		var rep *agree.Report
		if err == nil {
			rep = r.Report()
		}
		took := time.Since(start)
		fyne.Do(func() { p.finish(s, rep, took, "", err) })
	})
	p.show()
}

// finish takes a measurement's result, unless another document has
// been opened since, and measures again if something changed meanwhile.
func (p *agreementPanel) finish(s int, rep *agree.Report, took time.Duration, docID string, err error) {
	w := &p.work[s]
	w.running = false
	switch {
	case err != nil:
		p.state.SetText("could not measure the project: " + err.Error())
	case s == scopeDoc && docID != p.a.doc.DocID():
		w.again = true
	default:
		p.reports[s], p.took[s] = rep, took
	}
	if w.again {
		w.again = false
		p.request(s)
	}
	p.show()
}

// syncLabels lists the project's labels to choose from.
func (p *agreementPanel) syncLabels() {
	opts := append([]string{allLabelsChoice, eachLabelChoice}, p.a.doc.LabelNames()...)
	p.labels.Options = opts
	if !slices.Contains(opts, p.labels.Selected) {
		p.labels.SetSelected(allLabelsChoice)
	}
	p.labels.Refresh()
}

// view is what the choices ask to see.
func (p *agreementPanel) view() agreeView {
	v := agreeView{mean: p.pooled.Selected == meanOfDocsChoice}
	switch p.labels.Selected {
	case allLabelsChoice, "":
	case eachLabelChoice:
		v.label = eachLabel
		v.figure = max(0, slices.Index(p.figure.Options, p.figure.Selected))
	default:
		v.label = p.labels.Selected
	}
	return v
}

// show draws the chosen scope's latest report.
func (p *agreementPanel) show() {
	s := p.scopeOf()
	v := p.view()
	showIf(p.figure, v.label == eachLabel)
	showIf(p.pooled, s == scopeProject && v.label == "")
	rep := p.reports[s]
	if rep == nil {
		p.grid = agreeGrid{}
		p.table.Refresh()
		setText(p.fleiss, "")
		setText(p.notes, "")
		setText(p.detail, "")
		switch {
		case p.work[s].running:
			p.state.SetText("measuring…")
		case s == scopeDoc && p.a.doc.Bundle() == nil:
			p.state.SetText("no document is open")
		default:
			p.state.SetText("")
		}
		return
	}
	p.grid = buildGrid(rep, s == scopeProject, v, p.a.doc.LabelNames())
	p.where = p.describeScope(s, rep, v)
	for c := range p.grid.pairs {
		p.table.SetColumnWidth(c, 58)
	}
	for r := range p.grid.rows {
		p.table.SetRowHeight(r, 26)
	}
	p.table.UnselectAll()
	p.table.Refresh()
	setText(p.fleiss, fleissLine(rep, s == scopeProject && v.mean, v.label == ""))
	setText(p.notes, strings.Join(p.grid.notes(), "\n"))
	setText(p.detail, "")
	if len(p.grid.pairs) > 0 {
		setText(p.detail, "Click a figure for what it is, a pair to compare the two in review mode.")
	}
	p.state.SetText(p.stateLine(s, rep))
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// describeScope names what the grid covers, for a cell's explanation.
func (p *agreementPanel) describeScope(s int, rep *agree.Report, v agreeView) string {
	if s == scopeDoc {
		return "this document"
	}
	if v.label == "" && v.mean {
		return "the project, mean of the documents' figures"
	}
	return "the project, pooled over the documents both annotated"
}

// stateLine says what was measured and how long it took, or why there
// is nothing to show.
func (p *agreementPanel) stateLine(s int, rep *agree.Report) string {
	ms := fmt.Sprintf("%.1f ms", float64(p.took[s].Microseconds())/1000)
	if p.work[s].running {
		return "measuring again…"
	}
	if len(rep.Pairs) > 0 {
		if s == scopeDoc {
			return "this document, measured in " + ms
		}
		return fmt.Sprintf("%s, measured in %s; pooled: every shared document counted together", count(rep.Documents, "document"), ms)
	}
	if s == scopeDoc {
		var who []string
		if len(rep.Scores) > 0 {
			who = rep.Scores[0].Annotators
		}
		switch len(who) {
		case 0:
			return "nobody has annotated this document: agreement needs two annotators"
		case 1:
			return "only " + who[0] + " annotated this document: agreement needs two annotators"
		}
	}
	return fmt.Sprintf("no two annotators share a document (of %d): agreement needs two on the same document", rep.Documents)
}

// fleissLine gives Fleiss' kappa, or why there is none.
func fleissLine(rep *agree.Report, mean, allLabels bool) string {
	if !allLabels {
		return ""
	}
	fl := rep.Fleiss
	f := fl.Pooled
	if mean {
		f = fl.MeanOfDocuments
	}
	if !f.OK {
		return "Fleiss' κ: n/a, " + f.Reason
	}
	return fmt.Sprintf("Fleiss' κ, %s (%s): %.3f", strings.Join(fl.Annotators, ", "), count(fl.Documents, "document"), f.Value)
}

// updateHeader fills the heading of a pair's column (a button that
// compares the two in review mode) or of a row.
func (p *agreementPanel) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	st := o.(*fyne.Container)
	l, b := st.Objects[0], st.Objects[1].(*widget.Button)
	t := l.(*fyne.Container).Objects[0].(*canvas.Text)
	t.Color = theme.Color(theme.ColorNameForeground)
	switch {
	case id.Row < 0 && id.Col >= 0 && id.Col < len(p.grid.pairs):
		col := id.Col
		b.SetText(p.grid.heads[col])
		b.OnTapped = func() { p.compare(col) }
		b.Show()
		l.Hide()
	case id.Col < 0 && id.Row >= 0 && id.Row < len(p.grid.rows):
		t.Text = p.grid.rows[id.Row]
		l.Show()
		b.Hide()
	default:
		t.Text = ""
		l.Show()
		b.Hide()
	}
	t.Refresh()
}

// cellText is a table cell: a text in the theme's size, padded.
func cellText(align fyne.TextAlign) fyne.CanvasObject {
	t := canvas.NewText("0.000", theme.Color(theme.ColorNameForeground))
	t.Alignment = align
	return container.New(layout.NewCustomPaddedLayout(3, 3, 8, 8), t)
}

// compare shows only the pair in column col, in review mode.
func (p *agreementPanel) compare(col int) {
	if col >= len(p.grid.pairs) {
		return
	}
	pr := p.grid.pairs[col]
	a := p.a
	if a.doc.Mode() != ModeReview {
		a.setMode(ModeReview)
	}
	a.review.showOnly([]string{pr.A, pr.B})
	var missing []string
	if b := a.doc.Bundle(); b != nil {
		for _, n := range []string{pr.A, pr.B} {
			if !slices.Contains(annot.Annotated(b), n) {
				missing = append(missing, n)
			}
		}
	}
	if len(missing) > 0 {
		a.status.set(fmt.Sprintf("comparing %s and %s; %s did not annotate this document", pr.A, pr.B, strings.Join(missing, " and ")))
		return
	}
	a.status.set(fmt.Sprintf("comparing %s and %s (All in the bar shows everyone)", pr.A, pr.B))
}

// showAgreement brings the Agreement tab forward (Review ▸ Agreement).
func (a *App) showAgreement() { a.side.Select(a.agreement.tab) }

// agreementKey sums up what agreement reads of a document: its
// annotators' spans (not a reviewer's own), their links and their
// states. Verdicts are left out, so a review measures nothing again.
func agreementKey(b *annot.Bundle) uint64 {
	h := fnv.New64a()
	if b == nil {
		return 0
	}
	fmt.Fprintln(h, b.Doc.ID)
	for _, s := range b.Spans {
		if !s.Curation {
			fmt.Fprintln(h, s.ID, s.Annotator, s.Start, s.End, s.Label)
		}
	}
	for _, r := range b.Relations {
		fmt.Fprintln(h, r.Annotator, r.From, r.To, r.Type)
	}
	names := slices.Sorted(maps.Keys(b.States))
	for _, n := range names {
		fmt.Fprintln(h, n, b.States[n])
	}
	return h.Sum64()
}

// listKey sums up the listed documents' span counts and states.
func listKey(docs []annot.DocSummary) uint64 {
	h := fnv.New64a()
	for _, d := range docs {
		fmt.Fprintln(h, d.ID)
		for _, n := range slices.Sorted(maps.Keys(d.Spans)) {
			fmt.Fprintln(h, n, d.Spans[n])
		}
		for _, n := range slices.Sorted(maps.Keys(d.States)) {
			fmt.Fprintln(h, n, d.States[n])
		}
	}
	return h.Sum64()
}
