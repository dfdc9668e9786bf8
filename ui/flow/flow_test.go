package flow

import (
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/text"
)

// perCluster measures 10 units a grapheme cluster, so a conjunct counts as
// one character on screen, as it does in a real font.
func perCluster(s string) float32 { return float32(len(text.Graphemes(s))-1) * 10 }

func layoutAll(s string, width float32) *Layout {
	l := New(s, perCluster, width)
	l.Ensure(1 << 30)
	return l
}

func TestLayout_CoversTextInOrder(t *testing.T) {
	cases := map[string]string{
		"english":    "Premier Li Qiang visited Ganzhou in Jiangxi province this week, one of the largest bases.",
		"hindi":      "चीनी प्रधान मंत्री ली क़ियांग ने इस सप्ताह जियांग्शी प्रांत में गंज़ू का दौरा किया। यह बड़ा है।",
		"paragraphs": "one two\n\nthree four five\nsix",
		"cjk":        "中国总理李强本周访问了江西省赣州市，这是世界上最大的重稀土生产基地之一。",
		"long word":  "a " + strings.Repeat("क्ष", 40) + " b",
		"tabs":       "a\tb\t\tc  d",
		"empty":      "",
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			l := layoutAll(s, 200)
			if !l.Done() {
				t.Fatal("layout not done")
			}
			var pos int32
			for i := 0; i < l.Lines(); i++ {
				line := l.Line(i)
				if line.Start != pos {
					t.Fatalf("line %d starts at %d, want %d", i, line.Start, pos)
				}
				var right float32
				for _, p := range line.Pieces {
					right = max(right, p.X+p.W)
				}
				if right > 200+0.01 && len(line.Pieces) > 1 {
					t.Fatalf("line %d is %v wide, over 200", i, right)
				}
				pos = line.End
			}
			if int(pos) != utf8.RuneCountInString(s) {
				t.Fatalf("lines end at %d, text has %d code points", pos, utf8.RuneCountInString(s))
			}
		})
	}
}

func TestLayout_LongWordBreaksAtClusters(t *testing.T) {
	s := strings.Repeat("क्ष", 40) // 40 clusters, 120 code points, 400 units
	l := layoutAll(s, 100)
	g := text.Graphemes(s)
	if l.Lines() != 4 {
		t.Fatalf("lines = %d, want 4", l.Lines())
	}
	for i := 0; i < l.Lines(); i++ {
		for _, p := range l.Line(i).Pieces {
			if !text.IsBoundary(g, int(p.Start)) || !text.IsBoundary(g, int(p.End)) {
				t.Fatalf("piece [%d,%d) splits a conjunct", p.Start, p.End)
			}
		}
	}
}

func TestLayout_BlankLinesKept(t *testing.T) {
	l := layoutAll("one\n\ntwo", 500)
	if l.Lines() != 3 {
		t.Fatalf("lines = %d, want 3 (one, blank, two)", l.Lines())
	}
}

func TestLayout_RightToLeft(t *testing.T) {
	t.Run("ArabicParagraphRightAligned", func(t *testing.T) {
		s := "قال الرئيس إن"
		l := layoutAll(s, 300)
		line := l.Line(0)
		if !line.RTL {
			t.Fatal("Arabic paragraph not right to left")
		}
		var words []string
		for _, p := range line.Pieces {
			words = append(words, l.PieceText(&p))
		}
		if strings.Join(words, " ") != "إن الرئيس قال" {
			t.Fatalf("visual order = %q", words)
		}
		last := line.Pieces[len(line.Pieces)-1]
		if last.X+last.W != 300 {
			t.Fatalf("line not right-aligned: ends at %v", last.X+last.W)
		}
	})
	t.Run("ArabicInsideEnglish", func(t *testing.T) {
		l := layoutAll("He said قال الرئيس today", 1000)
		var words []string
		for _, p := range l.Line(0).Pieces {
			words = append(words, l.PieceText(&p))
		}
		if strings.Join(words, " ") != "He said الرئيس قال today" {
			t.Fatalf("visual order = %q", words)
		}
	})
}

func TestLayout_OffsetAtAndXOf(t *testing.T) {
	s := "ली क़ियांग ने कहा"
	l := layoutAll(s, 1000)
	line := l.Line(0)
	for _, tk := range text.Tokens(s) {
		x := l.XOf(line, int32(tk.Start))
		if got := l.OffsetAt(line, x+1); got != tk.Start {
			t.Errorf("OffsetAt(XOf(%d)) = %d", tk.Start, got)
		}
	}
}

func TestLayout_SetWidthRewrapsWithoutMeasuring(t *testing.T) {
	s := strings.Repeat("alpha beta gamma delta ", 200)
	l := layoutAll(s, 300)
	n := l.Measurements()
	wide := l.Lines()
	l.SetWidth(150)
	l.Ensure(1 << 30)
	if l.Lines() <= wide {
		t.Fatalf("narrower layout has %d lines, wider had %d", l.Lines(), wide)
	}
	if l.Measurements() != n {
		t.Fatalf("re-wrapping measured %d more strings", l.Measurements()-n)
	}
}

