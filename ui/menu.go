package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"

	"app.spanmark.org/spanmark/internal/config"
)

// menu is the main menu; every item also has a key or a button. Items
// with a Shortcut fire wherever the focus is, since the driver offers a
// key to the menu first (see keys.go); undo and redo are left to the
// canvas so that text boxes keep them.
func (a *App) menu() *fyne.MainMenu {
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	quit := item("Quit", custom(fyne.KeyQ, ctrl), a.quit)
	quit.IsQuit = true
	recent := fyne.NewMenuItem("Open recent", nil)
	recent.ChildMenu = a.recentMenu()
	recent.Disabled = len(recent.ChildMenu.Items) == 0
	a.mainMenu = fyne.NewMainMenu(
		fyne.NewMenu("File",
			item("New database…", custom(fyne.KeyN, ctrl), a.newDatabase),
			item("Open database…", custom(fyne.KeyO, ctrl), a.openDatabase),
			recent,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Import files…", a.importFiles),
			fyne.NewMenuItem("Import folder…", a.importFolder),
			fyne.NewMenuItem("Export…", a.exportDialog),
			fyne.NewMenuItem("Merge…", a.mergeDialog),
			fyne.NewMenuItem("Sync with the team server…", a.syncDialog),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Labels…", a.labelsDialog),
			fyne.NewMenuItem("Change annotator…", a.askAnnotator),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Edit",
			fyne.NewMenuItem("Undo (Ctrl+Z)", a.undo),
			fyne.NewMenuItem("Redo (Ctrl+Shift+Z)", a.redo),
			fyne.NewMenuItemSeparator(),
			item("Find", custom(fyne.KeyF, ctrl), a.find.show),
		),
		fyne.NewMenu("Document",
			item("Link selected span", custom(fyne.KeyL, ctrl), a.startLink),
			item("Mark done and open next", custom(fyne.KeyReturn, ctrl), a.doneAndNext),
		),
		a.reviewMenu(),
		a.sugg.menu(),
		fyne.NewMenu("View",
			item("Larger text", custom(fyne.KeyEqual, ctrl), func() { a.zoom(2) }),
			item("Smaller text", custom(fyne.KeyMinus, ctrl), func() { a.zoom(-2) }),
			fyne.NewMenuItemSeparator(),
			item("Guidelines", custom(fyne.KeyG, ctrl), a.toggleGuidelines),
		),
		fyne.NewMenu("Help",
			fyne.NewMenuItem("Keys (F1)", a.showKeys),
		),
	)
	return a.mainMenu
}

// recentMenu lists the databases opened lately, newest first, but not
// the open one.
func (a *App) recentMenu() *fyne.Menu {
	m := fyne.NewMenu("Open recent")
	for _, p := range config.Load().Recent {
		if p == a.projPath() {
			continue
		}
		path := p
		m.Items = append(m.Items, fyne.NewMenuItem(filepath.Base(path)+"  —  "+filepath.Dir(path), func() { a.switchTo(path) }))
	}
	return m
}
