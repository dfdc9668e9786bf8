package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is a word or punctuation mark, by code-point offsets.
type Token struct {
	Start, End int
}

// Tokens splits s into word tokens by Unicode word segmentation (UAX #29),
// leaving out runs of white space. The Devanagari danda and double danda
// are always tokens of their own, so "है।चीनी" is three tokens even with
// no space around the danda.
//
// The text is cut into pieces where UAX #29 always breaks and starts
// afresh (see pieceLen); pieces of ASCII alone, most of an English
// article, are segmented by a small table-free version of the rules
// (tokens_ascii.go), the rest by uniseg. The result is the same as
// running uniseg over the whole text, several times faster.
func Tokens(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/5), s)
}

// AppendTokens appends the tokens of s to toks, so that a caller
// tokenising many texts can reuse one slice.
func AppendTokens(toks []Token, s string) []Token {
	pos := 0 // code points consumed
	for s != "" {
		n, ascii := pieceLen(s)
		if ascii {
			toks = appendASCIIWords(toks, s[:n], pos)
			pos += n
		} else {
			toks, pos = appendWords(toks, s[:n], pos)
		}
		s = s[n:]
	}
	return toks
}

// appendWords segments s, which starts at code point pos, with uniseg.
func appendWords(toks []Token, s string, pos int) ([]Token, int) {
	state := -1
	var word string
	for rest := s; rest != ""; {
		word, rest, state = uniseg.FirstWordInString(rest, state)
		n := utf8.RuneCountInString(word)
		if !isSpace(word) {
			toks = appendSplitDanda(toks, word, pos)
		}
		pos += n
	}
	return toks, pos
}

// TokensSplitAt is Tokens with a token also broken wherever one of cuts (code-point
// offsets, any order) falls inside it, so that every span boundary is a
// token boundary, as Prodigy and BIO tagging require.
func TokensSplitAt(s string, cuts []int) []Token {
	toks := Tokens(s)
	if len(cuts) == 0 {
		return toks
	}
	inside := make(map[int]bool, len(cuts))
	for _, c := range cuts {
		inside[c] = true
	}
	out := make([]Token, 0, len(toks)+len(cuts))
	for _, t := range toks {
		start := t.Start
		for p := t.Start + 1; p < t.End; p++ {
			if inside[p] {
				out = append(out, Token{start, p})
				start = p
			}
		}
		out = append(out, Token{start, t.End})
	}
	return out
}

func isDanda(r rune) bool { return r == '।' || r == '॥' }

// appendSplitDanda appends word (starting at code point pos) as one token,
// or as several where it holds a danda.
func appendSplitDanda(toks []Token, word string, pos int) []Token {
	if !strings.ContainsAny(word, "।॥") {
		return append(toks, Token{pos, pos + utf8.RuneCountInString(word)})
	}
	start, p := pos, pos
	for _, r := range word {
		if isDanda(r) {
			if p > start {
				toks = append(toks, Token{start, p})
			}
			toks = append(toks, Token{p, p + 1})
			start = p + 1
		}
		p++
	}
	if p > start {
		toks = append(toks, Token{start, p})
	}
	return toks
}

func isSpace(w string) bool {
	for _, r := range w {
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			return false
		}
	}
	return true
}
