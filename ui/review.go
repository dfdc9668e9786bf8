package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// reviewUI is review mode's part of the window: the bar that chooses
// whose spans are compared and accepts what they agree on, the keys that
// decide, and the agreement and progress that the document list and the
// status bar show. Every decision is one Review call, applied to the
// open document like any other change and undone with Ctrl+Z.
type reviewUI struct {
	a   *App
	box *fyne.Container // the bar, shown in review mode only

	who     *widget.CheckGroup
	whoName map[string]string // check label ("AS asha") -> annotator
	whoSync bool              // setting the checks from code
	minK    *widget.Select
	worst   *widget.Check

	// correcting is the span the reviewer is correcting: the next
	// selection and label key (or Enter) replace it.
	correcting string

	scores map[string]docScore // agreement by document ID
}

func newReviewUI(a *App) *reviewUI {
	r := &reviewUI{a: a, scores: map[string]docScore{}, whoName: map[string]string{}}
	r.who = widget.NewCheckGroup(nil, r.onWho)
	r.who.Horizontal = true
	all := widget.NewButton("All", func() { r.showOnly(nil) })
	all.Importance = widget.LowImportance
	r.minK = widget.NewSelect([]string{"all agree"}, nil)
	r.minK.SetSelected("all agree")
	agreed := widget.NewButtonWithIcon("Accept agreed (M)", theme.ConfirmIcon(), r.acceptAgreed)
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { r.next(true) })
	prev.Importance = widget.LowImportance
	next := widget.NewButtonWithIcon("Next (N)", theme.NavigateNextIcon(), func() { r.next(false) })
	next.Importance = widget.LowImportance
	r.worst = widget.NewCheck("Worst agreement first", func(on bool) { a.reloadDocs() })
	// The bar scrolls rather than widening the window when many
	// annotators are listed.
	r.box = container.NewStack(container.NewHScroll(container.NewHBox(r.who, all, widget.NewSeparator(), agreed, r.minK,
		widget.NewSeparator(), prev, next, widget.NewSeparator(), r.worst)))
	r.box.Hide()
	return r
}

// setMode switches the window between annotating and reviewing.
func (a *App) setMode(mode Mode) {
	r := a.review
	r.correcting = ""
	if mode == ModeReview {
		r.box.Show()
		r.showOnly(r.who.Selected)
	} else {
		r.box.Hide()
		a.doc.ShowAnnotators()
	}
	a.doc.SetMode(mode)
	a.status.setMode(mode)
	if mode == ModeReview {
		r.refreshScores()
		a.status.set("review: A accepts, R rejects, E corrects, N/P go to the next/previous disagreement, M accepts what all agree on; Ctrl+Z undoes")
	} else {
		a.status.set("annotating")
	}
	a.reloadDocs()
}

func (a *App) toggleMode() {
	if a.doc.Mode() == ModeReview {
		a.setMode(ModeAnnotate)
	} else {
		a.setMode(ModeReview)
	}
}

// showOnly compares these annotators (nil: everyone).
func (r *reviewUI) showOnly(names []string) {
	if len(names) == 0 || len(names) == len(r.who.Options) {
		names = nil
	}
	r.a.doc.ShowAnnotators(names...)
	r.syncWho()
}

func (r *reviewUI) onWho(checked []string) {
	if r.whoSync {
		return
	}
	var names []string
	for _, c := range checked {
		names = append(names, r.whoName[c])
	}
	if len(names) == 0 {
		r.a.status.set("choose at least one annotator to compare")
		r.syncWho()
		return
	}
	r.showOnly(names)
}

