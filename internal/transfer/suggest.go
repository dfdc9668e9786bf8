package transfer

import (
	"context"
	"runtime"
	"strconv"
	"sync"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/suggest"
)

// Suggester is the part of a project that `spanmark suggest` and the
// window's "tag all occurrences in the project" need. *store.DB
// implements it.
type Suggester interface {
	AddSuggestions(ctx context.Context, read func(emit func(*annot.Proposal) error) error) (annot.Change, error)
	// Texts calls fn with the text of each document named (every
	// document when ids is empty), in import order; NotFound, before
	// any call, for an ID that names no document.
	Texts(ctx context.Context, ids []string, fn func(id, text string) error) error
}

// SuggestResult counts what a run proposed and what of it was new.
type SuggestResult struct {
	Documents      int
	Suggestions    int // proposed
	NewSuggestions int // stored for the first time
	Links          int
	NewLinks       int
}

// Suggest proposes suggestions for documents (all of them when ids is
// empty) with propose, on every core, and stores them in one
// transaction: all or, on an error or a cancel, nothing. What is stored
// already is not stored again, so a second run adds nothing. progress,
// if not nil, is called with the number of documents done. It returns
// the counts and the change (what was newly stored).
func Suggest(ctx context.Context, dst Suggester, ids []string, propose func(text string) suggest.Suggestions, progress func(int)) (SuggestResult, annot.Change, error) {
	var res SuggestResult
	c, err := dst.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error {
		type job struct {
			id, text string
			out      chan *annot.Proposal
		}
		jobs := make(chan job, 64)
		order := make(chan job, 256)
		readErr := make(chan error, 1)
		stop := make(chan struct{})
		go func() {
			defer close(jobs)
			defer close(order)
			readErr <- dst.Texts(ctx, ids, func(id, text string) error {
				j := job{id: id, text: text, out: make(chan *annot.Proposal, 1)}
				select {
				case order <- j:
				case <-stop:
					return errStopped
				}
				select {
				case jobs <- j:
				case <-stop:
					return errStopped
				}
				return nil
			})
		}()
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					j.out <- Proposal(j.id, propose(j.text))
				}
			}()
		}
		// Proposals are stored in document order, whichever worker
		// finished first, so that a run stores the same rows every time.
		var err error
		for j := range order {
			if err != nil {
				continue // a job queued after the stop may never be worked
			}
			p := <-j.out
			res.Documents++
			res.Suggestions += len(p.Suggestions)
			res.Links += len(p.Links)
			if err = emit(p); err != nil {
				close(stop)
				continue
			}
			if progress != nil {
				progress(res.Documents)
			}
		}
		wg.Wait()
		if rerr := <-readErr; err == nil && rerr != errStopped {
			err = rerr
		}
		return err
	})
	if err != nil {
		return SuggestResult{}, annot.Change{}, err
	}
	res.NewSuggestions, res.NewLinks = len(c.Suggestions), len(c.SuggestionLinks)
	return res, c, nil
}

var errStopped = annot.Errorf(annot.Cancelled, "stopped")

// Proposal turns what the suggestion engine proposes for a document into
// what the store takes: suggestions with IDs local to the proposal, and
// links that refer to them.
func Proposal(docID string, s suggest.Suggestions) *annot.Proposal {
	p := &annot.Proposal{DocID: docID, Suggestions: make([]annot.Suggestion, len(s.Spans))}
	for i, sp := range s.Spans {
		p.Suggestions[i] = annot.Suggestion{ID: strconv.Itoa(i), DocID: docID, Start: sp.Start, End: sp.End, Label: sp.Label, Origin: sp.Origin}
	}
	for _, l := range s.Links {
		p.Links = append(p.Links, annot.SuggestionLink{DocID: docID, From: strconv.Itoa(l.From), To: strconv.Itoa(l.To), Type: l.Type, Origin: l.Origin})
	}
	return p
}
