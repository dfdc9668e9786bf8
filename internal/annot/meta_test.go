package annot

import (
	"encoding/json"
	"testing"
)

func TestMergeMeta(t *testing.T) {
	cases := []struct {
		name, stored, incoming, want string
		changed                      bool
	}{
		{"adds members", `{"a":1}`, `{"b":2}`, `{"a":1,"b":2}`, true},
		{"stored wins", `{"a":1}`, `{"a":2}`, `{"a":1}`, false},
		{"objects merge", `{"categories":{"asha":["x"]}}`, `{"categories":{"ben":["y"]},"url":"u"}`, `{"categories":{"asha":["x"],"ben":["y"]},"url":"u"}`, true},
		{"same entry", `{"categories":{"asha":["x"]}}`, `{"categories":{"asha":["z"]}}`, `{"categories":{"asha":["x"]}}`, false},
		{"empty stored", ``, `{"a":1}`, `{"a":1}`, true},
		{"empty incoming", `{"a":1}`, ``, `{"a":1}`, false},
		{"not an object stored", `[1]`, `{"a":1}`, `{"a":1}`, true},
		{"not an object incoming", `{"a":1}`, `"x"`, `{"a":1}`, false},
		{"object over a value", `{"a":1}`, `{"a":{"b":2}}`, `{"a":1}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := MergeMeta(json.RawMessage(tc.stored), json.RawMessage(tc.incoming))
			if string(got) != tc.want || changed != tc.changed {
				t.Errorf("got %s %v, want %s %v", got, changed, tc.want, tc.changed)
			}
		})
	}
}

func TestAnswerValid(t *testing.T) {
	for _, a := range []Answer{"", AnswerAccept, AnswerReject, AnswerIgnore} {
		if !a.Valid() {
			t.Errorf("%q not valid", a)
		}
	}
	if Answer("accepted").Valid() {
		t.Error(`"accepted" is a verdict, not an answer`)
	}
}
