package ui

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// suggestUI is the window's part for suggestions: the toolbar that shows
// or hides them, runs the built-in rules on the document and accepts or
// rejects a whole label or rule at once; the keys that accept, reject and
// walk them; "tag all occurrences"; and the count in the status bar. The
// suggestions of a document are read, and the rules computed, off the UI
// goroutine, so the first frame of a long article never waits for them;
// every decision is one store call, applied like any other change and
// undone with Ctrl+Z.
type suggestUI struct {
	a     *App
	layer *SuggestionLayer
	box   *fyne.Container // the toolbar above the status bar, hidden in review mode

	toggle   *widget.Check
	showItem *fyne.MenuItem // Suggestions ▸ Show suggestions, checked while shown
	// any is whether the project has had suggestions: until it has, the
	// toolbar and the count stay out of the way (Suggestions ▸ Suggest
	// with the built-in rules makes the first).
	any  bool
	load atomic.Uint64 // bumped per document: a late load is dropped
	// pending counts the goroutines at work (loading, suggesting), so a
	// test can wait for them.
	pending sync.WaitGroup
	// loads counts the loads under way. A write of suggestions waits for
	// them before it hands its change to the UI goroutine, so that a load
	// read before the write is shown before the write's change, never
	// after it: a late load put back the set as it was before the write
	// ("tag all occurrences" just after opening a document lost its batch
	// and its selection).
	loads sync.WaitGroup
}

func newSuggestUI(a *App) *suggestUI {
	s := &suggestUI{a: a, layer: NewSuggestionLayer(a.doc)}
	s.layer.SetAnnotator(a.annotator)
	s.toggle = widget.NewCheck("Suggestions", s.show)
	s.toggle.SetChecked(true)
	run := widget.NewButtonWithIcon("Suggest", theme.SearchIcon(), s.runRules)
	run.Importance = widget.LowImportance
	var acceptAll, rejectAll *widget.Button
	acceptAll = widget.NewButtonWithIcon("Accept all…", theme.ConfirmIcon(), func() { s.groupMenu(acceptAll, true) })
	rejectAll = widget.NewButtonWithIcon("Reject all…", theme.CancelIcon(), func() { s.groupMenu(rejectAll, false) })
	acceptAll.Importance, rejectAll.Importance = widget.LowImportance, widget.LowImportance
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.next(true) })
	next := widget.NewButtonWithIcon("Next (])", theme.NavigateNextIcon(), func() { s.next(false) })
	prev.Importance, next.Importance = widget.LowImportance, widget.LowImportance
	s.box = container.NewHBox(s.toggle, run, acceptAll, rejectAll, prev, next)
	s.box.Hide()
	a.view.SetSuggestions(s.layer)
	a.view.OnSuggestion(func(id string) { s.accept(id, "") }, s.reject)
	s.layer.OnChange(s.showCount)
	a.doc.OnChange(func(w What) {
		if w&WhatMode != 0 {
			s.showCount()
		}
	})
	s.addShortcuts()
	return s
}

// addShortcuts binds the keys with modifiers; Enter, Backspace, the label
// keys and [ ] come through the view (onKey, onRune).
func (s *suggestUI) addShortcuts() {
	add := func(k fyne.KeyName, m fyne.KeyModifier, f func()) {
		s.a.bind(&desktop.CustomShortcut{KeyName: k, Modifier: m}, "", f)
	}
	alt, shift, ctrl := fyne.KeyModifierAlt, fyne.KeyModifierShift, fyne.KeyModifierShortcutDefault
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter} {
		add(k, alt, func() { s.decideGroup(false, true) })
		add(k, alt|shift, func() { s.decideGroup(true, true) })
	}
	add(fyne.KeyBackspace, alt, func() { s.decideGroup(false, false) })
	add(fyne.KeyBackspace, alt|shift, func() { s.decideGroup(true, false) })
	add(fyne.KeyD, ctrl, func() { s.occurrences(false) })
	add(fyne.KeyD, ctrl|shift, func() { s.occurrences(true) })
}

