package flow

import (
	"sort"
	"time"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/text"
)

// Piece is a stretch of one line drawn as one text object: a word, or the
// part of an over-long word that fits.
type Piece struct {
	Start, End   int32 // code points drawn
	bstart, bend int32 // their byte offsets
	X, W         float32
	gap          float32 // white space after it
	Dir          Dir
}

// Line is one wrapped line. Pieces are in visual order, left to right.
type Line struct {
	Start, End int32 // code points, End past the trailing white space
	Pieces     []Piece
	RTL        bool // the paragraph reads right to left
}

// Layout wraps a text to a width, line by line, as far as it has been
// asked to. It is not safe for concurrent use: the view drives it from
// the UI goroutine in small steps.
type Layout struct {
	text  string
	m     *measurer
	sg    *segmenter
	segs  []seg
	width float32

	lines   []Line
	next    int  // next seg to wrap
	paraRTL bool // direction of the paragraph being wrapped
	paraNew bool // the next seg starts a paragraph
	total   int  // code points in text
}

// New prepares a layout of s; nothing is measured until lines are asked for.
func New(s string, m Measure, width float32) *Layout {
	l := &Layout{text: s, m: newMeasurer(m), sg: newSegmenter(s), width: width, paraNew: true}
	l.total = utf8.RuneCountInString(s)
	return l
}

// Width is the wrapping width.
func (l *Layout) Width() float32 { return l.width }

// SetWidth re-wraps for a new width. Words already measured are not
// measured again, so this is quick even for a long article.
func (l *Layout) SetWidth(w float32) {
	if w == l.width {
		return
	}
	laid := len(l.lines)
	l.width = w
	l.lines, l.next, l.paraNew = l.lines[:0], 0, true
	l.Ensure(laid)
}

// Remeasure forgets every width, for a new font size.
func (l *Layout) Remeasure(m Measure) {
	laid := len(l.lines)
	l.m = newMeasurer(m)
	for i := range l.segs {
		s := &l.segs[i]
		if s.vis > s.start {
			s.w = l.m.width(l.text[s.bstart:s.bvis])
		}
		s.space = l.m.whiteWidth(l.text[s.bvis:l.segByteEnd(i)])
	}
	l.lines, l.next, l.paraNew = l.lines[:0], 0, true
	l.Ensure(laid)
}

func (l *Layout) segByteEnd(i int) int32 {
	if i+1 < len(l.segs) {
		return l.segs[i+1].bstart
	}
	return l.sg.bpos
}

// Measurements is how many strings have been measured, for benchmarks.
func (l *Layout) Measurements() int { return l.m.calls }

// Done reports whether the whole text is laid out.
func (l *Layout) Done() bool { return l.sg.done && l.next >= len(l.segs) }

// Lines is the number of lines laid out so far.
func (l *Layout) Lines() int { return len(l.lines) }

// Line returns line i, which must be laid out.
func (l *Layout) Line(i int) *Line { return &l.lines[i] }

// EstimatedLines guesses the total line count from the lines laid out so
// far, so that a scroll bar has a sensible length before the end is reached.
func (l *Layout) EstimatedLines() int {
	n := len(l.lines)
	if l.Done() || n == 0 {
		return max(n, 1)
	}
	covered := int(l.lines[n-1].End)
	if covered == 0 {
		return n
	}
	return n + int(float64(n)*float64(l.total-covered)/float64(covered)) + 1
}

// Ensure lays out until at least n lines exist or the text ends.
func (l *Layout) Ensure(n int) {
	for len(l.lines) < n && l.wrapLine() {
	}
}

// EnsureOffset lays out until the line holding code point off exists.
func (l *Layout) EnsureOffset(off int) {
	for (len(l.lines) == 0 || int(l.lines[len(l.lines)-1].End) <= off) && l.wrapLine() {
	}
}

// Step lays out lines until budget has passed or the text ends, and
// reports whether it ended. The view calls it between frames.
func (l *Layout) Step(budget time.Duration) bool {
	deadline := time.Now().Add(budget)
	for i := 0; ; i++ {
		if !l.wrapLine() {
			return true
		}
		if i%16 == 15 && time.Now().After(deadline) {
			return false
		}
	}
}

