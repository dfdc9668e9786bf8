package formats_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// conllSpan makes a span for a CoNLL case, by the code points it covers.
func conllSpan(start, end int, label string) annot.Span {
	return annot.Span{ID: annot.NewID(), Start: start, End: end, Label: label}
}

// conllWrite exports documents as CoNLL and returns the output and the
// losses the writer reported.
func conllWrite(t *testing.T, docs ...*formats.Doc) (string, []error) {
	t.Helper()
	var buf bytes.Buffer
	w, err := formats.NewWriter(formats.CoNLL, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.WriteDoc(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lossy, ok := w.(formats.Lossy)
	if !ok {
		t.Fatal("the CoNLL writer does not report losses")
	}
	return buf.String(), lossy.Losses()
}

func conllDoc(text string, spans ...annot.Span) *formats.Doc {
	return &formats.Doc{Doc: &annot.Document{ID: "d1", Title: "T", Source: "a.txt", Text: text}, Spans: spans}
}

// conllLines renders expected output: sentences of "TOKEN TAG" pairs,
// written with a space for the tab, separated by "|".
func conllLines(sentences ...string) string {
	var b strings.Builder
	b.WriteString("-DOCSTART-\tO\n\n")
	for _, s := range sentences {
		for _, tok := range strings.Split(s, "|") {
			b.WriteString(strings.Replace(tok, " ", "\t", 1))
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

var conllCases = []struct {
	name   string
	doc    *formats.Doc
	want   string
	losses []string // parts of each loss message
}{
	{
		name: "TwoSentences",
		doc:  conllDoc("Asha said the vote was fair. Ravi disagreed!", conllSpan(0, 4, "ACTOR"), conllSpan(10, 27, "CLAIM"), conllSpan(29, 33, "ACTOR")),
		want: conllLines(
			"Asha B-ACTOR|said O|the B-CLAIM|vote I-CLAIM|was I-CLAIM|fair I-CLAIM|. O",
			"Ravi B-ACTOR|disagreed O|! O"),
	},
	{
		name: "HindiDanda",
		doc:  conllDoc("चीन ने कहा है।चीनी कंपनियां॥", conllSpan(0, 3, "ACTOR"), conllSpan(14, 18, "ACTOR")),
		want: conllLines(
			"चीन B-ACTOR|ने O|कहा O|है O|। O",
			"चीनी B-ACTOR|कंपनियां O|॥ O"),
	},
	{
		name: "Emoji",
		doc:  conllDoc("👍🏽 Great news 🇮🇳", conllSpan(14, 16, "FLAG"), conllSpan(3, 13, "CLAIM")),
		want: conllLines("👍🏽 O|Great B-CLAIM|news I-CLAIM|🇮🇳 B-FLAG"),
	},
	{
		name: "Overlaps",
		doc: conllDoc("Asha Rao said it rained.",
			conllSpan(0, 4, "ACTOR"), conllSpan(0, 8, "ACTOR"), conllSpan(0, 8, "ACTOR"), conllSpan(0, 8, "CLAIM"), conllSpan(5, 13, "SOURCE"), conllSpan(14, 23, "CLAIM")),
		want: conllLines("Asha B-ACTOR|Rao I-ACTOR|said O|it B-CLAIM|rained I-CLAIM|. O"),
		losses: []string{
			`a.txt: document "T": span 0-8 CLAIM overlaps span 0-8 ACTOR`,
			"span 0-4 ACTOR overlaps span 0-8 ACTOR",
			"span 5-13 SOURCE overlaps span 0-8 ACTOR",
		},
	},
	{
		name: "SpanInsideWord",
		doc:  conllDoc("Googlers agree", conllSpan(0, 6, "ORG")),
		want: conllLines("Google B-ORG|rs O|agree O"),
	},
	{
		name: "AdjacentSameLabel",
		doc:  conllDoc("Asha Ravi", conllSpan(0, 4, "ACTOR"), conllSpan(5, 9, "ACTOR")),
		want: conllLines("Asha B-ACTOR|Ravi B-ACTOR"),
	},
	{
		name: "LabelWithSpace",
		doc:  conllDoc("Modi spoke", conllSpan(0, 4, "PUBLIC FIGURE")),
		want: conllLines("Modi B-PUBLIC_FIGURE|spoke O"),
	},
	{
		name: "LinesAndSpansAcrossThem",
		doc:  conllDoc("Headline\nFirst line\nsecond. Third", conllSpan(9, 27, "CLAIM")),
		want: conllLines("Headline O", "First B-CLAIM|line I-CLAIM|second I-CLAIM|. I-CLAIM", "Third O"),
	},
	{
		name: "NoSplitInsideSpan",
		doc:  conllDoc("He said: Stop. Now. Then left.", conllSpan(9, 19, "CLAIM")),
		want: conllLines("He O|said O|: O|Stop B-CLAIM|. I-CLAIM|Now I-CLAIM|. I-CLAIM", "Then O|left O|. O"),
	},
	{
		name: "ClosingQuoteStays",
		doc:  conllDoc(`He said "no." Then "yes?!" (sure.) Ok`),
		want: conllLines(`He O|said O|" O|no O|. O|" O`, `Then O|" O|yes O|? O|! O|" O`, "( O|sure O|. O|) O", "Ok O"),
	},
	{
		name:   "SpanOfSpaceOnly",
		doc:    conllDoc("a   b", conllSpan(1, 4, "GAP")),
		want:   conllLines("a O|b O"),
		losses: []string{"span 1-4 GAP covers no word"},
	},
	{
		name: "Empty",
		doc:  conllDoc(""),
		want: "-DOCSTART-\tO\n\n",
	},
}

func TestCoNLLWriter(t *testing.T) {
	for _, tc := range conllCases {
		t.Run(tc.name, func(t *testing.T) {
			got, losses := conllWrite(t, tc.doc)
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if len(losses) != len(tc.losses) {
				t.Fatalf("losses %v, want %d", losses, len(tc.losses))
			}
			for i, l := range losses {
				if !strings.Contains(l.Error(), tc.losses[i]) {
					t.Errorf("loss %q, want %q in it", l, tc.losses[i])
				}
			}
		})
	}
}

func TestCoNLLWriter_Documents(t *testing.T) {
	got, _ := conllWrite(t, conllDoc("One."), conllDoc("Two"))
	want := conllLines("One O|. O") + conllLines("Two O")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestCoNLLWriter_LineShape checks every line of a messy document: a
// DOCSTART, a blank line, or one token without white space, a tab and a
// tag.
func TestCoNLLWriter_LineShape(t *testing.T) {
	text := "a\u00a0b\tc\u2028d\u200be\x01f\r\ng \u3000 h। ॥"
	got, _ := conllWrite(t, conllDoc(text, conllSpan(0, 3, "X"), conllSpan(2, 9, "Y Z")))
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if line == "" || line == "-DOCSTART-\tO" {
			continue
		}
		tok, tag, ok := strings.Cut(line, "\t")
		if !ok || tok == "" || strings.ContainsAny(tok, "\t \u00a0\u2028\r") || strings.Contains(tag, " ") {
			t.Errorf("bad line %q", line)
		}
		if tag != "O" && !strings.HasPrefix(tag, "B-") && !strings.HasPrefix(tag, "I-") {
			t.Errorf("bad tag in %q", line)
		}
	}
}

// FuzzCoNLL writes a text with two spans: the writer must not fail and
// every line must have the CoNLL shape.
func FuzzCoNLL(f *testing.F) {
	for _, tc := range conllCases {
		a, b := 0, 0
		if len(tc.doc.Spans) > 0 {
			a, b = tc.doc.Spans[0].Start, tc.doc.Spans[0].End
		}
		f.Add(tc.doc.Doc.Text, a, b, 1, 3, "X Y")
	}
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int, label string) {
		n := utf8.RuneCountInString(text)
		if !utf8.ValidString(text) || strings.TrimSpace(label) == "" {
			t.Skip()
		}
		var spans []annot.Span
		for _, se := range [][2]int{{s1, e1}, {s2, e2}} {
			if se[0] >= 0 && se[0] < se[1] && se[1] <= n {
				spans = append(spans, conllSpan(se[0], se[1], label))
			}
		}
		got, _ := conllWrite(t, conllDoc(text, spans...))
		for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
			if line == "" || i == 0 && line == "-DOCSTART-\tO" {
				continue
			}
			tok, tag, ok := strings.Cut(line, "\t")
			if !ok || tok == "" || strings.ContainsFunc(tok, unicode.IsSpace) || strings.ContainsFunc(tag, unicode.IsSpace) {
				t.Fatalf("bad line %q", line)
			}
			if tag != "O" && !strings.HasPrefix(tag, "B-") && !strings.HasPrefix(tag, "I-") {
				t.Fatalf("bad tag in %q", line)
			}
		}
		if !strings.HasPrefix(got, "-DOCSTART-\tO\n\n") {
			t.Fatalf("no DOCSTART: %q", got)
		}
	})
}