func TestLayout_LazyFirstScreen(t *testing.T) {
	s := strings.Repeat("पहला दूसरा तीसरा चौथा पाँचवाँ छठा सातवाँ। ", 20000)
	l := New(s, perCluster, 400)
	l.Ensure(40)
	if l.Lines() < 40 || l.Done() {
		t.Fatalf("lines = %d, done = %v", l.Lines(), l.Done())
	}
	if covered := l.Line(l.Lines() - 1).End; int(covered) > utf8.RuneCountInString(s)/100 {
		t.Fatalf("the first screen laid out %d code points, far more than it shows", covered)
	}
	if est := l.EstimatedLines(); est < 1000 {
		t.Fatalf("estimated lines = %d, too few for the text", est)
	}
}

func FuzzLayout(f *testing.F) {
	for _, s := range []string{"a b c", "قال الرئيس", "a\n\nb", "क्षक्षक्ष", "\t\t", "中国总理"} {
		f.Add(s, float32(30))
	}
	f.Fuzz(func(t *testing.T, s string, width float32) {
		if !utf8.ValidString(s) || width < 1 || width > 1e6 {
			return
		}
		l := layoutAll(s, width)
		var pos int32
		for i := 0; i < l.Lines(); i++ {
			line := l.Line(i)
			if line.Start != pos || line.End < line.Start {
				t.Fatalf("line %d = [%d,%d) after %d", i, line.Start, line.End, pos)
			}
			pos = line.End
		}
		if int(pos) != utf8.RuneCountInString(s) {
			t.Fatalf("covered %d of %d", pos, utf8.RuneCountInString(s))
		}
	})
}

// BenchmarkLayout_FirstScreen is the work the view does before its first
// frame of a 1 MB article: the first 60 lines.
func BenchmarkLayout_FirstScreen(b *testing.B) {
	s := sample.Long(1 << 20)
	for i := 0; i < b.N; i++ {
		l := New(s, perCluster, 900)
		l.Ensure(60)
	}
}

// BenchmarkLayout_Whole lays out all of a 1 MB article, measuring each
// distinct word once, as the background pass does.
func BenchmarkLayout_Whole(b *testing.B) {
	s := sample.Long(1 << 20)
	for i := 0; i < b.N; i++ {
		l := New(s, perCluster, 900)
		l.Ensure(1 << 30)
		b.ReportMetric(float64(l.Lines()), "lines")
		b.ReportMetric(float64(l.Measurements()), "measured")
	}
}

func TestLayout_RightToLeftPunctuation(t *testing.T) {
	t.Run("FullStopAtTheLeftOfAnArabicParagraph", func(t *testing.T) {
		l := layoutAll("من الدول وافقت.", 500)
		var words []string
		for _, p := range l.Line(0).Pieces {
			words = append(words, l.PieceText(&p))
		}
		if strings.Join(words, "|") != ".|وافقت|الدول|من" {
			t.Fatalf("visual order = %q", words)
		}
	})
	t.Run("CommaAfterArabicInEnglish", func(t *testing.T) {
		l := layoutAll("benefit, قال الوزير, and more", 1000)
		var words []string
		for _, p := range l.Line(0).Pieces {
			words = append(words, l.PieceText(&p))
		}
		if strings.Join(words, "|") != "benefit,|الوزير|قال|,|and|more" {
			t.Fatalf("visual order = %q", words)
		}
	})
}

func TestLayout_RightToLeftSpacing(t *testing.T) {
	// perCluster gives a space 10 units: every gap between two words of
	// an Arabic run must stay a space wide after reordering.
	l := layoutAll("benefit, قال الوزير, and", 1000)
	ps := l.Line(0).Pieces
	gaps := []float32{}
	for i := 1; i < len(ps); i++ {
		gaps = append(gaps, ps[i].X-(ps[i-1].X+ps[i-1].W))
	}
	want := []float32{10, 10, 0, 10} // benefit, | الوزير | قال|, | and
	for i := range want {
		if gaps[i] != want[i] {
			t.Fatalf("gaps = %v, want %v", gaps, want)
		}
	}
}

// TestLayout_Follows: words that follow one another with only spaces
// between them join into one run of text; a tab, a line break or a
// right-to-left word does not.
func TestLayout_Follows(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // the runs of the first line, joined
	}{
		{"The quick  brown fox", []string{"The quick  brown fox"}},
		{"one\ttwo three", []string{"one", "two three"}},
		{"वह बोला \"ठीक है\" और", []string{"वह बोला \"ठीक है\" और"}},
		{"said وافقت الحكومة today", []string{"said", "الحكومة", "وافقت", "today"}}, // visual order
	} {
		l := layoutAll(tc.text, 1000)
		line := l.Line(0)
		var runs []string
		first := 0
		for i := 1; i <= len(line.Pieces); i++ {
			if i < len(line.Pieces) && l.Follows(&line.Pieces[i-1], &line.Pieces[i]) {
				continue
			}
			runs = append(runs, l.RunText(&line.Pieces[first], &line.Pieces[i-1]))
			first = i
		}
		if strings.Join(runs, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: runs %q, want %q", tc.text, runs, tc.want)
		}
	}
}
