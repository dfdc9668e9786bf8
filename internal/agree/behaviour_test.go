package agree

import (
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func onePair(t *testing.T, docs []*annot.Bundle, opt Options) Pair {
	t.Helper()
	rep := Compute(docs, opt)
	if len(rep.Pairs) != 1 {
		t.Fatalf("got %d pairs, want 1", len(rep.Pairs))
	}
	return rep.Pairs[0]
}

func TestCohenKappa_IdenticalIsOne(t *testing.T) {
	spans := []tokSpan{{"ACTOR", 0, 2}, {"CLAIM", 3, 8}, {"SOURCE", 9, 10}}
	b := bundle(t, "same", rao, map[string][]tokSpan{"a": spans, "b": spans})
	p := onePair(t, []*annot.Bundle{b}, Options{})
	near(t, "token kappa", p.Pooled.TokenKappa, 1, 0)
	near(t, "exact F1", p.Pooled.ExactF1, 1, 0)
	near(t, "overlap F1", p.Pooled.OverlapF1, 1, 0)
	near(t, "αU", p.Pooled.AlphaU, 1, 0)
	for l, f := range p.Labels {
		near(t, l+" kappa", f.TokenKappa, 1, 0)
	}
}

// The textbook chance case: each annotator tags half the tokens, and the
// halves cross so that they agree on exactly the share chance predicts
// (po = pe = 1/2).
func TestCohenKappa_ChanceIsZero(t *testing.T) {
	b := bundle(t, "chance", "one two three four", map[string][]tokSpan{
		"a": {{"CLAIM", 0, 2}},
		"b": {{"CLAIM", 0, 1}, {"CLAIM", 2, 3}},
	})
	p := onePair(t, []*annot.Bundle{b}, Options{})
	near(t, "token kappa", p.Pooled.TokenKappa, 0, 1e-15)
}

func TestNotComputable(t *testing.T) {
	t.Run("no shared documents", func(t *testing.T) {
		rep := Compute([]*annot.Bundle{
			bundle(t, "d1", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}}),
			bundle(t, "d2", rao, map[string][]tokSpan{"b": {{"CLAIM", 3, 8}}}),
		}, Options{})
		if len(rep.Pairs) != 0 {
			t.Fatalf("got pairs %+v for annotators who share no document", rep.Pairs)
		}
		notComputable(t, "Fleiss", rep.Fleiss.Pooled)
		for _, s := range rep.Scores {
			notComputable(t, "score of "+s.DocID, s.Kappa)
		}
	})
	t.Run("both marked done with no span", func(t *testing.T) {
		b := bundle(t, "empty", rao, nil)
		b.States = map[string]annot.DocState{"a": annot.StateDone, "b": annot.StateDone}
		p := onePair(t, []*annot.Bundle{b}, Options{})
		if p.Documents != 1 {
			t.Fatalf("documents = %d, want 1: both marked it done", p.Documents)
		}
		for name, f := range map[string]Figure{
			"exact": p.Pooled.ExactF1, "overlap": p.Pooled.OverlapF1, "kappa": p.Pooled.TokenKappa,
			"αU": p.Pooled.AlphaU, "links": p.Pooled.LinksF1, "mean kappa": p.MeanOfDocuments.TokenKappa,
		} {
			notComputable(t, name, f)
		}
	})
	t.Run("one marked nothing, the other tagged", func(t *testing.T) {
		b := bundle(t, "one", rao, map[string][]tokSpan{"b": {{"CLAIM", 3, 8}}})
		b.States = map[string]annot.DocState{"a": annot.StateDone}
		p := onePair(t, []*annot.Bundle{b}, Options{})
		near(t, "exact F1", p.Pooled.ExactF1, 0, 0)
		near(t, "token kappa", p.Pooled.TokenKappa, 0, 0)
	})
}

// An annotator who opened a document but left no span and did not mark
// it done did not annotate it.
func TestAnnotated(t *testing.T) {
	b := bundle(t, "d", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}})
	b.States = map[string]annot.DocState{"a": annot.StateInProgress, "b": annot.StateInProgress, "c": annot.StateDone, "d": annot.StateNew}
	if got := strings.Join(Annotated(b), ","); got != "a,c" {
		t.Fatalf("Annotated = %s, want a,c", got)
	}
}

