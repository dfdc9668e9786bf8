package text_test

import (
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/text"
)

// runeSlice is the reference every offset is checked against: Python's
// text[start:end], by code points.
func runeSlice(s string, start, end int) string {
	r := []rune(s)
	return string(r[start:end])
}

// scripts are texts that break tools counting in bytes or UTF-16 units,
// with one span each, given by the words it must cover.
var scripts = []struct {
	name string
	text string
	want string // the span's text; it must occur once in text
}{
	{"conjunct", "राज्य सरकार ने क्षेत्र में", "क्षेत्र"},
	{"nukta", "ली क़ियांग ने कहा", "क़ियांग"},
	{"zwj conjunct", "क्\u200dष और र्\u200dय", "र्\u200dय"},
	{"zwnj", "क्\u200cष और", "क्\u200cष"},
	{"zwj emoji", "team 👩‍👩‍👧‍👦 wins", "👩‍👩‍👧‍👦"},
	{"flag", "India 🇮🇳 and Japan 🇯🇵 agree", "🇯🇵"},
	{"combining marks", "cafe\u0301 au lait", "cafe\u0301"},
	{"astral letters", "𝒜𝒷𝒸 and 𐌰𐌱", "𐌰𐌱"},
	{"arabic", "قال الرئيس إن الاتفاق", "الرئيس"},
	{"cjk", "中国总理李强本周访问赣州", "李强"},
	{"tabs and double spaces", "a\tb  c\t\td", "c"},
	{"danda", "बढ़ रहा है।चीनी प्रधान", "चीनी"},
}

func TestIndex_SliceMatchesCodePoints(t *testing.T) {
	for _, tc := range scripts {
		t.Run(tc.name, func(t *testing.T) {
			x := text.NewIndex(tc.text)
			b := strings.Index(tc.text, tc.want)
			if b < 0 {
				t.Fatalf("test text lacks %q", tc.want)
			}
			start := x.Rune(b)
			end := x.Rune(b + len(tc.want))
			if got := runeSlice(tc.text, start, end); got != tc.want {
				t.Fatalf("code points [%d,%d) = %q, want %q", start, end, got, tc.want)
			}
			if got := x.Slice(start, end); got != tc.want {
				t.Fatalf("Slice(%d,%d) = %q, want %q", start, end, got, tc.want)
			}
			if x.Len() != len([]rune(tc.text)) {
				t.Fatalf("Len = %d, want %d", x.Len(), len([]rune(tc.text)))
			}
			// Round trip through UTF-16 units.
			s16, e16 := x.UTF16(start), x.UTF16(end)
			if r, err := x.FromUTF16(s16); err != nil || r != start {
				t.Fatalf("FromUTF16(%d) = %d, %v; want %d", s16, r, err, start)
			}
			if r, err := x.FromUTF16(e16); err != nil || r != end {
				t.Fatalf("FromUTF16(%d) = %d, %v; want %d", e16, r, err, end)
			}
		})
	}
}

func TestIndex_EveryOffset(t *testing.T) {
	// Long enough to cross many checkpoints, mixing 1- to 4-byte characters.
	s := strings.Repeat("a क्ष 👩‍👩‍👧 é 中 🇮🇳\t", 40)
	x := text.NewIndex(s)
	runes := []rune(s)
	b, u := 0, 0
	for r := 0; r <= len(runes); r++ {
		if got := x.Byte(r); got != b {
			t.Fatalf("Byte(%d) = %d, want %d", r, got, b)
		}
		if got := x.Rune(b); got != r {
			t.Fatalf("Rune(%d) = %d, want %d", b, got, r)
		}
		if got := x.UTF16(r); got != u {
			t.Fatalf("UTF16(%d) = %d, want %d", r, got, u)
		}
		if got, err := x.FromUTF16(u); err != nil || got != r {
			t.Fatalf("FromUTF16(%d) = %d, %v, want %d", u, got, err, r)
		}
		if r < len(runes) {
			b += len(string(runes[r]))
			if runes[r] >= 0x10000 {
				if _, err := x.FromUTF16(u + 1); err == nil {
					t.Fatalf("FromUTF16(%d) inside a surrogate pair did not fail", u+1)
				}
				u += 2
			} else {
				u++
			}
		}
	}
}

func TestIndex_FromUTF16OutOfRange(t *testing.T) {
	x := text.NewIndex("abc")
	for _, u := range []int{-1, 4} {
		if _, err := x.FromUTF16(u); err == nil {
			t.Errorf("FromUTF16(%d) did not fail", u)
		}
	}
}
