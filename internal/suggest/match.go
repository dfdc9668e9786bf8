package suggest

import (
	"sort"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/text"
)

// Options change how patterns match.
type Options struct {
	// PhraseLower matches phrase patterns on lower-cased text, as spaCy's
	// phrase_matcher_attr "LOWER" does. By default a phrase matches its
	// exact text (ORTH).
	PhraseLower bool
}

// Matcher holds compiled patterns, indexed by what their first token must
// be. Build it once with Compile; it is safe for concurrent use.
type Matcher struct {
	pats    []compiled
	byWord  map[string][]int // first token's exact text
	byLower map[string][]int // first token's lower-cased text
	always  []int            // first token unknown until tested
}

type compiled struct {
	pat    *Pattern
	specs  []TokenSpec
	origin string
}

// Match is one match of one pattern, by token indexes [Start, End).
type Match struct {
	Pattern    *Pattern
	Origin     string
	Start, End int
}

// Compile builds a matcher for patterns. A phrase pattern becomes a token
// pattern of its words (split as Spanmark splits the text), on ORTH or, with
// PhraseLower, on LOWER. Each pattern's origin is "pattern:" and its file.
func Compile(patterns []Pattern, opt Options) *Matcher {
	m := &Matcher{byWord: map[string][]int{}, byLower: map[string][]int{}}
	for i := range patterns {
		p := &patterns[i]
		c := compiled{pat: p, specs: p.Tokens, origin: OriginPattern + p.File}
		if p.Phrase != "" {
			c.specs = phraseSpecs(p.Phrase, opt.PhraseLower)
			if len(c.specs) == 0 {
				continue
			}
		}
		m.index(len(m.pats), c.specs[0])
		m.pats = append(m.pats, c)
	}
	return m
}

func phraseSpecs(phrase string, lowerCase bool) []TokenSpec {
	var specs []TokenSpec
	for _, t := range text.Tokens(phrase) {
		w := sliceRunes(phrase, t.Start, t.End)
		p := Pred{Attr: "ORTH", Op: "==", Str: w}
		if lowerCase {
			p = Pred{Attr: "LOWER", Op: "==", Str: lower(w)}
		}
		specs = append(specs, TokenSpec{Preds: []Pred{p}, Min: 1, Max: 1})
	}
	return specs
}

func sliceRunes(s string, start, end int) string {
	b, r, from := 0, 0, 0
	for b < len(s) && r < end {
		if r == start {
			from = b
		}
		_, n := utf8.DecodeRuneInString(s[b:])
		b += n
		r++
	}
	return s[from:b]
}

// index files pattern k under the words its first token must be, when a
// literal says so; otherwise the pattern is tried at every token.
func (m *Matcher) index(k int, first TokenSpec) {
	if first.Min == 0 || first.Negate {
		m.always = append(m.always, k)
		return
	}
	for _, p := range first.Preds {
		var into map[string][]int
		switch p.Attr {
		case "ORTH":
			into = m.byWord
		case "LOWER":
			into = m.byLower
		default:
			continue
		}
		switch p.Op {
		case "==":
			into[p.Str] = append(into[p.Str], k)
			return
		case "IN":
			for w := range p.Set {
				into[w] = append(into[w], k)
			}
			return
		}
	}
	m.always = append(m.always, k)
}

// All returns every match of every pattern in d, as spaCy's Matcher does
// before any filtering: a "+" or "*" gives one match per length it can
// take. Matches come sorted by start, then end.
func (m *Matcher) All(d *Doc) []Match {
	var out []Match
	var ends []int
	seen := map[[2]int]bool{}
	for i := 0; i < d.Len(); i++ {
		try := func(k int) {
			c := &m.pats[k]
			ends = ends[:0]
			clear(seen)
			m.ends(d, c.specs, 0, i, &ends, seen)
			sort.Ints(ends)
			for j, e := range ends {
				if e > i && (j == 0 || e != ends[j-1]) {
					out = append(out, Match{Pattern: c.pat, Origin: c.origin, Start: i, End: e})
				}
			}
		}
		for _, k := range m.byWord[d.words[i]] {
			try(k)
		}
		for _, k := range m.byLower[d.lowers[i]] {
			try(k)
		}
		for _, k := range m.always {
			try(k)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Start != out[b].Start {
			return out[a].Start < out[b].Start
		}
		return out[a].End < out[b].End
	})
	return out
}

