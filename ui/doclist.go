package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// docList is the left panel: a search box and the documents with their
// title, the current annotator's status and span counts.
type docList struct {
	a       *App
	search  *widget.Entry
	list    *widget.List
	box     fyne.CanvasObject
	openID  string
	syncing bool // selecting the open row from code, not a click
	timer   *time.Timer
}

func newDocList(a *App) *docList {
	d := &docList{a: a}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder("Search documents")
	d.search.OnChanged = func(string) { d.debounce() }
	d.list = widget.NewList(
		func() int { return len(a.docs) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.Truncation = fyne.TextTruncateEllipsis
			title.TextStyle.Bold = true
			meta := widget.NewLabel("meta")
			meta.Truncation = fyne.TextTruncateEllipsis
			meta.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(a.docs) {
				return
			}
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(a.docs[i].Title)
			box.Objects[1].(*widget.Label).SetText(d.describe(a.docs[i]))
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		if d.syncing || i >= len(a.docs) {
			return
		}
		if a.docs[i].ID != d.openID {
			a.open(a.docs[i].ID)
		}
	}
	importBtn := widget.NewButtonWithIcon("Import…", theme.FolderOpenIcon(), a.importDialog)
	d.box = container.NewBorder(container.NewVBox(d.search, importBtn), nil, nil, nil, d.list)
	return d
}

// describe is the second line of a row: the annotator's status and the
// span counts, theirs first.
func (d *docList) describe(s annot.DocSummary) string {
	if line := d.a.reviewLine(s); line != "" {
		return line
	}
	me := d.a.annotator
	parts := []string{string(s.StateOf(me))}
	if slices.Contains(s.Assigned, me) {
		parts[0] = "assigned to me, " + parts[0]
	}
	total := 0
	for _, n := range s.Spans {
		total += n
	}
	mine := s.Spans[me]
	switch {
	case total == 0:
		parts = append(parts, "no spans")
	case mine == total:
		parts = append(parts, fmt.Sprintf("%d spans", total))
	default:
		others := make([]string, 0, len(s.Spans))
		for who := range s.Spans {
			if who != me {
				others = append(others, who)
			}
		}
		sort.Strings(others)
		parts = append(parts, fmt.Sprintf("%d mine, %d by %s", mine, total-mine, strings.Join(others, ", ")))
	}
	return strings.Join(parts, " · ")
}

func (d *docList) query() string {
	if d == nil || d.search == nil {
		return ""
	}
	return d.search.Text
}

// debounce reloads the list once typing pauses, not on every key.
func (d *docList) debounce() {
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(200*time.Millisecond, func() { fyne.Do(d.a.reloadDocs) })
}

func (d *docList) update() {
	d.list.Refresh()
	d.markOpen(d.openID)
}

// markOpen highlights the open document's row.
func (d *docList) markOpen(id string) {
	d.openID = id
	for i, s := range d.a.docs {
		if s.ID == id {
			d.syncing = true
			d.list.Select(i)
			d.syncing = false
			return
		}
	}
	d.list.UnselectAll()
}

// after is the document below id in the list.
func (d *docList) after(id string) (string, bool) {
	for i, s := range d.a.docs {
		if s.ID == id && i+1 < len(d.a.docs) {
			return d.a.docs[i+1].ID, true
		}
	}
	return "", false
}

// updateCounts refreshes one row from the open document.
func (d *docList) updateCounts(b *annot.Bundle) {
	for i := range d.a.docs {
		s := &d.a.docs[i]
		if s.ID != b.Doc.ID {
			continue
		}
		s.Spans, s.Undecided = map[string]int{}, 0
		for _, sp := range b.Spans {
			s.Spans[sp.Annotator]++
			if sp.Undecided() {
				s.Undecided++
			}
		}
		s.States = b.States // Bundle already counts spans without a state as in progress
		d.list.RefreshItem(i)
	}
}
