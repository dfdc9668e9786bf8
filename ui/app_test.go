package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/text"
	"app.spanmark.org/spanmark/store"
)

// newTestApp opens the window on a fresh project holding the Hindi
// sample, as a new default database does, with the annotator "asha".
func newTestApp(t *testing.T) (*App, *store.DB) {
	t.Helper()
	return newTestAppOn(t, func(db *store.DB) Project { return db })
}

// newTestAppOn is newTestApp with the window talking to the project
// through wrap(db).
func newTestAppOn(t *testing.T, wrap func(*store.DB) Project) (*App, *store.DB) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sink := &formats.Sink{}
	if _, err := db.Import(context.Background(), func(emit func(*annot.Record) error) error {
		sink.Record = emit
		return formats.ReadText(sample.Name, sample.Text, formats.Options{Annotator: "asha"}, sink)
	}); err != nil {
		t.Fatal(err)
	}
	a := New(test.NewTempApp(t), wrap(db), "asha")
	a.view.manualLayout = true
	// Work the window runs off its UI goroutine runs in place: the test
	// driver runs fyne.Do where it is called, so on a goroutine it would
	// draw while the test goes on with the window.
	a.async = func(f func()) { f() }
	// The search box reloads the list on a timer; the test driver would run
	// that on the timer's goroutine, after the test and its database end.
	t.Cleanup(func() {
		if a.list.timer != nil {
			a.list.timer.Stop()
		}
	})
	a.win.Resize(fyne.NewSize(1200, 800))
	a.Start()
	return a, db
}

// storedSpans reads the document's live spans back from the database.
func storedSpans(t *testing.T, a *App) []annot.Span {
	t.Helper()
	b, err := a.proj.Bundle(context.Background(), a.doc.DocID())
	if err != nil {
		t.Fatal(err)
	}
	return b.Spans
}

func TestApp_DragAndKeyStoresClaim(t *testing.T) {
	a, _ := newTestApp(t)
	v := a.view
	s := a.doc.Text()
	words := "चीनी प्रधान मंत्री ली क़ियांग"
	start := runeIndex(s, words)
	end := start + len([]rune(words))

	drag(v, posOf(v, start+1), posOf(v, end-2), 0)
	test.Type(v, "1")

	spans := storedSpans(t, a)
	if len(spans) != 1 {
		t.Fatalf("stored %d spans, want 1", len(spans))
	}
	got := spans[0]
	if got.Label != "CLAIM" || got.Annotator != "asha" || got.Start != start || got.End != end {
		t.Fatalf("stored %+v, want CLAIM by asha at %d-%d", got, start, end)
	}
	if sliced := string([]rune(s)[got.Start:got.End]); sliced != words {
		t.Fatalf("stored offsets slice to %q, want %q", sliced, words)
	}
	if msg := a.status.message(); msg == "" || !strings.Contains(msg, "saved") {
		t.Fatalf("status after tagging = %q, want it to say saved", msg)
	}
}

func TestApp_DeleteUndoRedo(t *testing.T) {
	a, _ := newTestApp(t)
	v := a.view
	s := a.doc.Text()
	for _, tc := range []struct{ words, key string }{{"दुर्लभ पृथ्वी धातुओं", "1"}, {"चीन", "2"}} {
		i := runeIndex(s, tc.words)
		drag(v, posOf(v, i), posOf(v, i+len([]rune(tc.words))-1), 0)
		test.Type(v, tc.key)
	}
	before := storedSpans(t, a)
	if len(before) != 2 {
		t.Fatalf("stored %d spans, want 2", len(before))
	}
	claim := before[1] // चीन comes first in the text
	if claim.Label != "CLAIM" {
		claim = before[0]
	}
	a.doc.SelectSpan(claim.ID)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if after := storedSpans(t, a); len(after) != 1 || after[0].ID == claim.ID {
		t.Fatalf("after Delete: %+v", after)
	}
	ctrl := fyne.KeyModifierShortcutDefault
	shortcut(a, &fyne.ShortcutUndo{}) // Ctrl+Z, as the driver sends it
	restored := storedSpans(t, a)
	if len(restored) != 2 || !sameSpans(restored, before) {
		t.Fatalf("after undo: %+v, want %+v", restored, before)
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}) // Ctrl+Shift+Z
	if again := storedSpans(t, a); len(again) != 1 {
		t.Fatalf("after redo: %d spans, want 1", len(again))
	}
}