// syncWho lists the document's annotators, with the initials that mark
// their lanes, and checks the shown ones.
func (r *reviewUI) syncWho() {
	m := r.a.doc
	r.whoSync = true
	defer func() { r.whoSync = false }()
	inits := map[string]string{}
	for i, n := range m.Lanes() {
		inits[n] = m.LaneInitials()[i]
	}
	r.who.Options, r.who.Selected = nil, nil
	clear(r.whoName)
	for _, n := range annot.Annotated(bundleOr(m)) {
		label := n
		if in := inits[n]; in != "" {
			label = in + "  " + n
		}
		r.whoName[label] = n
		r.who.Options = append(r.who.Options, label)
		if m.IsShown(n) {
			r.who.Selected = append(r.who.Selected, label)
		}
	}
	r.who.Refresh()
	opts := []string{"all agree"}
	for k := len(m.Lanes()) - 1; k >= 1; k-- {
		opts = append(opts, fmt.Sprintf("at least %d", k))
	}
	r.minK.Options = opts
	if !contains(opts, r.minK.Selected) {
		r.minK.SetSelected("all agree")
	}
	r.minK.Refresh()
}

func bundleOr(m *DocModel) *annot.Bundle {
	if b := m.Bundle(); b != nil {
		return b
	}
	return &annot.Bundle{}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// docChanged follows the open document: the annotators to choose from,
// the document's agreement and what is left to decide.
func (r *reviewUI) docChanged(w What) {
	if w&(WhatDoc|WhatSpans|WhatShown) == 0 {
		return
	}
	if w&WhatDoc != 0 {
		r.correcting = ""
	}
	if r.a.doc.Mode() != ModeReview {
		return
	}
	if w&(WhatDoc|WhatSpans) != 0 {
		r.syncWho()
		if b := r.a.doc.Bundle(); b != nil {
			r.scores[b.Doc.ID] = scoreOf(b)
			r.a.list.refreshDoc(b.Doc.ID)
		}
	}
	r.showProgress()
}

// showProgress says in the status bar how far the review has got.
func (r *reviewUI) showProgress() {
	done, total := 0, 0
	for i := range r.a.docs {
		d := &r.a.docs[i]
		if d.SpanCount() > 0 {
			total++
			if d.Reviewed() {
				done++
			}
		}
	}
	what := "documents with spans"
	if r.a.list.query() != "" {
		what = "listed documents with spans"
	}
	progress := fmt.Sprintf("reviewed %d of %d %s", done, total, what)
	if b := r.a.doc.Bundle(); b != nil && len(b.Spans) > 0 {
		progress = fmt.Sprintf("here %d undecided · ", r.a.doc.Undecided()) + progress
	}
	r.a.status.setReview(progress)
}

// onRune takes review mode's keys.
func (r *reviewUI) onRune(c rune) bool {
	if r.a.doc.Mode() != ModeReview {
		return false
	}
	switch c {
	case 'a', 'A':
		r.decide(annot.ReviewAccept)
	case 'r', 'R':
		r.decide(annot.ReviewReject)
	case 'n', 'N':
		r.next(false)
	case 'p', 'P':
		r.next(true)
	case 'm', 'M':
		r.acceptAgreed()
	case 'e', 'E':
		r.startCorrecting()
	default:
		return false
	}
	return true
}

// onKey takes Enter (finish a correction keeping the label) and Escape
// (stop correcting) in review mode.
func (r *reviewUI) onKey(k fyne.KeyName) bool {
	if r.a.doc.Mode() != ModeReview {
		return false
	}
	switch k {
	case fyne.KeyReturn, fyne.KeyEnter:
		if r.correcting == "" {
			return false
		}
		s, ok := r.a.doc.Span(r.correcting)
		if start, end := r.a.doc.Selection(); ok && start != end {
			r.correct(r.correcting, start, end, s.Label)
		}
		return true
	case fyne.KeyEscape:
		if r.correcting != "" {
			r.correcting = ""
			r.a.status.set("correction cancelled")
		}
	}
	return false
}

func (r *reviewUI) selected() (annot.Span, bool) {
	s, ok := r.a.doc.Span(r.a.doc.SelectedSpan())
	if !ok {
		r.a.status.set("select a span first: click it, or its bar in a lane, or press N")
	}
	return s, ok
}

func (r *reviewUI) decide(kind annot.ReviewKind) {
	if s, ok := r.selected(); ok {
		r.decideSpan(s, kind)
	}
}

func (r *reviewUI) decideSpan(s annot.Span, kind annot.ReviewKind) {
	c, ok := r.run(annot.ReviewOp{Kind: kind, Span: s.ID})
	if !ok {
		return
	}
	what := string(kind) + "ed"
	if kind == annot.ReviewReject && s.Curation {
		what = "removed your"
	}
	r.report(c, fmt.Sprintf("%s %s “%s”", what, s.Label, clipText(r.a.doc.Slice(s.Start, s.End), 40)))
}

// acceptAgreed accepts what the lanes agree on, or at least K of them.
func (r *reviewUI) acceptAgreed() {
	k := 0
	fmt.Sscanf(r.minK.Selected, "at least %d", &k)
	c, ok := r.run(annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Annotators: r.a.doc.Shown(), Min: k})
	if !ok {
		return
	}
	lanes := len(r.a.doc.Lanes())
	switch {
	case lanes < 2 && k == 0:
		r.a.status.set("agreement needs two annotators: compare two or more, or accept spans one by one")
	case c.Empty():
		r.a.status.set("nothing agreed is left undecided")
	default:
		r.report(c, fmt.Sprintf("accepted %d agreed spans", len(c.Verdicts)))
	}
}

