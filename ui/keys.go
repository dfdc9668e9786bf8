package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

var ctrl = fyne.KeyModifierShortcutDefault

// binding is a key combination the window binds, and the row of
// keyTable that documents it (tests check every one is listed).
type binding struct {
	sc   fyne.Shortcut
	keys string // as in keyTable, without backticks: "Ctrl+Z"
}

// bind adds a shortcut to the canvas and remembers it in a.bound, for
// the test that checks every bound key is listed. keys is how keyTable
// spells it; "" spells a custom shortcut (keyName).
func (a *App) bind(sc fyne.Shortcut, keys string, f func()) {
	if keys == "" {
		keys = keyName(sc)
	}
	a.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { f() })
	a.bound = append(a.bound, binding{sc, keys})
}

// The GLFW driver of Fyne 2.7 (internal/driver/glfw/window.go,
// triggersShortcut) turns a key with modifiers into a shortcut and
// offers it first to the main menu's items, by ShortcutName, then to the
// focused widget if it takes shortcuts (text boxes do, and keep them),
// and only then to the canvas. Ctrl+Z and Ctrl+Y become
// fyne.ShortcutUndo and fyne.ShortcutRedo there, never a
// desktop.CustomShortcut, so a canvas shortcut for Ctrl+Z must be a
// ShortcutUndo to be found. Undo and redo are bound on the canvas, not on
// the menu, so that a focused text box keeps them for its own typing;
// the keys that mean the same wherever the focus is (done and next,
// find, quit, ...) are on menu items, which the driver tries first.
var (
	undoKeys = []binding{{&fyne.ShortcutUndo{}, "Ctrl+Z"}}
	redoKeys = []binding{
		{&fyne.ShortcutRedo{}, "Ctrl+Y"},
		{&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}, "Ctrl+Shift+Z"},
	}
)

func custom(k fyne.KeyName, m fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: m}
}

// addShortcuts binds the canvas's keys: undo and redo (see above), the
// keypad's Enter beside the menu's Ctrl+Enter, and the keys typed while
// no widget has the focus (see unfocusedKey).
func (a *App) addShortcuts() {
	c := a.win.Canvas()
	for _, s := range undoKeys {
		a.bind(s.sc, s.keys, a.undo)
	}
	for _, s := range redoKeys {
		a.bind(s.sc, s.keys, a.redo)
	}
	a.bind(custom(fyne.KeyEnter, ctrl), "", a.doneAndNext)
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if a.unfocusedKey() {
			a.view.TypedKey(ev)
			if ev.Name == fyne.KeyEscape {
				a.find.hide()
			}
			return
		}
		switch {
		case ev.Name == fyne.KeyF1:
			a.showKeys()
		case ev.Name == fyne.KeyEscape && a.keysOpen != nil:
			a.keysOpen.Hide() // the list of keys, opened with F1 or ?
		case ev.Name == fyne.KeyEscape:
			a.escape()
		}
	})
	c.SetOnTypedRune(func(r rune) {
		if a.unfocusedKey() {
			a.view.TypedRune(r)
			return
		}
		if r == '?' {
			a.showKeys()
		}
	})
}

// unfocusedKey reports whether a key typed while no widget has the focus
// is the annotation view's, and gives the view the focus for the keys
// that follow. Until the article is clicked nothing has the focus: when
// the window opens, after the name dialog, after a button or a menu. The
// view's keys (N, A, a label's key, Delete, ...) did nothing then, though
// the article was on screen. Not while a dialog or pop-up is open: a key
// meant for it must not act on the article behind it.
func (a *App) unfocusedKey() bool {
	c := a.win.Canvas()
	if a.doc.DocID() == "" || c.Overlays().Top() != nil {
		return false
	}
	c.Focus(a.view)
	return true
}

// menuShortcuts are the shortcuts on menu items, for the test that
// checks every bound key is listed in keyTable.
func (a *App) menuShortcuts() []binding {
	var out []binding
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.Shortcut != nil {
				out = append(out, binding{sc: it.Shortcut, keys: keyName(it.Shortcut)})
			}
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
		}
	}
	for _, m := range a.mainMenu.Items {
		walk(m.Items)
	}
	return out
}

// keyName spells a custom shortcut as keyTable does: "Ctrl+Shift+Z".
func keyName(sc fyne.Shortcut) string {
	cs, ok := sc.(*desktop.CustomShortcut)
	if !ok {
		return sc.ShortcutName()
	}
	var parts []string
	if cs.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		parts = append(parts, "Ctrl")
	}
	if cs.Modifier&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if cs.Modifier&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	name := string(cs.KeyName)
	switch cs.KeyName {
	case fyne.KeyReturn, fyne.KeyEnter: // the keypad's Enter is Enter too
		name = "Enter"
	case fyne.KeyBackspace:
		name = "Backspace"
	case fyne.KeyEqual:
		name = "="
	case fyne.KeyMinus:
		name = "-"
	}
	return strings.Join(append(parts, name), "+")
}
