package formats

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

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

// suggestedDocs turns records into what an export with --suggestions
// hands a writer: spans sorted, and the suggestions, links and decisions
// that came with each record.
func suggestedDocs(recs []*annot.Record) []*Doc {
	docs := roundDocs(recs)
	for i, rec := range recs {
		if len(rec.Suggestions) == 0 {
			continue
		}
		sugs := append([]annot.Suggestion(nil), rec.Suggestions...)
		annot.SortSuggestions(sugs)
		docs[i].Suggested = &annot.Suggested{Suggestions: sugs, Links: rec.SuggestionLinks, Decisions: rec.SuggestionDecisions}
	}
	return docs
}

// suggestionSet is each text's suggestions, by start, end, label and
// origin, which a round trip through a format that holds them keeps.
func suggestionSet(recs []*annot.Record) map[string][]string {
	seen := map[string]map[string]bool{}
	for _, rec := range recs {
		if seen[rec.Doc.Text] == nil {
			seen[rec.Doc.Text] = map[string]bool{}
		}
		for _, g := range rec.Suggestions {
			seen[rec.Doc.Text][fmt.Sprintf("%d-%d %s %s", g.Start, g.End, g.Label, g.Origin)] = true
		}
	}
	out := map[string][]string{}
	for txt, set := range seen {
		out[txt] = sortedKeys(set)
	}
	return out
}

// FuzzSuggestions reads arbitrary bytes as native, Label Studio and
// Prodigy files: no panic; suggestions inside their texts; and what is
// read survives a write with its suggestions and a read back, each
// suggestion with its origin.
func FuzzSuggestions(f *testing.F) {
	for _, d := range []*Doc{suggestedDoc()} {
		for _, format := range SuggestionFormats() {
			var out strings.Builder
			w, _ := NewWriter(format, &out)
			w.WriteDoc(d)
			w.Close()
			f.Add(format, []byte(out.String()))
		}
	}
	for _, tc := range lsCases() {
		f.Add(LabelStudio, []byte(tc.in))
	}
	for _, tc := range prodigyCases() {
		f.Add(Prodigy, []byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		read := ReaderFor(format)
		if read == nil || !contains(SuggestionFormats(), format) {
			return
		}
		recs, _, err := roundRead(read, "fuzz", data, "fuzz")
		if err != nil {
			return
		}
		for _, r := range recs {
			n := utf8.RuneCountInString(r.Doc.Text)
			for _, g := range r.Suggestions {
				if g.Start < 0 || g.Start >= g.End || g.End > n {
					t.Fatalf("suggestion %d-%d outside a text of %d code points", g.Start, g.End, n)
				}
			}
		}
		out := roundWrite(t, format, suggestedDocs(recs))
		back, _, err := roundRead(read, "export", out, "other")
		if err != nil {
			t.Fatalf("re-reading the export: %v\n%s", err, out)
		}
		want, got := suggestionSet(recs), suggestionSet(back)
		for txt, keys := range want {
			if !roundEqual(got[txt], keys) {
				t.Fatalf("text %q: suggestions %v came back as %v\n%s", txt, keys, got[txt], out)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