// next selects the next (or previous) undecided span the lanes disagree
// on.
func (r *reviewUI) next(back bool) {
	m := r.a.doc
	s, ok := m.NextToReview(m.SelectedSpan(), back)
	if !ok {
		if m.Undecided() > 0 {
			r.a.status.set(fmt.Sprintf("no disagreements left; %d agreed spans wait (M accepts them)", m.Undecided()))
		} else {
			r.a.status.set("nothing left to decide in this document")
		}
		return
	}
	m.SelectSpan(s.ID)
	have, of := m.Consensus(s)
	r.a.status.set(fmt.Sprintf("%s by %s, marked so by %d of %d: A accepts, R rejects, E corrects", s.Label, s.Annotator, have, of))
}

func (r *reviewUI) startCorrecting() {
	s, ok := r.selected()
	if !ok {
		return
	}
	r.correcting = s.ID
	r.a.status.set(fmt.Sprintf("correcting %s by %s: select the right words, then press a label key (Enter keeps %s); Esc cancels",
		s.Label, s.Annotator, s.Label))
}

// tag is a label key in review mode: with a correction under way it
// finishes it, else the selection becomes the reviewer's own span.
func (r *reviewUI) tag(start, end int, label string) {
	if r.correcting != "" {
		r.correct(r.correcting, start, end, label)
		return
	}
	c, ok := r.run(annot.ReviewOp{Kind: annot.ReviewAdd, Start: start, End: end, Label: label})
	if ok {
		r.selectResult(c)
		r.report(c, fmt.Sprintf("added %s “%s” to gold", label, clipText(r.a.doc.Slice(start, end), 40)))
	}
}

// relabel is a label key on a selected span in review mode: a correction
// of its label.
func (r *reviewUI) relabel(id, label string) {
	s, ok := r.a.doc.Span(id)
	if !ok || s.Label == label {
		return
	}
	r.correct(id, s.Start, s.End, label)
}

func (r *reviewUI) correct(id string, start, end int, label string) {
	s, _ := r.a.doc.Span(id)
	c, ok := r.run(annot.ReviewOp{Kind: annot.ReviewCorrect, Span: id, Start: start, End: end, Label: label})
	if !ok {
		return
	}
	r.correcting = ""
	r.selectResult(c)
	r.report(c, fmt.Sprintf("corrected %s by %s to %s “%s”", s.Label, s.Annotator, label, clipText(r.a.doc.Slice(start, end), 40)))
}

