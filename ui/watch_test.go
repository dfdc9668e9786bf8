package ui

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// The window hears of changes made elsewhere through annot.Project.Watch
// alone: another program on an SQLite file (data_version, a Reload), a
// colleague on a team server (the rows, by LISTEN/NOTIFY). These tests
// start the window's watch and wait for what it shows.

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
	case "guidelines":
		err = db.SetGuidelines(ctx, "# Desk rules\n\nQuotes only.")
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
// titles listed after each change made elsewhere is shown, taken on the
// watcher's goroutine, so the test reads nothing of the window while the
// watcher runs.
func refreshed(t *testing.T, a *App) <-chan []string {
	t.Helper()
	ch := make(chan []string, 16)
	// The reads of a Reload run in place, on the watcher's goroutine: the
	// test driver runs fyne.Do where it is called, so on the window's own
	// runner they would race with the next change's.
	a.async = func(f func()) { f() }
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

// Another process saves new guidelines: the panel shows them.
func TestApp_GuidelinesFromAnotherProcess(t *testing.T) {
	a, db := newTestApp(t)
	ch := refreshed(t, a)
	inAnotherProcess(t, db, "guidelines")
	select {
	case <-ch:
	case <-time.After(2 * time.Second):
		t.Fatal("no refresh after another process saved the guidelines")
	}
	a.stopWatch()
	if a.guide.text != "# Desk rules\n\nQuotes only." {
		t.Fatalf("the guidelines panel shows %q", a.guide.text)
	}
}

// shownNow is what a window shows, taken on the watcher's goroutine.
type shownNow struct {
	titles     []string
	spans      []string // IDs
	links      int
	guidelines string
	selStart   int
	selEnd     int
}

// TestApp_ColleaguesWrites_Server: on a team server, a colleague's tag
// and link reach the open document as rows, keeping the analyst's
// selection; their import is listed within a second; their guidelines
// show in the panel; their deletion takes the span and its link away.
func TestApp_ColleaguesWrites_Server(t *testing.T) {
	url := pgtest.URL(t) // skips without a test server
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	mine, theirs := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	doc := storetest.NewDoc(t, mine, storetest.Said)
	a := New(test.NewTempApp(t), mine, "asha")
	a.view.manualLayout = true
	a.win.Resize(fyne.NewSize(1200, 800))
	a.Start()
	a.doc.Select(0, 3)
	ch := make(chan shownNow, 64)
	a.onRefreshed = func([]annot.DocSummary) {
		var s shownNow
		for _, d := range a.docs {
			s.titles = append(s.titles, d.Title)
		}
		for _, sp := range a.doc.Spans() {
			s.spans = append(s.spans, sp.ID)
		}
		for _, sp := range a.doc.Spans() {
			s.links += len(a.doc.LinksOf(sp.ID))
		}
		s.guidelines = a.guide.text
		s.selStart, s.selEnd = a.doc.Selection()
		ch <- s
	}
	a.watch()
	t.Cleanup(a.stopWatch)
	time.Sleep(300 * time.Millisecond) // listening
	waitFor := func(what string, within time.Duration, ok func(shownNow) bool) shownNow {
		t.Helper()
		deadline := time.After(within)
		for {
			select {
			case s := <-ch:
				if ok(s) {
					return s
				}
			case <-deadline:
				t.Fatalf("%s: not shown within %v", what, within)
			}
		}
	}

	claim := storetest.MustSpan(t, theirs, doc, "ravi", 0, 15, "CLAIM")
	actor := storetest.MustSpan(t, theirs, doc, "ravi", 16, 18, "ACTOR")
	storetest.MustRelation(t, theirs, "ravi", claim, actor, annot.SaidBy)
	s := waitFor("ravi's tags and link", 5*time.Second, func(s shownNow) bool {
		return slices.Contains(s.spans, claim.ID) && slices.Contains(s.spans, actor.ID) && s.links > 0
	})
	if s.selStart != 0 || s.selEnd != 3 {
		t.Fatalf("selection %d-%d after ravi's tags, want 0-3", s.selStart, s.selEnd)
	}

	storetest.Import(t, theirs, storetest.Titled("Wire", "wire.txt", "Ministry officials told Reuters that exports would fall."))
	imported := time.Now()
	waitFor("ravi's import in the list", time.Second, func(s shownNow) bool { return slices.Contains(s.titles, "Wire") })
	t.Logf("listed %v after the colleague's import committed", time.Since(imported).Round(time.Millisecond))

	if err := theirs.SetGuidelines(context.Background(), "# Desk rules"); err != nil {
		t.Fatal(err)
	}
	waitFor("ravi's guidelines", 5*time.Second, func(s shownNow) bool { return s.guidelines == "# Desk rules" })

	if _, err := theirs.DeleteSpan(context.Background(), actor.ID, "ravi"); err != nil {
		t.Fatal(err)
	}
	waitFor("ravi's deletion", 5*time.Second, func(s shownNow) bool { return !slices.Contains(s.spans, actor.ID) && s.links == 0 })
}