// ends appends to out every token index at which specs[si:] can finish
// when started at token i. seen stops the search from visiting a state
// twice, so runs of optional tokens cost linear time.
func (m *Matcher) ends(d *Doc, specs []TokenSpec, si, i int, out *[]int, seen map[[2]int]bool) {
	key := [2]int{si, i}
	if seen[key] {
		return
	}
	seen[key] = true
	if si == len(specs) {
		*out = append(*out, i)
		return
	}
	s := &specs[si]
	if s.Negate {
		if i < d.Len() && !s.test(d, i) {
			m.ends(d, specs, si+1, i+1, out, seen)
		}
		return
	}
	j, c := i, 0
	for {
		if c >= s.Min {
			m.ends(d, specs, si+1, j, out, seen)
		}
		if (s.Max >= 0 && c == s.Max) || j >= d.Len() || !s.test(d, j) {
			return
		}
		j++
		c++
	}
}

// Spans returns what an EntityRuler would keep of All: matches that do not
// overlap, the longest first and, among equally long ones, the earlier.
func (m *Matcher) Spans(d *Doc) []Span {
	return filterLongest(d, m.All(d))
}

func filterLongest(d *Doc, ms []Match) []Span {
	sort.SliceStable(ms, func(a, b int) bool {
		la, lb := ms[a].End-ms[a].Start, ms[b].End-ms[b].Start
		if la != lb {
			return la > lb
		}
		return ms[a].Start < ms[b].Start
	})
	taken := make([]bool, d.Len())
	var out []Span
next:
	for _, mt := range ms {
		for t := mt.Start; t < mt.End; t++ {
			if taken[t] {
				continue next
			}
		}
		for t := mt.Start; t < mt.End; t++ {
			taken[t] = true
		}
		out = append(out, Span{Start: d.Tokens[mt.Start].Start, End: d.Tokens[mt.End-1].End,
			Label: mt.Pattern.Label, Origin: mt.Origin, ID: mt.Pattern.ID})
	}
	sortSpans(out)
	return out
}

func sortSpans(s []Span) {
	sort.SliceStable(s, func(a, b int) bool {
		if s[a].Start != s[b].Start {
			return s[a].Start < s[b].Start
		}
		if s[a].End != s[b].End {
			return s[a].End < s[b].End
		}
		return s[a].Label < s[b].Label
	})
}

// test reports whether every predicate holds for token i.
func (s *TokenSpec) test(d *Doc, i int) bool {
	for k := range s.Preds {
		if !s.Preds[k].holds(d, i) {
			return false
		}
	}
	return true
}

func (p *Pred) holds(d *Doc, i int) bool {
	switch p.Attr {
	case "ORTH", "LOWER":
		w := d.words[i]
		if p.Attr == "LOWER" {
			w = d.lowers[i]
		}
		switch p.Op {
		case "==":
			return w == p.Str
		case "!=":
			return w != p.Str
		case "IN":
			return p.Set[w]
		case "NOT_IN":
			return !p.Set[w]
		case "REGEX":
			return p.Re.MatchString(w)
		}
	case "LENGTH":
		n := d.Tokens[i].End - d.Tokens[i].Start
		switch p.Op {
		case "==":
			return n == p.Num
		case "!=":
			return n != p.Num
		case ">=":
			return n >= p.Num
		case "<=":
			return n <= p.Num
		case ">":
			return n > p.Num
		case "<":
			return n < p.Num
		case "IN":
			return p.Ints[n]
		case "NOT_IN":
			return !p.Ints[n]
		}
	default:
		w := d.words[i]
		var v bool
		switch p.Attr {
		case "IS_PUNCT":
			v = isPunct(w)
		case "IS_DIGIT":
			v = isDigit(w)
		case "IS_TITLE":
			v = isTitle(w)
		case "IS_ALPHA":
			v = isAlpha(w)
		case "IS_LOWER":
			v = isLowerCase(w)
		case "IS_UPPER":
			v = isUpperCase(w)
		}
		return v == p.Bool
	}
	return false
}
