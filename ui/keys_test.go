package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
)

var update = flag.Bool("update", false, "rewrite the README's key table from keyTable")

// TestKeys_EveryBindingListed checks that every key the window binds, on
// the canvas or on a menu item, is in keyTable, which the help overlay and
// the README show.
func TestKeys_EveryBindingListed(t *testing.T) {
	a, _ := newTestApp(t)
	listed := map[string]bool{}
	for _, p := range keyParts {
		for k := range listedKeys(p.part) {
			listed[k] = true
		}
	}
	all := append(append([]binding{}, a.bound...), a.menuShortcuts()...)
	if len(all) < 16 {
		t.Fatalf("only %d bindings found", len(all))
	}
	for _, b := range all {
		if !listed[b.keys] {
			t.Errorf("%s is bound but not in the list of keys", b.keys)
		}
	}
}

// probeKeys are the keys without modifiers a mode's handler might take.
var probeKeys = []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyEscape,
	fyne.KeyTab, fyne.KeySpace, fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd,
	fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyInsert, fyne.KeyF1, fyne.KeyF2, fyne.KeyF3}

// spelled is how keyTable spells a key name.
func spelled(k fyne.KeyName) string {
	switch k {
	case fyne.KeyReturn, fyne.KeyEnter:
		return "Enter"
	case fyne.KeyBackspace:
		return "Backspace"
	case fyne.KeyEscape:
		return "Esc"
	}
	return string(k)
}

// checkTaken presses every printable character and probeKeys at a
// mode's handlers, readying the mode before each (ready), and checks
// that each one they take is listed in part's rows: a label's key as
// "label key", a letter as its capital.
func checkTaken(t *testing.T, a *App, part keyPart, ready func(), onRune func(rune) bool, onKey func(fyne.KeyName) bool) {
	t.Helper()
	listed := listedKeys(part)
	taken := 0
	for r := rune(0x21); r < 0x7f; r++ {
		ready()
		if !onRune(r) {
			continue
		}
		taken++
		name := strings.ToUpper(string(r))
		if _, ok := annot.LabelForKey(a.doc.Labels(), r); ok {
			name = "label key"
		}
		if !listed[name] {
			t.Errorf("%q is taken but not listed", r)
		}
	}
	for _, k := range probeKeys {
		ready()
		if !onKey(k) {
			continue
		}
		taken++
		if !listed[spelled(k)] {
			t.Errorf("%s is taken but not listed", k)
		}
	}
	if taken < 3 {
		t.Fatalf("only %d keys taken: the probe did not reach the handlers", taken)
	}
}

// TestKeys_ReviewKeysListed presses every key at review mode's handlers,
// with a span selected and a correction under way, and finds each one
// they take in the review table.
func TestKeys_ReviewKeysListed(t *testing.T) {
	a, _ := newReviewApp(t)
	a.setMode(ModeReview)
	ravi := a.spanBy(t, "ravi", "CLAIM", revRavi)
	ready := func() {
		a.doc.SelectSpan(ravi.ID)
		a.review.startCorrecting()
	}
	checkTaken(t, a, keysReview, ready, a.review.onRune, a.review.onKey)
}

// TestKeys_SuggestionKeysListed does the same for the suggestions' keys,
// with a suggestion selected.
func TestKeys_SuggestionKeysListed(t *testing.T) {
	a, db := newTestApp(t)
	var pairs []string
	for _, w := range []string{"चीनी प्रधान मंत्री ली क़ियांग", "जियांग्शी प्रांत", "चीनी राज्य मीडिया शिन्हुआ", "समाचार एजेंसी पीटीआई", "डोनाल्ड ट्रम्प", "साउथ चाइना मॉर्निंग पोस्ट"} {
		pairs = append(pairs, w, annot.Actor)
	}
	suggestWords(t, a, db, pairs...)
	n := len(a.sugg.layer.Open())
	ready := func() { // undo what the last key decided
		for i := 0; i < 3 && len(a.sugg.layer.Open()) < n; i++ {
			a.undo()
		}
		open := a.sugg.layer.Open()
		if len(open) < n {
			t.Fatalf("%d of %d suggestions left after undo", len(open), n)
		}
		a.sugg.layer.Select(open[0].ID)
	}
	checkTaken(t, a, keysSuggest, ready, a.sugg.onRune, a.sugg.onKey)
}

