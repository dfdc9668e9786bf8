package agree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// randomDocs turns bytes into documents: a text of words (some Devanagari,
// so code points and bytes differ), and for each of the annotators spans
// of three labels, nested, overlapping or duplicated as the bytes fall,
// with links between them. It is the fuzz test's decoder.
func randomDocs(data []byte, annotators []string) []*annot.Bundle {
	words := []string{"Rao", "said", "the", "plan", ",", "will", "cut", "costs", "मंत्री", "ने", "कहा", "।", "PTI", "“quoted”"}
	labels := []string{"ACTOR", "CLAIM", "SOURCE"}
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	var docs []*annot.Bundle
	for d := 0; len(data) > 0 && d < 4; d++ {
		n := 1 + next()%30
		txt := ""
		for i := 0; i < n; i++ {
			if i > 0 {
				txt += " "
			}
			txt += words[next()%len(words)]
		}
		toks := text.Tokens(txt)
		b := &annot.Bundle{Doc: annot.Document{ID: fmt.Sprint("d", d), Text: txt}}
		for _, who := range annotators {
			k := next() % 6
			first := len(b.Spans)
			for i := 0; i < k && len(toks) > 0; i++ {
				from := next() % len(toks)
				to := from + 1 + next()%4
				if to > len(toks) {
					to = len(toks)
				}
				b.Spans = append(b.Spans, annot.Span{
					ID: fmt.Sprint(who, d, i), DocID: b.Doc.ID, Annotator: who,
					Start: toks[from].Start, End: toks[to-1].End, Label: labels[next()%len(labels)],
				})
			}
			if own := b.Spans[first:]; len(own) >= 2 && next()%2 == 0 {
				b.Relations = append(b.Relations, annot.Relation{ID: fmt.Sprint("r", who, d), Annotator: who,
					From: own[0].ID, To: own[1].ID, Type: annot.SaidBy})
			}
			if k == 0 && next()%2 == 0 {
				if b.States == nil {
					b.States = map[string]annot.DocState{}
				}
				b.States[who] = annot.StateDone
			}
		}
		docs = append(docs, b)
	}
	return docs
}

// rename swaps annotators a and b in copies of docs.
func rename(docs []*annot.Bundle, a, b string) []*annot.Bundle {
	swap := func(s string) string {
		switch s {
		case a:
			return b
		case b:
			return a
		}
		return s
	}
	out := make([]*annot.Bundle, len(docs))
	for i, d := range docs {
		c := *d
		c.Spans = append([]annot.Span(nil), d.Spans...)
		for j := range c.Spans {
			c.Spans[j].Annotator = swap(c.Spans[j].Annotator)
		}
		c.Relations = append([]annot.Relation(nil), d.Relations...)
		for j := range c.Relations {
			c.Relations[j].Annotator = swap(c.Relations[j].Annotator)
		}
		if d.States != nil {
			c.States = map[string]annot.DocState{}
			for k, v := range d.States {
				c.States[swap(k)] = v
			}
		}
		out[i] = &c
	}
	return out
}

// checkRanges fails on a figure that is NaN or infinite, an F1 outside
// [0, 1], a kappa outside [−1, 1], an αU above 1, or a figure that
// cannot be computed and says not why.
func checkRanges(t *testing.T, rep *Report) {
	t.Helper()
	check := func(what string, f Figure, lo, hi float64) {
		if !f.OK {
			if f.Reason == "" {
				t.Errorf("%s: not computable and no reason", what)
			}
			return
		}
		if math.IsNaN(f.Value) || f.Value < lo-1e-9 || f.Value > hi+1e-9 {
			t.Errorf("%s = %v, outside [%v, %v]", what, f.Value, lo, hi)
		}
	}
	figs := func(what string, p PairFigures) {
		check(what+" exact F1", p.ExactF1, 0, 1)
		check(what+" overlap F1", p.OverlapF1, 0, 1)
		check(what+" token kappa", p.TokenKappa, -1, 1)
		check(what+" αU", p.AlphaU, math.Inf(-1), 1)
		check(what+" links F1", p.LinksF1, 0, 1)
	}
	for _, p := range rep.Pairs {
		figs("pooled", p.Pooled)
		figs("mean", p.MeanOfDocuments)
		for _, d := range p.ByDocument {
			figs(d.DocID, d.PairFigures)
		}
		for l, f := range p.Labels {
			check(l+" exact F1", f.ExactF1, 0, 1)
			check(l+" overlap F1", f.OverlapF1, 0, 1)
			check(l+" kappa", f.TokenKappa, -1, 1)
			check(l+" αU", f.AlphaU, math.Inf(-1), 1)
		}
	}
	check("Fleiss", rep.Fleiss.Pooled, -1, 1)
	check("Fleiss mean", rep.Fleiss.MeanOfDocuments, -1, 1)
	for _, s := range rep.Scores {
		check("score "+s.DocID, s.Kappa, -1, 1)
	}
}

