package annot

import (
	"bytes"
	"encoding/json"
)

// MergeMeta adds what incoming says to a document's stored meta, for a
// record that joins a document already stored (the same text from
// another annotator's file). Members the stored object lacks are added;
// where both hold an object under one key they are merged the same way,
// so per-annotator maps such as "categories" gather every annotator's
// entry; where both hold another value, the stored one stays. changed is
// false when incoming adds nothing. Input that is not a JSON object is
// treated as empty.
func MergeMeta(stored, incoming json.RawMessage) (merged json.RawMessage, changed bool) {
	in, ok := metaMembers(incoming)
	if !ok || len(in) == 0 {
		return stored, false
	}
	have, ok := metaMembers(stored)
	if !ok {
		return incoming, true
	}
	index := make(map[string]int, len(have))
	for i, m := range have {
		index[m.key] = i
	}
	for _, m := range in {
		i, found := index[m.key]
		if !found {
			index[m.key] = len(have)
			have = append(have, m)
			changed = true
			continue
		}
		if sub, ch := MergeMeta(have[i].value, m.value); ch && firstNonSpace(have[i].value) == '{' {
			have[i].value = sub
			changed = true
		}
	}
	if !changed {
		return stored, false
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range have {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

type metaMember struct {
	key   string
	value json.RawMessage
}

// metaMembers lists an object's members in order; ok is false for input
// that is not an object (empty input is an empty object).
func metaMembers(raw json.RawMessage) ([]metaMember, bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, true
	}
	if firstNonSpace(raw) != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	var out []metaMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		var c bytes.Buffer
		if json.Compact(&c, v) != nil {
			return nil, false
		}
		out = append(out, metaMember{key, c.Bytes()})
	}
	return out, true
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}
