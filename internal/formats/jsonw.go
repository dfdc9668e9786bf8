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

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
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
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
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
		// U+2028 and U+2029 are valid JSON but end lines in JavaScript;
		// escape them so that a JSONL line is one line everywhere.
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
