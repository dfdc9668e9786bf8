package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// The status filter's choices: a state, or a group of states.
const (
	statusAll     = "any status"
	statusNotDone = "not done"
)

var statusChoices = []string{statusAll, statusNotDone, string(annot.StateNew), string(annot.StateInProgress),
	string(annot.StateDone), string(annot.StateReviewed)}

// docFilter narrows the document list to one annotator's documents in a
// state (new, in progress, done, ...), and shows how far that annotator
// has got with the whole project: done of total.
type docFilter struct {
	a        *App
	status   *widget.Select
	who      *widget.Select
	progress *widget.ProgressBar
	box      fyne.CanvasObject
	done     int // of the whole project, for the annotator chosen
	total    int
}

func newDocFilter(a *App) *docFilter {
	f := &docFilter{a: a}
	f.status = widget.NewSelect(statusChoices, func(string) { a.reloadDocs() })
	f.status.Selected = statusAll // not SetSelected: that would list before the list exists
	f.who = widget.NewSelect(nil, func(string) { a.reloadDocs() })
	f.progress = widget.NewProgressBar()
	f.progress.TextFormatter = func() string {
		if who := f.annotator(); who != "" {
			return fmt.Sprintf("%s: %d of %d done", who, f.done, f.total)
		}
		return fmt.Sprintf("%d of %d done", f.done, f.total) // before the first run's name is given
	}
	f.box = container.NewVBox(
		container.NewGridWithColumns(2, f.status, f.who),
		f.progress)
	return f
}

// annotator is whose state the filter and the progress follow: the one
// chosen, else the current annotator.
func (f *docFilter) annotator() string {
	if f.who.Selected != "" {
		return f.who.Selected
	}
	return f.a.annotator
}

// matches reports whether a document's state, for the chosen annotator,
// is one the status filter shows.
func (f *docFilter) matches(d annot.DocSummary) bool {
	st := d.StateOf(f.annotator())
	switch f.status.Selected {
	case "", statusAll:
		return true
	case statusNotDone:
		return st == annot.StateNew || st == annot.StateInProgress
	}
	return string(st) == f.status.Selected
}

// apply filters the listed documents, and counts the chosen annotator's
// progress over the whole project (all, which ignores the search).
func (f *docFilter) apply(listed, all []annot.DocSummary) []annot.DocSummary {
	who := f.annotator()
	names := map[string]bool{}
	if f.a.annotator != "" {
		names[f.a.annotator] = true
	}
	f.done, f.total = 0, len(all)
	for i := range all {
		for n := range all[i].States {
			names[n] = true
		}
		if st := all[i].StateOf(who); st == annot.StateDone || st == annot.StateReviewed {
			f.done++
		}
	}
	opts := sortedNames(names)
	if !slices.Equal(opts, f.who.Options) {
		f.who.Options = opts
		f.who.Refresh()
	}
	if f.who.Selected == "" && f.a.annotator != "" {
		f.who.Selected = f.a.annotator // without OnChanged: the list is being made now
		f.who.Refresh()
	}
	f.progress.Max = float64(max(f.total, 1))
	f.progress.SetValue(float64(f.done))
	out := make([]annot.DocSummary, 0, len(listed)) // one allocation for 100,000 rows, not a doubling series
	for _, d := range listed {
		if f.matches(d) {
			out = append(out, d)
		}
	}
	return out
}