// selectResult selects the span a correction or addition made, or the
// one it accepted instead.
func (r *reviewUI) selectResult(c annot.Change) {
	if len(c.SpansAdded) > 0 {
		r.a.doc.SelectSpan(c.SpansAdded[0].ID)
		return
	}
	for _, s := range c.SpansUpdated {
		if s.Status == annot.Accepted {
			r.a.doc.SelectSpan(s.ID)
			return
		}
	}
}

// run makes one review call for the open document as the current
// annotator and applies what it changed.
func (r *reviewUI) run(op annot.ReviewOp) (annot.Change, bool) {
	a := r.a
	doc := a.doc.DocID()
	if doc == "" {
		return annot.Change{}, false
	}
	if a.annotator == "" {
		a.askAnnotator()
		return annot.Change{}, false
	}
	op.DocID, op.Reviewer = doc, a.annotator
	c, err := a.proj.Review(a.ctx, op)
	if err != nil {
		a.fail(string(op.Kind), err)
		return annot.Change{}, false
	}
	a.apply(c)
	return c, true
}

// report says what a review action did, with what it brought along.
func (r *reviewUI) report(c annot.Change, what string) {
	if c.Empty() {
		r.a.status.set(what + ": nothing changed")
		return
	}
	extra := []string{}
	if n := len(c.Verdicts) - 1; n > 0 && !strings.HasPrefix(what, "accepted ") {
		extra = append(extra, fmt.Sprintf("%d more decided with it", n))
	}
	if n := len(c.RelationsAdded); n > 0 {
		extra = append(extra, fmt.Sprintf("%d links carried over", n))
	}
	for _, st := range c.States {
		if st.State == annot.StateReviewed {
			extra = append(extra, "the document is reviewed")
			break
		}
	}
	if len(extra) > 0 {
		what += " (" + strings.Join(extra, ", ") + ")"
	}
	r.a.saved(what + " · Ctrl+Z undoes")
}

// reviewMenu lists review mode's actions with their keys.
func (a *App) reviewMenu() *fyne.Menu {
	r := a.review
	inReview := func(f func()) func() {
		return func() {
			if a.doc.Mode() != ModeReview {
				a.setMode(ModeReview)
			}
			f()
		}
	}
	toggle := fyne.NewMenuItem("Review mode on or off", a.toggleMode)
	toggle.Shortcut = custom(fyne.KeyR, ctrl)
	return fyne.NewMenu("Review",
		toggle,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Accept selected span (A)", inReview(func() { r.decide(annot.ReviewAccept) })),
		fyne.NewMenuItem("Reject selected span (R)", inReview(func() { r.decide(annot.ReviewReject) })),
		fyne.NewMenuItem("Correct selected span (E)", inReview(r.startCorrecting)),
		fyne.NewMenuItem("Next disagreement (N)", inReview(func() { r.next(false) })),
		fyne.NewMenuItem("Previous disagreement (P)", inReview(func() { r.next(true) })),
		fyne.NewMenuItem("Accept what all agree on (M)", inReview(r.acceptAgreed)),
	)
}

// nextDoc opens the next listed document that has something left to
// decide, as Ctrl+Enter does in review mode; it sets no state, since a
// reviewer's own state would make them one of the document's annotators.
func (r *reviewUI) nextDoc() {
	a := r.a
	cur := a.doc.DocID()
	start := 0
	for i := range a.docs {
		if a.docs[i].ID == cur {
			start = i + 1
		}
	}
	for k := 0; k < len(a.docs); k++ {
		d := a.docs[(start+k)%len(a.docs)]
		if d.ID != cur && d.SpanCount() > 0 && !d.Reviewed() {
			a.open(d.ID)
			a.status.set(fmt.Sprintf("opened %q: %d undecided", clipText(d.Title, 40), d.Undecided))
			return
		}
	}
	a.status.set("every listed document with spans is reviewed")
}