func TestApp_LinkStoresRelation(t *testing.T) {
	a, db := newTestApp(t)
	v := a.view
	s := a.doc.Text()
	tag := func(words, key string) annot.Span {
		i := runeIndex(s, words)
		drag(v, posOf(v, i), posOf(v, text.SnapDown(v.clusterBounds(), i+len([]rune(words))-1)), 0)
		test.Type(v, key)
		return a.spanByIDOrFail(t, a.doc.SelectedSpan())
	}
	claim := tag("दुर्लभ पृथ्वी धातुओं पर अपना प्रभुत्व मजबूत करने", "1")
	source := tag("आधिकारिक और मीडिया रिपोर्टों", "3")
	a.doc.SelectSpan(claim.ID)
	test.Type(v, "l")
	test.TapAt(v, posOf(v, source.Start+2))

	var rels []annot.Relation
	db.Export(context.Background(), annot.ExportFilter{}, func(b *annot.Bundle) error {
		rels = append(rels, b.Relations...)
		return nil
	})
	if len(rels) != 1 || rels[0].From != claim.ID || rels[0].To != source.ID || rels[0].Type != annot.AccordingTo {
		t.Fatalf("relations = %+v, want the claim ACCORDING_TO the source", rels)
	}
	// Deleting the source deletes its link.
	a.doc.SelectSpan(source.ID)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if b, _ := a.proj.Bundle(context.Background(), a.doc.DocID()); len(b.Relations) != 0 {
		t.Fatalf("after deleting the source, relations = %+v", b.Relations)
	}
}

func (a *App) spanByIDOrFail(t *testing.T, id string) annot.Span {
	t.Helper()
	s, ok := a.doc.Span(id)
	if !ok {
		t.Fatalf("no span %q selected after tagging", id)
	}
	return s
}

func sameSpans(a, b []annot.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Key() != b[i].Key() {
			return false
		}
	}
	return true
}

// shortcut types a key combination on the window and hands it on as
// Fyne 2.7's GLFW driver does (internal/driver/glfw/window.go,
// triggersShortcut): to a main menu item with that shortcut, else to the
// focused widget if it takes shortcuts, else to the canvas. sc must be
// what the driver makes of the keys: Ctrl+Z arrives as
// fyne.ShortcutUndo, Ctrl+Y as fyne.ShortcutRedo, never as a
// desktop.CustomShortcut; the window test under Xvfb presses the real
// keys.
func shortcut(a *App, sc fyne.Shortcut) {
	var inMenu func(items []*fyne.MenuItem) bool
	inMenu = func(items []*fyne.MenuItem) bool {
		for _, it := range items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && inMenu(it.ChildMenu.Items) {
				return true
			}
		}
		return false
	}
	for _, m := range a.win.MainMenu().Items {
		if inMenu(m.Items) {
			return
		}
	}
	if f, ok := a.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	a.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(sc)
}

func TestApp_DoneOpensNext(t *testing.T) {
	a, db := newTestApp(t)
	importText(t, db, "second.txt", "Li Qiang visited Ganzhou this week.")
	a.reloadDocs()
	first := a.doc.DocID()
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	if a.doc.DocID() == first || a.doc.Text() != "Li Qiang visited Ganzhou this week." {
		t.Fatalf("Ctrl+Enter left %q open", a.doc.Bundle().Doc.Title)
	}
	docs, err := db.Documents(context.Background(), annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].ID != first || docs[0].States["asha"] != annot.StateDone {
		t.Fatalf("first document's states = %v, want asha done", docs[0].States)
	}
}

func TestApp_SearchFiltersList(t *testing.T) {
	a, db := newTestApp(t)
	importText(t, db, "second.txt", "Li Qiang visited Ganzhou this week.")
	a.reloadDocs()
	a.list.search.SetText("ganzhou")
	a.reloadDocs() // the entry debounces; reload at once here
	if len(a.docs) != 1 || a.docs[0].Title != "Li Qiang visited Ganzhou this week." {
		t.Fatalf("search for ganzhou lists %d documents", len(a.docs))
	}
}

func TestApp_FirstRunAsksName(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := New(test.NewTempApp(t), db, "")
	a.view.manualLayout = true
	a.Start()
	if len(a.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no dialog asks for the annotator's name")
	}
	if got := a.list.filter.progress.TextFormatter(); strings.HasPrefix(got, ":") || !strings.HasSuffix(got, " done") {
		t.Errorf("before the name is given the progress says %q, want \"N of M done\"", got)
	}
	a.setAnnotator("  Meera ")
	if a.annotator != "Meera" || config.Load().Annotator != "Meera" {
		t.Fatalf("annotator = %q, saved %q", a.annotator, config.Load().Annotator)
	}
	// The list's filter and progress follow the name at once, not after
	// the next reload (they showed "(Select one)" and ": 0 of 1 done").
	f := a.list.filter
	if f.who.Selected != "Meera" || !strings.HasPrefix(f.progress.TextFormatter(), "Meera: 0 of ") {
		t.Errorf("after choosing the name the filter shows %q and %q", f.who.Selected, f.progress.TextFormatter())
	}
	a.setAnnotator("ravi") // File ▸ Change annotator
	if f.who.Selected != "ravi" || !strings.HasPrefix(f.progress.TextFormatter(), "ravi: 0 of ") {
		t.Errorf("after changing the name the filter shows %q and %q", f.who.Selected, f.progress.TextFormatter())
	}
}

func importText(t *testing.T, db *store.DB, name, text string) {
	t.Helper()
	sink := &formats.Sink{}
	if _, err := db.Import(context.Background(), func(emit func(*annot.Record) error) error {
		sink.Record = emit
		return formats.ReadText(name, []byte(text), formats.Options{Annotator: "asha"}, sink)
	}); err != nil {
		t.Fatal(err)
	}
}
