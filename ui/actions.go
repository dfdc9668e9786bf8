package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

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
	v.OnHelp = a.showKeys
	v.OnStartLink = a.startLink
	v.OnLaidOut = func(lines int, d time.Duration) {
		// Added to the message that opened the document, if it is still
		// there: a figure for the curious, not worth a label of its own.
		if msg := a.status.message(); strings.HasPrefix(msg, "opened ") && !strings.Contains(msg, " laid out in ") {
			a.status.set(fmt.Sprintf("%s · %s laid out in %v", msg, count(lines, "line"), d.Round(time.Millisecond)))
		}
	}
	a.doc.OnChange(func(w What) {
		if w&WhatSelection != 0 && !a.view.Linking() && strings.HasPrefix(a.status.message(), "linking ") {
			a.status.set("stopped linking")
		}
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
	t0 := time.Now()
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
	a.logAction("tag", t0, err)
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
	t0 := time.Now()
	if s, ok := a.doc.Span(id); ok && s.Label == label {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.relabel(id, label)
		return
	}
	c, err := a.proj.UpdateSpan(a.ctx, id, a.annotator, annot.SpanUpdate{Label: &label})
	a.logAction("relabel", t0, err)
	if err != nil {
		a.fail("change label", err)
		return
	}
	a.apply(c)
	a.saved("changed label to " + label)
}

func (a *App) setNote(id, note string) {
	t0 := time.Now()
	if s, ok := a.doc.Span(id); ok && s.Note == note {
		return
	}
	c, err := a.proj.UpdateSpan(a.ctx, id, a.annotator, annot.SpanUpdate{Note: &note})
	a.logAction("note", t0, err)
	if err != nil {
		a.fail("save note", err)
		return
	}
	a.apply(c)
	a.saved("note saved")
}

func (a *App) deleteSpan(id string) {
	t0 := time.Now()
	s, ok := a.doc.Span(id)
	if !ok {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.decideSpan(s, annot.ReviewReject) // a reviewer rejects; their own span goes
		return
	}
	c, err := a.proj.DeleteSpan(a.ctx, id, a.annotator)
	a.logAction("delete", t0, err)
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
	t0 := time.Now()
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
	a.logAction("link", t0, err)
	if err != nil {
		a.fail("link", err)
		return
	}
	a.apply(c)
	a.doc.SelectSpan(f.ID)
	a.saved(fmt.Sprintf("linked %s %s %s", f.Label, typ, t.Label))
}

func (a *App) unlink(id string) {
	t0 := time.Now()
	c, err := a.proj.DeleteRelation(a.ctx, id, a.annotator)
	a.logAction("unlink", t0, err)
	if err != nil {
		a.fail("remove link", err)
		return
	}
	a.apply(c)
	a.saved("link removed")
}

// startLink waits for a click on the span to link the selected one to,
// and says, in the status bar and on a band across the top of the
// article, what to click.
func (a *App) startLink() {
	s, ok := a.doc.Span(a.doc.SelectedSpan())
	if !ok {
		a.status.set("select a CLAIM, ACTOR or SOURCE first, then press L and click the span to link it to")
		return
	}
	quote := fmt.Sprintf("%s “%s”", s.Label, clipText(a.doc.Slice(s.Start, s.End), 30))
	var hint string
	switch s.Label {
	case annot.Claim:
		hint = "linking " + quote + ": click who said it (an ACTOR) or on whose authority (a SOURCE); Esc cancels"
	case annot.Actor:
		hint = "linking " + quote + ": click the CLAIM this actor made; Esc cancels"
	case annot.Source:
		hint = "linking " + quote + ": click the CLAIM reported on its authority; Esc cancels"
	default:
		a.status.set(fmt.Sprintf("a %s span cannot be linked: links join a CLAIM to an ACTOR or a SOURCE", s.Label))
		return
	}
	a.view.StartLinking(hint)
	a.status.set(hint)
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
	t0 := time.Now()
	if a.mergeStep == mergeDone {
		a.undoMerge()
		return
	}
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	c, ok, err := a.proj.Undo(a.ctx, doc, a.annotator)
	a.logAction("undo", t0, err)
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
	t0 := time.Now()
	if a.mergeStep == mergeUndone {
		a.redoMerge()
		return
	}
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	c, ok, err := a.proj.Redo(a.ctx, doc, a.annotator)
	a.logAction("redo", t0, err)
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

// doneAndNext marks the document done and opens the next one: the first
// listed after it in import order. The list may no longer hold the
// document just marked (filtered to what is not done yet), so "after"
// goes by its place in the project, not in the list; past the end it
// goes back to the first listed document that is not done.
func (a *App) doneAndNext() {
	t0 := time.Now()
	doc := a.doc.DocID()
	if doc == "" {
		return
	}
	if a.doc.Mode() == ModeReview {
		a.review.nextDoc() // a reviewer is not done annotating anything
		return
	}
	a.panel.flushNote()
	seq := int64(-1)
	for _, d := range a.docs {
		if d.ID == doc {
			seq = d.Seq
		}
	}
	c, err := a.proj.SetState(a.ctx, doc, a.annotator, annot.StateDone)
	a.logAction("done", t0, err)
	if err != nil {
		a.fail("mark done", err)
		return
	}
	a.apply(c)
	done := clipText(a.doc.Bundle().Doc.Title, 40)
	a.reloadDocs()
	if seq < 0 {
		seq = a.doc.Bundle().Doc.Seq
	}
	next, wrapped := a.nextDoc(doc, seq)
	switch {
	case next == "":
		a.saved(fmt.Sprintf("marked %q done; every listed document is done", done))
	case wrapped:
		a.open(next)
		a.saved(fmt.Sprintf("marked %q done; back to the first listed document not done", done))
	default:
		a.open(next)
		a.saved(fmt.Sprintf("marked %q done", done))
	}
}

// nextDoc is the document to open after doc, which was at seq in import
// order: on a team server that deals documents out (annot.Assigner), the
// one it deals to the analyst, never one that enough colleagues have
// already; elsewhere the next listed (docList.next). "" when nothing is
// left.
func (a *App) nextDoc(doc string, seq int64) (next string, wrapped bool) {
	if as, ok := a.proj.(annot.Assigner); ok {
		next, ok, err := as.NextDocument(a.ctx, a.annotator)
		if err != nil {
			a.fail("find the next document", err)
			return "", false
		}
		if !ok {
			return "", false
		}
		a.reloadDocs() // it may have just been dealt
		return next, false
	}
	return a.list.next(doc, seq)
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

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// escape stops linking, clears the selection and closes the find bar,
// for Esc pressed where no widget has the focus.
func (a *App) escape() {
	a.find.hide()
	a.view.Escape()
}
