package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

var update = flag.Bool("update", false, "rewrite the README's key table from keyTable")

// TestKeys_EveryBindingListed checks that every key the window binds, on
// the canvas or on a menu item, is in keyTable, which the help overlay and
// the README show.
func TestKeys_EveryBindingListed(t *testing.T) {
	a, _ := newTestApp(t)
	listed := map[string]bool{}
	for _, k := range keyTable {
		for _, part := range strings.Split(k.keys, "`") {
			listed[part] = true
		}
	}
	all := append(append(append([]binding{}, undoKeys...), redoKeys...), a.menuShortcuts()...)
	if len(all) < 8 {
		t.Fatalf("only %d bindings found", len(all))
	}
	for _, b := range all {
		if !listed[b.keys] {
			t.Errorf("%s is bound but not in the list of keys", b.keys)
		}
	}
}

// TestREADME_KeyTable checks that the README's key table is the one the
// help overlay shows. go test ./ui -run README -update rewrites it.
func TestREADME_KeyTable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "| key | does |\n")
	if start < 0 {
		t.Fatal("the README has no key table (| key | does |)")
	}
	end := strings.Index(readme[start:], "\n\n")
	if end < 0 {
		end = len(readme) - start
	}
	got, want := readme[start:start+end+1], readmeKeyTable()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:start]+want+readme[start+end+1:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("the README's key table differs from keyTable; run go test ./ui -run README -update\nREADME:\n%s\nkeyTable:\n%s", got, want)
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
			if !shown[plainKeys(k.keys)] || !shown[plainKeys(k.does)] {
				t.Fatalf("the list of keys lacks %q", plainKeys(k.keys))
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
