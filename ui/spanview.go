package ui

import (
	"image/color"
	"math"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/text"
	"app.spanmark.org/spanmark/ui/flow"
)

// SpanView is the annotation view: a document's text, word-wrapped and
// shaped by the font engine, with spans drawn as label-coloured
// backgrounds and stacked underlines where they overlap. Only the lines in
// view are turned into canvas objects, and lines are laid out lazily (the
// first screen at once, the rest in slices between frames), so a 1 MB
// article opens and scrolls without a pause.
//
// It draws what its DocModel holds (the document, the shown spans, the
// labels, the selection) and changes only the selection there; tagging,
// deleting and linking are asked for through the On callbacks, and the
// owner stores the change and applies it to the model.
type SpanView struct {
	widget.BaseWidget

	m        *DocModel
	text     string // the model's text, as laid out
	lay      *flow.Layout
	textSize float32
	metrics  lineMetrics
	measure  func(string) float32
	shifts   map[rune]float32 // by a word's first character, see baselineShift

	toks   []text.Token // computed on first use: selection snaps to them
	bounds []int        // grapheme cluster boundaries, likewise

	track    map[string]int // underline row of each shown span
	lanes    laneLayout     // where review mode's lanes sit (spanview_lanes.go)
	linking  bool           // the next click on a span links the selected claim to it
	linkHint string         // what to click, shown on a band while linking
	sg       suggestView    // suggestions drawn over the text (suggest_view.go)

	// grapheme makes drags select grapheme clusters rather than words;
	// holding Alt does the same for one drag.
	grapheme bool

	drag   dragState
	hover  hoverState
	scroll *container.Scroll
	gen    atomic.Uint64 // bumped per layout pass, to stop stale ones
	docGen atomic.Uint64 // bumped per document, to drop stale segmentation
	// manualLayout leaves the rest of the text for the caller to lay out
	// (tests and benchmarks), instead of a pass between frames.
	manualLayout bool
	lastEst      int

	// OnTag asks to tag [start, end) with the label of a hotkey.
	OnTag func(start, end int, label string)
	// OnRelabel asks to give a span another label.
	OnRelabel func(id, label string)
	// OnDelete asks to delete a span.
	OnDelete func(id string)
	// OnLink asks to link the selected span to another.
	OnLink func(from, to string)
	// OnRune and OnKey see typed keys first (review mode's keys) and
	// report whether they took them.
	OnRune func(r rune) bool
	OnKey  func(name fyne.KeyName) bool
	// OnStartLink asks to start linking the selected span (L); without
	// it, L starts linking with no hint.
	OnStartLink func()
	// OnHelp asks for the list of keys (F1 or ?).
	OnHelp func()
	// OnLaidOut is called when the whole text is laid out, with the
	// number of lines and the time it took from opening the document.
	OnLaidOut func(lines int, took time.Duration)
}

var (
	_ fyne.Widget         = (*SpanView)(nil)
	_ fyne.Draggable      = (*SpanView)(nil)
	_ fyne.Tappable       = (*SpanView)(nil)
	_ fyne.DoubleTappable = (*SpanView)(nil)
	_ fyne.Focusable      = (*SpanView)(nil)
)

// baselineShift is how far down to move a word so that its baseline
// meets the line's. Each word is its own text object, and Fyne sets a
// text's baseline by the ascent of the font of its first character: a
// Latin word (Fyne's Noto Sans) would sit lower than a Devanagari one
// (the bundled font) beside it, and mixed lines would wobble. The shift is
// the same for every word starting in the same font, so it is kept per
// first character.
func (v *SpanView) baselineShift(word string) float32 {
	r, _ := utf8.DecodeRuneInString(word)
	if sh, ok := v.shifts[r]; ok {
		return sh
	}
	if v.shifts == nil {
		v.shifts = map[rune]float32{}
	}
	sh := float32(0)
	if a := ascent(r); a > 0 {
		sh = max(0, float32(math.Ceil(float64(v.metrics.ascent*v.textSize)))-float32(math.Ceil(float64(a*v.textSize))))
	}
	v.shifts[r] = sh
	return sh
}

// lineMetrics are the vertical measures of one line at the view's text size.
type lineMetrics struct {
	ascent float32 // the largest font ascent, as a fraction of the size; every word's baseline is moved to it
	pad    float32 // above the text
	textH  float32 // the text box: a run's image (runH) and room to move it down to the baseline
	runH   float32 // a text object's image, as tall as the theme font's line whatever the text
	under  float32 // gap before the first underline
	trackH float32 // per underline track
	height float32 // the whole line
}

const maxTracks = 3 // underline rows drawn; deeper overlaps share the last

