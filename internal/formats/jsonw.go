package formats

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The writers build JSON by appending to a byte slice rather than through
// encoding/json's reflection: exports of tens of thousands of documents
// spend most of their time here. Text is written as UTF-8, not \u escapes,
// so that a Hindi export stays readable and small.

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: '"', '\\' and control
// characters escaped (\n, \r, \t, else \u00XX), each byte of invalid
// UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029 (valid JSON,
// but line ends to JavaScript: a JSONL line stays one line everywhere),
// and everything else as it is.
func appendString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return appendStringInvalid(b, s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !jsonCare[c] {
			continue
		}
		if c == 0xE2 {
			// Valid UTF-8: two continuation bytes follow.
			if s[i+1] != 0x80 || (s[i+2] != 0xA8 && s[i+2] != 0xA9) {
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]-0xA0])
			i += 2
			start = i + 1
			continue
		}
		b = append(b, s[start:i]...)
		b = appendEscape(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonCare marks the bytes appendString stops at in valid UTF-8: those
// it escapes, and 0xE2, which begins U+2028 and U+2029. Every byte of a
// Devanagari or other multi-byte character is passed over at the cost of
// one look-up, without decoding it.
var jsonCare = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'], t[0xE2] = true, true, true
	return t
}()

// appendEscape appends the escape of an ASCII byte that JSON strings
// cannot hold as it is.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendStringInvalid is appendString for a string that is not valid
// UTF-8, decoding it rune by rune.
func appendStringInvalid(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendKey appends "key": after an optional comma.
func appendKey(b []byte, comma bool, key string) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// appendMeta appends a document's meta object, or {} when it has none.
func appendMeta(b []byte, meta json.RawMessage) []byte {
	if len(meta) == 0 || firstByte(meta) != '{' {
		return append(b, '{', '}')
	}
	if bytes.ContainsAny(meta, "\n\r") {
		// A pretty-printed object would break the JSONL line.
		var buf bytes.Buffer
		if json.Compact(&buf, meta) == nil {
			return append(b, buf.Bytes()...)
		}
		return append(b, '{', '}')
	}
	return append(b, meta...)
}
