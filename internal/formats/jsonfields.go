package formats

import (
	"bytes"
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
)

// Prodigy's meta and Label Studio's data are objects whose members a
// user wrote in an order; these helpers read and write them member by
// member so that exports keep that order.

// jsonField is one member of a JSON object, kept in file order.
type jsonField struct {
	Key   string
	Value json.RawMessage
}

// objectFields lists the members of a JSON object in order, so that meta
// and data fields come out in the order a user gave them. Empty input is
// an empty object.
func objectFields(raw json.RawMessage) ([]jsonField, error) {
	if len(bytes.TrimSpace(raw)) == 0 || firstByte(raw) == 'n' {
		return nil, nil
	}
	if firstByte(raw) != '{' {
		return nil, annot.Errorf(annot.Invalid, "is %s, expected an object", describe(raw))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(err)
	}
	var fields []jsonField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(err)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, jsonError(err)
		}
		fields = append(fields, jsonField{key, v})
	}
	return fields, nil
}

// appendFields writes fields as one compact JSON object, so that a value
// pretty-printed over many lines cannot break a JSONL line.
func appendFields(b []byte, fields []jsonField) []byte {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.Key)
		b = append(b, ':')
		b = appendCompact(b, f.Value)
	}
	return append(b, '}')
}

func appendCompact(b []byte, v json.RawMessage) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return append(b, "null"...)
	}
	return append(b, buf.Bytes()...)
}

// metaWith adds fields to a compact meta object, replacing members of the
// same name. It returns nil for an object with no members.
func metaWith(meta json.RawMessage, extra []jsonField) json.RawMessage {
	if len(extra) == 0 {
		return meta
	}
	fields, _ := objectFields(meta)
	kept := fields[:0]
	for _, f := range fields {
		if !hasField(extra, f.Key) {
			kept = append(kept, f)
		}
	}
	return appendFields(nil, append(kept, extra...))
}

func hasField(fields []jsonField, key string) bool {
	for _, f := range fields {
		if f.Key == key {
			return true
		}
	}
	return false
}

// whole is a JSON offset: a whole number, written as one (3) or as a
// number whose fraction is zero (3.0, 3e0), as a tool that keeps numbers
// as floats writes it. A true fraction is refused, never rounded.
type whole int

func (w *whole) UnmarshalJSON(b []byte) error {
	n, err := jsonInt(b)
	if err != nil {
		return err
	}
	*w = whole(n)
	return nil
}
