package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/store"
)

// File ▸ New makes an empty project and opens it in the same window;
// File ▸ Open recent goes back to the first, which is as it was.
func TestApp_NewOpenAndRecent(t *testing.T) {
	a, db := newTestApp(t)
	first := db.Path()
	tagWords(t, a, "चीन", "2")
	a.SetOpener(func(path string) (Project, error) { return store.Open(path) })
	t.Cleanup(func() { a.Close() })
	a.remember()

	second := filepath.Join(t.TempDir(), "new.db")
	a.switchTo(second)
	if a.proj.Path() != second || len(a.docs) != 0 || a.doc.DocID() != "" || len(a.doc.Labels()) != 3 {
		t.Fatalf("after New: %s, %d documents, doc %q, %d labels", a.proj.Path(), len(a.docs), a.doc.DocID(), len(a.doc.Labels()))
	}
	if !strings.Contains(a.status.db.Text, "new.db") {
		t.Fatalf("the status bar names %q", a.status.db.Text)
	}
	if g := a.guide.text; g != annot.DefaultGuidelines {
		t.Fatalf("a new project's guidelines panel shows %q", g)
	}
	if rec := config.Load().Recent; len(rec) < 2 || rec[0] != second || rec[1] != first {
		t.Fatalf("recent = %v", rec)
	}
	var items []*fyne.MenuItem
	for _, it := range a.win.MainMenu().Items[0].Items {
		if it.Label == "Open recent" {
			items = it.ChildMenu.Items
		}
	}
	if len(items) != 1 || !strings.HasPrefix(items[0].Label, "p.db") {
		t.Fatalf("Open recent lists %d items", len(items))
	}
	items[0].Action()
	if a.proj.Path() != first || len(a.docs) != 1 || len(a.doc.Spans()) != 1 {
		t.Fatalf("back in the first: %s, %d documents, %d spans", a.proj.Path(), len(a.docs), len(a.doc.Spans()))
	}
	// The database left behind is closed; the other is open.
	if _, err := a.proj.Labels(context.Background()); err != nil {
		t.Fatal(err)
	}

	// A file that is not a database leaves the open one open.
	a.switchTo(filepath.Join("testdata", "hindi_overlaps.png"))
	if a.proj.Path() != first {
		t.Fatal("a bad file replaced the open database")
	}
}

// The guidelines are beside the article (Ctrl+G), and editable.
func TestApp_Guidelines(t *testing.T) {
	a, db := newTestApp(t)
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: ctrl})
	if a.side.SelectedIndex() != 1 {
		t.Fatal("Ctrl+G did not show the guidelines")
	}
	if !strings.Contains(a.guide.page.String(), "SOURCE") {
		t.Fatalf("the guidelines page shows %q", a.guide.page.String())
	}
	a.guide.edit.OnTapped()
	if !a.guide.editing || a.guide.editor.Text != annot.DefaultGuidelines {
		t.Fatal("Edit did not open the guidelines for editing")
	}
	a.guide.editor.SetText("# House rules\n\nTag **quotes** only.")
	a.guide.save.OnTapped()
	if g, _ := db.Guidelines(context.Background()); g != "# House rules\n\nTag **quotes** only." {
		t.Fatalf("stored guidelines: %q", g)
	}
	if a.guide.editing || !strings.Contains(a.guide.page.String(), "House rules") {
		t.Fatalf("after Save the page shows %q", a.guide.page.String())
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: ctrl})
	if a.side.SelectedIndex() != 0 {
		t.Fatal("Ctrl+G again did not show the spans")
	}
}
