package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

func (a *App) importDialog() {
	d := dialog.NewCustomConfirm("Import", "Files…", "Folder…",
		widget.NewLabel("Import one file, or a folder with everything in it.\nYou can also drop files and folders on the window."),
		func(files bool) {
			if files {
				a.importFiles()
			} else {
				a.importFolder()
			}
		}, a.win)
	d.Show()
}

func (a *App) importFiles() {
	a.chooseFile(nil, func(path string) { a.importPaths([]string{path}) })
}

// chooseFile asks for a file (of the extensions filter allows, if not
// nil) and hands its path to then.
func (a *App) chooseFile(filter storage.FileFilter, then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			a.fail("choose a file", err)
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, a.win)
	if filter != nil {
		d.SetFilter(filter)
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func (a *App) importFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			a.fail("choose a folder", err)
			return
		}
		a.importPaths([]string{u.Path()})
	}, a.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// onDropped imports files and folders dropped on the window.
func (a *App) onDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		a.importPaths(paths)
	}
}

// importPaths imports files on a goroutine with a progress dialog that can
// cancel. Each file is one transaction: a cancelled or failed file leaves
// nothing behind, and the files before it stay imported. When the files
// bring labels the project does not have, it first offers to map them
// onto the project's (as import --map does).
func (a *App) importPaths(paths []string) {
	if a.annotator == "" {
		a.askAnnotator()
		return
	}
	jobs, skipped, err := transfer.Plan(paths, "")
	if err != nil {
		a.fail("import", err)
		return
	}
	if len(jobs) == 0 {
		a.fail("import", fmt.Errorf("no documents found in %s (%s of no known format)", strings.Join(paths, ", "), count(len(skipped), "file")))
		return
	}
	a.scanLabels(jobs, func(newLabels map[string]int) {
		if len(newLabels) == 0 {
			a.runImport(jobs, len(skipped))
			return
		}
		a.askLabelMap(newLabels, func(m map[string]string) {
			for i := range jobs {
				jobs[i].Labels = m
			}
			a.runImport(jobs, len(skipped))
		})
	})
}

// progress is a dialog with a line of text, a bar and Cancel.
type progress struct {
	d      dialog.Dialog
	label  *widget.Label
	bar    *widget.ProgressBar
	ctx    context.Context
	cancel context.CancelFunc
}

func (a *App) newProgress(title, text string, n int) *progress {
	p := &progress{label: widget.NewLabel(text), bar: widget.NewProgressBar()}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.bar.Max = float64(max(n, 1))
	p.d = dialog.NewCustom(title, "Cancel", container.NewVBox(p.label, p.bar), a.win)
	p.d.SetOnClosed(p.cancel)
	p.d.Resize(fyne.NewSize(480, 160))
	p.d.Show()
	return p
}

// steps is a transfer's progress callback (transfer.Merge, transfer.Sync):
// it shows each step's name, through say, and how far it has got.
func (p *progress) steps(say func(step string) string) func(step string, done, total int) {
	return func(step string, done, total int) {
		fyne.Do(func() {
			p.label.SetText(say(step))
			p.bar.SetValue(float64(done) / float64(max(total, 1)))
		})
	}
}

// showReport shows what a merge or sync did, in a scrolling dialog.
func (a *App) showReport(title, text string, size fyne.Size) {
	report := widget.NewLabel(text)
	report.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "Close", container.NewVScroll(report), a.win)
	d.Resize(size)
	d.Show()
}

// runImport imports the planned files.
func (a *App) runImport(jobs []transfer.Job, skipped int) {
	p := a.newProgress("Importing", fmt.Sprintf("Importing %s…", count(len(jobs), "file")), len(jobs))
	who := a.annotator
	a.async(func() {
		var total annot.ImportResult
		var failures, warnings []string
		for i, j := range jobs {
			fyne.Do(func() { p.label.SetText(fmt.Sprintf("%d of %d: %s", i+1, len(jobs), j.Path)) })
			res, err := transfer.Import(p.ctx, a.proj, j, formats.Options{Annotator: who}, func(w error) {
				warnings = append(warnings, w.Error())
			})
			if err != nil {
				failures = append(failures, annot.At(j.Path, 0, err).Error())
				if p.ctx.Err() != nil {
					break
				}
			} else {
				total.Add(res)
			}
			fyne.Do(func() { p.bar.SetValue(float64(i + 1)) })
		}
		p.cancel()
		fyne.Do(func() {
			p.d.Hide()
			a.importDone(total, failures, warnings, skipped)
		})
	})
}

