package agree

import (
	"fmt"
	"math"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// tokSpan is a span given by token positions [from, to), as the issue's
// hand-checked examples give them.
type tokSpan struct {
	label    string
	from, to int
}

// bundle builds a document whose annotators' spans are given by token
// ranges, converted to code points with the same tokens agreement uses.
func bundle(t testing.TB, id, txt string, by map[string][]tokSpan) *annot.Bundle {
	t.Helper()
	toks := text.Tokens(txt)
	b := &annot.Bundle{Doc: annot.Document{ID: id, Title: id, Text: txt}}
	for who, spans := range by {
		for i, s := range spans {
			if s.to > len(toks) || s.from >= s.to {
				t.Fatalf("span %v outside the %d tokens of %q", s, len(toks), txt)
			}
			b.Spans = append(b.Spans, annot.Span{
				ID: fmt.Sprintf("%s-%s-%d", id, who, i), DocID: id, Annotator: who,
				Start: toks[s.from].Start, End: toks[s.to-1].End, Label: s.label,
			})
		}
	}
	return b
}

// link adds a relation of annotator who between the spans with the given
// indexes in that annotator's list.
func link(b *annot.Bundle, who string, from, to int, typ string) {
	id := func(i int) string { return fmt.Sprintf("%s-%s-%d", b.Doc.ID, who, i) }
	b.Relations = append(b.Relations, annot.Relation{
		ID: fmt.Sprintf("r-%s-%d-%d", who, from, to), DocID: b.Doc.ID, Annotator: who,
		From: id(from), To: id(to), Type: typ,
	})
}

// near fails unless f is computable and within tol of want.
func near(t *testing.T, what string, f Figure, want, tol float64) {
	t.Helper()
	if !f.OK {
		t.Errorf("%s: not computable (%s), want %.6f", what, f.Reason, want)
		return
	}
	if math.Abs(f.Value-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, f.Value, want, tol)
	}
}

// notComputable fails unless f is reported as not computable with a reason.
func notComputable(t *testing.T, what string, f Figure) {
	t.Helper()
	if f.OK || f.Reason == "" {
		t.Errorf("%s = %+v, want not computable with a reason", what, f)
	}
}
