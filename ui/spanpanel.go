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
	list    *widget.List
	spans   []annot.Span // as listed: the model's shown spans, by start
	syncing bool

	selID  string
	title  *widget.Label
	label  *widget.Select
	note   *widget.Entry
	links  *fyne.Container
	detail *fyne.Container
	box    fyne.CanvasObject
}

func newSpanPanel(a *App) *spanPanel {
	m := a.doc
	p := &spanPanel{a: a, m: m, header: widget.NewLabel("Spans")}
	p.header.TextStyle.Bold = true
	p.list = widget.NewList(
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
	p.note = widget.NewMultiLineEntry()
	p.note.SetPlaceHolder("Note (Ctrl+Enter in the view marks the document done)")
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SetMinRowsVisible(2)
	saveNote := widget.NewButton("Save note", func() {
		if p.selID != "" {
			a.setNote(p.selID, p.note.Text)
		}
	})
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
	linkBtn := widget.NewButtonWithIcon("Link to actor or source (L)", theme.MailForwardIcon(), a.startLink)
	p.detail = container.NewVBox(p.title, widget.NewForm(widget.NewFormItem("Label", p.label)),
		p.note, saveNote, widget.NewSeparator(), linkBtn, p.links, widget.NewSeparator(), review)
	p.detail.Hide()
	p.box = container.NewBorder(p.header, p.detail, nil, nil, p.list)
	m.OnChange(func(w What) {
		switch {
		case w&(WhatDoc|WhatSpans|WhatShown|WhatLabels) != 0:
			p.update()
		case w&WhatSelection != 0:
			p.showSpan(m.SelectedSpan())
		}
	})
	return p
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
		parts = append(parts, fmt.Sprintf("%d links", n))
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
	s, ok := p.m.Span(id)
	p.selID = ""
	if !ok {
		p.detail.Hide()
		p.syncing = true
		p.list.UnselectAll()
		p.syncing = false
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
	p.detail.Show()
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
		verb := strings.ToLower(strings.ReplaceAll(r.Type, "_", " "))
		if s.ID == r.To {
			verb = "is " + verb + " of"
		}
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

func (p *spanPanel) review(d annot.Status) {
	if p.selID != "" {
		p.a.verdict(p.selID, d)
	}
}
