package suggest

import (
	"strings"
	"testing"
)

// lower must give what strings.ToLower gives; it only skips the work.
var lowerCases = []string{
	"", "said", "Said", "SAID", "सरकार", "के अनुसार", "मंत्री।", "Ministerने", "İstanbul", "ΣΟΦΙΑ",
	"Ǆemal", "straße", "ＡＢＣ", "\xff\xfeA", "abc\xffdef", "ॐ॥", "कहा—\u201cयह\u201d", "ﬁ",
}

func TestLower_SameAsStringsToLower(t *testing.T) {
	for _, w := range lowerCases {
		if got, want := lower(w), strings.ToLower(w); got != want {
			t.Errorf("lower(%q) = %q, want %q", w, got, want)
		}
	}
}

func FuzzLower(f *testing.F) {
	for _, w := range lowerCases {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := lower(w), strings.ToLower(w); got != want {
			t.Errorf("lower(%q) = %q, want %q", w, got, want)
		}
	})
}
