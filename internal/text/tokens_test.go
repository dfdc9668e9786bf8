package text_test

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/text"
)

func tokenTexts(s string, toks []text.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = runeSlice(s, t.Start, t.End)
	}
	return out
}

var tokenCases = []struct {
	name string
	text string
	want []string
}{
	{"danda without spaces", "है।चीनी", []string{"है", "।", "चीनी"}},
	{"double danda", "समाप्त॥ नया", []string{"समाप्त", "॥", "नया"}},
	{"conjunct and nukta stay whole", "राज्य क़ियांग क्षेत्र", []string{"राज्य", "क़ियांग", "क्षेत्र"}},
	{"punctuation", "Li Qiang, the premier.", []string{"Li", "Qiang", ",", "the", "premier", "."}},
	{"tabs and double spaces", "a\t\tb  c", []string{"a", "b", "c"}},
	{"zwj emoji", "we 👩‍👩‍👧 won", []string{"we", "👩‍👩‍👧", "won"}},
	{"flags", "🇮🇳🇯🇵", []string{"🇮🇳", "🇯🇵"}},
	{"arabic", "قال الرئيس", []string{"قال", "الرئيس"}},
	{"combining", "cafe\u0301 noir", []string{"cafe\u0301", "noir"}},
	{"empty", "", []string{}},
	{"only space", " \n\t ", []string{}},
}

func TestTokens(t *testing.T) {
	for _, tc := range tokenCases {
		t.Run(tc.name, func(t *testing.T) {
			got := tokenTexts(tc.text, text.Tokens(tc.text))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Tokens(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestTokensSplitAt(t *testing.T) {
	s := "Uber’s Lesson"
	got := tokenTexts(s, text.TokensSplitAt(s, []int{4}))
	want := []string{"Uber", "’s", "Lesson"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTokens_HindiSample(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/corpora/seed/rare-earths-hi.txt")
	if err != nil {
		t.Skip("sample corpus not present:", err)
	}
	s := string(raw)
	toks := text.Tokens(s)
	g := text.Graphemes(s)
	prev := 0
	for _, tk := range toks {
		if tk.Start < prev || tk.End <= tk.Start {
			t.Fatalf("token [%d,%d) out of order after %d", tk.Start, tk.End, prev)
		}
		if !text.IsBoundary(g, tk.Start) || !text.IsBoundary(g, tk.End) {
			t.Fatalf("token %q [%d,%d) splits a grapheme cluster", runeSlice(s, tk.Start, tk.End), tk.Start, tk.End)
		}
		if w := runeSlice(s, tk.Start, tk.End); strings.TrimSpace(w) != w {
			t.Fatalf("token %q has white space", w)
		}
		prev = tk.End
	}
	// The sample glues a sentence to the next with a danda.
	if !strings.Contains(s, "है।चीनी") {
		t.Fatal("sample lost its glued danda")
	}
	found := false
	for i := 0; i+2 < len(toks); i++ {
		if runeSlice(s, toks[i].Start, toks[i].End) == "है" &&
			runeSlice(s, toks[i+1].Start, toks[i+1].End) == "।" &&
			runeSlice(s, toks[i+2].Start, toks[i+2].End) == "चीनी" {
			found = true
		}
	}
	if !found {
		t.Fatal("है।चीनी not split into three tokens in the sample")
	}
}

func TestGraphemes(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"conjunct", "क्ष", []string{"क्ष"}},
		{"conjunct with zwj", "क्\u200dष", []string{"क्\u200dष"}},
		{"zwnj breaks the conjunct", "क्\u200cष", []string{"क्\u200c", "ष"}},
		{"three-consonant conjunct", "स्त्री", []string{"स्त्री"}},
		{"nukta", "क़ि", []string{"क़ि"}},
		{"zwj family", "👩‍👩‍👧‍👦!", []string{"👩‍👩‍👧‍👦", "!"}},
		{"flags", "🇮🇳🇯🇵", []string{"🇮🇳", "🇯🇵"}},
		{"combining", "e\u0301a", []string{"e\u0301", "a"}},
		{"crlf stored as lf", "a\nb", []string{"a", "\n", "b"}},
		{"astral", "𐌰𐌱", []string{"𐌰", "𐌱"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := text.Graphemes(tc.text)
			var got []string
			for i := 1; i < len(b); i++ {
				got = append(got, runeSlice(tc.text, b[i-1], b[i]))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("clusters of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSnap(t *testing.T) {
	b := text.Graphemes("aक्षb") // boundaries 0 1 4 5
	for _, c := range []struct{ off, down, up int }{{0, 0, 0}, {2, 1, 4}, {3, 1, 4}, {4, 4, 4}, {5, 5, 5}} {
		if d := text.SnapDown(b, c.off); d != c.down {
			t.Errorf("SnapDown(%d) = %d, want %d", c.off, d, c.down)
		}
		if u := text.SnapUp(b, c.off); u != c.up {
			t.Errorf("SnapUp(%d) = %d, want %d", c.off, u, c.up)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, tc := range tokenCases {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		n := len([]rune(s))
		prev := 0
		for _, tk := range text.Tokens(s) {
			if tk.Start < prev || tk.End <= tk.Start || tk.End > n {
				t.Fatalf("bad token %v after %d in %q", tk, prev, s)
			}
			prev = tk.End
		}
		g := text.Graphemes(s)
		if g[0] != 0 || g[len(g)-1] != n {
			t.Fatalf("graphemes %v do not cover %d code points", g, n)
		}
	})
}
