package storetest

import (
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// testGuidelines: a new project starts with the default guidelines, and
// what is saved is what is read back, an empty text included.
func testGuidelines(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	g, err := db.Guidelines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g != annot.DefaultGuidelines || !strings.Contains(g, "**SOURCE**") || !strings.Contains(g, "SAID_BY") {
		t.Fatalf("a new project's guidelines are %q", g)
	}
	for _, text := range []string{"# Ours\n\nTag *quotes* only. दिशानिर्देश", ""} {
		if err := db.SetGuidelines(ctx, text); err != nil {
			t.Fatal(err)
		}
		if g, err := db.Guidelines(ctx); err != nil || g != text {
			t.Fatalf("saved %q, read back %q (%v)", text, g, err)
		}
	}
}
