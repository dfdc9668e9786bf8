package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// TestDB_DataVersion: another connection's commit moves the number; the
// DB's own writes and reads do not.
func TestDB_DataVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	v0, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateLabel(ctx, annot.Label{Name: "ORG", Color: "#123456"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Labels(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.DataVersion(ctx); v != v0 {
		t.Fatalf("own write moved the version %d -> %d", v0, v)
	}
	if _, err := other.CreateLabel(ctx, annot.Label{Name: "PERSON", Color: "#654321"}); err != nil {
		t.Fatal(err)
	}
	v1, _ := db.DataVersion(ctx)
	if v1 == v0 {
		t.Fatal("another connection's commit did not move the version")
	}
	if v, _ := db.DataVersion(ctx); v != v1 {
		t.Fatal("the version moved with nothing committed")
	}
}
