package formats

import (
	"encoding/json"

	"app.spanmark.org/spanmark/internal/annot"
)

// ReadDoccanoLabels reads the label list that doccano exports from a
// project's Labels page (a JSON list of {"id": 13, "text": "PER", ...}),
// or a plain object of id to name ({"13": "PER"}), into the id-to-name
// map that Options.Labels takes.
func ReadDoccanoLabels(name string, data []byte) (map[string]string, error) {
	fail := func(format string, args ...any) error {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, format, args...))
	}
	out := map[string]string{}
	switch firstByte(data) {
	case '[':
		var items []struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		if err := json.Unmarshal(data, &items); err != nil {
			return nil, annot.At(name, 0, jsonError(err))
		}
		for i, it := range items {
			id := lsID(it.ID)
			if id == "" || it.Text == nil {
				return nil, fail(`label %d needs "id" and "text", as doccano exports them`, i+1)
			}
			if _, dup := out[id]; dup {
				return nil, fail("label id %s is listed twice", id)
			}
			out[id] = *it.Text
		}
	case '{':
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fail(`expected doccano's label list ([{"id": 13, "text": "PER"}, …]) or an object of id to name ({"13": "PER"})`)
		}
		out = m
	default:
		return nil, fail(`expected doccano's label list ([{"id": 13, "text": "PER"}, …]) or an object of id to name ({"13": "PER"})`)
	}
	return out, nil
}

// IsDoccanoLabels reports whether data looks like doccano's label list
// rather than documents: a JSON list whose first object has an "id", a
// "text" and one of the keys doccano gives labels (colours, shortcut
// keys), so that it is not imported as documents named PER and ORG.
func IsDoccanoLabels(data []byte) bool {
	if firstByte(data) != '[' {
		return false
	}
	var items []map[string]json.RawMessage
	if json.Unmarshal(data, &items) != nil || len(items) == 0 {
		return false
	}
	k := items[0]
	_, id := k["id"]
	_, txt := k["text"]
	_, bg := k["background_color"]
	_, sk := k["suffix_key"]
	_, pk := k["prefix_key"]
	return id && txt && (bg || sk || pk)
}
