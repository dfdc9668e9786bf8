package annot_test

import (
	"fmt"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// fuzzDoc builds a document from bytes: spans by three annotators over a
// few positions (so that the same span recurs), some decided, some of
// them the reviewer's own, and links from claims.
func fuzzDoc(data []byte) *annot.Bundle {
	b := &annot.Bundle{Doc: annot.Document{ID: "d", Text: "0123456789abcdefghij"}}
	who := []string{"asha", "ravi", "meera"}
	labels := []string{annot.Claim, annot.Actor, annot.Source}
	statuses := []annot.Status{annot.Pending, annot.Pending, annot.Accepted, annot.Rejected}
	seen := map[annot.SpanKey]bool{}
	for i := 0; i+2 < len(data) && len(b.Spans) < 12; i += 3 {
		x, y, z := int(data[i]), int(data[i+1]), int(data[i+2])
		start := x % 6
		s := annot.Span{ID: fmt.Sprintf("s%d", i), DocID: "d", Annotator: who[y%3], Start: start, End: start + 1 + y/3%4,
			Label: labels[z%3], Status: statuses[z/3%4]}
		if z/12%5 == 0 {
			s.Curation, s.Annotator, s.Status, s.Reviewer = true, "boss", annot.Accepted, "boss"
		}
		if seen[s.Key()] {
			continue
		}
		seen[s.Key()] = true
		b.Spans = append(b.Spans, s)
	}
	for i, f := range b.Spans {
		for j, t := range b.Spans {
			if f.Label == annot.Claim && t.Label != annot.Claim && (i+j)%3 == 0 {
				typ, _ := annot.LinkType(t.Label)
				b.Relations = append(b.Relations, annot.Relation{ID: fmt.Sprintf("r%d-%d", i, j), DocID: "d",
					Annotator: f.Annotator, From: f.ID, To: t.ID, Type: typ})
			}
		}
	}
	annot.SortSpans(b.Spans)
	return b
}

// FuzzPlanReview checks what every review plan promises, whatever the
// document: verdicts only on live spans, one per span, never one that
// changes nothing; accept-agreed only accepts undecided spans; accepting
// or rejecting reaches every span the same as the chosen one; a
// correction leaves the original rejected (or removed) and its new
// offsets accepted; new links join live spans with the type their target
// calls for and repeat no link.
func FuzzPlanReview(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0, 2, 2, 1, 2, 3, 4}, byte(0), byte(0), byte(0))
	f.Add([]byte{1, 3, 13, 1, 4, 13, 1, 5, 25, 3, 0, 1, 3, 1, 1}, byte(2), byte(1), byte(1))
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 2, 0, 5, 9, 2, 5, 10, 2}, byte(3), byte(3), byte(7))
	f.Add([]byte{2, 2, 60, 2, 0, 1, 4, 1, 2}, byte(1), byte(0), byte(5))
	f.Fuzz(func(t *testing.T, data []byte, kind, pick, arg byte) {
		b := fuzzDoc(data)
		if len(b.Spans) == 0 {
			return
		}
		kinds := []annot.ReviewKind{annot.ReviewAccept, annot.ReviewReject, annot.ReviewAcceptAgreed, annot.ReviewCorrect, annot.ReviewAdd}
		op := annot.ReviewOp{Kind: kinds[int(kind)%len(kinds)], DocID: "d", Reviewer: "boss", Min: int(arg) % 4,
			Span: b.Spans[int(pick)%len(b.Spans)].ID, Start: int(arg) % 10, End: int(arg)%10 + 1 + int(pick)%5,
			Label: []string{"", annot.Claim, annot.Actor, annot.Source}[int(arg)%4]}
		if op.Kind == annot.ReviewAdd && op.Label == "" {
			op.Label = annot.Source
		}
		p, err := annot.PlanReview(b, op)
		if err != nil {
			if annot.ErrorKind(err) != annot.Invalid {
				t.Fatalf("%+v: %v", op, err)
			}
			return
		}
		byID := map[string]annot.Span{}
		for _, s := range b.Spans {
			byID[s.ID] = s
		}
		after := map[string]annot.Status{}
		for id, s := range byID {
			after[id] = s.Status
		}
		if p.Add != nil {
			if _, clash := byID[p.Add.ID]; clash || !p.Add.Curation || p.Add.Annotator != "boss" {
				t.Fatalf("the reviewer's span %+v", *p.Add)
			}
			for _, s := range b.Spans {
				if annot.SameSpan(s, *p.Add) && s.ID != p.Remove {
					t.Fatalf("added %+v where %s is live", *p.Add, s.ID)
				}
			}
			byID[p.Add.ID] = *p.Add
		}
		decided := map[string]bool{}
		for _, v := range p.Verdicts {
			s, ok := byID[v.SpanID]
			switch {
			case !ok:
				t.Fatalf("verdict on %s, which is not in the document", v.SpanID)
			case decided[v.SpanID]:
				t.Fatalf("two verdicts on %s", v.SpanID)
			case v.Reviewer != "boss" || (v.Decision != annot.Accepted && v.Decision != annot.Rejected):
				t.Fatalf("verdict %+v", v)
			case p.Add == nil || v.SpanID != p.Add.ID:
				if s.Status == v.Decision {
					t.Fatalf("verdict %s on %s, which is %s already", v.Decision, v.SpanID, s.Status)
				}
				if op.Kind == annot.ReviewAcceptAgreed && (s.Status != annot.Pending || v.Decision != annot.Accepted) {
					t.Fatalf("accept agreed turned %s %s into %s", v.SpanID, s.Status, v.Decision)
				}
			}
			decided[v.SpanID] = true
			after[v.SpanID] = v.Decision
		}
		chosen := byID[op.Span]
		twinsAre := func(of annot.Span, want annot.Status) {
			for _, s := range b.Spans {
				if annot.SameSpan(s, of) && !s.Curation && after[s.ID] != want {
					t.Fatalf("%s: %s is %s, not %s like the span it equals", op.Kind, s.ID, after[s.ID], want)
				}
			}
		}
		switch op.Kind {
		case annot.ReviewAccept:
			twinsAre(chosen, annot.Accepted)
		case annot.ReviewReject:
			if chosen.Curation {
				if p.Remove != chosen.ID {
					t.Fatal("rejecting the reviewer's own span does not remove it")
				}
			} else {
				twinsAre(chosen, annot.Rejected)
			}
		case annot.ReviewCorrect:
			if chosen.Curation && p.Remove != chosen.ID {
				t.Fatal("correcting the reviewer's own span does not replace it")
			}
			if !chosen.Curation {
				twinsAre(chosen, annot.Rejected)
			}
			label := op.Label
			if label == "" {
				label = chosen.Label
			}
			twinsAre(annot.Span{Start: op.Start, End: op.End, Label: label}, annot.Accepted)
		}
		type link struct{ from, to, typ string }
		have := map[link]bool{}
		for _, r := range b.Relations {
			have[link{r.From, r.To, r.Type}] = true
		}
		for _, r := range p.Links {
			from, ok1 := byID[r.From]
			to, ok2 := byID[r.To]
			if !ok1 || !ok2 || r.From == p.Remove || r.To == p.Remove {
				t.Fatalf("link %+v joins a span that is not there", r)
			}
			if typ, ok := annot.LinkType(to.Label); !ok || typ != r.Type || from.Label == to.Label {
				t.Fatalf("link %s from %s to %s", r.Type, from.Label, to.Label)
			}
			k := link{r.From, r.To, r.Type}
			if have[k] {
				t.Fatalf("link %+v is there already", r)
			}
			have[k] = true
		}
	})
}
