package suggest

import (
	"embed"
	"sort"
	"strings"
	"sync"
)

//go:embed rules/*.jsonl rules/words.txt
var ruleFiles embed.FS

// BuiltinFiles lists the built-in pattern files, which the README shows
// and a user may copy and edit.
func BuiltinFiles() []string {
	ents, _ := ruleFiles.ReadDir("rules")
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".jsonl") {
			names = append(names, "rules/"+e.Name())
		}
	}
	return names
}

// BuiltinFile returns the text of one built-in file, by the name
// BuiltinFiles gives.
func BuiltinFile(name string) ([]byte, error) { return ruleFiles.ReadFile(name) }

// Rules suggests spans and links with a set of patterns: attribution
// cues (lines with the "spanmark" extension) through the attribution
// rules, other lines as an EntityRuler would.
type Rules struct {
	cues  *Matcher
	plain *Matcher
	lex   lexicon
}

// NewRules compiles patterns. Each suggestion's origin is "rule:" and the
// pattern's id for attribution cues, "pattern:" and its file otherwise.
func NewRules(patterns []Pattern, opt Options) *Rules {
	var cues, plain []Pattern
	for _, p := range patterns {
		if p.Attrib != nil {
			cues = append(cues, p)
		} else {
			plain = append(plain, p)
		}
	}
	words, _ := ruleFiles.ReadFile("rules/words.txt")
	return &Rules{cues: Compile(cues, opt), plain: Compile(plain, opt), lex: parseLexicon(string(words))}
}

var builtin = sync.OnceValues(func() (*Rules, error) {
	var all []Pattern
	for _, name := range BuiltinFiles() {
		data, err := ruleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ps, err := ReadPatterns(strings.TrimPrefix(name, "rules/"), data)
		if err != nil {
			return nil, err
		}
		all = append(all, ps...)
	}
	return NewRules(all, Options{}), nil
})

// Builtin returns the built-in English and Hindi attribution rules,
// compiled once.
func Builtin() *Rules {
	r, err := builtin()
	if err != nil {
		panic("built-in rules: " + err.Error()) // a test reads every file
	}
	return r
}

// Suggest returns the spans and links the rules propose for d.
func (r *Rules) Suggest(d *Doc) Suggestions {
	var s Suggestions
	idx := map[Span]int{}
	add := func(sp Span) int {
		key := Span{Start: sp.Start, End: sp.End, Label: sp.Label}
		if k, ok := idx[key]; ok {
			return k
		}
		idx[key] = len(s.Spans)
		s.Spans = append(s.Spans, sp)
		return len(s.Spans) - 1
	}
	for _, sp := range r.plain.Spans(d) {
		add(sp)
	}
	if len(r.cues.pats) > 0 {
		var lay *layout
		links := map[Link]bool{}
		link := func(c int, t Span, origin string) {
			k := add(t)
			typ := "SAID_BY"
			if t.Label == "SOURCE" {
				typ = "ACCORDING_TO"
			}
			l := Link{From: c, To: k, Type: typ}
			if !links[l] {
				links[l] = true
				l.Origin = origin
				s.Links = append(s.Links, l)
			}
		}
		var quotes []attributed // attributions whose claim is a quotation
		for _, m := range r.cues.All(d) {
			if lay == nil {
				lay = d.layoutInto(layoutPool.Get().(*layout))
				defer layoutPool.Put(lay)
			}
			a := attribute(d, lay, r.lex, m)
			if a.claim.End <= a.claim.Start {
				continue
			}
			origin := OriginRule + m.Pattern.ID
			c := add(Span{Start: a.claim.Start, End: a.claim.End, Label: "CLAIM", Origin: origin, ID: m.Pattern.ID})
			for _, t := range a.targets {
				t.Origin, t.ID = origin, m.Pattern.ID
				link(c, t, origin)
			}
			if a.quote {
				quotes = append(quotes, attributed{a, m.Pattern.ID})
			}
		}
		if len(quotes) > 0 {
			for _, q := range continued(d, lay, quotes, s.Spans) {
				origin := OriginRule + q.id
				c := add(Span{Start: q.claim.Start, End: q.claim.End, Label: "CLAIM", Origin: origin, ID: q.id})
				for _, t := range q.targets {
					t.Origin, t.ID = origin, q.id
					link(c, t, origin)
				}
			}
		}
	}
	s.sort()
	return s
}

// sort orders spans by start, end and label, renumbering the links.
func (s *Suggestions) sort() {
	order := make([]int, len(s.Spans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := s.Spans[order[a]], s.Spans[order[b]]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End < y.End
		}
		return x.Label < y.Label
	})
	pos := make([]int, len(order))
	spans := make([]Span, len(order))
	for to, from := range order {
		pos[from] = to
		spans[to] = s.Spans[from]
	}
	s.Spans = spans
	for i := range s.Links {
		s.Links[i].From, s.Links[i].To = pos[s.Links[i].From], pos[s.Links[i].To]
	}
	sort.SliceStable(s.Links, func(a, b int) bool {
		if s.Links[a].From != s.Links[b].From {
			return s.Links[a].From < s.Links[b].From
		}
		return s.Links[a].To < s.Links[b].To
	})
}