func metricsFor(size float32) lineMetrics {
	h := fyne.MeasureText("Agक्षि", size, fyne.TextStyle{}).Height
	m := lineMetrics{pad: size * 0.3, textH: h, runH: h, under: 4, trackH: 3}
	// Words are moved down to the largest ascent, so the text box grows by
	// the largest such move.
	lo := float32(math.MaxFloat32)
	for _, probe := range []rune{'A', 'क'} {
		if a := ascent(probe); a > 0 {
			m.ascent = max(m.ascent, a)
			lo = min(lo, a)
		}
	}
	if m.ascent > 0 {
		m.textH += float32(math.Ceil(float64(m.ascent*size))) - float32(math.Ceil(float64(lo*size)))
	}
	m.height = m.pad + m.textH + m.under + maxTracks*m.trackH + 2
	return m
}

// NewSpanView returns a view of m's document at text size size. It
// follows m from then on.
func NewSpanView(m *DocModel, size float32) *SpanView {
	v := &SpanView{m: m, textSize: size, track: map[string]int{}}
	v.measure = func(s string) float32 { return measureParts(s, v.textSize) }
	v.metrics = v.computeMetrics()
	v.ExtendBaseWidget(v)
	v.scroll = container.NewVScroll(v)
	v.scroll.OnScrolled = func(fyne.Position) { v.Refresh() }
	m.OnChange(v.modelChanged)
	return v
}

// Model is the document model the view draws.
func (v *SpanView) Model() *DocModel { return v.m }

// modelChanged follows the model: a new document is laid out afresh,
// changed spans get their underline rows again, a newly selected span
// is brought into view.
func (v *SpanView) modelChanged(w What) {
	if w&WhatDoc != 0 {
		v.setText(v.m.Text())
	}
	if w&(WhatDoc|WhatSpans|WhatShown) != 0 {
		v.track = tracks(v.m.Spans())
	}
	if w&(WhatDoc|WhatSpans|WhatShown|WhatMode) != 0 {
		v.updateMetrics()
	}
	if w&(WhatDoc|WhatSpans|WhatShown|WhatLabels) != 0 && v.hover.text != "" {
		// The pointer has not moved, but what is under it may have been
		// relabelled, deleted or hidden: the hint must say so.
		v.hover.text = v.hintAt(v.hover.pos)
	}
	if w&WhatSelection != 0 {
		v.linking = false
		if s, ok := v.m.shownSpan(v.m.SelectedSpan()); ok {
			v.scrollToOffset(s.Start, true)
		}
	}
	v.Refresh()
}

// Scroller is the scroll container to put in a window; the view draws
// only what it shows.
func (v *SpanView) Scroller() *container.Scroll { return v.scroll }

// setText lays out a newly opened document, scrolled to the top. The
// first screen is laid out at once; the rest follows in slices between
// frames.
func (v *SpanView) setText(s string) {
	v.text = s
	v.toks, v.bounds = nil, nil
	v.linking = false
	width := v.Size().Width
	if width < 50 {
		width = 600
	}
	v.lay = flow.New(s, v.measure, width-2*sidePad)
	v.lay.Ensure(v.visibleLines() + 1)
	v.lastEst = 0
	v.scroll.Offset = fyne.Position{}
	v.scroll.Refresh()
	v.Refresh()
	v.layoutRest()
	v.segmentLater()
}

// segmentLater finds the words and grapheme clusters of the text on a
// goroutine, so that the first drag in a 1 MB article does not wait the
// 60 ms they take; a drag before they are ready computes them itself.
func (v *SpanView) segmentLater() {
	if v.manualLayout {
		return
	}
	doc := v.docGen.Add(1)
	s := v.text
	go func() {
		toks, bounds := text.Tokens(s), text.Graphemes(s)
		fyne.Do(func() {
			if v.docGen.Load() != doc {
				return // another document is open
			}
			if v.toks == nil {
				v.toks = toks
			}
			if v.bounds == nil {
				v.bounds = bounds
			}
		})
	}()
}

// sidePad keeps text off the view's edges.
const sidePad = 8

// visibleLines is how many lines fit in the scroller.
func (v *SpanView) visibleLines() int {
	h := v.scroll.Size().Height
	if h < 1 {
		h = 800
	}
	return int(h/v.metrics.height) + 2
}

// layoutRest lays out the rest of the text a slice at a time on the UI
// goroutine, so input is handled between slices.
func (v *SpanView) layoutRest() {
	gen := v.gen.Add(1)
	if v.manualLayout {
		return
	}
	start := time.Now()
	go func() {
		tick := time.NewTicker(4 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			var done bool
			fyne.DoAndWait(func() {
				if v.gen.Load() != gen {
					done = true
					return
				}
				done = v.lay.Step(8 * time.Millisecond)
				v.updateExtent(done)
				if done && v.OnLaidOut != nil {
					v.OnLaidOut(v.lay.Lines(), time.Since(start))
				}
			})
			if done {
				return
			}
		}
	}()
}

