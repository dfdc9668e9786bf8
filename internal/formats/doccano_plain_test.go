package formats

import (
	"bytes"
	"encoding/json"
	"testing"
)

var plainSeeds = []string{
	`[1, 2, "CLAIM"]`, `[0,5,"LOC"]`, ` [ 3 ,	4 , "A B" ] `, `[-0, 1, "x"]`, `[1.0, 2, "x"]`, `[1e2, 2, "x"]`,
	`[1, 2, "a\"b"]`, `[1, 2, "\u00e9"]`, `[1, 2]`, `[1, 2, "x", 4]`, `["1", 2, "x"]`, `[1, 2, 3]`,
	`[123456789012345678901, 2, "x"]`, `[1, 2, "नाम"]`, `[]`, `[[1, 2, "a"], "cat", {"start_offset": 1}, null, true, -3.5e1]`,
	"[\n[1,2,\"a\"] ,\r\n\t[3,4,\"b\"]\n]", `[{"a": [1, "]"]}, "[", "\\"]`, `[[]]`, `[[[1]], [2]]`,
}

// FuzzDoccanoPlain checks the direct reading of "label" lists against
// encoding/json: splitArray gives the elements json.Unmarshal gives, and
// plainTriple, where it reads a triple at all, reads what the general path
// reads.
func FuzzDoccanoPlain(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkPlain(t, b)
	})
}

func TestDoccanoPlain_AsEncodingJSON(t *testing.T) {
	for _, s := range plainSeeds {
		checkPlain(t, []byte(s))
	}
	if _, _, _, ok := plainTriple([]byte(`[1, 2, "CLAIM"]`)); !ok {
		t.Error("a plain triple was left to the general path")
	}
}

func checkPlain(t *testing.T, b []byte) {
	if !json.Valid(b) {
		return
	}
	if firstByte(b) == '[' {
		var want []json.RawMessage
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		got := splitArray(b)
		if len(got) != len(want) {
			t.Fatalf("%q: split into %q, encoding/json gives %q", b, got, want)
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("%q: split into %q, encoding/json gives %q", b, got, want)
			}
		}
	}
	start, end, label, ok := plainTriple(b)
	if !ok {
		return
	}
	s, e, l, err := doccanoTriple(b)
	if err != nil || s != start || e != end || l != label {
		t.Fatalf("%q: read as %d %d %q, the general path gives %d %d %q (%v)", b, start, end, label, s, e, l, err)
	}
}
