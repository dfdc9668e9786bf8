package agree

import (
	"runtime"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// PairFigures are the overall figures of two annotators.
type PairFigures struct {
	ExactF1    Figure // spans with the same start, end and label
	OverlapF1  Figure // spans with the same label that share a code point
	TokenKappa Figure // Cohen's kappa over word tokens
	AlphaU     Figure // Krippendorff's αU over all labels
	LinksF1    Figure // links from the claims both marked identically
}

// LabelFigures are two annotators' figures for one label. TokenKappa
// compares in/out: whether some span of the label covers the token.
type LabelFigures struct {
	ExactF1    Figure
	OverlapF1  Figure
	TokenKappa Figure
	AlphaU     Figure
}

// DocumentFigures are a pair's figures on one document.
type DocumentFigures struct {
	DocID string
	Title string
	PairFigures
}

// Pair is the agreement of two annotators over the documents both
// annotated.
type Pair struct {
	A, B      string // A sorts before B
	Documents int    // documents both annotated
	// Pooled adds up the counts of every shared document before taking
	// each figure: tokens, spans and links of all documents together,
	// and for αU the documents laid end to end as one continuum.
	Pooled PairFigures
	// Labels are pooled figures per label.
	Labels map[string]LabelFigures
	// MeanOfDocuments averages the per-document figures, leaving out the
	// documents where a figure cannot be computed.
	MeanOfDocuments PairFigures
	ByDocument      []DocumentFigures // in the order documents were added
}

// Fleiss is Fleiss' kappa over tokens among three or more annotators, on
// the documents that all of them annotated.
type Fleiss struct {
	Annotators      []string
	Documents       int
	Pooled          Figure
	MeanOfDocuments Figure
}

// Report is the agreement of a project.
type Report struct {
	Labels    []string // labels seen, sorted
	Documents int      // documents read
	Pairs     []Pair   // by A, then B
	Fleiss    Fleiss
	// Scores is each document's agreement for the document list: Light's
	// kappa (the mean of the pairwise token kappas) among the annotators
	// of that document, in the order documents were added.
	Scores []DocScore
}

// Reporter builds a report from documents handed to it one at a time,
// measuring them on every core while the caller reads the next ones.
// Results are folded in the order documents were added, so a report
// never depends on scheduling.
type Reporter struct {
	keepLabel, keepAnnotator func(string) bool
	batch                    []*annot.Bundle
	pending                  []*batch // measured or being measured, not yet folded, in order
	sem                      chan struct{}
	fold                     *folder
}

// batch is a run of documents one goroutine measures.
type batch struct {
	out  []*docResult
	done chan struct{}
}

const batchSize = 64

// NewReporter starts a report.
func NewReporter(opt Options) *Reporter {
	r := &Reporter{sem: make(chan struct{}, runtime.GOMAXPROCS(0)), fold: newFolder()}
	r.keepLabel, r.keepAnnotator = opt.keepers()
	return r
}

// Add measures one document. The reporter keeps b until it is measured,
// so the caller must not change it afterwards.
func (r *Reporter) Add(b *annot.Bundle) {
	r.batch = append(r.batch, b)
	if len(r.batch) == batchSize {
		r.flush()
	}
}

func (r *Reporter) flush() {
	if len(r.batch) == 0 {
		return
	}
	docs := r.batch
	bt := &batch{out: make([]*docResult, len(docs)), done: make(chan struct{})}
	r.batch = nil
	r.pending = append(r.pending, bt)
	r.sem <- struct{}{}
	go func() {
		defer func() { <-r.sem; close(bt.done) }()
		sc := newScratch()
		for i, b := range docs {
			bt.out[i] = analyze(b, r.keepLabel, r.keepAnnotator, sc)
		}
	}()
	r.foldDone(false)
}

// foldDone folds the measured batches at the head of the queue, so that
// what a document leaves behind is only its share of the sums; with wait
// it folds them all.
func (r *Reporter) foldDone(wait bool) {
	for len(r.pending) > 0 {
		bt := r.pending[0]
		if wait {
			<-bt.done
		} else {
			select {
			case <-bt.done:
			default:
				return
			}
		}
		for _, d := range bt.out {
			r.fold.add(d)
		}
		r.pending = r.pending[1:]
	}
}

// Report waits for the documents added so far and returns the report.
func (r *Reporter) Report() *Report {
	r.flush()
	r.foldDone(true)
	return r.fold.report()
}

// Compute is a report over docs.
func Compute(docs []*annot.Bundle, opt Options) *Report {
	r := NewReporter(opt)
	for _, b := range docs {
		r.Add(b)
	}
	return r.Report()
}

// folder adds documents' results up, in order.
type folder struct {
	labels     map[string]int
	names      []string
	pairs      map[string]*pairPool
	order      []string
	docs       int
	scores     []DocScore
	groups     []fleissDoc // documents with three or more annotators
	annotators map[string]bool
}

// fleissDoc keeps what Fleiss' kappa needs of a document, once the
// rest of its counts are folded away.
type fleissDoc struct {
	group  string // its annotators
	labels []string
	counts *fleiss
}

// pairPool is a pair's pooled counts, by the project's label numbers.
type pairPool struct {
	a, b    string
	docs    int
	lengths []int // code points of each document so far
	tokens  int64 // tokens of the documents so far
	spans   []spanCounts
	conf    map[[2]int]int64 // token labels, 0 = none, l+1 = label l
	inout   [][4]int64
	units   []*unitPool
	links   linkCounts
	byDoc   []DocumentFigures
}

func newFolder() *folder {
	return &folder{labels: map[string]int{}, pairs: map[string]*pairPool{}, annotators: map[string]bool{}}
}

func (f *folder) label(name string) int {
	if i, ok := f.labels[name]; ok {
		return i
	}
	f.labels[name] = len(f.names)
	f.names = append(f.names, name)
	return len(f.names) - 1
}

func (f *folder) add(d *docResult) {
	f.docs++
	f.scores = append(f.scores, d.score())
	if d.fleiss != nil {
		f.groups = append(f.groups, fleissDoc{groupKey(d.annotators), d.labels.names, d.fleiss})
	}
	for _, n := range d.annotators {
		f.annotators[n] = true
	}
	idx := make([]int, len(d.labels.names))
	for i, n := range d.labels.names {
		idx[i] = f.label(n)
	}
	for _, p := range d.pairs {
		pp := f.pairs[pairKey(p.a, p.b)]
		if pp == nil {
			pp = &pairPool{a: p.a, b: p.b, conf: map[[2]int]int64{}}
			f.pairs[pairKey(p.a, p.b)] = pp
			f.order = append(f.order, pairKey(p.a, p.b))
		}
		pp.add(p, d, idx, len(f.names))
	}
}

// grow makes room for labels up to nl.
func (pp *pairPool) grow(nl int) {
	for len(pp.spans) < nl {
		pp.spans = append(pp.spans, spanCounts{})
		// A label first seen now was out for both on every token so far.
		pp.inout = append(pp.inout, [4]int64{3: pp.tokens})
		pp.units = append(pp.units, nil)
	}
}

func (pp *pairPool) add(p *pairDoc, d *docResult, idx []int, nl int) {
	pp.grow(nl)
	used := make([]bool, nl)
	for l, g := range idx {
		pp.spans[g].add(p.spans[l])
		io := p.inout[l]
		for c := range io {
			pp.inout[g][c] += io[c]
		}
		if u := p.units[l]; u != nil {
			if pp.units[g] == nil {
				// The documents before it are a gap for both.
				pp.units[g] = &unitPool{}
				for _, n := range pp.lengths {
					pp.units[g].addBlank(n)
				}
			}
			pp.units[g].add(u)
			used[g] = true
		}
	}
	var tokens int64
	for i := 0; i < p.conf.k; i++ {
		for j := 0; j < p.conf.k; j++ {
			v := p.conf.cells[i*p.conf.k+j]
			if v == 0 {
				continue
			}
			tokens += v
			gi, gj := 0, 0
			if i > 0 {
				gi = idx[i-1] + 1
			}
			if j > 0 {
				gj = idx[j-1] + 1
			}
			pp.conf[[2]int{gi, gj}] += v
		}
	}
	for g := range pp.inout {
		if !containsInt(idx, g) {
			pp.inout[g][3] += tokens // nobody used the label here
		}
		if !used[g] && pp.units[g] != nil {
			pp.units[g].addBlank(d.length)
		}
	}
	pp.links.add(p.links)
	pp.tokens += tokens
	pp.docs++
	pp.lengths = append(pp.lengths, d.length)
	pp.byDoc = append(pp.byDoc, DocumentFigures{DocID: d.id, Title: d.title, PairFigures: p.figure})
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (f *folder) report() *Report {
	rep := &Report{Documents: f.docs, Scores: f.scores}
	rep.Labels = append([]string(nil), f.names...)
	sort.Strings(rep.Labels)
	sort.Strings(f.order)
	for _, k := range f.order {
		rep.Pairs = append(rep.Pairs, f.pairs[k].pair(f.names))
	}
	rep.Fleiss = f.fleiss()
	return rep
}

func (pp *pairPool) pair(names []string) Pair {
	p := Pair{A: pp.a, B: pp.b, Documents: pp.docs, Labels: map[string]LabelFigures{}, ByDocument: pp.byDoc}
	nl := len(names)
	pp.grow(nl) // labels only later documents used
	conf := newConfusion(nl + 1)
	for ij, v := range pp.conf {
		conf.cells[ij[0]*conf.k+ij[1]] += v
	}
	var total spanCounts
	var do, de float64
	anyUnits := false
	for l := 0; l < nl; l++ {
		sc := pp.spans[l]
		total.add(sc)
		lf := LabelFigures{ExactF1: sc.exactF1(), OverlapF1: sc.overlapF1()}
		io := pp.inout[l]
		bin := &confusion{k: 2, cells: []int64{io[0], io[1], io[2], io[3]}}
		lf.TokenKappa = bin.kappa()
		lf.AlphaU = none("neither annotator used this label")
		if u := pp.units[l]; u != nil {
			o, e, ok := disagreements(u.length, u.delta2, u.units, u.gaps)
			lf.AlphaU = alphaFrom(o, e, ok, "no disagreement could arise by chance")
			if ok {
				do += o
				de += e
				anyUnits = true
			}
		}
		p.Labels[names[l]] = lf
	}
	p.Pooled = PairFigures{
		ExactF1:    total.exactF1(),
		OverlapF1:  total.overlapF1(),
		TokenKappa: conf.kappa(),
		AlphaU:     alphaFrom(do, de, anyUnits, "neither annotator marked a span"),
		LinksF1:    pp.links.f1(),
	}
	var ex, ov, tk, au, lk []Figure
	for _, d := range pp.byDoc {
		ex = append(ex, d.ExactF1)
		ov = append(ov, d.OverlapF1)
		tk = append(tk, d.TokenKappa)
		au = append(au, d.AlphaU)
		lk = append(lk, d.LinksF1)
	}
	p.MeanOfDocuments = PairFigures{meanOf(ex), meanOf(ov), meanOf(tk), meanOf(au), meanOf(lk)}
	return p
}

// fleiss pools Fleiss' kappa over the documents that every annotator in
// the report annotated.
func (f *folder) fleiss() Fleiss {
	var out Fleiss
	for n := range f.annotators {
		out.Annotators = append(out.Annotators, n)
	}
	sort.Strings(out.Annotators)
	if len(out.Annotators) < 3 {
		out.Pooled = none("needs three or more annotators")
		out.MeanOfDocuments = out.Pooled
		return out
	}
	key := groupKey(out.Annotators)
	pool := newFleiss(len(out.Annotators), len(f.names)+1)
	var perDoc []Figure
	for _, d := range f.groups {
		if d.group != key {
			continue
		}
		idx := make([]int, len(d.labels)+1)
		for i, n := range d.labels {
			idx[i+1] = f.labels[n] + 1
		}
		pool.merge(d.counts, idx)
		perDoc = append(perDoc, d.counts.kappa())
		out.Documents++
	}
	if out.Documents == 0 {
		out.Pooled = none("no document was annotated by all of " + joinNames(out.Annotators) + "; choose three or more who share documents with --annotator")
		out.MeanOfDocuments = out.Pooled
		return out
	}
	out.Pooled = pool.kappa()
	out.MeanOfDocuments = meanOf(perDoc)
	return out
}

func joinNames(n []string) string {
	s := ""
	for i, x := range n {
		switch {
		case i == 0:
		case i == len(n)-1:
			s += " and "
		default:
			s += ", "
		}
		s += x
	}
	return s
}
