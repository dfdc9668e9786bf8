package ui

import (
	"os"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// Importing NER data in the window offers to map its labels onto the
// project's, as import --map does: ORG is imported as ACTOR, DATE as a
// new label.
func TestApp_ImportOffersLabelMap(t *testing.T) {
	a, _ := newTestApp(t)
	a.async = func(f func()) { f() }
	path := filepath.Join(t.TempDir(), "ner.jsonl")
	data := `{"text":"Reuters said Acme grew on Monday.","label":[[0,7,"ORG"],[13,17,"ORG"],[26,32,"DATE"]]}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	a.importPaths([]string{path})
	d := a.labelMapDialog
	if d == nil || len(d.choices) != 2 || d.choices["ORG"] == nil || d.choices["DATE"] == nil {
		t.Fatalf("the mapping dialog offers %v, want ORG and DATE", d)
	}
	d.choices["ORG"].SetSelected(annot.Actor)
	tapButton(t, a, "Import")
	if len(a.docs) != 2 {
		t.Fatalf("%d documents listed after the import", len(a.docs))
	}
	names := labelsNamed(a)
	if names["ORG"] || !names["DATE"] {
		t.Fatalf("labels after the import: %v; want DATE added and no ORG", names)
	}
	b, err := a.proj.Bundle(a.ctx, a.docs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range b.Spans {
		got[s.Label]++
	}
	if got[annot.Actor] != 2 || got["DATE"] != 1 {
		t.Fatalf("imported labels %v", got)
	}

	// A file whose labels the project has goes straight in.
	a.labelMapDialog = nil
	again := filepath.Join(t.TempDir(), "known.jsonl")
	os.WriteFile(again, []byte(`{"text":"Acme said so.","label":[[0,4,"ACTOR"]]}`+"\n"), 0o644)
	a.importPaths([]string{again})
	if a.labelMapDialog != nil || len(a.docs) != 3 {
		t.Fatalf("a file with known labels: dialog %v, %d documents", a.labelMapDialog, len(a.docs))
	}
}
