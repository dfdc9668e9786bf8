package text

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const bom = '\uFEFF'

// Normalized is a text as Spanmark stores it, with the means to move
// offsets counted in the original onto it.
type Normalized struct {
	Text string
	// removed holds the original code-point positions of the characters
	// dropped: a leading BOM and the CR of each CRLF pair.
	removed []int
	// crlf marks, for each entry of removed, a CR that was followed by LF,
	// between which no offset may fall.
	crlf []bool
}

// Changed reports whether normalising altered the text, so that incoming
// offsets need remapping.
func (n *Normalized) Changed() bool { return len(n.removed) > 0 }

// Removed is how many code points normalising dropped, so that the
// original text is Removed() longer than the stored one.
func (n *Normalized) Removed() int { return len(n.removed) }

// Normalize validates raw as UTF-8 and applies the two stored-text
// normalisations: a leading BOM is dropped and CRLF and lone CR become LF.
// A run of BOMs at the start (a file saved with a mark by two tools in
// turn) is dropped whole, so that a stored text never starts with one and
// normalising it again changes nothing.
// Nothing else (no NFC) is changed, since that would move offsets.
func Normalize(raw []byte) (*Normalized, error) {
	if err := CheckUTF8(raw); err != nil {
		return nil, err
	}
	return NormalizeString(string(raw)), nil
}

// NormalizeString is Normalize for text already known to be valid UTF-8,
// such as a string decoded from JSON.
func NormalizeString(s string) *Normalized {
	hasBOM := strings.HasPrefix(s, string(bom))
	if !hasBOM && strings.IndexByte(s, '\r') < 0 {
		return &Normalized{Text: s}
	}
	n := &Normalized{}
	var b strings.Builder
	b.Grow(len(s))
	pos := 0 // code-point position in the original
	leading := true
	for i, r := range s {
		if r != bom {
			leading = false
		}
		switch {
		case r == bom && leading:
			n.removed = append(n.removed, pos)
			n.crlf = append(n.crlf, false)
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			n.removed = append(n.removed, pos)
			n.crlf = append(n.crlf, true)
		case r == '\r':
			b.WriteByte('\n')
		default:
			b.WriteRune(r)
		}
		pos++
	}
	n.Text = b.String()
	return n
}

// Map moves a code-point offset counted in the original text onto the
// normalised text. It fails for an offset that falls between a CR and
// its LF, since no character of the stored text starts there.
func (n *Normalized) Map(off int) (int, error) {
	if len(n.removed) == 0 {
		return off, nil
	}
	// k = number of removed characters before off.
	k := sort.SearchInts(n.removed, off)
	if k > 0 && n.removed[k-1] == off-1 && n.crlf[k-1] {
		return 0, errorf(0, "offset %d falls inside a CRLF line break", off)
	}
	return off - k, nil
}

// MapSpan maps both ends of a span, failing as Map does.
func (n *Normalized) MapSpan(start, end int) (int, int, error) {
	s, err := n.Map(start)
	if err != nil {
		return 0, 0, err
	}
	e, err := n.Map(end)
	if err != nil {
		return 0, 0, err
	}
	return s, e, nil
}

// CheckUTF8 returns nil for valid UTF-8, else an error that names the line
// and column of the first invalid sequence, so that the user can find it in
// an editor. UTF-16 is named as such, with or without a byte-order mark,
// rather than called invalid (or, being mostly NUL bytes, empty).
func CheckUTF8(raw []byte) error {
	if name, ok := UTF16(raw); ok {
		return errorf(0, "the file is %s, not UTF-8; save it as UTF-8", name)
	}
	if utf8.Valid(raw) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size <= 1 {
			return errorf(line, "invalid UTF-8 (byte 0x%02x at column %d, file offset %d); save the file as UTF-8", raw[i], col, i)
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		i += size
		col++
	}
	return nil
}
