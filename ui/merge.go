package ui

import (
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/transfer"
)

// mergeDialog asks for a colleague's Spanmark database or native export
// and merges it into the project, as `spanmark merge` does.
func (a *App) mergeDialog() {
	a.chooseFile(nil, func(path string) { a.runMerge(a.proj, path) })
}

// runMerge merges on a goroutine behind a progress dialog whose Cancel
// rolls the whole merge back, then shows what it did. The channel it
// returns is closed once that is shown.
func (a *App) runMerge(m transfer.Merger, path string) <-chan struct{} {
	done := make(chan struct{})
	p := a.newProgress("Merging", "Merging "+filepath.Base(path)+"…", 1)
	go func() {
		res, err := transfer.Merge(p.ctx, m, path, p.steps(func(step string) string {
			return fmt.Sprintf("Merging %s: %s…", filepath.Base(path), step)
		}))
		p.cancel()
		fyne.Do(func() {
			p.d.Hide()
			a.mergeDone(path, res, err)
			close(done)
		})
	}()
	return done
}

func (a *App) mergeDone(path string, res annot.MergeResult, err error) {
	if err != nil {
		a.fail("merge", err)
		return
	}
	a.reloadLabels()
	a.reloadDocs()
	a.reopen()
	a.status.set("Merged " + filepath.Base(path) + ": " + transfer.DescribeMerge(res))
	a.showReport("Merge", fmt.Sprintf("Merged %s into %s.\n\n%s", path, a.proj.Path(), res.Summary()), fyne.NewSize(720, 420))
}

// reopen shows the open document again after a merge. Its ID may have
// changed, when the other database had imported the same text first;
// then it is found by its text.
func (a *App) reopen() {
	cur := a.doc.Bundle()
	if cur == nil {
		if len(a.docs) > 0 {
			a.open(a.docs[0].ID)
		}
		return
	}
	for _, d := range a.docs {
		if d.ID == cur.Doc.ID {
			a.reloadOpen()
			return
		}
	}
	if id := a.twinOf(cur); id != "" {
		a.follow(id)
		return
	}
	if len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	}
}

// follow opens id, the open document under the ID a merge or a sync gave
// it, keeping what was selected: the text is the same, so the offsets
// are too, and a selected span the merge kept (it keeps span IDs) stays
// selected.
func (a *App) follow(id string) {
	start, end := a.doc.Selection()
	span := a.doc.SelectedSpan()
	text := a.doc.Text()
	a.open(id)
	if a.doc.Text() != text {
		return // not the same article after all: nothing to keep
	}
	if start != end {
		a.doc.Select(start, end)
	} else if _, ok := a.doc.Span(span); ok && span != "" {
		a.doc.SelectSpan(span)
	}
}

// twinOf finds the listed document with the text of cur, "" if none.
func (a *App) twinOf(cur *annot.Bundle) string {
	n := utf8.RuneCountInString(cur.Doc.Text)
	for _, d := range a.docs {
		if d.Length != n {
			continue
		}
		if b, err := a.proj.Bundle(a.ctx, d.ID); err == nil && b.Doc.Hash == cur.Doc.Hash {
			return d.ID
		}
	}
	return ""
}

// openGone follows the open document when another program took its ID
// out of the project: a merge or a sync in a terminal that joined it with
// the same text imported first elsewhere gives it that copy's ID. It
// opens the listed document with the same text, else the first one,
// rather than keep an article whose every edit fails with "no document".
func (a *App) openGone() {
	cur := a.doc.Bundle()
	a.reloadDocs()
	if cur != nil {
		if id := a.twinOf(cur); id != "" {
			a.follow(id)
			return
		}
	}
	if len(a.docs) > 0 {
		a.open(a.docs[0].ID)
	}
	a.status.set("the open document was removed by another program")
}
