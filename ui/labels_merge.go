package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// mergeStep says whether the analyst's latest step in this window is a
// label merge, so that Ctrl+Z undoes it whole (and Ctrl+Shift+Z redoes
// it) before any document's own steps. A merge spans every document and
// annotator, so it has a history of its own in the project; a tag or
// other document step after it makes the document's history the one
// that Ctrl+Z walks again.
type mergeStep int

const (
	mergeNone   mergeStep = iota
	mergeDone             // Ctrl+Z undoes the merge
	mergeUndone           // Ctrl+Shift+Z merges again
)

// mergeButton is a label row's "Merge into…": pick the label that takes
// this one's spans.
func (a *App) mergeButton(l annot.Label, changed func()) fyne.CanvasObject {
	var others []string
	byName := map[string]annot.Label{}
	for _, o := range a.doc.Labels() {
		if o.ID != l.ID {
			others = append(others, o.Name)
			byName[o.Name] = o
		}
	}
	into := widget.NewSelect(others, nil)
	into.PlaceHolder = "merge into…"
	into.OnChanged = func(name string) {
		if name == "" {
			return
		}
		into.ClearSelected()
		a.askMerge(l, byName[name], changed)
	}
	return into
}

// askMerge says what merging will do, then merges.
func (a *App) askMerge(from, into annot.Label, changed func()) {
	n, err := a.proj.LabelUse(a.ctx, from.ID)
	if err != nil {
		a.fail("count spans", err)
		return
	}
	msg := fmt.Sprintf("%s of %s get the label %s, in every document; %s is removed.\nSpans that %s already has as %s are kept once.\nCtrl+Z undoes the whole merge.",
		count(n, "span"), from.Name, into.Name, from.Name, "their annotator", into.Name)
	dialog.ShowConfirm(fmt.Sprintf("Merge %s into %s?", from.Name, into.Name), msg, func(ok bool) {
		if ok {
			a.mergeLabel(from, into)
			changed()
		}
	}, a.win)
}

// mergeLabel merges one label into another as one undoable action.
func (a *App) mergeLabel(from, into annot.Label) {
	c, err := a.proj.MergeLabel(a.ctx, from.ID, into.ID)
	if err != nil {
		a.fail("merge labels", err)
		return
	}
	a.apply(c)
	a.mergeStep = mergeDone
	a.saved(fmt.Sprintf("merged %s into %s: %s relabelled (Ctrl+Z undoes the merge)", from.Name, into.Name, count(len(c.SpansUpdated), "span")))
}

func (a *App) undoMerge() {
	c, ok, err := a.proj.UndoMergeLabel(a.ctx)
	switch {
	case err != nil:
		a.fail("undo the merge", err)
		return
	case !ok:
		a.mergeStep = mergeNone
		a.undo()
		return
	}
	a.apply(c)
	a.mergeStep = mergeUndone
	name := ""
	if len(c.Labels) > 0 {
		name = c.Labels[0].Name + " "
	}
	a.saved("undid the merge: label " + name + "is back")
}

func (a *App) redoMerge() {
	c, ok, err := a.proj.RedoMergeLabel(a.ctx)
	switch {
	case err != nil:
		a.fail("redo the merge", err)
		return
	case !ok:
		a.mergeStep = mergeNone
		a.redo()
		return
	}
	a.apply(c)
	a.mergeStep = mergeDone
	a.saved("merged again: " + count(len(c.SpansUpdated), "span") + " relabelled")
}