// updateExtent tells the scroller when the estimated height has changed
// enough to matter.
func (v *SpanView) updateExtent(done bool) {
	est := v.lay.EstimatedLines()
	if done || est > v.lastEst+v.lastEst/50+1 || est < v.lastEst-v.lastEst/50-1 {
		v.lastEst = est
		v.scroll.Refresh()
	}
}

// SetTextSize changes the text size, re-measuring every word.
func (v *SpanView) SetTextSize(size float32) {
	if size == v.textSize || v.lay == nil {
		v.textSize = size
		v.metrics = v.computeMetrics()
		return
	}
	first := v.firstVisibleOffset()
	v.textSize = size
	v.metrics = v.computeMetrics()
	v.shifts = nil
	v.lay.Remeasure(v.measure)
	v.scrollToOffset(first, false)
	v.scroll.Refresh()
	v.Refresh()
	if !v.lay.Done() {
		v.layoutRest()
	}
}

// TextSize is the current text size.
func (v *SpanView) TextSize() float32 { return v.textSize }

// SetGrapheme makes drags select grapheme clusters (on) or words.
func (v *SpanView) SetGrapheme(on bool) { v.grapheme = on }

// Select selects text in the model, snapped outwards to grapheme
// clusters so that it never splits one.
func (v *SpanView) Select(start, end int) {
	if start > end {
		start, end = end, start
	}
	if start != end {
		b := v.clusterBounds()
		start, end = text.SnapDown(b, start), text.SnapUp(b, end)
	}
	v.m.Select(start, end)
}

// StartLinking makes the next click on a span link the selected span to
// it, and shows hint on a band across the top of the view until then. It
// reports whether a span was selected to link from.
func (v *SpanView) StartLinking(hint string) bool {
	if v.m.SelectedSpan() == "" {
		return false
	}
	v.linking, v.linkHint = true, hint
	v.Refresh()
	return true
}

// Linking reports whether the view waits for a click on a span to link.
func (v *SpanView) Linking() bool { return v.linking }

// ScrollTo brings code point off into view.
func (v *SpanView) ScrollTo(off int) { v.scrollToOffset(off, true) }

func (v *SpanView) scrollToOffset(off int, onlyIfHidden bool) {
	if v.lay == nil {
		return
	}
	v.lay.EnsureOffset(off)
	line := v.lay.LineOf(off)
	y := float32(line) * v.metrics.height
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	if onlyIfHidden && y >= top && y+v.metrics.height <= top+h {
		return
	}
	if onlyIfHidden {
		y -= h / 3 // some context above
	}
	v.scroll.Offset.Y = max(0, y)
	v.scroll.Refresh()
	v.Refresh()
}

func (v *SpanView) firstVisibleOffset() int {
	if v.lay == nil || v.lay.Lines() == 0 {
		return 0
	}
	i := min(int(v.scroll.Offset.Y/v.metrics.height), v.lay.Lines()-1)
	return int(v.lay.Line(i).Start)
}

// ScrollPage scrolls by one page, down if down is true.
func (v *SpanView) ScrollPage(down bool) {
	h := v.scroll.Size().Height
	if !down {
		h = -h
	}
	v.scroll.Offset.Y = max(0, v.scroll.Offset.Y+h)
	v.scroll.Refresh()
	v.Refresh()
}

// tokens and clusterBounds are computed once per document, on the first
// selection, rather than on open: most documents are read before a word
// is selected.
func (v *SpanView) tokens() []text.Token {
	if v.toks == nil {
		v.toks = text.Tokens(v.text)
	}
	return v.toks
}

func (v *SpanView) clusterBounds() []int {
	if v.bounds == nil {
		v.bounds = text.Graphemes(v.text)
	}
	return v.bounds
}

// MinSize is as tall as the laid-out (or estimated) text, so the scroller
// knows its extent; the width is whatever the scroller gives.
func (v *SpanView) MinSize() fyne.Size {
	lines := 1
	if v.lay != nil {
		lines = v.lay.EstimatedLines()
	}
	return fyne.NewSize(200, float32(lines)*v.metrics.height+v.metrics.pad)
}

// CreateRenderer draws the lines in view.
func (v *SpanView) CreateRenderer() fyne.WidgetRenderer {
	return newSpanRenderer(v)
}

// labelColor is a label's colour, grey for one no longer defined.
func (v *SpanView) labelColor(name string) color.NRGBA { return v.m.LabelColor(name) }
