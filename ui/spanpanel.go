package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// spanPanel is the right panel: the open document's shown spans (label,
// text, annotator, verdict), a click selects and scrolls to one; and for
// the selected span its label, note, links and review buttons. It reads
// the document model and follows its changes; edits go to the App.
type spanPanel struct {
	a       *App
	m       *DocModel
	header  *widget.Label
	list    *keyList
	spans   []annot.Span // as listed: the model's shown spans, by start
	syncing bool

	selID string
	title *widget.Label
	label *widget.Select
	note  *noteEntry
	// saveNote and linkBtn are the tools for the selected span's note
	// and links.
	saveNote *widget.Button
	linkBtn  *widget.Button
	links    *fyne.Container
	detail   *fyne.Container
	// scroll holds the details; it lays them out again for each span,
	// whose title may take more lines than the last one's.
	scroll *container.Scroll
	// decide is review mode's Accept, Reject and Correct, and actions
	// annotate mode's Accept, Reject and Delete: one of them shows, in
	// the same place above the details, outside their scroll, so that
	// neither a claim's list of links nor a tall label bar pushes them
	// out of sight.
	decide  *fyne.Container
	actions *fyne.Container
	editors []fyne.Disableable // greyed out while no span is selected
	box     fyne.CanvasObject
}

func newSpanPanel(a *App) *spanPanel {
	m := a.doc
	p := &spanPanel{a: a, m: m, header: widget.NewLabel("Spans")}
	p.header.TextStyle.Bold = true
	p.list = newKeyList(a,
		func() int { return len(p.spans) },
		func() fyne.CanvasObject {
			sw := canvas.NewRectangle(color.Transparent)
			sw.SetMinSize(fyne.NewSize(6, 30))
			sw.CornerRadius = 2
			txt := widget.NewLabel("text")
			txt.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.SizeName = theme.SizeNameCaptionText
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, sw, nil, container.NewVBox(txt, meta))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.spans) {
				return
			}
			s := p.spans[i]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			sw := row.Objects[1].(*canvas.Rectangle)
			sw.FillColor = m.LabelColor(s.Label)
			sw.Refresh()
			texts.Objects[0].(*widget.Label).SetText(clipText(m.Slice(s.Start, s.End), 80))
			texts.Objects[1].(*widget.Label).SetText(p.describe(s))
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if p.syncing || i >= len(p.spans) {
			return
		}
		m.SelectSpan(p.spans[i].ID)
	}

	p.title = widget.NewLabel("No span selected")
	p.title.Wrapping = fyne.TextWrapWord
	p.label = widget.NewSelect(nil, func(name string) {
		if p.selID != "" && name != "" {
			a.relabel(p.selID, name)
		}
	})
	p.note = newNoteEntry(p.flushNote)
	p.note.SetPlaceHolder("Note: saved when you leave the box or select another span")
	saveNote := widget.NewButton("Save note", p.flushNote)
	p.saveNote = saveNote
	p.links = container.NewVBox()
	review := container.NewGridWithColumns(3,
		widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() { p.review(annot.Accepted) }),
		widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() { p.review(annot.Rejected) }),
		widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
			if p.selID != "" {
				a.deleteSpan(p.selID)
			}
		}),
	)
	p.actions = review
	accept := widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() { p.review(annot.Accepted) })
	accept.Importance = widget.HighImportance
	p.decide = container.NewGridWithColumns(3, accept,
		widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() { p.review(annot.Rejected) }),
		widget.NewButtonWithIcon("Correct", theme.DocumentCreateIcon(), func() { a.review.startCorrecting() }),
	)
	p.decide.Hide()
	linkBtn := widget.NewButtonWithIcon("Link (L)", theme.MailForwardIcon(), a.startLink)
	p.linkBtn = linkBtn
	p.detail = container.NewVBox(p.title, widget.NewForm(widget.NewFormItem("Label", p.label)),
		p.note, widget.NewSeparator(), p.links)
	p.editors = []fyne.Disableable{p.label, p.note, saveNote, linkBtn}
	for _, row := range []*fyne.Container{review, p.decide} {
		for _, o := range row.Objects {
			p.editors = append(p.editors, o.(fyne.Disableable))
		}
	}
	// The list and the details keep their place and size whatever is
	// selected: the details are always there (greyed out with nothing
	// selected) and scroll within their half, so the list never shrinks
	// and the article beside never re-wraps. Only the details scroll: the
	// mode's decisions above them and the note and link tools below stay
	// in sight however tall the label bar or the list of links grows.
	tools := container.NewGridWithColumns(2, saveNote, linkBtn)
	p.scroll = container.NewVScroll(p.detail)
	split := container.NewVSplit(container.NewBorder(p.header, nil, nil, nil, p.list),
		container.NewBorder(container.NewVBox(review, p.decide), tools, nil, nil, p.scroll))
	split.Offset = 0.5
	p.box = split
	p.showSpan("")
	m.OnChange(func(w What) {
		if w&WhatMode != 0 {
			p.showMode(m.Mode())
		}
		switch {
		case w&(WhatDoc|WhatSpans|WhatShown|WhatLabels) != 0:
			p.update()
			if w&WhatDoc != 0 { // another article: its spans from the first
				p.list.ScrollToTop()
			}
		case w&WhatSelection != 0:
			p.showSpan(m.SelectedSpan())
		}
	})
	return p
}

