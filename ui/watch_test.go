package ui

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/store"
)

// TestHelperProcess is not a test: run by the tests below as a second
// process (this test binary again, as os/exec's own tests do), it writes
// to a database the window has open, as a `spanmark import` in a
// terminal would.
func TestHelperProcess(t *testing.T) {
	path, what := os.Getenv("SPANMARK_HELPER_DB"), os.Getenv("SPANMARK_HELPER_DO")
	if path == "" {
		return
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	switch what {
	case "import":
		sink := &formats.Sink{}
		_, err = db.Import(ctx, func(emit func(*annot.Record) error) error {
			sink.Record = emit
			return formats.ReadText("wire.txt", []byte("Ministry officials told Reuters that exports would fall."), formats.Options{Annotator: "ravi"}, sink)
		})
	case "span":
		docs, _ := db.Documents(ctx, annot.DocFilter{})
		_, err = db.CreateSpan(ctx, annot.Span{DocID: docs[0].ID, Annotator: "ravi", Start: 0, End: 8, Label: annot.Source})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// inAnotherProcess runs TestHelperProcess on the database.
func inAnotherProcess(t *testing.T, db *store.DB, what string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "SPANMARK_HELPER_DB="+db.Path(), "SPANMARK_HELPER_DO="+what)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("second process: %v\n%s", err, out)
	}
}

// refreshed starts watching and returns a channel that receives the
// titles listed after each refresh, taken on the watcher's goroutine, so
// the test reads nothing of the window while the watcher runs.
func refreshed(t *testing.T, a *App) <-chan []string {
	t.Helper()
	ch := make(chan []string, 16)
	a.onRefreshed = func([]annot.DocSummary) {
		var titles []string
		for _, d := range a.docs {
			titles = append(titles, d.Title)
		}
		ch <- titles
	}
	a.watch()
	t.Cleanup(a.stopWatch)
	return ch
}

// A second process imports a file while the window is open: the
// document list shows it within a second.
func TestApp_ListShowsAnotherProcessImport(t *testing.T) {
	a, db := newTestApp(t)
	if len(a.docs) != 1 {
		t.Fatalf("%d documents listed at the start", len(a.docs))
	}
	ch := refreshed(t, a)
	inAnotherProcess(t, db, "import")
	imported := time.Now()
	deadline := time.After(time.Second)
	for {
		select {
		case titles := <-ch:
			if len(titles) == 2 && titles[1] == "Ministry officials told Reuters that exports would fall." {
				t.Logf("listed %v after the importing process ended", time.Since(imported).Round(time.Millisecond))
				return
			}
		case <-deadline:
			t.Fatal("the document list did not show the other process's import within a second")
		}
	}
}

// Another process adds a span to the open document: it appears, and the
// selection and the scroll position stay.
func TestApp_OthersSpanKeepsSelectionAndScroll(t *testing.T) {
	a, db := newTestApp(t)
	mine := tagWords(t, a, "चीन", "2")
	a.view.ScrollPage(true)
	offset := a.view.Scroller().Offset
	if offset.Y == 0 {
		t.Fatal("the view did not scroll")
	}
	ch := refreshed(t, a)
	inAnotherProcess(t, db, "span")
	select {
	case <-ch:
	case <-time.After(2 * time.Second):
		t.Fatal("no refresh after another process's span")
	}
	a.stopWatch()
	if a.doc.SelectedSpan() != mine.ID {
		t.Fatalf("selected %q after the refresh, want %q", a.doc.SelectedSpan(), mine.ID)
	}
	if got := a.view.Scroller().Offset; got != offset {
		t.Fatalf("scrolled to %v after the refresh, was %v", got, offset)
	}
	found := false
	for _, s := range a.doc.Spans() {
		found = found || s.Annotator == "ravi"
	}
	if !found || len(a.panel.spans) != 2 {
		t.Fatalf("ravi's span is not shown (%d in the panel)", len(a.panel.spans))
	}
}
