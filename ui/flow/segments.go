// Package flow lays a document's text out into word-wrapped lines for the
// annotation view, lazily: it measures only the words it reaches, so that
// the first screen of a 1 MB article is ready in milliseconds and the rest
// can follow in small slices while the window stays responsive.
//
// It knows nothing of Fyne: text is measured by a function the view hands
// it, which keeps the layout testable and benchmarkable without a window.
// Offsets are code points, as everywhere in Spanmark.
package flow

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Measure returns the width of s drawn in the view's font and size.
type Measure func(s string) float32

// Dir is the writing direction of a piece of text.
type Dir int8

// Directions; Neutral text (digits, punctuation) takes its neighbours'.
const (
	Neutral Dir = iota
	LTR
	RTL
)

// seg is a unit of line breaking (UAX #14): a word with the spaces after
// it. Lines wrap only between segs, except that a seg wider than a line
// is broken at grapheme clusters.
type seg struct {
	start, vis, end int32 // code points: [start, vis) is drawn, [vis, end) is white space
	bstart, bvis    int32 // byte offsets of start and vis
	w, space        float32
	hard            bool // a line break follows (end of paragraph)
	dir             Dir
}

// segmenter walks the text once, producing segs on demand.
type segmenter struct {
	text  string
	rest  string // not yet segmented
	state int
	pos   int32 // code points consumed
	bpos  int32 // bytes consumed
	done  bool
	queue []seg // the rest of a word split at its punctuation
}

func newSegmenter(text string) *segmenter {
	return &segmenter{text: text, rest: text, state: -1, done: text == ""}
}

// next returns the next seg, measured, or ok=false at the end.
func (sg *segmenter) next(m *measurer) (s seg, ok bool) {
	if len(sg.queue) > 0 {
		s, sg.queue = sg.queue[0], sg.queue[1:]
		return s, true
	}
	if sg.done {
		return seg{}, false
	}
	var piece string
	var must bool
	piece, sg.rest, must, sg.state = uniseg.FirstLineSegmentInString(sg.rest, sg.state)
	if sg.rest == "" {
		sg.done = true
	}
	// Split the drawn word from its trailing white space.
	word := strings.TrimRightFunc(piece, unicode.IsSpace)
	white := piece[len(word):]
	n := int32(utf8.RuneCountInString(word))
	s = seg{start: sg.pos, vis: sg.pos + n, bstart: sg.bpos, bvis: sg.bpos + int32(len(word))}
	s.end = s.vis + int32(utf8.RuneCountInString(white))
	s.hard = must && strings.ContainsAny(white, "\n\u2028\u2029\v\f\u0085")
	if word != "" {
		s.w = m.width(word)
		s.dir = direction(word)
	}
	s.space = m.whiteWidth(white)
	sg.pos = s.end
	sg.bpos += int32(len(piece))
	if s.dir == RTL {
		if parts := splitEdges(s, word, m); len(parts) > 1 {
			sg.queue = parts[1:]
			return parts[0], true
		}
	}
	return s, true
}

// splitEdges splits the punctuation at either end of a right-to-left
// word into segs of their own. The font engine lays a word's runs out in
// logical order, so "وافقت." drawn whole would put the full stop on the
// wrong side; as its own seg, the line's bidi ordering places it.
func splitEdges(s seg, word string, m *measurer) []seg {
	lead := len(word) - len(strings.TrimLeftFunc(word, isEdgeNeutral))
	trail := len(strings.TrimRightFunc(word, isEdgeNeutral))
	if lead == 0 && trail == len(word) || lead >= trail {
		return nil
	}
	var parts []seg
	add := func(text string, b0 int, last bool) {
		if text == "" {
			return
		}
		start := s.start + int32(utf8.RuneCountInString(word[:b0]))
		p := seg{start: start, vis: start + int32(utf8.RuneCountInString(text)),
			bstart: s.bstart + int32(b0), w: m.width(text), dir: direction(text)}
		p.bvis = p.bstart + int32(len(text))
		p.end = p.vis
		if last {
			p.end, p.space, p.hard = s.end, s.space, s.hard
		}
		parts = append(parts, p)
	}
	add(word[:lead], 0, false)
	add(word[lead:trail], lead, trail == len(word))
	add(word[trail:], trail, true)
	return parts
}

// isEdgeNeutral is punctuation or a symbol, which takes its direction
// from the words around it.
func isEdgeNeutral(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// direction is the direction of the first strong character of s.
func direction(s string) Dir {
	for _, r := range s {
		switch {
		case isRTL(r):
			return RTL
		case unicode.IsLetter(r):
			return LTR
		}
	}
	return Neutral
}

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko,
		unicode.Samaritan, unicode.Mandaic, unicode.Adlam, unicode.Hanifi_Rohingya)
}

// measurer caches widths by string: an article repeats its words, and
// measuring a new word costs tens of microseconds in a shaping engine.
type measurer struct {
	measure Measure
	cache   map[string]float32
	spaceW  float32
	calls   int // measurements actually made, for benchmarks
}

func newMeasurer(m Measure) *measurer {
	mm := &measurer{measure: m, cache: make(map[string]float32, 4096)}
	mm.spaceW = m(" ")
	return mm
}

func (m *measurer) width(s string) float32 {
	if w, ok := m.cache[s]; ok {
		return w
	}
	w := m.measure(s)
	m.calls++
	m.cache[strings.Clone(s)] = w
	return w
}

// whiteWidth is the width of trailing white space: tabs to the next
// four-space stop would need the line position, so a tab counts as four
// spaces; line breaks are zero wide.
func (m *measurer) whiteWidth(white string) float32 {
	var w float32
	for _, r := range white {
		switch r {
		case '\t':
			w += 4 * m.spaceW
		case '\n', '\r', '\v', '\f', '\u2028', '\u2029', '\u0085':
		default:
			w += m.spaceW
		}
	}
	return w
}
