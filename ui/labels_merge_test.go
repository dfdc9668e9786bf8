package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

// tapButton taps the button labelled text in the window's top overlay
// (a dialog).
func tapButton(t *testing.T, a *App, text string) {
	t.Helper()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text {
				found = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	if found == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	test.Tap(found)
}

func labelsNamed(a *App) map[string]bool {
	out := map[string]bool{}
	for _, l := range a.doc.Labels() {
		out[l.Name] = true
	}
	return out
}

// File ▸ Labels merges ORG into ACTOR; Ctrl+Z undoes the whole merge,
// Ctrl+Shift+Z does it again, and after a tag Ctrl+Z is the document's
// again.
func TestApp_MergeLabelUndoneWhole(t *testing.T) {
	a, _ := newTestApp(t)
	if _, err := a.proj.CreateLabel(context.Background(), annot.Label{Name: "ORG", Color: "#aa0000", Hotkey: "o"}); err != nil {
		t.Fatal(err)
	}
	a.reloadLabels()
	one := tagWords(t, a, "चीन", "o")
	two := tagWords(t, a, "दुर्लभ पृथ्वी धातुओं", "o")
	label := func(id string) string { s, _ := a.doc.Span(id); return s.Label }

	a.labelsDialog()
	var org, actor annot.Label
	for _, l := range a.doc.Labels() {
		switch l.Name {
		case "ORG":
			org = l
		case annot.Actor:
			actor = l
		}
	}
	a.askMerge(org, actor, func() {})
	tapButton(t, a, "Yes")
	if label(one.ID) != annot.Actor || label(two.ID) != annot.Actor || labelsNamed(a)["ORG"] {
		t.Fatalf("after the merge: %s, %s, labels %v", label(one.ID), label(two.ID), labelsNamed(a))
	}
	if n := len(a.bar.labels.Objects); n != 3 {
		t.Fatalf("the label bar has %d buttons after the merge, want 3", n)
	}

	shortcut(a, &fyne.ShortcutUndo{})
	if label(one.ID) != "ORG" || label(two.ID) != "ORG" || !labelsNamed(a)["ORG"] {
		t.Fatalf("after Ctrl+Z: %s, %s, labels %v", label(one.ID), label(two.ID), labelsNamed(a))
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift})
	if label(one.ID) != annot.Actor || label(two.ID) != annot.Actor || labelsNamed(a)["ORG"] {
		t.Fatalf("after Ctrl+Shift+Z: %s, %s", label(one.ID), label(two.ID))
	}

	three := tagWords(t, a, "आधिकारिक", "1")
	shortcut(a, &fyne.ShortcutUndo{})
	if _, ok := a.doc.Span(three.ID); ok || label(one.ID) != annot.Actor {
		t.Fatalf("after a tag, Ctrl+Z should undo the tag, not the merge")
	}
}