// TestREADME_KeyTable checks that the README's key tables are the ones
// the help overlay shows. go test ./ui -run README -update rewrites them.
func TestREADME_KeyTable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	changed := false
	for i, p := range keyParts {
		at := strings.Index(readme, p.marker+"\n")
		if at < 0 {
			t.Fatalf("the README has no %s", p.marker)
		}
		start := at + len(p.marker) + 1
		end := strings.Index(readme[start:], "\n\n")
		if end < 0 {
			end = len(readme) - start - 1
		}
		got, want := readme[start:start+end+1], readmeKeyTable(i)
		if got == want {
			continue
		}
		if !*update {
			t.Errorf("the README's table after %s differs from keyTable; run go test ./ui -run README -update\nREADME:\n%s\nkeyTable:\n%s", p.marker, got, want)
			continue
		}
		readme, changed = readme[:start]+want+readme[start+end+1:], true
	}
	if changed {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKeys_HelpOverlay opens the list of keys with F1 and with ?, from
// the view and with nothing focused, and finds every row of keyTable in
// it.
func TestKeys_HelpOverlay(t *testing.T) {
	a, _ := newTestApp(t)
	open := func(how string, press func()) {
		t.Helper()
		press()
		if a.keysOpen == nil {
			t.Fatalf("%s did not open the list of keys", how)
		}
		shown := map[string]bool{}
		for _, o := range a.keyRows() {
			shown[o.(*widget.Label).Text] = true
		}
		for _, k := range keyTable {
			if !shown[plainText(k.keys)] || !shown[plainText(k.does)] {
				t.Fatalf("the list of keys lacks %q", plainText(k.keys))
			}
		}
		a.keysOpen.Hide()
		if a.keysOpen != nil {
			t.Fatal("closing the list of keys did not forget it")
		}
	}
	c := a.win.Canvas()
	c.Focus(a.view)
	open("F1 in the view", func() { c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	open("? in the view", func() { c.Focused().TypedRune('?') })
	c.Unfocus()
	open("F1 with nothing focused", func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	open("? with nothing focused", func() { c.OnTypedRune()('?') })
}

// TestKeys_UnfocusedReachTheView: before the article has been clicked no
// widget has the focus (the window just opened, the name dialog just
// closed), and the view's keys must still work: a label's key tags the
// selection and N selects the next disagreement in review mode. A key
// typed while a dialog is open does not reach the article behind it.
func TestKeys_UnfocusedReachTheView(t *testing.T) {
	a, _ := newReviewApp(t)
	c := a.win.Canvas()
	c.Unfocus()
	s := a.doc.Text()
	words := "इस सप्ताह"
	start := runeIndex(s, words)
	a.doc.Select(start, start+len([]rune(words)))
	c.OnTypedRune()('1')
	tagged := false
	for _, sp := range storedSpans(t, a) {
		if sp.Annotator == "boss" && sp.Start == start && sp.Label == "CLAIM" {
			tagged = true
		}
	}
	if !tagged {
		t.Fatalf("1 typed with nothing focused did not tag %q", words)
	}
	if c.Focused() != a.view {
		t.Errorf("the view did not take the focus for the keys that follow; focused: %T", c.Focused())
	}

	a.setMode(ModeReview)
	c.Unfocus()
	c.OnTypedRune()('n')
	if a.doc.SelectedSpan() == "" {
		t.Fatal("N typed with nothing focused selected no span in review mode")
	}

	a.doc.SelectSpan("")
	c.Unfocus()
	a.showKeys()
	c.OnTypedRune()('n')
	if a.doc.SelectedSpan() != "" {
		t.Error("N typed over the list of keys selected a span behind it")
	}
}

// TestKeys_EscClosesKeyList: Esc closes the list of keys that F1 and ?
// open, as it closes the find bar; only its Close button did.
func TestKeys_EscClosesKeyList(t *testing.T) {
	a, _ := newTestApp(t)
	c := a.win.Canvas()
	a.showKeys()
	if a.keysOpen == nil || c.Overlays().Top() == nil {
		t.Fatal("? did not open the list of keys")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if a.keysOpen != nil || c.Overlays().Top() != nil {
		t.Error("Esc left the list of keys open")
	}
}
