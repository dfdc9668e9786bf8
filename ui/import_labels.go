package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

// scanLabels reads the files, storing nothing, for the labels they bring
// that the project lacks, and hands those on with their span counts.
func (a *App) scanLabels(jobs []transfer.Job, then func(map[string]int)) {
	have := map[string]bool{}
	for _, l := range a.doc.Labels() {
		have[l.Name] = true
	}
	p := a.newProgress("Reading labels", fmt.Sprintf("Reading the labels of %s…", count(len(jobs), "file")), len(jobs))
	who := a.annotator
	a.async(func() {
		found := map[string]int{}
		for i, j := range jobs {
			if p.ctx.Err() != nil {
				return
			}
			// A file that cannot be read is reported by the import itself.
			if n, err := transfer.LabelsIn(p.ctx, j, formats.Options{Annotator: who}); err == nil {
				for l, k := range n {
					if !have[l] {
						found[l] += k
					}
				}
			}
			fyne.Do(func() { p.bar.SetValue(float64(i + 1)) })
		}
		fyne.Do(func() {
			if p.ctx.Err() != nil {
				return
			}
			p.d.Hide()
			then(found)
		})
	})
}

// askLabelMap offers, for each label the files bring that the project
// lacks, to import it as one of the project's labels or as a new one.
func (a *App) askLabelMap(newLabels map[string]int, then func(map[string]string)) {
	names := make([]string, 0, len(newLabels))
	for l := range newLabels {
		names = append(names, l)
	}
	sort.Slice(names, func(i, j int) bool {
		if newLabels[names[i]] != newLabels[names[j]] {
			return newLabels[names[i]] > newLabels[names[j]]
		}
		return names[i] < names[j]
	})
	form := widget.NewForm()
	choice := map[string]*widget.Select{}
	for _, l := range names {
		keep := "a new label " + l
		sel := widget.NewSelect(append([]string{keep}, a.doc.LabelNames()...), nil)
		sel.SetSelected(keep)
		choice[l] = sel
		form.Append(fmt.Sprintf("%s (%s)", l, count(newLabels[l], "span")), sel)
	}
	intro := widget.NewLabel("These files bring labels this project does not have.\nImport each as one of the project's labels, or as a new label.")
	d := dialog.NewCustomConfirm("Labels", "Import", "Cancel", container.NewBorder(intro, nil, nil, nil, container.NewVScroll(form)),
		func(ok bool) {
			if !ok {
				a.status.set("import cancelled")
				return
			}
			m := map[string]string{}
			for l, sel := range choice {
				if sel.SelectedIndex() > 0 {
					m[l] = sel.Selected
				}
			}
			then(m)
		}, a.win)
	a.labelMapDialog = &labelMapDialog{choices: choice, d: d}
	d.Resize(fyne.NewSize(560, min(480, 200+float32(len(names))*48)))
	d.Show()
}

// labelMapDialog is the open label mapping dialog's choices, for tests.
type labelMapDialog struct {
	choices map[string]*widget.Select
	d       *dialog.ConfirmDialog
}
