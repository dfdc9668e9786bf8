package ui

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"app.spanmark.org/spanmark/internal/agree"
	"app.spanmark.org/spanmark/internal/annot"
)

// docScore is a document's agreement as the list shows it: Light's
// kappa, the mean of the pairwise token kappas (agree.Score), when it can
// be computed.
type docScore struct {
	kappa float64
	ok    bool
}

func scoreOf(b *annot.Bundle) docScore {
	s := agree.Score(b, agree.Options{})
	return docScore{s.Kappa.Value, s.Kappa.OK}
}

// syncScoresUpTo is how many documents are measured at once on entering
// review mode; a larger project is measured on a goroutine (about a
// second per 10,000 documents) and the list fills in when it is done.
const syncScoresUpTo = 500

var scoresGen atomic.Uint64

// refreshScores measures every document's agreement for the list.
func (r *reviewUI) refreshScores() {
	gen := scoresGen.Add(1)
	measure := func() (map[string]docScore, error) {
		rep := agree.NewReporter(agree.Options{})
		err := r.a.proj.Export(r.a.ctx, annot.ExportFilter{}, func(b *annot.Bundle) error {
			rep.Add(b)
			return nil
		})
		if err != nil {
			return nil, err
		}
		out := map[string]docScore{}
		for _, s := range rep.Report().Scores {
			out[s.DocID] = docScore{s.Kappa.Value, s.Kappa.OK}
		}
		return out, nil
	}
	done := func(s map[string]docScore, err error) {
		if scoresGen.Load() != gen {
			return
		}
		if err != nil {
			r.a.fail("measure agreement", err)
			return
		}
		r.scores = s
		r.a.reloadDocs()
	}
	if len(r.a.docs) <= syncScoresUpTo {
		s, err := measure()
		done(s, err)
		return
	}
	r.a.status.setReview("measuring agreement…")
	go func() {
		s, err := measure()
		fyne.Do(func() { done(s, err) })
	}()
}

// sortDocs orders the listed documents worst agreement first when the
// reviewer asks for it; documents whose agreement cannot be computed go
// last, in import order.
func (a *App) sortDocs() {
	r := a.review
	if r == nil || a.doc.Mode() != ModeReview || !r.worst.Checked {
		return
	}
	scores := make([]agree.DocScore, len(a.docs))
	at := make(map[string]annot.DocSummary, len(a.docs))
	for i, d := range a.docs {
		s := r.scores[d.ID]
		scores[i] = agree.DocScore{DocID: d.ID, Kappa: agree.Figure{Value: s.kappa, OK: s.ok}}
		at[d.ID] = d
	}
	agree.SortWorstFirst(scores)
	for i, s := range scores {
		a.docs[i] = at[s.DocID]
	}
}

// reviewLine is a row's second line in review mode: the document's
// agreement, what is left to decide and who annotated it.
func (a *App) reviewLine(s annot.DocSummary) string {
	r := a.review
	if r == nil || a.doc.Mode() != ModeReview {
		return ""
	}
	var parts []string
	if sc, ok := r.scores[s.ID]; ok && sc.ok {
		parts = append(parts, fmt.Sprintf("κ %.2f", sc.kappa))
	} else {
		parts = append(parts, "κ n/a")
	}
	switch {
	case s.SpanCount() == 0:
		parts = append(parts, "no spans")
	case s.Reviewed():
		parts = append(parts, "reviewed")
	default:
		parts = append(parts, fmt.Sprintf("%d undecided", s.Undecided))
	}
	annotated := s.Annotated() // a reviewer's own spans make them no annotator
	names := make([]string, 0, len(annotated))
	for n := range annotated {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(append(parts, strings.Join(names, ", ")), " · ")
}

// refreshDoc redraws one document's row.
func (d *docList) refreshDoc(id string) {
	for i := range d.a.docs {
		if d.a.docs[i].ID == id {
			d.list.RefreshItem(i)
		}
	}
}
