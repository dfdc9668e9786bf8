package agree

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// The hand-checked sentence: 10 tokens, 47 code points.
const rao = "Minister Rao said the plan will cut costs , PTI"

func raoBundle(t testing.TB) *annot.Bundle {
	return bundle(t, "rao", rao, map[string][]tokSpan{
		"a": {{"ACTOR", 0, 2}, {"CLAIM", 3, 8}},
		"b": {{"ACTOR", 0, 2}, {"CLAIM", 4, 8}, {"SOURCE", 9, 10}},
	})
}

func TestHandChecked_Sentence(t *testing.T) {
	rep := Compute([]*annot.Bundle{raoBundle(t)}, Options{})
	if len(rep.Pairs) != 1 {
		t.Fatalf("got %d pairs, want 1", len(rep.Pairs))
	}
	p := rep.Pairs[0]
	if p.A != "a" || p.B != "b" || p.Documents != 1 {
		t.Fatalf("pair %s/%s over %d documents, want a/b over 1", p.A, p.B, p.Documents)
	}
	near(t, "exact F1", p.Pooled.ExactF1, 0.4, 1e-12)
	near(t, "overlap F1", p.Pooled.OverlapF1, 0.8, 1e-12)
	near(t, "token kappa", p.Pooled.TokenKappa, 47.0/67.0, 1e-12)
	near(t, "αU", p.Pooled.AlphaU, 0.9269, 0.00005)
	near(t, "αU ACTOR", p.Labels["ACTOR"].AlphaU, 1.0, 1e-12)
	near(t, "αU CLAIM", p.Labels["CLAIM"].AlphaU, 0.8986, 0.00005)
	near(t, "αU SOURCE", p.Labels["SOURCE"].AlphaU, -0.068, 0.0005)
	// One document: the mean of documents is that document.
	near(t, "mean token kappa", p.MeanOfDocuments.TokenKappa, 47.0/67.0, 1e-12)
	near(t, "document αU", p.ByDocument[0].AlphaU, p.Pooled.AlphaU.Value, 1e-12)
}