// showMode shows the mode's row of decisions above the details: Correct
// in review mode, Delete when annotating.
func (p *spanPanel) showMode(mode Mode) {
	if mode == ModeReview {
		p.decide.Show()
		p.actions.Hide()
	} else {
		p.decide.Hide()
		p.actions.Show()
	}
}

func (p *spanPanel) describe(s annot.Span) string {
	parts := []string{s.Label, s.Annotator}
	switch {
	case s.Curation && s.Corrects != "":
		parts[1] += "'s correction"
	case s.Curation:
		parts[1] += "'s addition"
	}
	if s.Status != "" && s.Status != annot.Pending {
		parts = append(parts, string(s.Status)+" by "+s.Reviewer)
	}
	if n := len(p.m.LinksOf(s.ID)); n > 0 {
		parts = append(parts, count(n, "link"))
	}
	if s.Note != "" {
		parts = append(parts, "note")
	}
	return strings.Join(parts, " · ")
}

// update lists the model's shown spans again.
func (p *spanPanel) update() {
	p.spans = p.m.Spans()
	p.header.SetText(fmt.Sprintf("Spans (%d)", len(p.spans)))
	p.label.Options = p.m.LabelNames()
	p.list.Refresh()
	p.showSpan(p.m.SelectedSpan())
}

// showSpan shows the selected span's details, or hides them.
func (p *spanPanel) showSpan(id string) {
	p.flushNote()
	s, ok := p.m.Span(id)
	p.selID = ""
	if !ok {
		p.title.SetText("No span selected: click one in the text or the list")
		p.label.ClearSelected()
		p.note.SetText("")
		p.links.Objects = nil
		p.links.Refresh()
		for _, e := range p.editors {
			e.Disable()
		}
		p.syncing = true
		p.list.UnselectAll()
		p.syncing = false
		p.scroll.Refresh()
		return
	}
	for i := range p.spans {
		if p.spans[i].ID == id {
			p.syncing = true
			p.list.Select(i)
			p.syncing = false
			break
		}
	}
	p.title.SetText(fmt.Sprintf("%s by %s: “%s”", s.Label, s.Annotator, clipText(p.m.Slice(s.Start, s.End), 120)))
	p.label.SetSelected(s.Label)
	p.note.SetText(s.Note)
	p.showLinks(s)
	p.selID = id
	for _, e := range p.editors {
		e.Enable()
	}
	p.scroll.Refresh()
}

// showLinks lists who said the claim and on whose authority, each with a
// button to remove the link.
func (p *spanPanel) showLinks(s annot.Span) {
	p.links.Objects = nil
	for _, r := range p.m.LinksOf(s.ID) {
		other := ""
		switch s.ID {
		case r.From:
			other = r.To
		case r.To:
			other = r.From
		default:
			continue
		}
		o, ok := p.m.Span(other)
		if !ok {
			continue
		}
		verb := linkVerb(r.Type, s.ID == r.From)
		id := r.ID
		rm := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { p.a.unlink(id) })
		rm.Importance = widget.LowImportance
		row := widget.NewLabel(fmt.Sprintf("%s: %s “%s”", verb, o.Label, clipText(p.m.Slice(o.Start, o.End), 50)))
		row.Truncation = fyne.TextTruncateEllipsis
		p.links.Add(container.NewBorder(nil, nil, nil, rm, row))
	}
	if len(p.links.Objects) == 0 && s.Label == annot.Claim {
		p.links.Add(widget.NewLabel("not linked: who said it? (L, then click)"))
	}
	p.links.Refresh()
}

// linkVerb says how a link reads from one of its ends: from the claim
// ("said by", "according to") or from the actor or source ("said",
// "source of").
func linkVerb(typ string, fromClaim bool) string {
	switch {
	case typ == annot.SaidBy && fromClaim:
		return "said by"
	case typ == annot.SaidBy:
		return "said"
	case typ == annot.AccordingTo && fromClaim:
		return "according to"
	case typ == annot.AccordingTo:
		return "source of"
	case fromClaim:
		return strings.ToLower(strings.ReplaceAll(typ, "_", " "))
	}
	return "linked from (" + strings.ToLower(strings.ReplaceAll(typ, "_", " ")) + ")"
}

// flushNote stores the note being typed for the selected span, if it
// differs from the stored one, so that selecting another span, opening
// another document or leaving the box never drops it.
func (p *spanPanel) flushNote() {
	id := p.selID
	if id == "" {
		return
	}
	s, ok := p.m.Span(id)
	if !ok || s.Note == p.note.Text {
		return
	}
	p.selID = "" // the save notifies the model; do not save twice
	p.a.setNote(id, p.note.Text)
	if p.m.SelectedSpan() == id {
		p.selID = id
	}
}

// noteEntry is the note box: it saves when it loses the focus.
type noteEntry struct {
	widget.Entry
	onLeave func()
}

func newNoteEntry(onLeave func()) *noteEntry {
	e := &noteEntry{onLeave: onLeave}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(2)
	return e
}

// FocusLost saves the note.
func (e *noteEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// count says how many of noun there are, in the singular for one.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (p *spanPanel) review(d annot.Status) {
	if p.selID != "" {
		p.a.verdict(p.selID, d)
	}
}