// Pooling adds up counts; the mean of documents averages their figures.
func TestPooledAndMean(t *testing.T) {
	d1 := raoBundle(t) // exact F1 0.4
	d2 := bundle(t, "d2", rao, map[string][]tokSpan{
		"a": {{"ACTOR", 0, 2}, {"CLAIM", 3, 8}},
		"b": {{"ACTOR", 0, 2}, {"CLAIM", 3, 8}},
	}) // exact F1 1
	p := onePair(t, []*annot.Bundle{d1, d2}, Options{})
	if p.Documents != 2 || len(p.ByDocument) != 2 {
		t.Fatalf("documents = %d, by document %d, want 2", p.Documents, len(p.ByDocument))
	}
	near(t, "pooled exact F1", p.Pooled.ExactF1, 2.0*3/(4+5), 1e-12)
	near(t, "mean exact F1", p.MeanOfDocuments.ExactF1, (0.4+1)/2, 1e-12)
	// Pooled kappa: one 20-token table. a: ACTOR 4, CLAIM 10, O 6;
	// b: ACTOR 4, CLAIM 9, SOURCE 1, O 6; 18 agree.
	near(t, "pooled kappa", p.Pooled.TokenKappa, (20.0*18-(16+90+36))/(400-(16+90+36)), 1e-12)
	near(t, "mean kappa", p.MeanOfDocuments.TokenKappa, (47.0/67+1)/2, 1e-12)
	near(t, "document 2 kappa", p.ByDocument[1].TokenKappa, 1, 0)
	if p.ByDocument[0].DocID != "rao" || p.ByDocument[1].DocID != "d2" {
		t.Fatalf("by document out of order: %+v", p.ByDocument)
	}
}

// Laid end to end, the pooled αU of two documents is the αU of one text
// made of both when no gap runs across the join: here every unit of
// every label ends where its document ends.
func TestAlphaU_PooledIsConcatenation(t *testing.T) {
	txt := "Rao said costs will fall"
	by := map[string][]tokSpan{
		"a": {{"ACTOR", 3, 5}, {"CLAIM", 2, 5}},
		"b": {{"ACTOR", 4, 5}, {"CLAIM", 1, 5}},
	}
	d1, d2 := bundle(t, "d1", txt, by), bundle(t, "d2", txt, by)
	both := &annot.Bundle{Doc: annot.Document{ID: "both", Text: txt + txt}}
	for i, d := range []*annot.Bundle{d1, d2} {
		for _, s := range d.Spans {
			s.ID = d.Doc.ID + s.ID
			s.Start += i * len(txt)
			s.End += i * len(txt)
			both.Spans = append(both.Spans, s)
		}
	}
	pooled := onePair(t, []*annot.Bundle{d1, d2}, Options{})
	single := onePair(t, []*annot.Bundle{both}, Options{})
	for l, f := range single.Labels {
		near(t, "pooled αU of "+l, pooled.Labels[l].AlphaU, f.AlphaU.Value, 1e-12)
	}
	near(t, "pooled αU", pooled.Pooled.AlphaU, single.Pooled.AlphaU.Value, 1e-12)
}

// A label first used in a later document still sees the earlier ones as
// gaps and as tokens out of it, and the order of documents does not
// change pooled figures.
func TestPooled_LabelFirstSeenLater(t *testing.T) {
	d1 := bundle(t, "d1", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}, "b": {{"CLAIM", 3, 8}}})
	d2 := raoBundle(t)
	pa := onePair(t, []*annot.Bundle{d1, d2}, Options{})
	pb := onePair(t, []*annot.Bundle{d2, d1}, Options{})
	src := pa.Labels["SOURCE"]
	// SOURCE over 20 tokens: b marks 1, a none.
	near(t, "SOURCE kappa", src.TokenKappa, 0, 1e-15)
	near(t, "SOURCE αU either order", src.AlphaU, pb.Labels["SOURCE"].AlphaU.Value, 1e-12)
	near(t, "CLAIM kappa either order", pa.Labels["CLAIM"].TokenKappa, pb.Labels["CLAIM"].TokenKappa.Value, 1e-12)
}

