package ui

import (
	"context"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// TestApp_Sync: File ▸ Sync pushes the window's work to the server and
// brings the server's documents into the list.
func TestApp_Sync(t *testing.T) {
	url := pgtest.URL(t) // skips without a test server
	server := pgtest.OpenURL(t, url)
	theirs := storetest.NewDoc(t, server, "An article only the server has.")
	a, _ := newTestApp(t)
	a.SetServerOpener(func(u string) (annot.Project, error) { return postgres.Open(context.Background(), u) })
	mine := storetest.MustSpan(t, a.proj, a.doc.DocID(), "asha", 0, 4, "ACTOR")
	<-a.runSync(url)
	found := false
	for _, d := range a.docs {
		found = found || d.ID == theirs
	}
	if !found {
		t.Fatal("the server's document is not in the list after syncing")
	}
	if _, err := server.Bundle(context.Background(), a.doc.DocID()); err != nil {
		t.Fatalf("the window's document did not reach the server: %v", err)
	}
	b := storetest.MustBundle(t, server, a.doc.DocID())
	if len(b.Spans) != 1 || b.Spans[0].ID != mine.ID {
		t.Fatalf("the server's copy has %+v, want asha's span", b.Spans)
	}
}
