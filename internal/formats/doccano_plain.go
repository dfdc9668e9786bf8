package formats

import (
	"encoding/json"
	"unicode/utf8"
)

// The doccano reader spends most of its time on "label" lists of
// [start, end, "LABEL"] triples. encoding/json read each list three times
// over (the record, the list, each triple) through reflection; the two
// functions here read the common case straight from the bytes, and leave
// everything else (a float, an escape in a label, a wrong shape) to the
// general path, which gives the messages.

// splitArray splits a JSON array into its elements exactly as
// json.Unmarshal into []json.RawMessage does (each without the space
// around it), for an array inside a record that has been decoded already
// and so is valid JSON.
func splitArray(raw []byte) []json.RawMessage {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return []json.RawMessage{}
	}
	var items []json.RawMessage
	for i < len(raw) {
		end := valueEnd(raw, i)
		items = append(items, raw[i:end])
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ',' {
			break
		}
		i = skipSpace(raw, i+1)
	}
	return items
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// valueEnd is the offset just past the valid JSON value that starts at i.
func valueEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// plainTriple reads [start, end, "LABEL"] written plainly: whole numbers
// of at most 18 digits and a label of valid UTF-8 without escapes (a
// file's bytes are checked before they are read, but encoding/json would
// replace a bad byte). ok is false for anything else.
func plainTriple(it []byte) (start, end int, label string, ok bool) {
	i := skipSpace(it, 0)
	if i >= len(it) || it[i] != '[' {
		return 0, 0, "", false
	}
	if start, i, ok = plainInt(it, skipSpace(it, i+1)); !ok {
		return 0, 0, "", false
	}
	if i = skipSpace(it, i); i >= len(it) || it[i] != ',' {
		return 0, 0, "", false
	}
	if end, i, ok = plainInt(it, skipSpace(it, i+1)); !ok {
		return 0, 0, "", false
	}
	if i = skipSpace(it, i); i >= len(it) || it[i] != ',' {
		return 0, 0, "", false
	}
	if i = skipSpace(it, i+1); i >= len(it) || it[i] != '"' {
		return 0, 0, "", false
	}
	j := i + 1
	for j < len(it) && it[j] != '"' {
		if it[j] == '\\' {
			return 0, 0, "", false
		}
		j++
	}
	if j >= len(it) || !utf8.Valid(it[i+1:j]) {
		return 0, 0, "", false
	}
	label = string(it[i+1 : j])
	if k := skipSpace(it, j+1); k != len(it)-1 || it[k] != ']' {
		return 0, 0, "", false
	}
	return start, end, label, true
}

// plainInt reads a JSON whole number without fraction or exponent.
func plainInt(b []byte, i int) (int, int, bool) {
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	n, digits := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
		digits++
	}
	if digits == 0 || digits > 18 || (i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
		return 0, i, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}
