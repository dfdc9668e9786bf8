package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
)

// wireView connects the annotation view's requests to the project, and
// the open document's changes to the status bar and the document list.
// Each request is one store call and one transaction; the status bar
// says "saved" only after it has committed.
func (a *App) wireView() {
	v := a.view
	v.OnTag = a.tag
	v.OnRelabel = a.relabel
	v.OnDelete = a.deleteSpan
	v.OnLink = a.link
	v.OnRune = func(r rune) bool { return a.review.onRune(r) || a.sugg.onRune(r) }
	v.OnKey = func(k fyne.KeyName) bool { return a.review.onKey(k) || a.sugg.onKey(k) }
	v.OnLaidOut = func(lines int, d time.Duration) {
		a.status.setLayout(fmt.Sprintf("%d lines laid out in %v", lines, d.Round(time.Millisecond)))
	}
	a.doc.OnChange(func(w What) {
		if w&WhatSelection != 0 {
			if start, end := a.doc.Selection(); start != end {
				a.status.set(fmt.Sprintf("selected %d–%d: press 1–9 or a label to tag", start, end))
			}
		}
		if w&WhatSpans != 0 && w&WhatDoc == 0 {
			a.list.updateCounts(a.doc.Bundle())
		}
	})
	a.doc.OnChange(a.review.docChanged) // after the list's counts, which it sums
}

// tag stores a span over [start, end) with label.
func (a *App) tag(start, end int, label string) {
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	if a.annotator == "" {
		a.askAnnotator()
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.tag(start, end, label)
		return
	}
	c, err := a.proj.CreateSpan(a.ctx, annot.Span{DocID: doc, Annotator: a.annotator, Start: start, End: end, Label: label})
	if err != nil {
		a.fail("tag "+label, err)
		return
	}
	a.apply(c)
	a.doc.SelectSpan(c.SpansAdded[0].ID)
	a.saved(fmt.Sprintf("tagged %s %q", label, clipText(a.doc.Slice(start, end), 40)))
}

// tagSelection tags the view's selection, or relabels the selected span,
// as a label button does.
func (a *App) tagSelection(label string) {
	if s, e := a.doc.Selection(); s != e {
		a.tag(s, e, label)
		return
	}
	if id := a.doc.SelectedSpan(); id != "" {
		a.relabel(id, label)
		return
	}
	a.status.set("select some text first, then choose " + label)
}

func (a *App) relabel(id, label string) {
	if s, ok := a.doc.Span(id); ok && s.Label == label {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.relabel(id, label)
		return
	}
	c, err := a.proj.UpdateSpan(a.ctx, id, a.annotator, annot.SpanUpdate{Label: &label})
	if err != nil {
		a.fail("change label", err)
		return
	}
	a.apply(c)
	a.saved("changed label to " + label)
}

func (a *App) setNote(id, note string) {
	if s, ok := a.doc.Span(id); ok && s.Note == note {
		return
	}
	c, err := a.proj.UpdateSpan(a.ctx, id, a.annotator, annot.SpanUpdate{Note: &note})
	if err != nil {
		a.fail("save note", err)
		return
	}
	a.apply(c)
	a.saved("note saved")
}

func (a *App) deleteSpan(id string) {
	s, ok := a.doc.Span(id)
	if !ok {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.decideSpan(s, annot.ReviewReject) // a reviewer rejects; their own span goes
		return
	}
	c, err := a.proj.DeleteSpan(a.ctx, id, a.annotator)
	if err != nil {
		a.fail("delete span", err)
		return
	}
	a.apply(c)
	a.doc.SelectSpan("")
	a.saved(fmt.Sprintf("deleted %s %q (Ctrl+Z to undo)", s.Label, clipText(a.doc.Slice(s.Start, s.End), 40)))
}

// link joins a claim to an actor or source, as annot.PlanLink says.
func (a *App) link(from, to string) {
	first, ok1 := a.doc.Span(from)
	second, ok2 := a.doc.Span(to)
	if !ok1 || !ok2 {
		return
	}
	f, t, typ, err := annot.PlanLink(first, second)
	if err != nil {
		a.status.set(err.Error())
		return
	}
	c, err := a.proj.CreateRelation(a.ctx, annot.Relation{DocID: a.doc.DocID(), Annotator: a.annotator, From: f.ID, To: t.ID, Type: typ})
	if err != nil {
		a.fail("link", err)
		return
	}
	a.apply(c)
	a.doc.SelectSpan(f.ID)
	a.saved(fmt.Sprintf("linked %s %s %s", f.Label, typ, t.Label))
}

