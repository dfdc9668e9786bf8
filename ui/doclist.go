package ui

import (
	"fmt"
	"maps"
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
	filter  *docFilter
	list    *keyList
	box     fyne.CanvasObject
	openID  string
	syncing bool // selecting the open row from code, not a click
	timer   *time.Timer

	// The list is read without span counts and states (a pass over every
	// span, seconds on a project of a million), and the rows on screen
	// get theirs in small batches: counted says which rows have them,
	// asked which are being read, gen which list a batch belongs to.
	counted []bool
	asked   []bool
	gen     int
	lazy    bool // the list was read without counts

	onUpdate []func() // after the list is read again (the agreement panel)
}

// countBatch is how many rows around one on screen get their counts in
// one read.
const countBatch = 64

func newDocList(a *App) *docList {
	d := &docList{a: a}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder("Search documents")
	d.search.OnChanged = func(string) { d.debounce() }
	d.list = newKeyList(a,
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
			setRowText(box.Objects[0].(*widget.Label), a.docs[i].Title)
			if i < len(d.counted) && !d.counted[i] {
				setRowText(box.Objects[1].(*widget.Label), "…")
				d.count(i)
				return
			}
			setRowText(box.Objects[1].(*widget.Label), d.describe(a.docs[i]))
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
	d.filter = newDocFilter(a)
	d.box = container.NewBorder(container.NewVBox(d.search, d.filter.box, importBtn), nil, nil, nil, d.list)
	return d
}

// setRowText changes a row's label only if its text changes. A truncated
// label shapes its text again on every SetText, with a new font object
// for each script in it: the rows' titles, set again each time a batch of
// counts arrived, allocated 200 MB while a list of 100,000 documents
// opened, and the window held 350 MB instead of 250.
func setRowText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
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
	// Reviewers' corrections are gold, not annotation: they are counted
	// apart and their makers are not listed among the annotators.
	annotated := s.Annotated()
	total, gold := 0, 0
	for _, n := range annotated {
		total += n
	}
	for _, n := range s.Curated {
		gold += n
	}
	mine := annotated[me]
	switch {
	case total == 0 && gold == 0:
		parts = append(parts, "no spans")
	case total == 0:
	case mine == total:
		parts = append(parts, count(total, "span"))
	default:
		others := make([]string, 0, len(annotated))
		for who := range annotated {
			if who != me {
				others = append(others, who)
			}
		}
		sort.Strings(others)
		parts = append(parts, fmt.Sprintf("%d mine, %d by %s", mine, total-mine, strings.Join(others, ", ")))
	}
	if gold > 0 {
		parts = append(parts, fmt.Sprintf("%s by %s", count(gold, "gold span"), strings.Join(slices.Sorted(maps.Keys(s.Curated)), ", ")))
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
	d.gen++
	d.counted = make([]bool, len(d.a.docs))
	d.asked = make([]bool, len(d.a.docs))
	if !d.lazy {
		for i := range d.counted {
			d.counted[i], d.asked[i] = true, true
		}
	}
	d.list.Refresh()
	d.markOpen(d.openID)
	for _, f := range d.onUpdate {
		f()
	}
}

// count reads the counts and states of the rows around row i that lack
// them, off the UI goroutine, and shows them when they come.
func (d *docList) count(i int) {
	n := min(len(d.asked), len(d.a.docs))
	if i >= n || d.asked[i] {
		return
	}
	var ids []string
	var rows []int
	for j := max(0, i-countBatch/4); j < n && len(ids) < countBatch; j++ {
		if !d.asked[j] {
			d.asked[j] = true
			ids = append(ids, d.a.docs[j].ID)
			rows = append(rows, j)
		}
	}
	gen, proj, ctx := d.gen, d.a.proj, d.a.ctx
	d.a.async(func() {
		got, err := proj.Documents(ctx, annot.DocFilter{IDs: ids})
		fyne.Do(func() {
			if gen != d.gen {
				return // the list was read again meanwhile
			}
			if err != nil {
				d.a.fail("count spans", err)
				return
			}
			byID := make(map[string]annot.DocSummary, len(got))
			for _, s := range got {
				byID[s.ID] = s
			}
			for _, j := range rows {
				if j >= len(d.a.docs) || j >= len(d.counted) {
					continue
				}
				s := byID[d.a.docs[j].ID]
				d.a.docs[j].Spans, d.a.docs[j].Curated, d.a.docs[j].States = s.Spans, s.Curated, s.States
				d.counted[j] = true
				d.list.RefreshItem(j)
			}
		})
	})
}

// markOpen highlights the open document's row.
func (d *docList) markOpen(id string) {
	d.openID = id
	for i, s := range d.a.docs {
		if s.ID == id {
			d.syncing = true
			d.list.Select(i)
			d.syncing = false
			if i == 0 {
				// Select scrolls so that the row's bottom shows, and a
				// list not laid out at its full size yet (the window
				// opening on its first document is at its smallest) is
				// shorter than a row: it scrolled the first row half out
				// and kept that offset once it had room, so its title was
				// hidden at every start. The first row shows from the top.
				d.list.ScrollToTop()
			}
			return
		}
	}
	d.list.UnselectAll()
}

// next is the document to open after id, which was at seq in import
// order: the first listed after it, else (wrapped) the first listed one
// that the annotator has not done, else "".
func (d *docList) next(id string, seq int64) (next string, wrapped bool) {
	for _, s := range d.a.docs {
		if s.Seq > seq && s.ID != id {
			return s.ID, false
		}
	}
	for _, s := range d.a.docs {
		if st := s.StateOf(d.a.annotator); s.ID != id && st != annot.StateDone && st != annot.StateReviewed {
			return s.ID, true
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
		s.Spans, s.Curated, s.Undecided = map[string]int{}, nil, 0
		for _, sp := range b.Spans {
			s.Spans[sp.Annotator]++
			if sp.Curation {
				if s.Curated == nil {
					s.Curated = map[string]int{}
				}
				s.Curated[sp.Annotator]++
			}
			if sp.Undecided() {
				s.Undecided++
			}
		}
		s.States = b.States // Bundle already counts spans without a state as in progress
		if i < len(d.counted) {
			d.counted[i] = true
		}
		d.list.RefreshItem(i)
	}
}
