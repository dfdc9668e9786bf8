package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// keyHelp is one row of the list of keys: what to press (Markdown, keys in
// backticks) and what it does. The help overlay (F1 or ?) and the README's
// key table are both made from keyTable, and a test keeps the README in
// step, so the two cannot drift apart.
type keyHelp struct {
	keys string
	does string
}

// keyTable is every key and pointer action the window answers to.
var keyTable = []keyHelp{
	{"drag, double click", "select whole words"},
	{"`Alt`+drag, or the “Clusters” box", "select grapheme clusters (conjuncts, emoji and flags stay whole)"},
	{"`Shift`+click", "extend the selection to the word clicked (for spans longer than the screen)"},
	{"click a span", "select it (the innermost, where spans nest)"},
	{"`1`…`9`, a label's hotkey", "tag the selection, or relabel the selected span"},
	{"`L` or `Ctrl+L`, then click a span", "link the selected span: a CLAIM to its ACTOR (`SAID_BY`) or SOURCE (`ACCORDING_TO`), or an ACTOR or SOURCE to its CLAIM"},
	{"`Esc`", "stop linking; clear the selection; close the find bar"},
	{"`Delete`", "delete the selected span and its links"},
	{"`Ctrl+Z`", "undo (per document, kept across sessions; a label merge is undone whole)"},
	{"`Ctrl+Shift+Z`, `Ctrl+Y`", "redo"},
	{"`Ctrl+Enter`", "mark the document done and open the next one in the list"},
	{"`Ctrl+F`", "find in the document; `Enter` finds the next"},
	{"`Ctrl+R`", "review mode on or off (see [Review](#review))"},
	{"`A`, `R` (review mode)", "accept, reject the selected span and every identical one"},
	{"`E` (review mode), then select and a label key or `Enter`", "correct the selected span: the correction is the reviewer's own accepted span"},
	{"`N`, `P` (review mode)", "next, previous disagreement"},
	{"`M` (review mode)", "accept every span all shown annotators agree on (or at least K, as chosen)"},
	{"`]`, `[`", "next, previous suggestion"},
	{"`Enter`, `Backspace` (on a suggestion)", "accept, reject the suggestion under the pointer or selected; a label key accepts it as that label"},
	{"`Alt+Enter`, `Alt+Backspace`", "accept, reject every suggestion of that label in the document"},
	{"`Alt+Shift+Enter`, `Alt+Shift+Backspace`", "accept, reject every suggestion of that rule in the document"},
	{"`Ctrl+D`, `Ctrl+Shift+D`", "suggest the selected span's text with its label everywhere in the document, or the project"},
	{"`Page Down`, `Space`, `Page Up`, `↑`, `↓`", "scroll the article"},
	{"`Ctrl+=`, `Ctrl+-`", "larger, smaller text"},
	{"`Ctrl+G`", "show the guidelines beside the article, or the spans again"},
	{"`Ctrl+N`, `Ctrl+O`", "new database, open a database (File ▸ Open recent lists the last ones)"},
	{"`F1`, `?`", "this list of keys"},
	{"`Ctrl+Q`", "quit"},
}

// plainKeys is a row's keys without Markdown, as the overlay shows them.
func plainKeys(s string) string { return strings.ReplaceAll(s, "`", "") }

// readmeKeyTable is the key table as the README has it.
func readmeKeyTable() string {
	var b strings.Builder
	b.WriteString("| key | does |\n| --- | --- |\n")
	for _, k := range keyTable {
		b.WriteString("| " + k.keys + " | " + k.does + " |\n")
	}
	return b.String()
}

var ctrl = fyne.KeyModifierShortcutDefault

// binding is a key combination the window binds, and the row of
// keyTable that documents it (tests check every one is listed).
type binding struct {
	sc   fyne.Shortcut
	keys string // as in keyTable, without backticks: "Ctrl+Z"
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
// keypad's Enter beside the menu's Ctrl+Enter, and F1 and ? when no
// widget has the focus (the annotation view handles them itself).
func (a *App) addShortcuts() {
	c := a.win.Canvas()
	for _, s := range undoKeys {
		c.AddShortcut(s.sc, func(fyne.Shortcut) { a.undo() })
	}
	for _, s := range redoKeys {
		c.AddShortcut(s.sc, func(fyne.Shortcut) { a.redo() })
	}
	c.AddShortcut(custom(fyne.KeyEnter, ctrl), func(fyne.Shortcut) { a.doneAndNext() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyF1:
			a.showKeys()
		case fyne.KeyEscape:
			a.escape()
		}
	})
	c.SetOnTypedRune(func(r rune) {
		if r == '?' {
			a.showKeys()
		}
	})
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
	case fyne.KeyReturn:
		name = "Enter"
	case fyne.KeyEqual:
		name = "="
	case fyne.KeyMinus:
		name = "-"
	}
	return strings.Join(append(parts, name), "+")
}
