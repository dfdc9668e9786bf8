package text

// Word segmentation (UAX #29, as uniseg implements it for Unicode 15) of
// text that is ASCII alone, without uniseg's table look-ups, which are
// most of the cost of tokenising an English article. tokens_test.go
// checks it against uniseg on every short ASCII string and by fuzzing.

// pieceLen returns the length in bytes of the first piece of s, and
// whether it is ASCII alone. A piece ends after a line feed, or after a
// space that an ASCII character other than a space follows: UAX #29
// always breaks there (WB3a; and nothing joins a space to what follows
// it but another space, WB3d, or an extending mark, WB4), and no rule
// looks back past such a point, so each piece can be segmented on its
// own with the same result.
func pieceLen(s string) (n int, ascii bool) {
	ascii = true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			continue
		}
		if i+1 < len(s) && (c == '\n' || (c == ' ' && s[i+1] < 0x80 && s[i+1] != ' ')) {
			return i + 1, ascii
		}
	}
	return len(s), ascii
}

// Word break classes of ASCII characters.
const (
	wbOther   = iota
	wbLetter  // ALetter: A–Z, a–z
	wbNumeric // 0–9
	wbExtNum  // ExtendNumLet: _
	wbMidLet  // MidLetter: :
	wbMidNumL // MidNumLet and Single_Quote: . '
	wbMidNum  // MidNum: , ;
	wbNewline // LF, VT, FF (CR is apart)
	wbCR      // CR
	wbSpace   // WSegSpace: the space
)

var asciiClass = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = wbLetter
		t[c-'a'+'A'] = wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbNumeric
	}
	t['_'] = wbExtNum
	t[':'] = wbMidLet
	t['.'], t['\''] = wbMidNumL, wbMidNumL
	t[','], t[';'] = wbMidNum, wbMidNum
	t['\n'], t['\v'], t['\f'] = wbNewline, wbNewline, wbNewline
	t['\r'] = wbCR
	t[' '] = wbSpace
	return t
}()

// asciiJoined reports whether UAX #29 keeps s[i-1] and s[i] in one word.
func asciiJoined(s string, i int) bool {
	prev, cur := asciiClass[s[i-1]], asciiClass[s[i]]
	next := uint8(wbOther)
	if i+1 < len(s) {
		next = asciiClass[s[i+1]]
	}
	before := uint8(wbOther)
	if i >= 2 {
		before = asciiClass[s[i-2]]
	}
	switch {
	case prev == wbCR && cur == wbNewline && s[i] == '\n': // WB3
		return true
	case prev == wbCR || prev == wbNewline || cur == wbCR || cur == wbNewline: // WB3a, WB3b
		return false
	case prev == wbSpace && cur == wbSpace: // WB3d
		return true
	case (prev == wbLetter || prev == wbNumeric) && (cur == wbLetter || cur == wbNumeric): // WB5, WB8–10
		return true
	case prev == wbLetter && (cur == wbMidLet || cur == wbMidNumL) && next == wbLetter: // WB6
		return true
	case before == wbLetter && (prev == wbMidLet || prev == wbMidNumL) && cur == wbLetter: // WB7
		return true
	case before == wbNumeric && (prev == wbMidNum || prev == wbMidNumL) && cur == wbNumeric: // WB11
		return true
	case prev == wbNumeric && (cur == wbMidNum || cur == wbMidNumL) && next == wbNumeric: // WB12
		return true
	case (prev == wbLetter || prev == wbNumeric || prev == wbExtNum) && cur == wbExtNum: // WB13a
		return true
	case prev == wbExtNum && (cur == wbLetter || cur == wbNumeric): // WB13b
		return true
	}
	return false // WB999
}

// appendASCIIWords appends the words of s, ASCII alone and starting at
// code point pos, leaving out white space.
func appendASCIIWords(toks []Token, s string, pos int) []Token {
	start := 0
	for i := 1; i <= len(s); i++ {
		if i < len(s) && asciiJoined(s, i) {
			continue
		}
		if !asciiSpace(s[start:i]) {
			toks = append(toks, Token{pos + start, pos + i})
		}
		start = i
	}
	return toks
}

func asciiSpace(w string) bool {
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
		default:
			return false
		}
	}
	return true
}
