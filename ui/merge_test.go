package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/store"
)

// colleague makes a closed database in which the sample article was
// imported a year earlier than here, by ravi, with a second article.
func colleague(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ravi.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Now().Add(-365 * 24 * time.Hour).UTC() }
	sink := &formats.Sink{}
	if _, err := db.Import(context.Background(), func(emit func(*annot.Record) error) error {
		sink.Record = emit
		if err := formats.ReadText(sample.Name, sample.Text, formats.Options{Annotator: "ravi"}, sink); err != nil {
			return err
		}
		return formats.ReadText("port.txt", []byte("Officials said the port will reopen."), formats.Options{Annotator: "ravi"}, sink)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// wait waits a few seconds at most for a merge to show its outcome.
func wait(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the merge did not finish")
	}
}

// overlayText is the text of every label in the window's top overlay.
func overlayText(a *App) string {
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	walk(top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walk(c, fn)
		}
	}
}

// TestApp_MergeShowsSummaryAndKeepsTheOpenArticle: the sample is open;
// the colleague imported it first, so after the merge it has their ID,
// and the window shows it again, with the new article in the list and
// the summary in a dialog.
func TestApp_MergeShowsSummaryAndKeepsTheOpenArticle(t *testing.T) {
	a, db := newTestApp(t)
	other := colleague(t)
	before, hash := a.doc.Bundle().Doc.ID, a.doc.Bundle().Doc.Hash
	wait(t, a.runMerge(db, other))
	summary := overlayText(a)
	for _, want := range []string{"Merged " + other, "1 of them imported separately", "conflicts: none"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if len(a.docs) != 2 {
		t.Errorf("document list has %d documents, want 2", len(a.docs))
	}
	if a.doc.Bundle() == nil || a.doc.Bundle().Doc.ID == before || a.doc.Bundle().Doc.Hash != hash {
		t.Errorf("open document after the merge: %+v; want the sample under the colleague's ID (it was %s here)", a.doc.Bundle().Doc, before)
	}
}

// blockingMerger stands for a merge that runs until it is cancelled.
type blockingMerger struct{ started chan struct{} }

func (b blockingMerger) Merge(ctx context.Context, _ string, progress annot.MergeProgress) (annot.MergeResult, error) {
	progress("spans", 2, 8)
	close(b.started)
	<-ctx.Done()
	return annot.MergeResult{}, &annot.Error{Kind: annot.Cancelled, Msg: "merge cancelled; nothing was merged"}
}

func (b blockingMerger) MergeHistory(context.Context, string, func(func(*annot.DocHistory) error) error, annot.MergeProgress) (annot.MergeResult, error) {
	return annot.MergeResult{}, nil
}

// TestApp_MergeCancel: the progress dialog's Cancel stops the merge and
// the window says nothing was merged.
func TestApp_MergeCancel(t *testing.T) {
	a, _ := newTestApp(t)
	m := blockingMerger{started: make(chan struct{})}
	done := a.runMerge(m, colleague(t))
	<-m.started // the merge is waiting for its context now, and shows its step
	if got := overlayText(a); !strings.Contains(got, "Merging ravi.db: spans") {
		t.Errorf("progress dialog shows %q", got)
	}
	var cancel *widget.Button
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Cancel" {
			cancel = b
		}
	})
	if cancel == nil {
		t.Fatal("no Cancel button on the progress dialog")
	}
	test.Tap(cancel)
	wait(t, done)
	if got := overlayText(a); !strings.Contains(got, "nothing was merged") {
		t.Errorf("after Cancel the window shows %q", got)
	}
}

// TestApp_OpenDocumentMergedElsewhere: another program (spanmark merge
// or sync in a terminal) merges a colleague's database in which the open
// article was imported first, so it now has the colleague's ID. The
// window follows it to that ID when it reads the project again, instead
// of keeping the old ID, on which loading suggestions and every tag
// failed with "no document …: it may have been removed".
func TestApp_OpenDocumentMergedElsewhere(t *testing.T) {
	a, db := newTestApp(t)
	other := colleague(t)
	before, hash := a.doc.DocID(), a.doc.Bundle().Doc.Hash
	if _, err := db.Merge(context.Background(), other, nil); err != nil {
		t.Fatal(err)
	}
	reloadNow(a) // what the window does when it notices another program's commit
	if msg := overlayText(a); msg != "" {
		t.Fatalf("reading the project again showed a dialog:\n%s", msg)
	}
	b := a.doc.Bundle()
	if b == nil || b.Doc.ID == before || b.Doc.Hash != hash {
		t.Fatalf("open document after the merge elsewhere: %v, want the sample under the colleague's ID (it was %s here)", b.Doc.ID, before)
	}
	words := "इस सप्ताह"
	start := runeIndex(a.doc.Text(), words)
	a.doc.Select(start, start+len([]rune(words)))
	a.view.TypedRune('1')
	if msg := overlayText(a); msg != "" {
		t.Fatalf("tagging after the merge elsewhere failed:\n%s", msg)
	}
	found := false
	for _, sp := range storedSpans(t, a) {
		found = found || (sp.Start == start && sp.Label == "CLAIM" && sp.Annotator == "asha")
	}
	if !found {
		t.Error("the tag after the merge elsewhere was not stored")
	}
}

// TestApp_OpenDocumentMergedOnServer: the same as a team server reports
// it: not "read everything again" but the documents the merge added, the
// open article among them under its new ID, and not the ID it replaced.
func TestApp_OpenDocumentMergedOnServer(t *testing.T) {
	a, db := newTestApp(t)
	other := colleague(t)
	before, hash := a.doc.DocID(), a.doc.Bundle().Doc.Hash
	if _, err := db.Merge(context.Background(), other, nil); err != nil {
		t.Fatal(err)
	}
	docs, err := db.Documents(context.Background(), annot.DocFilter{NoCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, d := range docs {
		added = append(added, d.ID)
	}
	a.remote(annot.RemoteChange{Docs: added})
	if b := a.doc.Bundle(); b == nil || b.Doc.ID == before || b.Doc.Hash != hash {
		t.Fatalf("open document after the server's merge: %s, want the sample under the colleague's ID (it was %s)", a.doc.DocID(), before)
	}
}
