package ui

import "sort"

// Where lines sit. In annotate mode every line has one height, so line
// i starts at i × height. In review mode a line takes its lanes only
// when some lane has a span on it; a line no compared annotator marked
// anything on is as short as the text and the gold bars above it need
// (compactH), instead of a band of empty lanes. A line that has lanes
// has all of them, each at the same place as on every other such line,
// so an annotator's bars stay in one row down the page.
//
// Heights change only when a line gains its first lane span or loses
// its last. Review mode's own actions never do that: a verdict keeps
// the span in its lane (struck through when rejected), and corrections
// and additions are gold, drawn above the text. It happens when the
// annotators compared change, or when spans arrive from outside; then
// the first line in view stays where it was on screen (keepAnchor),
// so nothing under the pointer moves unless its own line changed.

// lineTops is review mode's line positions: tops[i] is where line i
// starts and tops[len-1] where the last line covered ends. It is worked
// out for the lines laid out so far, and again from scratch whenever the
// spans, the lanes or the wrapping change.
type lineTops struct {
	valid bool
	tops  []float32
	cover [][2]int // what lane spans cover, merged and sorted
}

// reset forgets the positions; the next question works them out again.
func (t *lineTops) reset() { t.valid, t.tops, t.cover = false, t.tops[:0], nil }

// uniform reports whether every line has the same height: annotate
// mode, a document without lanes, or none. It reads the lanes the view
// last laid out (computeMetrics), not the model's mode, so that the
// lines are found where they are drawn while the view catches up with
// a change.
func (v *SpanView) uniform() bool {
	return v.lay == nil || len(v.lanes.top) == 0
}

// ensureTops works out the positions of the lines laid out so far.
func (v *SpanView) ensureTops() {
	t := &v.lines
	if !t.valid {
		t.valid = true
		t.tops = append(t.tops[:0], 0)
		t.cover = laneCover(v.m)
	}
	for i := len(t.tops) - 1; i < v.lay.Lines(); i++ {
		h := v.metrics.compactH
		if line := v.lay.Line(i); covers(t.cover, int(line.Start), int(line.End)) {
			h = v.metrics.height
		}
		t.tops = append(t.tops, t.tops[i]+h)
	}
}

// laneCover is the stretches of text that some span in a lane covers.
func laneCover(m *DocModel) [][2]int {
	var out [][2]int
	for _, s := range m.Spans() { // sorted by start
		if _, ok := m.LaneOf(s); !ok {
			continue
		}
		if n := len(out); n > 0 && s.Start <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], s.End)
			continue
		}
		out = append(out, [2]int{s.Start, s.End})
	}
	return out
}

// covers reports whether any stretch of cover overlaps [start, end).
func covers(cover [][2]int, start, end int) bool {
	i := sort.Search(len(cover), func(i int) bool { return cover[i][1] > start })
	return i < len(cover) && cover[i][0] < end
}

// lineTop is where line li starts, from the view's top. Lines not yet
// laid out are placed at the mean height of those that are, as the
// scroll bar's length is estimated.
func (v *SpanView) lineTop(li int) float32 {
	if v.uniform() {
		return float32(li) * v.metrics.height
	}
	v.ensureTops()
	t := v.lines.tops
	if li < len(t) {
		return t[li]
	}
	n := len(t) - 1
	mean := v.metrics.height
	if n > 0 {
		mean = t[n] / float32(n)
	}
	return t[n] + float32(li-n)*mean
}

// lineHeight is line li's height.
func (v *SpanView) lineHeight(li int) float32 {
	if v.uniform() {
		return v.metrics.height
	}
	return v.lineTop(li+1) - v.lineTop(li)
}

// hasLanes reports whether line li is drawn with its lanes.
func (v *SpanView) hasLanes(li int) bool {
	return !v.uniform() && v.lineHeight(li) >= v.metrics.height-0.5
}

// lineIndexAt is the line under y, laid out or not (lineAt clamps it to
// those laid out).
func (v *SpanView) lineIndexAt(y float32) int {
	if v.uniform() {
		return int(y / v.metrics.height)
	}
	// Lay out until the lines reach y, or the text ends.
	for n := v.lay.Lines(); v.lineTop(n) <= y; n = v.lay.Lines() {
		v.lay.Ensure(n + 8)
		if v.lay.Lines() == n {
			break
		}
	}
	v.ensureTops()
	t := v.lines.tops
	i := sort.Search(len(t), func(i int) bool { return t[i] > y }) - 1
	return max(0, i)
}

// anchor is the first line in view, by the code point it starts with,
// and how far into it the view is scrolled.
func (v *SpanView) anchor() (off int, into float32) {
	if v.lay == nil || v.lay.Lines() == 0 {
		return 0, 0
	}
	li := min(v.lineIndexAt(v.scroll.Offset.Y), v.lay.Lines()-1)
	return int(v.lay.Line(li).Start), v.scroll.Offset.Y - v.lineTop(li)
}

// keepAnchor scrolls so that the line starting at off is where anchor
// found it, after the lines' heights changed.
func (v *SpanView) keepAnchor(off int, into float32) {
	if v.lay == nil || v.lay.Lines() == 0 {
		return
	}
	li := v.lay.LineOf(off)
	y := max(0, v.lineTop(li)+min(into, v.lineHeight(li)))
	if y != v.scroll.Offset.Y {
		v.scroll.Offset.Y = y
		v.scroll.Refresh()
	}
}
