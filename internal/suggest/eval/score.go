package eval

import (
	"fmt"
	"io"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/suggest"
)

// Counts are the tallies behind one precision and recall figure.
type Counts struct {
	Pred, PredOK int // suggestions, and those that match a gold span
	Gold, GoldOK int // gold spans, and those some suggestion matches
}

// P is precision, R recall; both are 0 when nothing was counted.
func (c Counts) P() float64 { return ratio(c.PredOK, c.Pred) }
func (c Counts) R() float64 { return ratio(c.GoldOK, c.Gold) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (c *Counts) add(o Counts) {
	c.Pred += o.Pred
	c.PredOK += o.PredOK
	c.Gold += o.Gold
	c.GoldOK += o.GoldOK
}

// Scores are the figures of one system on one set: per label and for the
// links, exact (same offsets) and by overlap (sharing a character).
type Scores struct {
	Exact, Overlap map[string]*Counts // by label, and "LINK"
}

// Labels lists the rows a report prints.
var Labels = []string{"SOURCE", "ACTOR", "CLAIM", "LINK"}

// Score runs predict over every gold document and compares.
func Score(gold []annot.Record, predict func(*suggest.Doc) suggest.Suggestions) Scores {
	sc := Scores{Exact: map[string]*Counts{}, Overlap: map[string]*Counts{}}
	for _, l := range Labels {
		sc.Exact[l], sc.Overlap[l] = &Counts{}, &Counts{}
	}
	for i := range gold {
		rec := &gold[i]
		sug := predict(suggest.NewDoc(rec.Doc.Text))
		scoreDoc(&sc, rec, sug)
	}
	return sc
}

type item struct {
	s, e  int
	label string
}

func (a item) overlaps(b item) bool { return a.label == b.label && a.s < b.e && b.s < a.e }
func (a item) same(b item) bool     { return a == b }

func scoreDoc(sc *Scores, rec *annot.Record, sug suggest.Suggestions) {
	var g, p []item
	gi := map[string]int{}
	for _, s := range rec.Spans {
		gi[s.ID] = len(g)
		g = append(g, item{s.Start, s.End, s.Label})
	}
	for _, s := range sug.Spans {
		p = append(p, item{s.Start, s.End, s.Label})
	}
	for _, l := range Labels[:3] {
		sc.Exact[l].add(match(g, p, l, item.same))
		sc.Overlap[l].add(match(g, p, l, item.overlaps))
	}
	type link struct {
		from, to item
		typ      string
	}
	var gl, pl []link
	for _, r := range rec.Relations {
		gl = append(gl, link{g[gi[r.From]], g[gi[r.To]], r.Type})
	}
	for _, l := range sug.Links {
		pl = append(pl, link{p[l.From], p[l.To], l.Type})
	}
	for k, eq := range map[string]func(a, b item) bool{"exact": item.same, "overlap": item.overlaps} {
		c := Counts{Pred: len(pl), Gold: len(gl)}
		ok := func(a, b link) bool { return a.typ == b.typ && eq(a.from, b.from) && eq(a.to, b.to) }
		for _, x := range pl {
			for _, y := range gl {
				if ok(x, y) {
					c.PredOK++
					break
				}
			}
		}
		for _, y := range gl {
			for _, x := range pl {
				if ok(x, y) {
					c.GoldOK++
					break
				}
			}
		}
		if k == "exact" {
			sc.Exact["LINK"].add(c)
		} else {
			sc.Overlap["LINK"].add(c)
		}
	}
}

func match(g, p []item, label string, eq func(a, b item) bool) Counts {
	var c Counts
	for _, x := range p {
		if x.label != label {
			continue
		}
		c.Pred++
		for _, y := range g {
			if eq(x, y) {
				c.PredOK++
				break
			}
		}
	}
	for _, y := range g {
		if y.label != label {
			continue
		}
		c.Gold++
		for _, x := range p {
			if eq(x, y) {
				c.GoldOK++
				break
			}
		}
	}
	return c
}

// Print writes a table of the rules' and the baseline's figures on one set.
func Print(w io.Writer, title string, rules, base Scores) {
	fmt.Fprintf(w, "%s\n", title)
	fmt.Fprintf(w, "  %-7s %6s | %-27s | %-27s\n", "", "gold", "rules: overlap P/R  exact P/R", "baseline: overlap P/R  exact")
	for _, l := range Labels {
		r, re, b, be := rules.Overlap[l], rules.Exact[l], base.Overlap[l], base.Exact[l]
		fmt.Fprintf(w, "  %-7s %6d | %.2f / %.2f    %.2f / %.2f | %.2f / %.2f    %.2f / %.2f\n",
			l, r.Gold, r.P(), r.R(), re.P(), re.R(), b.P(), b.R(), be.P(), be.R())
	}
}

// Misses lists, for error analysis, gold spans no suggestion overlaps and
// suggestions that overlap no gold span.
func Misses(gold []annot.Record, predict func(*suggest.Doc) suggest.Suggestions) []string {
	return MissesIn(gold, predict, false)
}

// MissesIn is Misses; with context, each line is followed by the
// sentence (or up to a line of text) around the span, the span in
// [[brackets]], so that a miss can be read where it stands.
func MissesIn(gold []annot.Record, predict func(*suggest.Doc) suggest.Suggestions, context bool) []string {
	var out []string
	for i := range gold {
		rec := &gold[i]
		rs := []rune(rec.Doc.Text)
		sug := predict(suggest.NewDoc(rec.Doc.Text))
		var p []item
		for _, s := range sug.Spans {
			p = append(p, item{s.Start, s.End, s.Label})
		}
		var g []item
		for _, s := range rec.Spans {
			g = append(g, item{s.Start, s.End, s.Label})
		}
		line := func(kind string, x item) string {
			l := fmt.Sprintf("%s %s %s %q", rec.Doc.ID, kind, x.label, string(rs[x.s:x.e]))
			if context {
				l += "\n    " + around(rs, x.s, x.e)
			}
			return l
		}
		for _, y := range g {
			if !anyOverlap(y, p) {
				out = append(out, line("missed", y))
			}
		}
		for _, x := range p {
			if !anyOverlap(x, g) {
				out = append(out, line("wrong ", x))
			}
		}
	}
	sort.Strings(out)
	return out
}

// around returns the text about [s, e): from the sentence start before s
// to the sentence end after e, within 300 characters either way and one
// paragraph.
func around(rs []rune, s, e int) string {
	a := s
	for a > 0 && s-a < 300 && rs[a-1] != '\n' && !(a >= 2 && (rs[a-2] == '.' || rs[a-2] == '।') && rs[a-1] == ' ') {
		a--
	}
	b := e
	for b < len(rs) && b-e < 300 && rs[b] != '\n' && rs[b] != '।' && !(rs[b] == '.' && (b+1 == len(rs) || rs[b+1] == ' ' || rs[b+1] == '\n')) {
		b++
	}
	if b < len(rs) && rs[b] != '\n' {
		b++
	}
	return string(rs[a:s]) + "[[" + string(rs[s:e]) + "]]" + string(rs[e:b])
}

func anyOverlap(x item, ys []item) bool {
	for _, y := range ys {
		if x.overlaps(y) {
			return true
		}
	}
	return false
}
