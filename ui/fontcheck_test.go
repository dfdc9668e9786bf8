package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestMissingGlyphs(t *testing.T) {
	test.NewTempApp(t)
	// Hindi and Latin are drawn by the bundled and Fyne's own fonts on any
	// machine; a private-use character is drawn by none.
	got := missingGlyphs("राज्य सरकार ने क्षेत्र Li Qiang \ue000 said")
	if len(got) != 1 || got[0] != '\ue000' {
		t.Fatalf("missing = %U, want only U+E000", got)
	}
	if s := describeMissing([]rune{0x4E2D, 0x5468, 0x56FD, 0x5DDE, 0x5F3A, 0x674E, 0x8D63}); s != "U+4E2D, U+5468, U+56FD, U+5DDE, U+5F3A, and 2 more" {
		t.Fatalf("describeMissing = %q", s)
	}
}
