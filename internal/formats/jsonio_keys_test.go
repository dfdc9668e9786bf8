package formats

import "testing"

func TestHasOtherKeys(t *testing.T) {
	known := map[string]bool{"text": true, "label": true, "meta": true}
	cases := []struct {
		in   string
		want bool
	}{
		{`{"text":"a \"label\": b","label":[[0,1,"X"]]}`, false},
		{`{"text":"a","meta":{"source":"x","deep":{"id":1}}}`, false},
		{`{"text":"a","source":"x"}`, true},
		{`{"text" : "a", "id" : 3}`, true},
		{`{"te\u0078t":"a"}`, true}, // escaped: decoded the slow way, which finds "text"
		{`{"label":["id","x"],"text":"{\"id\":1}"}`, false},
	}
	for _, tc := range cases {
		if got := hasOtherKeys([]byte(tc.in), known); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.in, got, tc.want)
		}
	}
}
