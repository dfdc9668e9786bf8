package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// reviewCache is what review mode shows of the open document, worked out
// from the model's spans when first asked for after a change.
type reviewCache struct {
	lanes     []string       // the annotators compared, one lane each
	lane      map[string]int // annotator -> lane
	initials  []string       // per lane
	rows      []int          // per lane: rows its annotator's overlapping spans need
	row       map[string]int // span ID -> row in its lane
	consensus map[string]int // span ID -> lanes that marked the same span
	gold      []annot.Span   // accepted spans, the same ones folded
	goldRow   map[string]int // gold span ID -> row of its bar
	undecided int            // live spans of the document without a verdict
}

func (m *DocModel) review() *reviewCache {
	if m.rev != nil {
		return m.rev
	}
	r := &reviewCache{lane: map[string]int{}}
	m.rev = r
	if m.b == nil {
		return r
	}
	r.lanes = annot.ReviewLanes(m.b, m.Shown())
	for i, n := range r.lanes {
		r.lane[n] = i
	}
	r.initials = initialsOf(r.lanes)
	r.consensus = annot.Consensus(m.b.Spans, r.lanes)
	r.gold, _ = annot.Gold(m.b.Spans, nil)
	r.goldRow = tracks(r.gold)
	byLane := make([][]annot.Span, len(r.lanes))
	for _, s := range m.spans {
		if i, ok := r.lane[s.Annotator]; ok && !s.Curation {
			byLane[i] = append(byLane[i], s)
		}
	}
	r.rows, r.row = make([]int, len(r.lanes)), map[string]int{}
	for i, spans := range byLane {
		r.rows[i] = 1
		for id, t := range tracks(spans) {
			r.row[id] = t
			r.rows[i] = max(r.rows[i], t+1)
		}
	}
	for i := range m.b.Spans {
		if m.b.Spans[i].Undecided() {
			r.undecided++
		}
	}
	return r
}

// Lanes are the annotators that review mode compares, one lane each:
// those shown who annotated the document (annot.ReviewLanes), sorted.
func (m *DocModel) Lanes() []string { return m.review().lanes }

// LaneOf is the lane of an annotator's spans, false for one without a
// lane (not shown, or a reviewer's own span).
func (m *DocModel) LaneOf(s annot.Span) (int, bool) {
	if s.Curation {
		return 0, false
	}
	i, ok := m.review().lane[s.Annotator]
	return i, ok
}

// LaneRows is how many rows each lane needs so that an annotator's
// overlapping spans do not cover each other.
func (m *DocModel) LaneRows() []int { return m.review().rows }

// RowOf is the row of span s in its lane.
func (m *DocModel) RowOf(s annot.Span) int { return m.review().row[s.ID] }

// GoldRow is the row of gold span s among the gold bars.
func (m *DocModel) GoldRow(s annot.Span) int { return m.review().goldRow[s.ID] }

// LaneInitials are the lanes' annotators' initials, as their spans are
// marked, each set different from the others.
func (m *DocModel) LaneInitials() []string { return m.review().initials }

// Agreed reports whether every lane's annotator marked span s the same
// (annot.SameSpan), with two lanes or more; with fewer there is nobody to
// agree with and every span counts as agreed.
func (m *DocModel) Agreed(s annot.Span) bool {
	r := m.review()
	return len(r.lanes) < 2 || r.consensus[s.ID] >= len(r.lanes)
}

// Consensus is how many lanes' annotators marked span s the same, and
// of how many lanes.
func (m *DocModel) Consensus(s annot.Span) (have, of int) {
	r := m.review()
	return r.consensus[s.ID], len(r.lanes)
}

// Gold is the document's gold layer: its accepted spans, whoever's,
// with the same ones folded (annot.Gold).
func (m *DocModel) Gold() []annot.Span { return m.review().gold }

// Undecided counts the document's live spans that wait for a verdict.
func (m *DocModel) Undecided() int { return m.review().undecided }

// NextToReview is the undecided shown span after (or, with back, before)
// the span with ID from ("" for the top) that the lanes disagree on, or
// with fewer than two lanes any undecided one, going round the end of the
// document. ok is false when there is none.
func (m *DocModel) NextToReview(from string, back bool) (annot.Span, bool) {
	var todo []annot.Span
	for _, s := range m.spans {
		if _, inLane := m.LaneOf(s); inLane && s.Undecided() && !(len(m.Lanes()) >= 2 && m.Agreed(s)) {
			todo = append(todo, s)
		}
	}
	if len(todo) == 0 {
		return annot.Span{}, false
	}
	cur, hasCur := m.Span(from)
	if !hasCur {
		if back {
			return todo[len(todo)-1], true
		}
		return todo[0], true
	}
	if back {
		for i := len(todo) - 1; i >= 0; i-- {
			if annot.CompareSpans(todo[i], cur) < 0 {
				return todo[i], true
			}
		}
		return todo[len(todo)-1], true
	}
	for _, s := range todo {
		if annot.CompareSpans(s, cur) > 0 {
			return s, true
		}
	}
	return todo[0], true
}

// initialsOf gives each name short initials, the first letters of its
// first two words ("Asha Rao" AR) or the first two letters of a single
// word ("ravi" RA), taking more letters where two would be the same.
func initialsOf(names []string) []string {
	out := make([]string, len(names))
	for n := 2; ; n++ {
		seen := map[string]int{}
		for i, name := range names {
			out[i] = initials(name, n)
			seen[out[i]]++
		}
		clash := false
		for _, c := range seen {
			clash = clash || c > 1
		}
		if !clash || n > 6 {
			return out
		}
	}
}

func initials(name string, n int) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == '_' || r == '-' })
	var b strings.Builder
	if len(words) >= 2 && n == 2 {
		for _, w := range words[:2] {
			r, _ := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
		}
		return b.String()
	}
	// n grapheme clusters, so that a Devanagari letter keeps its vowel
	// sign ("अनु", not "अन").
	joined := []rune(strings.Join(words, ""))
	bounds := text.Graphemes(string(joined))
	end := bounds[min(n, len(bounds)-1)]
	return strings.ToUpper(string(joined[:end]))
}
