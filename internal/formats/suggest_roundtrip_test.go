package formats

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// suggestedDoc is a document with a span accepted (and changed) from a
// suggestion and, as export --suggestions hands them over, three
// suggestions of two origins, a link and two decisions.
func suggestedDoc() *Doc {
	doc := &annot.Document{ID: "d1", Title: "Said", Text: "🙂 Asha said rare earths will fall, citing Xinhua."}
	d := &Doc{Doc: doc, Spans: []annot.Span{
		{ID: "11111111-0000-4000-8000-000000000001", Annotator: "ravi", Start: 2, End: 6, Label: "ACTOR", Status: annot.Pending,
			Origin: "rule:en-said", Changed: true},
	}, States: map[string]annot.DocState{"ravi": annot.StateInProgress}}
	d.Suggested = &annot.Suggested{DocID: "d1",
		Suggestions: []annot.Suggestion{
			{ID: "22222222-0000-4000-8000-000000000001", Start: 2, End: 6, Label: "SOURCE", Origin: "rule:en-said"},
			{ID: "22222222-0000-4000-8000-000000000002", Start: 12, End: 33, Label: "CLAIM", Origin: "rule:en-said"},
			{ID: "22222222-0000-4000-8000-000000000003", Start: 42, End: 48, Label: "SOURCE", Origin: "import:prediction:ner-v2"},
		},
		Links: []annot.SuggestionLink{{ID: "33333333-0000-4000-8000-000000000001", From: "22222222-0000-4000-8000-000000000002",
			To: "22222222-0000-4000-8000-000000000001", Type: annot.AccordingTo, Origin: "rule:en-said"}},
		Decisions: []annot.SuggestionDecision{
			{ID: "44444444-0000-4000-8000-000000000001", Suggestion: "22222222-0000-4000-8000-000000000001", Annotator: "ravi",
				Decision: annot.DecisionChanged, Span: "11111111-0000-4000-8000-000000000001"},
			{ID: "44444444-0000-4000-8000-000000000002", Suggestion: "22222222-0000-4000-8000-000000000003", Annotator: "ravi",
				Decision: annot.DecisionRejected},
		}}
	return d
}

// suggestionKeys describes a record's suggestions and suggested links.
func suggestionKeys(rec *annot.Record) []string {
	idx := text.NewIndex(rec.Doc.Text)
	by := map[string]annot.Suggestion{}
	var out []string
	for _, g := range rec.Suggestions {
		by[g.ID] = g
		out = append(out, fmt.Sprintf("%d-%d %s %q %s", g.Start, g.End, g.Label, idx.Slice(g.Start, g.End), g.Origin))
	}
	for _, l := range rec.SuggestionLinks {
		f, t := by[l.From], by[l.To]
		out = append(out, fmt.Sprintf("%s %s -> %s", f.Label, l.Type, t.Label))
	}
	sort.Strings(out)
	return out
}

func TestSuggestions_RoundTrip(t *testing.T) {
	want := []string{
		`12-33 CLAIM "rare earths will fall" rule:en-said`,
		`2-6 SOURCE "Asha" rule:en-said`,
		`42-48 SOURCE "Xinhua" import:prediction:ner-v2`,
		`CLAIM ACCORDING_TO -> SOURCE`,
	}
	for _, c := range []struct {
		format    string
		read      Reader
		decisions int    // decisions that come back
		origin    string // the accepted span's origin as it comes back
		changed   bool
		loss      string // a warning the export must give
	}{
		{Native, ReadNative, 2, "rule:en-said", true, ""},
		{LabelStudio, ReadLabelStudio, 0, annot.OriginPrediction, true, "cannot hold 2 decisions on suggestions"},
		{Prodigy, ReadProdigy, 0, "rule:en-said", true, "cannot hold 2 decisions on suggestions"},
	} {
		t.Run(c.format, func(t *testing.T) {
			var out strings.Builder
			w, err := NewWriter(c.format, &out)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteDoc(suggestedDoc()); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			var losses []string
			if l, ok := w.(Lossy); ok {
				for _, e := range l.Losses() {
					losses = append(losses, e.Error())
				}
			}
			if c.loss != "" && !strings.Contains(strings.Join(losses, "\n"), c.loss) {
				t.Errorf("losses %q lack %q", losses, c.loss)
			}
			recs, warns, err := roundRead(c.read, "back", []byte(out.String()), "me")
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if len(warns) > 0 {
				t.Errorf("warnings reading back: %v", warns)
			}
			var got []string
			decisions := 0
			var spans []annot.Span
			for _, r := range recs {
				got = append(got, suggestionKeys(r)...)
				decisions += len(r.SuggestionDecisions)
				spans = append(spans, r.Spans...)
				if err := r.Check(r.Doc.Length); err != nil {
					t.Errorf("record does not check: %v", err)
				}
			}
			sort.Strings(got)
			if !roundEqual(got, want) {
				t.Errorf("suggestions\n got %q\nwant %q\n%s", got, want, out.String())
			}
			if decisions != c.decisions {
				t.Errorf("%d decisions came back, want %d", decisions, c.decisions)
			}
			if len(spans) != 1 || spans[0].Origin != c.origin || spans[0].Changed != c.changed {
				t.Errorf("spans = %+v, want one from %s, changed %v", spans, c.origin, c.changed)
			}
		})
	}
	t.Run("FormatsWithoutAPlaceCountThem", func(t *testing.T) {
		var out strings.Builder
		w, err := NewWriter(Doccano, &out)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteDoc(suggestedDoc()); err != nil {
			t.Fatal(err)
		}
		w.Close()
		var losses []string
		for _, e := range w.(Lossy).Losses() {
			losses = append(losses, e.Error())
		}
		all := strings.Join(losses, "\n")
		for _, want := range []string{"cannot hold 3 suggestions", "cannot hold 1 suggested links", "cannot hold 2 decisions", "cannot hold 1 origins of spans accepted from suggestions"} {
			if !strings.Contains(all, want) {
				t.Errorf("losses %q lack %q", losses, want)
			}
		}
	})
}
