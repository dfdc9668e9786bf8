package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// unwatched is a project whose window hears of nothing by itself, so
// that a test hands it what the project reports, on the test's own
// goroutine, and reads the window without racing the watch.
type unwatched struct{ Project }

func (unwatched) Watch(context.Context) <-chan annot.RemoteChange {
	c := make(chan annot.RemoteChange)
	close(c)
	return c
}

// heard waits for what the project reports and hands it to the window.
func heard(t *testing.T, a *App, changes <-chan annot.RemoteChange) {
	t.Helper()
	select {
	case c := <-changes:
		a.remote(c)
	case <-time.After(5 * time.Second):
		t.Fatal("nothing reported of the other's write")
	}
}

func shows(a *App, id string) bool {
	_, ok := a.doc.Span(id)
	return ok
}

// TestApp_ShowsOthersWrites_SQLite: another program tags in the open
// document; the window shows it, keeping the analyst's selection.
func TestApp_ShowsOthersWrites_SQLite(t *testing.T) {
	a, db := newTestAppOn(t, func(db *store.DB) Project { return unwatched{db} })
	changes := db.Watch(context.Background())
	a.doc.Select(0, 3)
	other, err := store.Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	s := storetest.MustSpan(t, other, a.doc.DocID(), "ravi", 10, 20, "ACTOR")
	heard(t, a, changes)
	if !shows(a, s.ID) {
		t.Fatal("the window does not show ravi's span")
	}
	if start, end := a.doc.Selection(); start != 0 || end != 3 {
		t.Fatalf("selection %d-%d after the reload, want 0-3", start, end)
	}
}

// TestApp_ShowsOthersWrites_Server: on a team server, a colleague's tag,
// link and deletion each reach the open document as rows.
func TestApp_ShowsOthersWrites_Server(t *testing.T) {
	url := pgtest.URL(t) // skips without a test server
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	mine, theirs := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	doc := storetest.NewDoc(t, mine, storetest.Said)
	a := New(test.NewTempApp(t), unwatched{mine}, "asha")
	a.view.manualLayout = true
	a.win.Resize(fyne.NewSize(1200, 800))
	a.Start()
	a.open(doc)
	changes := mine.Watch(context.Background())
	time.Sleep(200 * time.Millisecond) // listening

	claim := storetest.MustSpan(t, theirs, doc, "ravi", 0, 15, "CLAIM")
	heard(t, a, changes)
	actor := storetest.MustSpan(t, theirs, doc, "ravi", 16, 18, "ACTOR")
	heard(t, a, changes)
	if !shows(a, claim.ID) || !shows(a, actor.ID) {
		t.Fatalf("the window shows %d spans, want ravi's two", len(a.doc.Spans()))
	}
	link := storetest.MustRelation(t, theirs, "ravi", claim, actor, annot.SaidBy)
	heard(t, a, changes)
	if rels := a.doc.LinksOf(claim.ID); len(rels) != 1 || rels[0].ID != link.ID {
		t.Fatalf("links of the claim: %+v", rels)
	}
	if _, err := theirs.DeleteSpan(context.Background(), actor.ID, "ravi"); err != nil {
		t.Fatal(err)
	}
	heard(t, a, changes)
	if shows(a, actor.ID) || len(a.doc.LinksOf(claim.ID)) != 0 {
		t.Fatal("the deleted span or its link is still shown")
	}
}

func TestDBName(t *testing.T) {
	for in, want := range map[string]string{
		"/home/asha/.local/share/spanmark/spanmark.db":                       "spanmark.db",
		"postgres://asha@db.example/news":                                    "asha@db.example/news",
		"postgres://postgres@127.0.0.1:55432/postgres?search_path=desk2&x=1": "postgres@127.0.0.1:55432/postgres (desk2)",
	} {
		if got := dbName(in); got != want {
			t.Errorf("dbName(%q) = %q, want %q", in, got, want)
		}
	}
}