// A token inside a CLAIM and an ACTOR takes the shorter span's label; the
// per-label in/out kappa still sees it inside the CLAIM.
func TestShortestSpanWins(t *testing.T) {
	b := bundle(t, "nested", rao, map[string][]tokSpan{
		"a": {{"CLAIM", 0, 8}, {"ACTOR", 0, 2}},
		"b": {{"CLAIM", 0, 8}},
	})
	p := onePair(t, []*annot.Bundle{b}, Options{})
	// Overall: tokens 0,1 are ACTOR for a, CLAIM for b; 2–7 CLAIM both; 8,9 O both.
	// n=10, diag=8; a: ACTOR 2, CLAIM 6, O 2; b: CLAIM 8, O 2; Σrc = 48+4 = 52.
	near(t, "token kappa", p.Pooled.TokenKappa, (80.0-52)/(100-52), 1e-12)
	near(t, "CLAIM in/out", p.Labels["CLAIM"].TokenKappa, 1, 0)
}

func TestLinksF1(t *testing.T) {
	b := bundle(t, "links", rao, map[string][]tokSpan{
		"a": {{"CLAIM", 3, 8}, {"ACTOR", 0, 2}, {"SOURCE", 9, 10}},
		"b": {{"CLAIM", 3, 8}, {"ACTOR", 0, 2}, {"SOURCE", 9, 10}, {"CLAIM", 4, 8}},
	})
	link(b, "a", 0, 1, annot.SaidBy)
	link(b, "a", 0, 2, annot.AccordingTo)
	link(b, "b", 0, 1, annot.SaidBy)
	link(b, "b", 3, 1, annot.SaidBy) // from a claim a did not mark: not compared
	p := onePair(t, []*annot.Bundle{b}, Options{})
	near(t, "links F1", p.Pooled.LinksF1, 2.0*1/(2+1), 1e-12)

	// Without a claim both marked identically there is nothing to compare.
	c := bundle(t, "nolinks", rao, map[string][]tokSpan{
		"a": {{"CLAIM", 3, 8}, {"ACTOR", 0, 2}},
		"b": {{"CLAIM", 4, 8}, {"ACTOR", 0, 2}},
	})
	link(c, "a", 0, 1, annot.SaidBy)
	link(c, "b", 0, 1, annot.SaidBy)
	notComputable(t, "links F1 without a shared claim", onePair(t, []*annot.Bundle{c}, Options{}).Pooled.LinksF1)
}

func TestOptions(t *testing.T) {
	b := raoBundle(t)
	b.Spans = append(b.Spans, annot.Span{ID: "c0", Annotator: "c", Start: 0, End: 12, Label: "ACTOR"})
	t.Run("labels", func(t *testing.T) {
		p := Compute([]*annot.Bundle{b}, Options{Labels: []string{"CLAIM"}, Annotators: []string{"a", "b"}}).Pairs
		if len(p) != 1 || len(p[0].Labels) != 1 {
			t.Fatalf("got %+v, want one pair with CLAIM only", p)
		}
		near(t, "exact F1 of CLAIM alone", p[0].Pooled.ExactF1, 0, 0)
		// CLAIM in/out: a 5 tokens, b 4, agree on 9 of 10.
		near(t, "kappa of CLAIM alone", p[0].Pooled.TokenKappa, (10.0*9-(5*4+5*6))/(100-(5*4+5*6)), 1e-12)
	})
	t.Run("annotators", func(t *testing.T) {
		rep := Compute([]*annot.Bundle{b}, Options{Annotators: []string{"a", "c"}})
		if len(rep.Pairs) != 1 || rep.Pairs[0].A != "a" || rep.Pairs[0].B != "c" {
			t.Fatalf("got %+v, want the pair a/c", rep.Pairs)
		}
	})
	t.Run("everyone", func(t *testing.T) {
		rep := Compute([]*annot.Bundle{b}, Options{})
		var got []string
		for _, p := range rep.Pairs {
			got = append(got, p.A+"/"+p.B)
		}
		if strings.Join(got, " ") != "a/b a/c b/c" {
			t.Fatalf("pairs %v, want a/b a/c b/c", got)
		}
	})
}

