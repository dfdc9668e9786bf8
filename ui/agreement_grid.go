package ui

import (
	"fmt"
	"sort"
	"strings"

	"app.spanmark.org/spanmark/internal/agree"
)

// The agreement panel shows a report as a grid: a column per pair of
// annotators, a row per figure (or, per label, a row per label), so
// that three annotators' three pairs fit the side panel's width and
// more pairs scroll sideways past the row names. This file turns a
// report and the panel's choices into that grid; agreement.go draws it.

// eachLabel is the label choice that gives a row per label.
const eachLabel = "\x00each"

// agreeView is what the panel's choices ask to see.
type agreeView struct {
	label  string // "": all labels together; eachLabel: a row per label; else that label
	figure int    // with eachLabel: the figure shown, an index into labelFigures
	mean   bool   // the project's mean of documents rather than pooled figures
}

// A figure the grid can show: its row name, and what it measures.
type figureKind struct {
	name, about string
	pair        func(agree.PairFigures) agree.Figure
	label       func(agree.LabelFigures) agree.Figure // nil: not measured per label
}

var figureKinds = []figureKind{
	{"exact F1", "spans with the same start, end and label, one annotator's against the other's",
		func(p agree.PairFigures) agree.Figure { return p.ExactF1 }, func(l agree.LabelFigures) agree.Figure { return l.ExactF1 }},
	{"overlap F1", "spans of the same label that share at least one character",
		func(p agree.PairFigures) agree.Figure { return p.OverlapF1 }, func(l agree.LabelFigures) agree.Figure { return l.OverlapF1 }},
	{"token κ", "Cohen's kappa over word tokens, each taking the label of the shortest span over it (per label: in or out of one)",
		func(p agree.PairFigures) agree.Figure { return p.TokenKappa }, func(l agree.LabelFigures) agree.Figure { return l.TokenKappa }},
	{"αU", "Krippendorff's unitizing alpha on the characters: 1 is full agreement, 0 what chance gives, below 0 worse",
		func(p agree.PairFigures) agree.Figure { return p.AlphaU }, func(l agree.LabelFigures) agree.Figure { return l.AlphaU }},
	{"links F1", "the SAID_BY and ACCORDING_TO links of the claims both marked identically (all labels only)",
		func(p agree.PairFigures) agree.Figure { return p.LinksF1 }, nil},
}

// labelFigures are the figures measured per label.
var labelFigures = figureKinds[:4]

// agreeGrid is a report laid out for the panel.
type agreeGrid struct {
	pairs []agree.Pair
	heads []string         // column headings: the pair's initials, "AS·ME"
	rows  []string         // row names
	about []string         // per row: what it measures
	cells [][]agree.Figure // [row][pair]
	count bool             // the first row counts documents rather than measuring
}

// buildGrid lays out rep as v asks; project says whether rep covers the
// project (a documents row, pooled or mean) or one document. labels are
// the project's labels in their order: a row per label lists those rep
// saw, in that order.
func buildGrid(rep *agree.Report, project bool, v agreeView, labels []string) agreeGrid {
	g := agreeGrid{pairs: rep.Pairs}
	var names []string
	for _, p := range rep.Pairs {
		names = append(names, p.A, p.B)
	}
	names = uniqueSorted(names)
	inits := map[string]string{}
	for i, in := range initialsOf(names) {
		inits[names[i]] = in
	}
	for _, p := range rep.Pairs {
		g.heads = append(g.heads, inits[p.A]+"·"+inits[p.B])
	}
	add := func(name, about string, f func(agree.Pair) agree.Figure) {
		g.rows = append(g.rows, name)
		g.about = append(g.about, about)
		row := make([]agree.Figure, len(rep.Pairs))
		for i, p := range rep.Pairs {
			row[i] = f(p)
		}
		g.cells = append(g.cells, row)
	}
	switch v.label {
	case "":
		if project {
			g.count = true
			add("documents", "documents both annotated", func(p agree.Pair) agree.Figure {
				return agree.Figure{Value: float64(p.Documents), OK: true}
			})
		}
		for _, k := range figureKinds {
			add(k.name, k.about, func(p agree.Pair) agree.Figure {
				if project && v.mean {
					return k.pair(p.MeanOfDocuments)
				}
				return k.pair(p.Pooled)
			})
		}
	case eachLabel:
		k := labelFigures[min(max(v.figure, 0), len(labelFigures)-1)]
		for _, l := range orderLabels(rep.Labels, labels) {
			add(l, k.name+" of "+l+": "+k.about, func(p agree.Pair) agree.Figure { return labelFigure(p, l, k) })
		}
	default:
		for _, k := range labelFigures {
			add(k.name, k.about, func(p agree.Pair) agree.Figure { return labelFigure(p, v.label, k) })
		}
	}
	return g
}

func labelFigure(p agree.Pair, label string, k figureKind) agree.Figure {
	lf, ok := p.Labels[label]
	if !ok {
		return agree.Figure{Reason: "neither annotator used " + label + " here"}
	}
	return k.label(lf)
}

// orderLabels puts seen in the project's label order, any the project
// lacks (a label since removed) after them, sorted.
func orderLabels(seen, project []string) []string {
	in := map[string]bool{}
	for _, l := range seen {
		in[l] = true
	}
	var out []string
	for _, l := range project {
		if in[l] {
			out = append(out, l)
			delete(in, l)
		}
	}
	var rest []string
	for l := range in {
		rest = append(rest, l)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// text is how a cell reads: the figure to three places, a count whole,
// or "n/a" (the notes say why).
func (g *agreeGrid) text(row, col int) string {
	f := g.cells[row][col]
	switch {
	case !f.OK:
		return "n/a"
	case g.count && row == 0:
		return fmt.Sprintf("%d", int(f.Value))
	}
	return fmt.Sprintf("%.3f", f.Value)
}

// explain says what one cell is, for the line under the grid.
func (g *agreeGrid) explain(row, col int, where string) string {
	p := g.pairs[col]
	f := g.cells[row][col]
	head := fmt.Sprintf("%s / %s, %s, %s", p.A, p.B, g.rows[row], where)
	if !f.OK {
		return head + ": not computable, " + f.Reason + "."
	}
	return fmt.Sprintf("%s: %s. %s.", head, g.text(row, col), capitalise(g.about[row]))
}

// notes lists why the cells that read "n/a" cannot be computed, one
// line per reason with the cells it explains.
func (g *agreeGrid) notes() []string {
	var reasons []string
	cells := map[string][]string{}
	for r, row := range g.cells {
		for c, f := range row {
			if f.OK {
				continue
			}
			if _, ok := cells[f.Reason]; !ok {
				reasons = append(reasons, f.Reason)
			}
			cells[f.Reason] = append(cells[f.Reason], g.heads[c]+" "+g.rows[r])
		}
	}
	var out []string
	for _, why := range reasons {
		where := cells[why]
		if len(where) > 3 {
			where = append(where[:3:3], fmt.Sprintf("%d more", len(where)-3))
		}
		out = append(out, fmt.Sprintf("n/a: %s (%s)", why, strings.Join(where, ", ")))
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
