package ui

import (
	"context"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// TestApp_FollowKeepsSelection: a merge or a sync elsewhere re-identifies
// the open article (a colleague had imported the same text first), and
// the window follows it to its new ID. What the analyst had selected just
// before stays selected: the text is the same, so the offsets are too,
// and the next key tags it. Likewise a selected span, when the merge
// kept it.
func TestApp_FollowKeepsSelection(t *testing.T) {
	follows := []struct {
		name   string
		follow func(a *App, db *store.DB)
	}{
		{"another program's commit", func(a *App, _ *store.DB) { reloadNow(a) }},
		{"a team server's added documents", func(a *App, db *store.DB) {
			docs, err := db.Documents(context.Background(), annot.DocFilter{NoCounts: true})
			if err != nil {
				t.Fatal(err)
			}
			var added []string
			for _, d := range docs {
				added = append(added, d.ID)
			}
			a.remote(annot.RemoteChange{Docs: added})
		}},
		{"a merge or sync in the window", func(a *App, _ *store.DB) {
			a.reloadDocs() // as mergeDone and syncDone do
			a.reopen()
		}},
	}
	for _, f := range follows {
		t.Run(f.name+", text", func(t *testing.T) {
			a, db := newTestApp(t)
			before := a.doc.DocID()
			words := "इस सप्ताह"
			start := runeIndex(a.doc.Text(), words)
			end := start + len([]rune(words))
			a.doc.Select(start, end)
			if _, err := db.Merge(context.Background(), colleague(t), nil); err != nil {
				t.Fatal(err)
			}
			f.follow(a, db)
			if a.doc.DocID() == before {
				t.Fatalf("the window still shows %s, which the merge re-identified", before)
			}
			if s, e := a.doc.Selection(); s != start || e != end || a.doc.SelectedText() != words {
				t.Fatalf("after following the article the selection is %d–%d %q, want %d–%d %q", s, e, a.doc.SelectedText(), start, end, words)
			}
			a.view.TypedRune('1')
			if msg := overlayText(a); msg != "" {
				t.Fatalf("tagging the kept selection failed:\n%s", msg)
			}
			found := false
			for _, sp := range storedSpans(t, a) {
				found = found || (sp.Start == start && sp.End == end && sp.Label == "CLAIM" && sp.DocID == a.doc.DocID())
			}
			if !found {
				t.Error("the kept selection was not tagged")
			}
		})
		t.Run(f.name+", span", func(t *testing.T) {
			a, db := newTestApp(t)
			words := "इस सप्ताह"
			start := runeIndex(a.doc.Text(), words)
			a.doc.Select(start, start+len([]rune(words)))
			a.view.TypedRune('2')
			id := a.doc.SelectedSpan()
			if id == "" {
				t.Fatal("the new ACTOR is not selected")
			}
			if _, err := db.Merge(context.Background(), colleague(t), nil); err != nil {
				t.Fatal(err)
			}
			f.follow(a, db)
			if _, ok := a.doc.Span(id); !ok {
				t.Fatalf("the ACTOR %s is not in the followed article: a merge keeps span IDs", id)
			}
			if got := a.doc.SelectedSpan(); got != id {
				t.Fatalf("after following the article the selected span is %q, want the ACTOR %q", got, id)
			}
		})
	}
}

// reloadNow does in place what the window does, off its UI goroutine,
// when it notices another program's commit.
func reloadNow(a *App) {
	a.async = func(f func()) { f() }
	a.refreshAll(func() {})
}
