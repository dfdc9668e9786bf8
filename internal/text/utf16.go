package text

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF16 says whether data is UTF-16 and in which byte order: by its
// byte-order mark, or, without one, by the NUL byte beside each ASCII
// character that UTF-16 puts there and UTF-8 text never has. Editors on
// Windows save JSONL and text this way; read as UTF-8, such a file is
// "empty" or "invalid" for reasons a user cannot see.
func UTF16(data []byte) (name string, ok bool) {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		return "UTF-16 LE", true
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		return "UTF-16 BE", true
	}
	// Without a mark: UTF-16 has an even length, and the ASCII characters
	// of its first few hundred bytes (JSON starts with one) each have a
	// NUL beside them, on the left (BE) or the right (LE), while the other
	// side of every pair is never NUL.
	if len(data)%2 != 0 || len(data) < 4 {
		return "", false
	}
	n := min(len(data), 256) &^ 1
	var leftNUL, rightNUL int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			leftNUL++
		}
		if data[i+1] == 0 {
			rightNUL++
		}
	}
	pairs := n / 2
	switch {
	case leftNUL == 0 && data[1] == 0 && data[0] < utf8.RuneSelf && 2*rightNUL >= pairs:
		return "UTF-16 LE", true
	case rightNUL == 0 && data[0] == 0 && data[1] < utf8.RuneSelf && 2*leftNUL >= pairs:
		return "UTF-16 BE", true
	}
	return "", false
}

// DecodeUTF16 turns a UTF-16 file (see UTF16) into UTF-8. A byte-order
// mark becomes U+FEFF, so that the stored text drops it and moves the
// offsets after it just as for a UTF-8 file with a mark. A lone surrogate
// or an odd number of bytes is an error at its line: nothing is replaced
// in silence.
func DecodeUTF16(data []byte) ([]byte, error) {
	name, ok := UTF16(data)
	if !ok {
		return data, nil
	}
	var order binary.ByteOrder = binary.LittleEndian
	if name == "UTF-16 BE" {
		order = binary.BigEndian
	}
	out := make([]byte, 0, len(data)+len(data)/2)
	line := 1
	for i := 0; i < len(data); i += 2 {
		if i+1 >= len(data) {
			return nil, errorf(line, "the file is %s but ends half-way through a character (an odd number of bytes)", name)
		}
		u := rune(order.Uint16(data[i:]))
		switch {
		case utf16.IsSurrogate(u) && u < 0xDC00 && i+3 < len(data):
			lo := rune(order.Uint16(data[i+2:]))
			r := utf16.DecodeRune(u, lo)
			if r == utf8.RuneError {
				return nil, errorf(line, "the file is %s with a broken surrogate pair at byte %d", name, i)
			}
			out = utf8.AppendRune(out, r)
			i += 2
		case utf16.IsSurrogate(u):
			return nil, errorf(line, "the file is %s with a broken surrogate pair at byte %d", name, i)
		default:
			if u == '\n' {
				line++
			}
			out = utf8.AppendRune(out, u)
		}
	}
	return out, nil
}
