package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
)

// needAnnotator asks for the analyst's name if none is known yet, and
// reports whether one is.
func (a *App) needAnnotator() bool {
	if a.annotator == "" {
		a.askAnnotator()
		return false
	}
	return true
}

// runRules suggests with the built-in rules on the open document. The
// rules and the write run on a goroutine; the change comes back to the
// UI goroutine, so a 1 MB article stays responsive meanwhile.
func (s *suggestUI) runRules() {
	a := s.a
	doc, text := a.doc.DocID(), a.doc.Text()
	if doc == "" {
		return
	}
	a.status.set("suggesting…")
	start := time.Now()
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		p := transfer.Proposal(doc, suggest.Builtin().Suggest(suggest.NewDoc(text)))
		c, err := a.proj.AddSuggestions(a.ctx, func(emit func(*annot.Proposal) error) error { return emit(p) })
		s.loads.Wait()
		fyne.Do(func() {
			if err != nil {
				a.fail("suggest", err)
				return
			}
			a.apply(c)
			a.status.set(fmt.Sprintf("the rules suggest %d spans and %d links here (%d new) in %v",
				len(p.Suggestions), len(p.Links), len(c.Suggestions), time.Since(start).Round(time.Millisecond)))
		})
	}()
}

// occurrences suggests the selected span's text, with its label,
// everywhere else in the document (or in every document of the project),
// as one batch: Alt+Shift+Enter accepts the batch, Enter and Backspace
// take it one by one.
func (s *suggestUI) occurrences(project bool) {
	a := s.a
	sp, ok := a.doc.Span(a.doc.SelectedSpan())
	if !ok || a.doc.Mode() != ModeAnnotate {
		a.status.set("select a span first (tag it, or click it), then Ctrl+D suggests its text everywhere in the document, Ctrl+Shift+D in the project")
		return
	}
	doc, text, phrase := a.doc.DocID(), a.doc.Text(), a.doc.Slice(sp.Start, sp.End)
	s.layer.Show(true)
	s.toggle.SetChecked(true)
	a.status.set(fmt.Sprintf("looking for %q…", clipText(phrase, 40)))
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		var c annot.Change
		var res transfer.SuggestResult
		var err error
		if project {
			find := suggest.Compile([]suggest.Pattern{{Label: sp.Label, Phrase: phrase}}, suggest.Options{})
			res, c, err = transfer.Suggest(a.ctx, a.proj, nil, func(t string) suggest.Suggestions {
				var out []suggest.Span
				for _, f := range find.Spans(suggest.NewDoc(t)) {
					if t == text && f.Start == sp.Start && f.End == sp.End {
						continue // the span itself, as Occurrences leaves it out
					}
					f.Origin = annot.OriginOccurrence
					out = append(out, f)
				}
				return suggest.Suggestions{Spans: out}
			}, nil)
		} else {
			p := transfer.Proposal(doc, suggest.Suggestions{Spans: suggest.Occurrences(suggest.NewDoc(text), sp.Start, sp.End, sp.Label)})
			res.Suggestions = len(p.Suggestions)
			c, err = a.proj.AddSuggestions(a.ctx, func(emit func(*annot.Proposal) error) error { return emit(p) })
		}
		s.loads.Wait()
		fyne.Do(func() {
			if err != nil {
				a.fail("tag all occurrences", err)
				return
			}
			s.showBatch(c, sp, phrase, project, res)
		})
	}()
}

// showBatch applies what "tag all occurrences" stored, selects the first
// of the batch in the open document and says what can be done with it.
func (s *suggestUI) showBatch(c annot.Change, sp annot.Span, phrase string, project bool, res transfer.SuggestResult) {
	a := s.a
	a.apply(c)
	if len(c.Suggestions) > 0 && !s.any {
		s.any = true // the batch may all be in other documents
		s.showCount()
	}
	probe := annot.Suggestion{Label: sp.Label, Origin: annot.OriginOccurrence, Start: sp.Start, End: sp.End}
	here := s.layer.Group(probe, true)
	if project {
		var elsewhere []annot.Suggestion
		docs := map[string]bool{}
		for _, g := range c.Suggestions {
			if g.DocID != a.doc.DocID() {
				elsewhere = append(elsewhere, g)
				docs[g.DocID] = true
			}
		}
		a.status.set(fmt.Sprintf("%q as %s: %d more here, %d new in %d other documents", clipText(phrase, 30), sp.Label, len(here), len(elsewhere), len(docs)))
		if len(elsewhere) > 0 {
			s.offerProject(elsewhere, len(docs), phrase, sp.Label)
		}
	} else if len(here) == 0 {
		a.status.set(fmt.Sprintf("%q appears nowhere else in this document", clipText(phrase, 40)))
		return
	} else {
		a.status.set(fmt.Sprintf("%d more %q suggested as %s: Enter or Backspace one by one, Alt+Shift+Enter accepts all, Alt+Shift+Backspace rejects all",
			len(here), clipText(phrase, 30), sp.Label))
	}
	if len(here) > 0 {
		s.layer.Select(here[0].ID)
	}
}

// offerProject asks whether to accept the batch in the other documents
// at once; otherwise each waits in its document to be taken one by one.
func (s *suggestUI) offerProject(group []annot.Suggestion, docs int, phrase, label string) {
	a := s.a
	msg := fmt.Sprintf("%q is suggested as %s in %d more places in %d other documents.\nAccept them all now, or take them one by one as you open each document.",
		clipText(phrase, 40), label, len(group), docs)
	dialog.ShowConfirm("Tag all occurrences in the project", msg, func(ok bool) {
		if !ok || !a.needAnnotator() {
			return
		}
		acc := make([]annot.SuggestionAccept, len(group))
		for i, g := range group {
			acc[i] = annot.SuggestionAccept{ID: g.ID}
		}
		c, err := a.proj.AcceptSuggestions(a.ctx, a.annotator, acc)
		if err != nil {
			a.fail("accept suggestions", err)
			return
		}
		a.apply(c)
		a.reloadDocs()
		a.saved(fmt.Sprintf("accepted %d %q in %d documents (Ctrl+Z in each document undoes its part)", len(group), clipText(phrase, 30), docs))
	}, a.win)
}