// seg returns seg i, segmenting and measuring as far as needed.
func (l *Layout) seg(i int) (*seg, bool) {
	for i >= len(l.segs) {
		s, ok := l.sg.next(l.m)
		if !ok {
			return nil, false
		}
		l.segs = append(l.segs, s)
	}
	return &l.segs[i], true
}

// wrapLine appends one line and reports whether there was text for it.
func (l *Layout) wrapLine() bool {
	first, ok := l.seg(l.next)
	if !ok {
		return false
	}
	if l.paraNew {
		l.paraRTL = l.paragraphRTL(l.next)
		l.paraNew = false
	}
	line := Line{Start: first.start, RTL: l.paraRTL}
	var x float32
	for {
		s, ok := l.seg(l.next)
		if !ok {
			break
		}
		if len(line.Pieces) > 0 && x+s.w > l.width {
			break
		}
		if s.w > l.width && len(line.Pieces) == 0 && s.vis-s.start > 1 {
			// A word wider than the line: take what fits, leave the rest.
			if l.splitSeg(l.next, &line) {
				break
			}
		}
		line.Pieces = append(line.Pieces, Piece{Start: s.start, End: s.vis, bstart: s.bstart, bend: s.bvis, W: s.w, gap: s.space, Dir: s.dir})
		x += s.w + s.space
		line.End = s.end
		l.next++
		if s.hard {
			l.paraNew = true
			break
		}
	}
	if len(line.Pieces) == 0 {
		return false
	}
	placePieces(&line, l.width)
	l.lines = append(l.lines, line)
	return true
}

// splitSeg puts the head of an over-long seg on line, at a grapheme
// cluster boundary, and leaves its tail as a new seg. It reports whether
// it split anything.
func (l *Layout) splitSeg(i int, line *Line) bool {
	s := l.segs[i]
	word := l.text[s.bstart:s.bvis]
	bounds := text.Graphemes(word)
	// The longest prefix of whole clusters that fits.
	idx := text.NewIndex(word)
	k := sort.Search(len(bounds), func(j int) bool {
		return l.m.width(word[:idx.Byte(bounds[j])]) > l.width
	}) - 1
	if k < 1 {
		k = 1 // at least one cluster, so the layout always advances
	}
	if k >= len(bounds)-1 {
		return false
	}
	cut := int32(bounds[k])
	bcut := s.bstart + int32(idx.Byte(bounds[k]))
	head := Piece{Start: s.start, End: s.start + cut, bstart: s.bstart, bend: bcut, W: l.m.width(l.text[s.bstart:bcut]), Dir: s.dir}
	line.Pieces = append(line.Pieces, head)
	line.End = head.End
	tail := s
	tail.start, tail.bstart = s.start+cut, bcut
	tail.w = l.m.width(l.text[bcut:s.bvis])
	l.segs[i] = tail
	return true
}

// paragraphRTL finds the direction of the paragraph starting at seg i
// from its first strong word.
func (l *Layout) paragraphRTL(i int) bool {
	for k := i; k < i+64; k++ {
		s, ok := l.seg(k)
		if !ok {
			return false
		}
		if s.dir != Neutral {
			return s.dir == RTL
		}
		if s.hard {
			return false
		}
	}
	return false
}

// LineOf returns the line holding code point off among the lines laid
// out, or the last one.
func (l *Layout) LineOf(off int) int {
	i := sort.Search(len(l.lines), func(i int) bool { return int(l.lines[i].End) > off })
	return min(i, len(l.lines)-1)
}

// PieceText is the text a piece draws.
func (l *Layout) PieceText(p *Piece) string { return l.text[p.bstart:p.bend] }

