package agree

import (
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// DocScore is one document's agreement, as the document list shows it.
type DocScore struct {
	DocID      string
	Title      string
	Annotators []string // who annotated it (within the options)
	// Kappa is Light's kappa: the mean of Cohen's token kappa over every
	// pair of the document's annotators whose kappa can be computed.
	Kappa Figure
}

func (d *docResult) score() DocScore {
	s := DocScore{DocID: d.id, Title: d.title, Annotators: d.annotators}
	if len(d.annotators) < 2 {
		s.Kappa = none("annotated by fewer than two annotators")
		return s
	}
	fs := make([]Figure, len(d.pairs))
	for i, p := range d.pairs {
		fs[i] = p.figure.TokenKappa
	}
	s.Kappa = meanOf(fs)
	return s
}

// Score measures one document on its own, for the window to refresh one
// row of its list after an edit.
func Score(b *annot.Bundle, opt Options) DocScore {
	kl, ka := opt.keepers()
	return analyze(b, kl, ka, newScratch()).score()
}

// SortWorstFirst orders scores by agreement, lowest first; documents
// whose agreement cannot be computed go last, and ties keep their order.
func SortWorstFirst(s []DocScore) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i].Kappa, s[j].Kappa
		if a.OK != b.OK {
			return a.OK
		}
		return a.OK && a.Value < b.Value
	})
}
