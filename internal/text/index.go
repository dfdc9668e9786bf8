package text

import (
	"sort"
	"unicode/utf8"
)

// step is how many code points lie between two checkpoints of an Index:
// small enough that a lookup walks little, large enough that the index of
// a 1 MB article stays small.
const step = 32

// Index converts between code-point, byte and UTF-16 offsets of one string.
// It is the one place where Spanmark turns the code-point offsets it stores
// into Go's byte offsets, and into the UTF-16 units that browser-based tools
// count. Building it is one pass over the string; a lookup walks at most
// step code points from a checkpoint.
type Index struct {
	s     string
	n     int     // length in code points
	n16   int     // length in UTF-16 units
	ascii bool    // every offset is the same in all three units
	bytes []int32 // byte offset of code point k*step
	u16   []int32 // UTF-16 offset of code point k*step
}

// NewIndex indexes s, which must be valid UTF-8.
func NewIndex(s string) *Index {
	x := &Index{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		x.ascii, x.n, x.n16 = true, len(s), len(s)
		return x
	}
	x.bytes = make([]int32, 0, len(s)/step+2)
	x.u16 = make([]int32, 0, len(s)/step+2)
	n, u := 0, 0
	for i, r := range s {
		if n%step == 0 {
			x.bytes = append(x.bytes, int32(i))
			x.u16 = append(x.u16, int32(u))
		}
		n++
		u += utf16Len(r)
	}
	if n%step == 0 {
		x.bytes = append(x.bytes, int32(len(s)))
		x.u16 = append(x.u16, int32(u))
	}
	x.n, x.n16 = n, u
	return x
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// String returns the indexed string.
func (x *Index) String() string { return x.s }

// Len is the string's length in code points.
func (x *Index) Len() int { return x.n }

// Byte returns the byte offset of code point r, clamped to [0, Len()].
func (x *Index) Byte(r int) int {
	if r <= 0 {
		return 0
	}
	if r >= x.n {
		return len(x.s)
	}
	if x.ascii {
		return r
	}
	b := int(x.bytes[r/step])
	for k := r % step; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(x.s[b:])
		b += size
	}
	return b
}

// Rune returns the code-point offset of byte offset b. A b inside a
// multi-byte character gives that character's offset.
func (x *Index) Rune(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(x.s) {
		return x.n
	}
	if x.ascii {
		return b
	}
	k := sort.Search(len(x.bytes), func(i int) bool { return int(x.bytes[i]) > b }) - 1
	r, p := k*step, int(x.bytes[k])
	for p < b {
		_, size := utf8.DecodeRuneInString(x.s[p:])
		if p+size > b {
			break
		}
		p += size
		r++
	}
	return r
}

// UTF16 returns the UTF-16 offset of code point r, clamped to the string.
func (x *Index) UTF16(r int) int {
	if r <= 0 {
		return 0
	}
	if r >= x.n {
		return x.n16
	}
	if x.ascii {
		return r
	}
	k := r / step
	b, u := int(x.bytes[k]), int(x.u16[k])
	for i := r % step; i > 0; i-- {
		c, size := utf8.DecodeRuneInString(x.s[b:])
		b += size
		u += utf16Len(c)
	}
	return u
}

// FromUTF16 returns the code-point offset of UTF-16 offset u. It fails for
// an offset outside the string or between the two halves of a surrogate
// pair (an emoji or astral letter), which no code-point offset can name.
func (x *Index) FromUTF16(u int) (int, error) {
	if u < 0 || u > x.n16 {
		return 0, errorf(0, "UTF-16 offset %d outside the text (%d units)", u, x.n16)
	}
	if x.ascii {
		return u, nil
	}
	k := sort.Search(len(x.u16), func(i int) bool { return int(x.u16[i]) > u }) - 1
	r, b, cur := k*step, int(x.bytes[k]), int(x.u16[k])
	for cur < u {
		c, size := utf8.DecodeRuneInString(x.s[b:])
		cur += utf16Len(c)
		b += size
		r++
	}
	if cur != u {
		return 0, errorf(0, "UTF-16 offset %d splits a surrogate pair", u)
	}
	return r, nil
}

// Slice returns the text of code points [start, end), clamped.
func (x *Index) Slice(start, end int) string {
	if end < start {
		end = start
	}
	return x.s[x.Byte(start):x.Byte(end)]
}
