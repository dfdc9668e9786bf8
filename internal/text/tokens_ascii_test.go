package text

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// unisegTokens is the plain definition of Tokens: uniseg over the whole
// text, white space left out, dandas split off. Tokens must give the same.
func unisegTokens(s string) []Token {
	var toks []Token
	pos, state := 0, -1
	var word string
	for rest := s; rest != ""; {
		word, rest, state = uniseg.FirstWordInString(rest, state)
		if !isSpace(word) {
			toks = appendSplitDanda(toks, word, pos)
		}
		pos += utf8.RuneCountInString(word)
	}
	return toks
}

func sameTokens(t *testing.T, s string) {
	t.Helper()
	got, want := Tokens(s), unisegTokens(s)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Tokens(%q) = %v, uniseg gives %v", s, got, want)
	}
}

// Every ASCII string of up to two characters, and every string of up to
// four over characters of each word break class, ASCII and not (an
// accented letter, a combining mark, ZWJ, a Devanagari letter and
// danda, a curly apostrophe, a regional indicator, a no-break space).
func TestTokens_SameAsUniseg_Exhaustive(t *testing.T) {
	for a := 0; a < 128; a++ {
		sameTokens(t, string(rune(a)))
		for b := 0; b < 128; b++ {
			sameTokens(t, string([]rune{rune(a), rune(b)}))
		}
	}
	alphabet := []string{"a", "Z", "1", "_", ":", ".", "'", ",", ";", "\n", "\r", " ", "\t", "\"", "-", "\v",
		"é", "\u0301", "\u200d", "न", "।", "’", "🇮", "\u00a0", "\u00ad"}
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		sameTokens(t, prefix)
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			walk(prefix+c, depth-1)
		}
	}
	walk("", 4)
}

func TestTokens_SameAsUniseg_Articles(t *testing.T) {
	for _, s := range []string{
		"Prime Minister John Key said on Tuesday that the U.S. plan, worth $1,000.50, won't work: it's \"reckless\".\r\nNew line.",
		"e.g. 3.5% of 1,000,000 people_in_2027 a:b 1.a a.1 'quoted' -- dash",
		"मंत्री ने कहा कि योजना से लागत घटेगी। PTI के अनुसार, “यह सही है”।",
		"we 👩‍👩‍👧 won 🇮🇳🇯🇵 cafe\u0301 noir \u00a0 x",
		strings.Repeat("The company’s chief executive told The Huffington Post — on Monday. ", 20),
	} {
		sameTokens(t, s)
	}
}

func FuzzTokensSameAsUniseg(f *testing.F) {
	for _, tc := range tokenSeeds {
		f.Add(tc)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		sameTokens(t, s)
	})
}

var tokenSeeds = []string{"है।चीनी", "Li Qiang, the premier.", "a\t\tb  c", "we 👩‍👩‍👧 won", "🇮🇳🇯🇵", "قال الرئيس",
	"cafe\u0301 noir", "", " \n\t ", "U.S. $1,000.50 won't", "a \u0301b", "x\r\ny"}
