package ui

import (
	"image/color"
	"slices"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Mode is what the window is doing with the open document.
type Mode int

// Modes of the open document.
const (
	// ModeAnnotate is tagging: the analyst makes, relabels, links and
	// deletes their own spans.
	ModeAnnotate Mode = iota
	// ModeReview is deciding on others' spans: the reviewer chooses whose
	// spans to show and accepts or rejects them.
	ModeReview
)

func (m Mode) String() string {
	if m == ModeReview {
		return "review"
	}
	return "annotate"
}

// What says which parts of a DocModel changed, for its listeners; a
// change may set several.
type What uint

// The parts of a DocModel.
const (
	WhatDoc       What = 1 << iota // another document is open: everything changed
	WhatSpans                      // the open document's spans, relations or states
	WhatLabels                     // the labels
	WhatShown                      // whose spans are shown
	WhatSelection                  // the selected text or span
	WhatMode                       // the mode
)

// DocModel is the open document as the window shows it: the document
// with every annotator's spans (an annot.Bundle), the labels they are
// drawn with, whose spans are shown, what is selected and the mode. The
// annotation view and the panels read it and change it through its
// methods, and hear of every change through OnChange, so none of them
// reaches into another. It is used on the Fyne goroutine only, and calls
// its listeners there, at once, in the order they were added.
type DocModel struct {
	b      *annot.Bundle
	idx    *text.Index
	labels []annot.Label
	byName map[string]annot.Label

	shown     map[string]bool // nil: every annotator's spans
	spans     []annot.Span    // the shown spans, in annot.CompareSpans order
	relations []annot.Relation

	selStart, selEnd int    // selected text [selStart, selEnd); empty if equal
	selSpan          string // selected span ID

	mode      Mode
	listeners []func(What)

	rev *reviewCache // what review mode draws, worked out on first use
}

// NewDocModel returns a model with no document open, in annotate mode,
// showing every annotator's spans.
func NewDocModel() *DocModel {
	return &DocModel{byName: map[string]annot.Label{}}
}

// OnChange adds a listener, called after every change with what changed.
func (m *DocModel) OnChange(fn func(What)) { m.listeners = append(m.listeners, fn) }

func (m *DocModel) notify(w What) {
	if w == 0 {
		return
	}
	for _, fn := range m.listeners {
		fn(w)
	}
}

// Open shows another document, with nothing selected.
func (m *DocModel) Open(b *annot.Bundle) {
	m.b = b
	m.idx = text.NewIndex(b.Doc.Text)
	m.selStart, m.selEnd, m.selSpan = 0, 0, ""
	m.filter()
	m.notify(WhatDoc | WhatSpans | WhatSelection)
}

// Reload replaces the open document with a fresh read of it (after an
// import that may have added to it), keeping the selection where it
// still fits.
func (m *DocModel) Reload(b *annot.Bundle) {
	if m.b == nil || b.Doc.ID != m.b.Doc.ID || b.Doc.Text != m.b.Doc.Text {
		m.Open(b)
		return
	}
	m.b = b
	m.filter()
	m.notify(WhatSpans | m.keepSelection())
}

// Apply brings the open document up to date with a change a write
// returned (or one made elsewhere), as annot.Bundle.Apply does, and
// reports whether the document changed. A selected span that the change
// removed is no longer selected.
func (m *DocModel) Apply(c annot.Change) bool {
	if m.b == nil || !m.b.Apply(c) {
		return false
	}
	m.filter()
	m.notify(WhatSpans | m.keepSelection())
	return true
}

// keepSelection drops a selected span that is no longer shown.
func (m *DocModel) keepSelection() What {
	if m.selSpan == "" {
		return 0
	}
	if _, ok := m.shownSpan(m.selSpan); ok {
		return 0
	}
	m.selSpan = ""
	return WhatSelection
}

// filter works out the shown spans and the relations among them. A
// reviewer's own spans (corrections, additions) are gold and always shown.
func (m *DocModel) filter() {
	m.spans, m.relations, m.rev = nil, nil, nil
	if m.b == nil {
		return
	}
	if m.shown == nil {
		m.spans = m.b.Spans
	} else {
		for _, s := range m.b.Spans {
			if m.shown[s.Annotator] || s.Curation {
				m.spans = append(m.spans, s)
			}
		}
	}
	m.relations = annot.RelationsAmong(m.spans, m.b.Relations)
}

// Bundle is the open document with every annotator's spans, nil if none
// is open. It is the model's own: read it, do not change it.
func (m *DocModel) Bundle() *annot.Bundle { return m.b }

// DocID is the open document's ID, "" if none is open.
func (m *DocModel) DocID() string {
	if m.b == nil {
		return ""
	}
	return m.b.Doc.ID
}

// Text is the open document's text.
func (m *DocModel) Text() string {
	if m.b == nil {
		return ""
	}
	return m.b.Doc.Text
}

// Index converts offsets in the open document's text; nil if none is
// open.
func (m *DocModel) Index() *text.Index { return m.idx }

// Slice is the text of code points [start, end) of the open document.
func (m *DocModel) Slice(start, end int) string {
	if m.idx == nil {
		return ""
	}
	return m.idx.Slice(start, end)
}

// Spans are the shown spans (see ShowAnnotators), in annot.CompareSpans
// order, so by start.
func (m *DocModel) Spans() []annot.Span { return m.spans }

// Relations are the relations among the shown spans.
func (m *DocModel) Relations() []annot.Relation { return m.relations }

// Span finds a span of the open document by ID, shown or not.
func (m *DocModel) Span(id string) (annot.Span, bool) {
	if m.b == nil || id == "" {
		return annot.Span{}, false
	}
	for _, s := range m.b.Spans {
		if s.ID == id {
			return s, true
		}
	}
	return annot.Span{}, false
}

func (m *DocModel) shownSpan(id string) (annot.Span, bool) {
	for _, s := range m.spans {
		if s.ID == id {
			return s, true
		}
	}
	return annot.Span{}, false
}

// LinksOf lists the shown relations that touch span id.
func (m *DocModel) LinksOf(id string) []annot.Relation {
	var out []annot.Relation
	for _, r := range m.relations {
		if r.From == id || r.To == id {
			out = append(out, r)
		}
	}
	return out
}

// Annotators are the names of everyone with spans in the open document,
// in alphabetical order.
func (m *DocModel) Annotators() []string {
	if m.b == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, s := range m.b.Spans {
		seen[s.Annotator] = true
	}
	return sortedNames(seen)
}

// ShowAnnotators shows only these annotators' spans; none shows
// everyone's, which is what annotate mode shows.
func (m *DocModel) ShowAnnotators(names ...string) {
	var shown map[string]bool
	if len(names) > 0 {
		shown = make(map[string]bool, len(names))
		for _, n := range names {
			shown[n] = true
		}
	}
	m.shown = shown
	m.filter()
	m.notify(WhatShown | m.keepSelection())
}

// Shown lists the annotators whose spans are shown, sorted; nil when
// everyone's are.
func (m *DocModel) Shown() []string {
	if m.shown == nil {
		return nil
	}
	return sortedNames(m.shown)
}

// IsShown reports whether an annotator's spans are shown.
func (m *DocModel) IsShown(name string) bool { return m.shown == nil || m.shown[name] }

// SetLabels sets the labels spans are drawn with, in display order.
func (m *DocModel) SetLabels(ls []annot.Label) {
	m.labels = slices.Clone(ls)
	m.byName = make(map[string]annot.Label, len(ls))
	for _, l := range ls {
		m.byName[l.Name] = l
	}
	m.notify(WhatLabels)
}

// Labels are the labels in display order.
func (m *DocModel) Labels() []annot.Label { return m.labels }

// LabelNames are the labels' names in display order.
func (m *DocModel) LabelNames() []string {
	names := make([]string, len(m.labels))
	for i, l := range m.labels {
		names[i] = l.Name
	}
	return names
}

// LabelColor is a label's colour, grey for one no longer defined.
func (m *DocModel) LabelColor(name string) color.NRGBA {
	if l, ok := m.byName[name]; ok {
		if c, ok := parseHex(l.Color); ok {
			return c
		}
	}
	return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
}

// Select selects the text [start, end) as given (the view snaps it to
// clusters first); a non-empty range unselects the selected span. It
// notifies only when the range changes.
func (m *DocModel) Select(start, end int) {
	if start > end {
		start, end = end, start
	}
	if start == m.selStart && end == m.selEnd {
		return
	}
	m.selStart, m.selEnd = start, end
	if start != end {
		m.selSpan = ""
	}
	m.notify(WhatSelection)
}

// Selection is the selected text range; start == end when none.
func (m *DocModel) Selection() (start, end int) { return m.selStart, m.selEnd }

// SelectedText is the selected text.
func (m *DocModel) SelectedText() string { return m.Slice(m.selStart, m.selEnd) }

// SelectSpan selects a span by ID ("" for none) and unselects the text.
// It always notifies, so that choosing the selected span again brings
// it back into view.
func (m *DocModel) SelectSpan(id string) {
	m.selSpan = id
	m.selStart, m.selEnd = 0, 0
	m.notify(WhatSelection)
}

// SelectedSpan is the ID of the selected span, "" for none.
func (m *DocModel) SelectedSpan() string { return m.selSpan }

// SetMode switches between annotating and reviewing.
func (m *DocModel) SetMode(mode Mode) {
	if mode == m.mode {
		return
	}
	m.mode = mode
	m.notify(WhatMode)
}

// Mode is what the window is doing with the open document.
func (m *DocModel) Mode() Mode { return m.mode }

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