func sameFigure(t *testing.T, what string, x, y Figure) {
	t.Helper()
	if x.OK != y.OK || (x.OK && math.Abs(x.Value-y.Value) > 1e-9) {
		t.Errorf("%s: %+v one way, %+v the other", what, x, y)
	}
}

func samePair(t *testing.T, x, y Pair) {
	t.Helper()
	for _, f := range []struct {
		name string
		x, y PairFigures
	}{{"pooled", x.Pooled, y.Pooled}, {"mean", x.MeanOfDocuments, y.MeanOfDocuments}} {
		sameFigure(t, f.name+" exact F1", f.x.ExactF1, f.y.ExactF1)
		sameFigure(t, f.name+" overlap F1", f.x.OverlapF1, f.y.OverlapF1)
		sameFigure(t, f.name+" token kappa", f.x.TokenKappa, f.y.TokenKappa)
		sameFigure(t, f.name+" αU", f.x.AlphaU, f.y.AlphaU)
		sameFigure(t, f.name+" links F1", f.x.LinksF1, f.y.LinksF1)
	}
	for l, f := range x.Labels {
		g := y.Labels[l]
		sameFigure(t, l+" overlap F1", f.OverlapF1, g.OverlapF1)
		sameFigure(t, l+" kappa", f.TokenKappa, g.TokenKappa)
		sameFigure(t, l+" αU", f.AlphaU, g.AlphaU)
	}
}

// checkProperties runs the properties every report must have on docs.
func checkProperties(t *testing.T, docs []*annot.Bundle) {
	rep := Compute(docs, Options{})
	checkRanges(t, rep)

	// Symmetry: swapping the two annotators' work changes no figure.
	swapped := Compute(rename(docs, "a", "b"), Options{})
	for i := range rep.Pairs {
		if rep.Pairs[i].A == "a" && rep.Pairs[i].B == "b" {
			samePair(t, rep.Pairs[i], swapped.Pairs[i])
		}
	}

	// Identical work agrees fully wherever a figure can be computed: give
	// b a copy of a's spans.
	same := make([]*annot.Bundle, len(docs))
	for i, d := range docs {
		c := &annot.Bundle{Doc: d.Doc, States: d.States}
		for _, s := range d.Spans {
			if s.Annotator == "a" {
				copied := s
				copied.ID, copied.Annotator = "copy-"+s.ID, "b"
				c.Spans = append(c.Spans, s, copied)
			}
		}
		same[i] = c
	}
	for _, p := range Compute(same, Options{Annotators: []string{"a", "b"}}).Pairs {
		for name, f := range map[string]Figure{"exact F1": p.Pooled.ExactF1, "overlap F1": p.Pooled.OverlapF1,
			"token kappa": p.Pooled.TokenKappa, "αU": p.Pooled.AlphaU} {
			if f.OK && math.Abs(f.Value-1) > 1e-9 {
				t.Errorf("identical work: %s = %v, want 1", name, f.Value)
			}
		}
	}
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		data := make([]byte, 40+r.IntN(200))
		for j := range data {
			data[j] = byte(r.UintN(256))
		}
		docs := randomDocs(data, []string{"a", "b", "c"})
		if len(docs) == 0 {
			continue
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkProperties(t, docs) })
	}
}

// FuzzAgreement feeds arbitrary documents and spans to the whole report:
// it must not fail, and every property above must hold.
func FuzzAgreement(f *testing.F) {
	f.Add([]byte{5, 1, 2, 3, 4, 5, 2, 0, 2, 1, 3, 4, 1, 1, 0, 2, 3})
	f.Add([]byte("Minister Rao said the plan will cut costs , PTI"))
	f.Add([]byte{29, 200, 100, 50, 25, 12, 6, 3, 1, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		docs := randomDocs(data, []string{"a", "b", "c"})
		if len(docs) == 0 {
			return
		}
		checkProperties(t, docs)
	})
}
