package storetest

import "testing"

// testOpen_NewProject checks what a new project starts with: the three
// default labels on keys 1 to 3, each with a colour, and Fresh set so
// that main can seed the sample article.
func testOpen_NewProject(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	if !db.Fresh() {
		t.Error("a new project is not reported fresh")
	}
	if db.Path() == "" {
		t.Error("a project that does not say where it is")
	}
	labels, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, key string }{{"CLAIM", "1"}, {"ACTOR", "2"}, {"SOURCE", "3"}}
	if len(labels) != len(want) {
		t.Fatalf("labels = %v", labels)
	}
	for i, w := range want {
		if labels[i].Name != w.name || labels[i].Hotkey != w.key || labels[i].Color == "" {
			t.Errorf("label %d = %+v, want %s on key %s with a colour", i, labels[i], w.name, w.key)
		}
	}
}