// XOf returns the x position on line of the edge before code point off
// (after it, for right-to-left pieces), for drawing highlights.
func (l *Layout) XOf(line *Line, off int32) float32 {
	for i := range line.Pieces {
		p := &line.Pieces[i]
		if off < p.Start || off > p.End {
			continue
		}
		w := l.prefixWidth(p, off)
		if p.Dir == RTL {
			return p.X + p.W - w
		}
		return p.X + w
	}
	// In white space or outside the pieces: the nearest piece edge.
	var best float32
	for i := range line.Pieces {
		p := &line.Pieces[i]
		if p.End <= off {
			if p.Dir == RTL {
				best = p.X
			} else {
				best = p.X + p.W
			}
		}
	}
	return best
}

// prefixWidth is the width of a piece's text up to code point off.
func (l *Layout) prefixWidth(p *Piece, off int32) float32 {
	switch {
	case off <= p.Start:
		return 0
	case off >= p.End:
		return p.W
	}
	b := p.bstart
	for k := p.Start; k < off; k++ {
		_, size := utf8.DecodeRuneInString(l.text[b:])
		b += int32(size)
	}
	return min(l.m.width(l.text[p.bstart:b]), p.W)
}

// OffsetAt returns the code point nearest to x on line: the boundary
// between grapheme clusters closest to the pointer, so that a caller can
// snap it further to a word.
func (l *Layout) OffsetAt(line *Line, x float32) int {
	if len(line.Pieces) == 0 {
		return int(line.Start)
	}
	// The piece under x, else the nearest one.
	best, bestDist := 0, float32(-1)
	for i := range line.Pieces {
		p := &line.Pieces[i]
		d := float32(0)
		if x < p.X {
			d = p.X - x
		} else if x > p.X+p.W {
			d = x - p.X - p.W
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = i, d
		}
	}
	p := &line.Pieces[best]
	rel := x - p.X
	if p.Dir == RTL {
		rel = p.W - rel
	}
	word := l.text[p.bstart:p.bend]
	bounds := text.Graphemes(word)
	idx := text.NewIndex(word)
	bestOff, bestD := p.Start, float32(-1)
	for _, g := range bounds {
		w := l.m.width(word[:idx.Byte(g)])
		d := w - rel
		if d < 0 {
			d = -d
		}
		if bestD < 0 || d < bestD {
			bestOff, bestD = p.Start+int32(g), d
		}
	}
	return int(bestOff)
}

// CharAt returns the first code point of the grapheme cluster under x on
// line, or of the nearest cluster of the nearest piece when x is in white
// space, so that a click always lands on a character.
func (l *Layout) CharAt(line *Line, x float32) int {
	if len(line.Pieces) == 0 {
		return int(line.Start)
	}
	best, bestDist := 0, float32(-1)
	for i := range line.Pieces {
		p := &line.Pieces[i]
		d := float32(0)
		if x < p.X {
			d = p.X - x
		} else if x >= p.X+p.W {
			d = x - p.X - p.W
		}
		if p.End > p.Start && (bestDist < 0 || d < bestDist) {
			best, bestDist = i, d
		}
	}
	p := &line.Pieces[best]
	if p.End == p.Start {
		return int(p.Start)
	}
	rel := x - p.X
	if p.Dir == RTL {
		rel = p.W - rel
	}
	word := l.text[p.bstart:p.bend]
	bounds := text.Graphemes(word)
	idx := text.NewIndex(word)
	for k := 1; k < len(bounds); k++ {
		if l.m.width(word[:idx.Byte(bounds[k])]) > rel {
			return int(p.Start) + bounds[k-1]
		}
	}
	return int(p.Start) + bounds[len(bounds)-2]
}

// Follows reports whether piece b comes right after piece a in the text
// with nothing but spaces between them (no tab, no line break), so that
// the two can be drawn as one run of text, spaced by the font engine as
// a browser spaces words, instead of as two objects placed on whole
// pixels each.
func (l *Layout) Follows(a, b *Piece) bool {
	if b.bstart < a.bend || a.Dir == RTL || b.Dir == RTL {
		return false
	}
	for i := a.bend; i < b.bstart; i++ {
		if l.text[i] != ' ' {
			return false
		}
	}
	return true
}

// RunText is the text from the start of piece first to the end of piece
// last, spaces included; last must follow first (Follows, piece by
// piece).
func (l *Layout) RunText(first, last *Piece) string { return l.text[first.bstart:last.bend] }