func TestFleissOverDocuments(t *testing.T) {
	three := map[string][]tokSpan{
		"a": {{"ACTOR", 0, 2}, {"CLAIM", 3, 8}},
		"b": {{"ACTOR", 0, 2}, {"CLAIM", 4, 8}},
		"c": {{"ACTOR", 0, 2}, {"CLAIM", 3, 8}, {"SOURCE", 9, 10}},
	}
	d1 := bundle(t, "d1", rao, three)
	d2 := bundle(t, "d2", rao, map[string][]tokSpan{"a": three["a"], "b": three["b"]})
	rep := Compute([]*annot.Bundle{d1, d2}, Options{})
	if rep.Fleiss.Documents != 1 || strings.Join(rep.Fleiss.Annotators, ",") != "a,b,c" {
		t.Fatalf("Fleiss over %d documents of %v, want 1 of a,b,c", rep.Fleiss.Documents, rep.Fleiss.Annotators)
	}
	// Per token (ACTOR, CLAIM, SOURCE, O counts): tokens 0,1 (3,0,0,0); 2 (0,0,0,3);
	// 3 (0,2,0,1); 4–7 (0,3,0,0); 8 (0,0,0,3); 9 (0,0,1,2).
	rows := [][]int{{3, 0, 0, 0}, {3, 0, 0, 0}, {0, 0, 0, 3}, {0, 2, 0, 1}, {0, 3, 0, 0},
		{0, 3, 0, 0}, {0, 3, 0, 0}, {0, 3, 0, 0}, {0, 0, 0, 3}, {0, 0, 1, 2}}
	want := fleissOf(rows).kappa()
	near(t, "Fleiss pooled", rep.Fleiss.Pooled, want.Value, 1e-12)
	near(t, "Fleiss mean of documents", rep.Fleiss.MeanOfDocuments, want.Value, 1e-12)

	two := Compute([]*annot.Bundle{d2}, Options{})
	notComputable(t, "Fleiss with two annotators", two.Fleiss.Pooled)
	none := Compute([]*annot.Bundle{d2, bundle(t, "d3", rao, map[string][]tokSpan{"c": three["c"], "a": three["a"]})}, Options{})
	notComputable(t, "Fleiss with no document all three share", none.Fleiss.Pooled)
}

func TestScores_WorstFirst(t *testing.T) {
	good := bundle(t, "good", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}, "b": {{"CLAIM", 3, 8}}})
	bad := bundle(t, "bad", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}, "b": {{"ACTOR", 0, 2}}})
	mid := raoBundle(t)
	alone := bundle(t, "alone", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}})
	rep := Compute([]*annot.Bundle{alone, good, bad, mid}, Options{})
	s := rep.Scores
	SortWorstFirst(s)
	var order []string
	for _, x := range s {
		order = append(order, x.DocID)
	}
	if strings.Join(order, " ") != "bad rao good alone" {
		t.Fatalf("worst first: %v, want bad rao good alone", order)
	}
	one := Score(mid, Options{})
	near(t, "Score of one document", one.Kappa, 47.0/67, 1e-12)
}

// Every pair lists every label of the report, also one that only other
// annotators used, with figures that say they cannot be computed.
func TestPair_EveryLabel(t *testing.T) {
	d1 := bundle(t, "d1", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}, "b": {{"CLAIM", 3, 8}}})
	d2 := bundle(t, "d2", rao, map[string][]tokSpan{"a": {{"CLAIM", 3, 8}}, "c": {{"QUOTE", 3, 8}}})
	rep := Compute([]*annot.Bundle{d1, d2}, Options{})
	for _, p := range rep.Pairs {
		if len(p.Labels) != 2 {
			t.Fatalf("pair %s/%s lists labels %v, want CLAIM and QUOTE", p.A, p.B, p.Labels)
		}
	}
	q := rep.Pairs[0].Labels["QUOTE"] // a/b, who never used it
	notComputable(t, "exact F1 of an unused label", q.ExactF1)
	notComputable(t, "kappa of an unused label", q.TokenKappa)
	notComputable(t, "αU of an unused label", q.AlphaU)
}

// A label only annotators left out by the options used is not reported.
func TestOptions_LabelsOfOthers(t *testing.T) {
	b := raoBundle(t)
	b.Spans = append(b.Spans, annot.Span{ID: "c0", Annotator: "c", Start: 0, End: 12, Label: "QUOTE"})
	rep := Compute([]*annot.Bundle{b}, Options{Annotators: []string{"a", "b"}})
	if strings.Join(rep.Labels, ",") != "ACTOR,CLAIM,SOURCE" {
		t.Fatalf("labels %v, want ACTOR, CLAIM, SOURCE", rep.Labels)
	}
}
