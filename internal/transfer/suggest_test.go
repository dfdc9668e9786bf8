package transfer

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/suggest"
)

// fakeSuggester hands out n texts and keeps what is emitted; it fails the
// emit of document failAt (1-based) if set.
type fakeSuggester struct {
	n, failAt int
	textsErr  error
	got       []*annot.Proposal
}

func (f *fakeSuggester) Texts(ctx context.Context, ids []string, fn func(id, text string) error) error {
	if f.textsErr != nil {
		return f.textsErr
	}
	for i := 1; i <= f.n; i++ {
		if err := fn(fmt.Sprintf("doc%d", i), strings.Repeat("Li said so. ", i%5+1)); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSuggester) AddSuggestions(ctx context.Context, read func(emit func(*annot.Proposal) error) error) (annot.Change, error) {
	var c annot.Change
	err := read(func(p *annot.Proposal) error {
		if len(f.got)+1 == f.failAt {
			return annot.Errorf(annot.Invalid, "bad proposal")
		}
		f.got = append(f.got, p)
		c.Suggestions = append(c.Suggestions, p.Suggestions...)
		return nil
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

func occurrencesOfLi(text string) suggest.Suggestions {
	d := suggest.NewDoc(text)
	return suggest.Suggestions{Spans: append([]suggest.Span{{Start: 0, End: 2, Label: "ACTOR", Origin: "occurrence"}}, suggest.Occurrences(d, 0, 2, "ACTOR")...)}
}

func TestSuggest_InDocumentOrder(t *testing.T) {
	f := &fakeSuggester{n: 300}
	var progress int
	res, c, err := Suggest(context.Background(), f, nil, occurrencesOfLi, func(n int) { progress = n })
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents != 300 || progress != 300 || len(f.got) != 300 {
		t.Fatalf("res %+v, progress %d, emitted %d", res, progress, len(f.got))
	}
	want := 0
	for i, p := range f.got {
		if p.DocID != fmt.Sprintf("doc%d", i+1) {
			t.Fatalf("proposal %d is for %s: not in document order", i, p.DocID)
		}
		want += (i+1)%5 + 1
		if n := len(p.Suggestions); n != (i+1)%5+1 {
			t.Fatalf("%s: %d suggestions", p.DocID, n)
		}
	}
	if res.Suggestions != want || res.NewSuggestions != len(c.Suggestions) {
		t.Errorf("res %+v, want %d suggestions", res, want)
	}
}

func TestSuggest_StopsOnError(t *testing.T) {
	done := make(chan struct{})
	var err, textsErr error
	go func() {
		defer close(done)
		_, _, err = Suggest(context.Background(), &fakeSuggester{n: 5000, failAt: 7}, nil, occurrencesOfLi, nil)
		_, _, textsErr = Suggest(context.Background(), &fakeSuggester{textsErr: annot.Errorf(annot.NotFound, "no document x")}, []string{"x"}, occurrencesOfLi, nil)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Suggest did not return after an error")
	}
	if annot.ErrorKind(err) != annot.Invalid {
		t.Errorf("emit error: %v", err)
	}
	if annot.ErrorKind(textsErr) != annot.NotFound {
		t.Errorf("texts error: %v", textsErr)
	}
}
