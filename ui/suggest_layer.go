package ui

import (
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// SuggestionLayer is the open document's suggestions as the window shows
// them to one analyst: everything stored for the document
// (annot.Suggested), the suggestions still open for the analyst in order,
// whether they are shown, and which one is selected. It follows its
// DocModel: another document empties it until that document's
// suggestions are loaded, a span the analyst tags by hand hides a
// suggestion of the same span, and selecting text or a span unselects the
// suggestion (and the other way round), so one thing is selected at a
// time. Review mode shows no suggestions: a reviewer compares people.
//
// Like the DocModel it is used on the Fyne goroutine only and calls its
// listeners there.
type SuggestionLayer struct {
	m         *DocModel
	annotator string
	set       *annot.Suggested // nil until loaded
	open      []annot.Suggestion
	shown     bool
	selected  string
	selecting bool // Select is clearing the model's selection
	listeners []func()
}

// NewSuggestionLayer returns a layer that follows m, shown, with nothing
// loaded.
func NewSuggestionLayer(m *DocModel) *SuggestionLayer {
	l := &SuggestionLayer{m: m, shown: true}
	m.OnChange(l.modelChanged)
	return l
}

// OnChange adds a listener, called after every change of the layer.
func (l *SuggestionLayer) OnChange(fn func()) { l.listeners = append(l.listeners, fn) }

func (l *SuggestionLayer) notify() {
	for _, fn := range l.listeners {
		fn()
	}
}

func (l *SuggestionLayer) modelChanged(w What) {
	changed := false
	if w&WhatDoc != 0 {
		l.set, l.open, l.selected = nil, nil, ""
		changed = true
	} else if w&WhatSpans != 0 {
		changed = l.refresh()
	}
	if w&WhatSelection != 0 && !l.selecting && l.selected != "" {
		if s, e := l.m.Selection(); s != e || l.m.SelectedSpan() != "" {
			l.selected, changed = "", true
		}
	}
	if w&WhatMode != 0 {
		l.selected, changed = "", true
	}
	if changed {
		l.notify()
	}
}

// refresh works out the open suggestions again; it reports whether they
// changed.
func (l *SuggestionLayer) refresh() bool {
	var open []annot.Suggestion
	if l.set != nil { // before a name is known, every suggestion is open
		var spans []annot.Span
		if b := l.m.Bundle(); b != nil {
			spans = b.Spans
		}
		open = l.set.Open(l.annotator, spans)
	}
	same := len(open) == len(l.open)
	for i := 0; same && i < len(open); i++ {
		same = open[i] == l.open[i]
	}
	l.open = open
	if l.selected != "" && !l.isOpen(l.selected) {
		l.selected = ""
	}
	return !same
}

func (l *SuggestionLayer) isOpen(id string) bool {
	for _, g := range l.open {
		if g.ID == id {
			return true
		}
	}
	return false
}

// SetAnnotator says whose decisions count: another analyst sees other
// suggestions open.
func (l *SuggestionLayer) SetAnnotator(name string) {
	if name == l.annotator {
		return
	}
	l.annotator = name
	l.selected = ""
	l.refresh()
	l.notify()
}

// Load takes the suggestions stored for the open document. Suggestions
// of another document (a load that finished after the analyst moved on)
// are dropped.
func (l *SuggestionLayer) Load(s *annot.Suggested) {
	if s == nil || s.DocID != l.m.DocID() {
		return
	}
	l.set = s
	l.refresh()
	l.notify()
}

// Loaded reports whether the open document's suggestions have been read.
func (l *SuggestionLayer) Loaded() bool { return l.set != nil }

// Apply brings the layer up to date with a change a write returned, as
// annot.Suggested.Apply does; the spans it adds or removes reach the
// layer through the DocModel. It reports whether the layer changed.
func (l *SuggestionLayer) Apply(c annot.Change) bool {
	if l.set == nil || !l.set.Apply(c) {
		return false
	}
	l.refresh()
	l.notify()
	return true
}

// Show shows or hides the suggestions.
func (l *SuggestionLayer) Show(on bool) {
	if on == l.shown {
		return
	}
	l.shown = on
	if !on {
		l.selected = ""
	}
	l.notify()
}

// Shown reports whether suggestions are shown (the toolbar's toggle).
func (l *SuggestionLayer) Shown() bool { return l.shown }

// Open lists the suggestions still open for the analyst, by start, end
// and label, whether shown or not.
func (l *SuggestionLayer) Open() []annot.Suggestion { return l.open }

// Visible lists the open suggestions when they are drawn: shown, and in
// annotate mode.
func (l *SuggestionLayer) Visible() []annot.Suggestion {
	if !l.shown || l.m.Mode() != ModeAnnotate {
		return nil
	}
	return l.open
}

// In lists the visible suggestions that overlap [start, end).
func (l *SuggestionLayer) In(start, end int) []annot.Suggestion {
	vis := l.Visible()
	n := sort.Search(len(vis), func(i int) bool { return vis[i].Start >= end })
	var out []annot.Suggestion
	for _, g := range vis[:n] {
		if g.End > start {
			out = append(out, g)
		}
	}
	return out
}

// At is the innermost visible suggestion covering code point p.
func (l *SuggestionLayer) At(p int) (annot.Suggestion, bool) {
	var best annot.Suggestion
	found := false
	for _, g := range l.In(p, p+1) {
		if !found || g.End-g.Start < best.End-best.Start {
			best, found = g, true
		}
	}
	return best, found
}

// Select selects a visible suggestion by ID ("" for none), unselecting
// the model's text and span.
func (l *SuggestionLayer) Select(id string) {
	l.selecting = true
	if s, e := l.m.Selection(); s != e {
		l.m.Select(0, 0)
	}
	if l.m.SelectedSpan() != "" {
		l.m.SelectSpan("")
	}
	l.selecting = false
	l.selected = id
	l.notify()
}

// Selected is the selected suggestion, if one is and it is visible.
func (l *SuggestionLayer) Selected() (annot.Suggestion, bool) {
	if l.selected == "" {
		return annot.Suggestion{}, false
	}
	for _, g := range l.Visible() {
		if g.ID == l.selected {
			return g, true
		}
	}
	return annot.Suggestion{}, false
}

// Next is the visible suggestion after the one that starts at from (or
// after from), or before it when back is set; it wraps around.
func (l *SuggestionLayer) Next(from annot.Suggestion, back bool) (annot.Suggestion, bool) {
	vis := l.Visible()
	if len(vis) == 0 {
		return annot.Suggestion{}, false
	}
	i := sort.Search(len(vis), func(i int) bool { return annot.CompareSuggestions(vis[i], from) > 0 })
	if back {
		i = sort.Search(len(vis), func(i int) bool { return annot.CompareSuggestions(vis[i], from) >= 0 }) - 1
		if i < 0 {
			i = len(vis) - 1
		}
		return vis[i], true
	}
	if i >= len(vis) {
		i = 0
	}
	return vis[i], true
}

// LinkedTo lists the suggestions that a suggested link joins to id.
func (l *SuggestionLayer) LinkedTo(id string) []annot.Suggestion {
	if l.set == nil {
		return nil
	}
	var out []annot.Suggestion
	for _, k := range l.set.Links {
		other := ""
		switch id {
		case k.From:
			other = k.To
		case k.To:
			other = k.From
		}
		if g, ok := l.set.Suggestion(other); ok && other != "" {
			out = append(out, g)
		}
	}
	return out
}

// Group lists the open suggestions like g: of its label when byOrigin is
// false; of its origin when it is set, and for "tag all occurrences" of
// its text and label too, so that one batch is taken at once.
func (l *SuggestionLayer) Group(g annot.Suggestion, byOrigin bool) []annot.Suggestion {
	text := l.m.Slice(g.Start, g.End)
	var out []annot.Suggestion
	for _, o := range l.Visible() {
		switch {
		case !byOrigin && o.Label == g.Label:
		case byOrigin && o.Origin == g.Origin && (o.Origin != annot.OriginOccurrence ||
			o.Label == g.Label && l.m.Slice(o.Start, o.End) == text):
		default:
			continue
		}
		out = append(out, o)
	}
	return out
}