// show shows or hides the suggestions, as the toolbar's box and the
// menu's item say.
func (s *suggestUI) show(on bool) {
	s.layer.Show(on)
	if s.showItem != nil && s.showItem.Checked != on {
		s.showItem.Checked = on
		if s.a.mainMenu != nil {
			s.a.mainMenu.Refresh()
		}
	}
}

// menu is the window's Suggestions menu.
func (s *suggestUI) menu() *fyne.Menu {
	s.showItem = fyne.NewMenuItem("Show suggestions", func() { s.toggle.SetChecked(!s.toggle.Checked) })
	s.showItem.Checked = s.toggle.Checked
	return fyne.NewMenu("Suggestions",
		s.showItem,
		fyne.NewMenuItem("Suggest with the built-in rules", s.runRules),
		fyne.NewMenuItem("Tag all occurrences in the document (Ctrl+D)", func() { s.occurrences(false) }),
		fyne.NewMenuItem("Tag all occurrences in the project (Ctrl+Shift+D)", func() { s.occurrences(true) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Accept (Enter)", func() { s.decideHere(true) }),
		fyne.NewMenuItem("Reject (Backspace)", func() { s.decideHere(false) }),
		fyne.NewMenuItem("Accept all of this label (Alt+Enter)", func() { s.decideGroup(false, true) }),
		fyne.NewMenuItem("Accept all of this rule (Alt+Shift+Enter)", func() { s.decideGroup(true, true) }),
		fyne.NewMenuItem("Reject all of this label (Alt+Backspace)", func() { s.decideGroup(false, false) }),
		fyne.NewMenuItem("Reject all of this rule (Alt+Shift+Backspace)", func() { s.decideGroup(true, false) }),
		fyne.NewMenuItem("Next suggestion (])", func() { s.next(false) }),
		fyne.NewMenuItem("Previous suggestion ([)", func() { s.next(true) }),
	)
}

// loadFor reads a document's suggestions on a goroutine and hands them
// to the layer on the UI goroutine, unless another document is open by
// then.
func (s *suggestUI) loadFor(docID string) {
	gen := s.load.Add(1)
	proj := s.a.proj
	s.pending.Add(1)
	s.loads.Add(1)
	s.a.async(func() {
		defer s.pending.Done()
		defer s.loads.Done()
		set, err := proj.Suggested(s.a.ctx, docID)
		any := err == nil && len(set.Suggestions) > 0
		if err == nil && !any {
			any = projectHasSuggestions(s.a.ctx, proj)
		}
		fyne.Do(func() {
			if s.load.Load() != gen {
				return
			}
			if err != nil {
				s.a.fail("load suggestions", err)
				return
			}
			s.any = any
			s.layer.Load(set)
			s.showCount()
		})
	})
}

// projectHasSuggestions reports whether proj holds a suggestion; a
// project that fails to say is taken to have some, so the toolbar shows
// as it always did.
func projectHasSuggestions(ctx context.Context, proj Project) bool {
	has, err := proj.HasSuggestions(ctx)
	return err != nil || has
}

// reload reads the open document's suggestions again, after something
// outside the window (an import, a label renamed) may have changed them.
func (s *suggestUI) reload() {
	if id := s.a.doc.DocID(); id != "" {
		s.loadFor(id)
	}
}

// showCount puts what is left in the status bar, and shows the toolbar
// in annotate mode once the project has suggestions. A document that
// has some (a run of the rules just stored them) says so before the
// project is asked again.
func (s *suggestUI) showCount() {
	l := s.layer
	if l.Loaded() && len(l.set.Suggestions) > 0 {
		s.any = true
	}
	if s.any && s.a.doc.Mode() == ModeAnnotate {
		s.box.Show()
	} else {
		s.box.Hide()
	}
	switch {
	case s.a.doc.Mode() != ModeAnnotate || !l.Loaded() || !s.any:
		s.a.status.setSuggestions("")
	case !l.Shown():
		s.a.status.setSuggestions(fmt.Sprintf("%d suggestions hidden", len(l.Open())))
	default:
		s.a.status.setSuggestions(fmt.Sprintf("%d suggestions left", len(l.Open())))
	}
}

// here is the suggestion a key acts on: the selected one, else the one
// under the pointer when no span is selected.
func (s *suggestUI) here() (annot.Suggestion, bool) {
	if g, ok := s.layer.Selected(); ok {
		return g, true
	}
	if s.a.doc.SelectedSpan() != "" {
		return annot.Suggestion{}, false
	}
	return s.a.view.UnderPointer()
}

// onKey takes Enter (accept), Backspace (reject) and Escape (unselect)
// in annotate mode, for the suggestion here; other keys, and these when
// no suggestion is here, go on to the view.
func (s *suggestUI) onKey(k fyne.KeyName) bool {
	if s.a.doc.Mode() != ModeAnnotate {
		return false
	}
	switch k {
	case fyne.KeyReturn, fyne.KeyEnter:
		return s.decideHere(true)
	case fyne.KeyBackspace:
		return s.decideHere(false)
	case fyne.KeyEscape:
		if _, ok := s.layer.Selected(); ok {
			s.layer.Select("")
		}
	}
	return false
}

// onRune takes ] and [ (next, previous) and, with a suggestion selected,
// a label's key: accept it as that label, changed if the label differs.
func (s *suggestUI) onRune(r rune) bool {
	if s.a.doc.Mode() != ModeAnnotate || !s.layer.Shown() {
		return false
	}
	switch r {
	case ']':
		s.next(false)
		return true
	case '[':
		s.next(true)
		return true
	}
	g, ok := s.layer.Selected()
	if !ok {
		return false
	}
	l, ok := annot.LabelForKey(s.a.doc.Labels(), r)
	if !ok {
		return false
	}
	s.accept(g.ID, l.Name)
	return true
}

// decideHere accepts or rejects the suggestion here; it reports whether
// there was one.
func (s *suggestUI) decideHere(accept bool) bool {
	g, ok := s.here()
	if !ok {
		return false
	}
	if accept {
		s.accept(g.ID, "")
	} else {
		s.reject(g.ID)
	}
	return true
}

// after selects the suggestion after g once g is decided, if g was the
// selected one, so that Enter and Backspace walk the document.
func (s *suggestUI) after(g annot.Suggestion, wasSelected bool) {
	if !wasSelected {
		return
	}
	if n, ok := s.layer.Next(g, false); ok && n.ID != g.ID {
		s.layer.Select(n.ID)
	}
}

// accept makes suggestion id the analyst's span, as label if it is not
// "" (a change from the suggestion when it differs).
func (s *suggestUI) accept(id, label string) {
	if !s.a.needAnnotator() {
		return
	}
	if !s.layer.Loaded() {
		return
	}
	g, _ := s.layer.set.Suggestion(id)
	sel, _ := s.layer.Selected()
	c, err := s.a.proj.AcceptSuggestions(s.a.ctx, s.a.annotator, []annot.SuggestionAccept{{ID: id, Label: label}})
	if err != nil {
		s.a.fail("accept suggestion", err)
		return
	}
	s.a.apply(c)
	s.after(g, sel.ID == id)
	what := "accepted"
	if len(c.SuggestionDecisions) > 0 && c.SuggestionDecisions[0].Decision == annot.DecisionChanged {
		what = "accepted as " + label
	}
	s.a.saved(fmt.Sprintf("%s %s %q%s (Ctrl+Z to undo)", what, g.Label, clipText(s.a.doc.Slice(g.Start, g.End), 40), linked(c)))
}

func linked(c annot.Change) string {
	if n := len(c.RelationsAdded); n > 0 {
		return fmt.Sprintf(", %d links made", n)
	}
	return ""
}

// reject hides suggestion id for the analyst.
func (s *suggestUI) reject(id string) {
	if !s.a.needAnnotator() {
		return
	}
	if !s.layer.Loaded() {
		return
	}
	g, _ := s.layer.set.Suggestion(id)
	sel, _ := s.layer.Selected()
	c, err := s.a.proj.RejectSuggestions(s.a.ctx, s.a.annotator, []string{id})
	if err != nil {
		s.a.fail("reject suggestion", err)
		return
	}
	s.a.apply(c)
	s.after(g, sel.ID == id)
	s.a.saved(fmt.Sprintf("rejected %s %q (Ctrl+Z to undo)", g.Label, clipText(s.a.doc.Slice(g.Start, g.End), 40)))
}

// decideGroup accepts or rejects, in one store call, every open
// suggestion like the one here: of its label, or of its origin.
func (s *suggestUI) decideGroup(byOrigin, accept bool) {
	if s.a.doc.Mode() != ModeAnnotate {
		return
	}
	g, ok := s.here()
	if !ok {
		s.a.status.set("select a suggestion first (click its dashed frame, or press ])")
		return
	}
	what := g.Label
	if byOrigin {
		what = g.Origin
	}
	s.decideAll(s.layer.Group(g, byOrigin), what, accept)
}

// decideAll accepts or rejects suggestions in one store call: one
// transaction and one step of undo.
func (s *suggestUI) decideAll(group []annot.Suggestion, what string, accept bool) {
	if len(group) == 0 || !s.a.needAnnotator() {
		return
	}
	var c annot.Change
	var err error
	if accept {
		acc := make([]annot.SuggestionAccept, len(group))
		for i, g := range group {
			acc[i] = annot.SuggestionAccept{ID: g.ID}
		}
		c, err = s.a.proj.AcceptSuggestions(s.a.ctx, s.a.annotator, acc)
	} else {
		ids := make([]string, len(group))
		for i, g := range group {
			ids[i] = g.ID
		}
		c, err = s.a.proj.RejectSuggestions(s.a.ctx, s.a.annotator, ids)
	}
	verb := map[bool]string{true: "accept", false: "reject"}[accept]
	if err != nil {
		s.a.fail(verb+" suggestions", err)
		return
	}
	s.a.apply(c)
	s.a.saved(fmt.Sprintf("%sed %d %s suggestions%s (Ctrl+Z to undo)", verb, len(group), what, linked(c)))
}

// groupMenu offers every label and origin among the open suggestions,
// with how many each has, to accept or reject at once.
func (s *suggestUI) groupMenu(at fyne.CanvasObject, accept bool) {
	open := s.layer.Visible()
	if len(open) == 0 {
		s.a.status.set("no suggestions left in this document")
		return
	}
	byLabel, byOrigin := map[string][]annot.Suggestion{}, map[string][]annot.Suggestion{}
	for _, g := range open {
		byLabel[g.Label] = append(byLabel[g.Label], g)
		byOrigin[g.Origin] = append(byOrigin[g.Origin], g)
	}
	var items []*fyne.MenuItem
	for _, groups := range []map[string][]annot.Suggestion{byLabel, byOrigin} {
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		for _, k := range keys {
			group, what := groups[k], k
			items = append(items, fyne.NewMenuItem(fmt.Sprintf("%s (%d)", k, len(group)), func() { s.decideAll(group, what, accept) }))
		}
	}
	c := s.a.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(at).Add(fyne.NewPos(0, at.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

// next selects the next (or previous) suggestion after the selected one,
// or after the top of the screen.
func (s *suggestUI) next(back bool) {
	from, ok := s.layer.Selected()
	if !ok {
		from = annot.Suggestion{Start: s.a.view.firstVisibleOffset()}
		if back {
			from.Start++
		}
	}
	g, ok := s.layer.Next(from, back)
	if !ok {
		s.a.status.set("no suggestions left in this document")
		return
	}
	s.layer.Select(g.ID)
	s.a.status.set(fmt.Sprintf("%s suggested by %s: Enter accepts, Backspace rejects, a label key accepts it as that label", g.Label, g.Origin))
}
