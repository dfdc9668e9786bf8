package agree

import (
	"strings"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Options chooses what agreement looks at.
type Options struct {
	// Labels keeps only spans with these labels; every label when empty.
	// Spans of other labels are left out as if nobody had made them, and
	// so are links to or from them.
	Labels []string
	// Annotators keeps only these annotators; every one when empty.
	Annotators []string
}

func (o Options) keepers() (label, annotator func(string) bool) {
	return setFunc(o.Labels), setFunc(o.Annotators)
}

func setFunc(names []string) func(string) bool {
	if len(names) == 0 {
		return func(string) bool { return true }
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return func(s string) bool { return set[s] }
}

// Annotated lists, sorted, the annotators who annotated a document
// (annot.Annotated): those with at least one live span in it (of any
// label), and those who marked it done or reviewed without a span, since
// "nothing to tag here" is an annotation that a colleague's spans
// disagree with. An annotator who only opened the document (new, or in
// progress with every span deleted) did not annotate it. A reviewer's
// corrections and additions are gold, nobody's annotation, and
// suggestions are nobody's spans until accepted, so neither counts.
func Annotated(b *annot.Bundle) []string { return annot.Annotated(b) }

// docResult is what one document contributes to a report.
type docResult struct {
	id, title  string
	length     int // code points
	annotators []string
	labels     docLabels
	pairs      []*pairDoc
	fleiss     *fleiss // over all its annotators, when three or more
}

// pairDoc holds one pair's counts on one document, indexed by the
// document's label numbers.
type pairDoc struct {
	a, b   string
	spans  []spanCounts
	conf   *confusion // token labels, 0 = no label, l+1 = label l
	inout  [][4]int64 // per label: both in, only a in, only b in, neither
	units  []*unitDoc // per label; nil where neither used the label
	links  linkCounts
	figure PairFigures
}

// analyze measures one document for every pair of its annotators.
func analyze(b *annot.Bundle, keepLabel, keepAnnotator func(string) bool, sc *scratch) *docResult {
	r := &docResult{id: b.Doc.ID, title: b.Doc.Title, labels: docLabels{index: map[string]int{}}}
	for _, n := range Annotated(b) {
		if keepAnnotator(n) {
			r.annotators = append(r.annotators, n)
		}
	}
	r.length = b.Doc.Length
	if r.length == 0 {
		r.length = utf8.RuneCountInString(b.Doc.Text)
	}
	if len(r.annotators) < 2 {
		return r
	}
	sc.toks = text.AppendTokens(sc.toks[:0], b.Doc.Text)
	toks := sc.toks
	views := buildViews(r.annotators, b, toks, &r.labels, keepLabel, sc)
	nl := len(r.labels.names)
	for i := range views {
		for j := i + 1; j < len(views); j++ {
			r.pairs = append(r.pairs, comparePair(views[i], views[j], len(toks), &r.labels, r.length))
		}
	}
	if len(views) >= 3 {
		r.fleiss = newFleiss(len(views), nl+1)
		counts := make([]int, nl+1)
		for t := range toks {
			for _, v := range views {
				counts[int(v.tok[t])]++
			}
			r.fleiss.addItem(counts)
		}
	}
	return r
}

func comparePair(a, b *view, nTok int, labels *docLabels, length int) *pairDoc {
	nl := len(labels.names)
	p := &pairDoc{a: a.name, b: b.name, conf: newConfusion(nl + 1)}
	p.spans = compareSpans(a, b, nl, labels.names)
	for t := 0; t < nTok; t++ {
		p.conf.add(int(a.tok[t]), int(b.tok[t]))
	}
	p.inout = make([][4]int64, nl)
	p.units = make([]*unitDoc, nl)
	for l := 0; l < nl; l++ {
		if p.spans[l].a+p.spans[l].b == 0 {
			p.inout[l][3] = int64(nTok)
			continue
		}
		na, nb, both := int64(a.nIn[l]), int64(b.nIn[l]), int64(0)
		if na > 0 && nb > 0 {
			ia, ib := a.in[l*nTok:(l+1)*nTok], b.in[l*nTok:(l+1)*nTok]
			for t := range ia {
				both += int64(ia[t] & ib[t])
			}
		}
		p.inout[l] = [4]int64{both, na - both, nb - both, int64(nTok) - na - nb + both}
		p.units[l] = newUnitDoc(a.sections(l, length), b.sections(l, length), length)
	}
	p.links = compareLinks(a, b)
	p.figure = p.figures(nl)
	return p
}

// sections divides the text of n code points into the annotator's
// units of label l and the gaps between them, once per annotator and
// label however many pairs the annotator is in.
func (v *view) sections(l, n int) []section {
	if v.secs == nil {
		v.secs = make([][]section, len(v.nIn))
	}
	if v.secs[l] == nil {
		var units []stretch
		for _, s := range v.spans {
			if s.label == l {
				units = append(units, stretch{s.start, s.end})
			}
		}
		v.secs[l] = sections(mergeStretches(units), n)
	}
	return v.secs[l]
}

// figures are the pair's overall figures on this document alone.
func (p *pairDoc) figures(nl int) PairFigures {
	var sc spanCounts
	var do, de float64
	anyUnits := false
	for l := 0; l < nl; l++ {
		sc.add(p.spans[l])
		if u := p.units[l]; u != nil {
			o, e, ok := disagreements(u.length, u.delta2, u.units, u.gaps)
			if ok {
				do += o
				de += e
				anyUnits = true
			}
		}
	}
	return PairFigures{
		ExactF1:    sc.exactF1(),
		OverlapF1:  sc.overlapF1(),
		TokenKappa: p.conf.kappa(),
		AlphaU:     alphaFrom(do, de, anyUnits, "neither annotator marked a span"),
		LinksF1:    p.links.f1(),
	}
}

func pairKey(a, b string) string { return a + "\x00" + b }

func groupKey(names []string) string { return strings.Join(names, "\x00") }
