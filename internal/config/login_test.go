package config

import "testing"

func TestWithoutDomain(t *testing.T) {
	tests := map[string]string{
		`LAPTOP-7\asha`:  "asha",
		`NEWSROOM\ravi`:  "ravi",
		"asha":           "asha",
		`odd\`:           `odd\`,
		`a\b\c`:          "c",
		"आशा":            "आशा",
		`DESK\आशा शर्मा`: "आशा शर्मा",
	}
	for in, want := range tests {
		if got := withoutDomain(in); got != want {
			t.Errorf("withoutDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