func (a *App) unlink(id string) {
	c, err := a.proj.DeleteRelation(a.ctx, id, a.annotator)
	if err != nil {
		a.fail("remove link", err)
		return
	}
	a.apply(c)
	a.saved("link removed")
}

// startLink waits for a click on the actor or source to link the
// selected claim to.
func (a *App) startLink() {
	if !a.view.StartLinking() {
		a.status.set("select a CLAIM first, then press L and click its ACTOR or SOURCE")
		return
	}
	a.status.set("linking: click the ACTOR (said by) or SOURCE (according to); Esc cancels")
}

// verdict accepts or rejects a span as review mode's keys do: one
// undoable review action, with the same spans of others.
func (a *App) verdict(id string, d annot.Status) {
	s, ok := a.doc.Span(id)
	if !ok {
		return
	}
	kind := annot.ReviewAccept
	if d == annot.Rejected {
		kind = annot.ReviewReject
	}
	a.review.decideSpan(s, kind)
}

func (a *App) undo() {
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	c, ok, err := a.proj.Undo(a.ctx, doc, a.annotator)
	switch {
	case err != nil:
		a.fail("undo", err)
	case !ok:
		a.status.set("nothing to undo in this document")
	default:
		a.apply(c)
		a.saved("undid " + c.Action.Kind)
	}
}

func (a *App) redo() {
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	c, ok, err := a.proj.Redo(a.ctx, doc, a.annotator)
	switch {
	case err != nil:
		a.fail("redo", err)
	case !ok:
		a.status.set("nothing to redo in this document")
	default:
		a.apply(c)
		a.saved("redid " + c.Action.Kind)
	}
}

// doneAndNext marks the document done and opens the next one.
func (a *App) doneAndNext() {
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.nextDoc() // a reviewer is not done annotating anything
		return
	}
	c, err := a.proj.SetState(a.ctx, doc, a.annotator, annot.StateDone)
	if err != nil {
		a.fail("mark done", err)
		return
	}
	a.apply(c)
	done := a.doc.Bundle().Doc.Title
	a.reloadDocs()
	if next, ok := a.nextDoc(doc); ok {
		a.open(next)
		a.saved(fmt.Sprintf("marked %q done", clipText(done, 40)))
	} else {
		a.saved(fmt.Sprintf("marked %q done; it is the last document", clipText(done, 40)))
	}
}

// nextDoc is the document to open after doc: on a team server that deals
// documents out, the one it deals to the analyst (never one that enough
// colleagues have already); elsewhere the next in the list.
func (a *App) nextDoc(doc string) (string, bool) {
	if as, ok := a.proj.(annot.Assigner); ok {
		next, ok, err := as.NextDocument(a.ctx, a.annotator)
		if err != nil {
			a.fail("find the next document", err)
			return "", false
		}
		if ok {
			a.reloadDocs() // it may have just been dealt
		}
		return next, ok
	}
	return a.list.after(doc)
}

func (a *App) zoom(delta float32) {
	size := min(max(a.view.TextSize()+delta, 10), 40)
	a.view.SetTextSize(size)
	s := config.Load()
	s.TextScale = size
	if err := config.Save(s); err != nil {
		a.fail("remember the text size", err)
	}
	a.status.set(fmt.Sprintf("text size %.0f", size))
}

// addShortcuts binds the keys that work wherever the focus is.
func (a *App) addShortcuts() {
	c := a.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	add := func(k fyne.KeyName, m fyne.KeyModifier, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: m}, func(fyne.Shortcut) { f() })
	}
	add(fyne.KeyZ, ctrl, a.undo)
	add(fyne.KeyZ, ctrl|fyne.KeyModifierShift, a.redo)
	add(fyne.KeyY, ctrl, a.redo)
	add(fyne.KeyReturn, ctrl, a.doneAndNext)
	add(fyne.KeyEnter, ctrl, a.doneAndNext)
	add(fyne.KeyF, ctrl, a.find.show)
	add(fyne.KeyEqual, ctrl, func() { a.zoom(2) })
	add(fyne.KeyEqual, ctrl|fyne.KeyModifierShift, func() { a.zoom(2) })
	add(fyne.KeyMinus, ctrl, func() { a.zoom(-2) })
	add(fyne.KeyL, ctrl, a.startLink)
	add(fyne.KeyR, ctrl, a.toggleMode)
	add(fyne.KeyQ, ctrl, a.fy.Quit)
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