func (a *App) importDone(total annot.ImportResult, failures, warnings []string, skipped int) {
	a.reloadLabels()
	a.reloadDocs()
	if a.doc.Mode() == ModeReview {
		a.review.refreshScores() // new documents and spans change the agreement
	}
	if a.doc.DocID() == "" && len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	} else {
		a.reloadOpen()
	}
	msg := "Imported " + transfer.Describe(total) + "."
	a.status.set(msg)
	if len(failures) == 0 && len(warnings) == 0 && skipped == 0 {
		return
	}
	var b strings.Builder
	b.WriteString(msg)
	if skipped > 0 {
		fmt.Fprintf(&b, "\n\nSkipped %s of no known format.", count(skipped, "file"))
	}
	if len(failures) > 0 {
		fmt.Fprintf(&b, "\n\nNot imported (nothing from these files was stored):\n%s", strings.Join(failures, "\n"))
	}
	if len(warnings) > 0 {
		sort.Strings(warnings)
		if len(warnings) > 20 {
			warnings = append(warnings[:20], fmt.Sprintf("… and %d more", len(warnings)-20))
		}
		fmt.Fprintf(&b, "\n\nWarnings:\n%s", strings.Join(warnings, "\n"))
	}
	report := widget.NewLabel(b.String())
	report.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Import", "Close", container.NewVScroll(report), a.win)
	d.Resize(fyne.NewSize(720, 420))
	d.Show()
}

// exportDialog asks for a format, gold or not, an annotator and a
// destination, then writes the same output as `spanmark export`.
func (a *App) exportDialog() {
	format := widget.NewSelect(formats.ExportFormats(), nil)
	format.SetSelected(formats.Native)
	gold := widget.NewCheck("Gold only (accepted spans, duplicates folded)", nil)
	whoOpts := append([]string{"everyone"}, a.annotators()...)
	who := widget.NewSelect(whoOpts, nil)
	who.SetSelected("everyone")
	form := dialog.NewForm("Export", "Choose destination…", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Format", format),
		widget.NewFormItem("Spans", gold),
		widget.NewFormItem("Annotator", who),
	}, func(ok bool) {
		if !ok {
			return
		}
		f := annot.ExportFilter{Gold: gold.Checked}
		if who.Selected != "everyone" {
			f.Annotator = who.Selected
		}
		a.chooseExportDest(format.Selected, f)
	}, a.win)
	form.Resize(fyne.NewSize(520, 260))
	form.Show()
}

// annotators are the names with spans in the listed documents. A large
// list holds counts only for the rows shown so far: then they are read.
func (a *App) annotators() []string {
	seen := map[string]bool{}
	docs := a.docs
	if a.list.lazy {
		var err error
		if docs, err = a.proj.Documents(a.ctx, annot.DocFilter{Search: a.list.query()}); err != nil {
			a.fail("list annotators", err)
			return nil
		}
	}
	for _, d := range docs {
		for who := range d.Spans {
			seen[who] = true
		}
	}
	return sortedNames(seen)
}

func (a *App) chooseExportDest(format string, f annot.ExportFilter) {
	if formats.WritesFolder(format) {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				a.runExport(format, u.Path(), f)
			}
		}, a.win)
		d.Resize(fyne.NewSize(900, 600))
		d.Show()
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			a.fail("choose a file", err)
			return
		}
		path := w.URI().Path()
		w.Close()
		a.runExport(format, path, f)
	}, a.win)
	ext := map[string]string{formats.LabelStudio: ".json", formats.CoNLL: ".conll"}[format]
	if ext == "" {
		ext = ".jsonl"
	}
	d.SetFileName("spanmark-" + format + ext)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// runExport writes on a goroutine, with progress and a cancel button.
func (a *App) runExport(format, dest string, f annot.ExportFilter) {
	p := a.newProgress("Exporting", "Writing "+dest, len(a.docs))
	go func() {
		var losses []string
		n, err := transfer.Export(p.ctx, a.proj, format, dest, nil, f, func(n int) {
			if n%50 == 0 {
				fyne.Do(func() { p.bar.SetValue(float64(n)) })
			}
		}, func(w error) { losses = append(losses, w.Error()) })
		p.cancel()
		fyne.Do(func() {
			p.d.Hide()
			if err != nil {
				a.fail("export", err)
				return
			}
			msg := fmt.Sprintf("exported %s as %s to %s", count(n, "document"), format, dest)
			a.status.set(msg)
			if len(losses) > 0 {
				if len(losses) > 20 {
					losses = append(losses[:20], fmt.Sprintf("… and %d more", len(losses)-20))
				}
				dialog.ShowInformation("Export", fmt.Sprintf("%s.\n\n%s cannot hold everything:\n%s", msg, format, strings.Join(losses, "\n")), a.win)
			}
		})
	}()
}
