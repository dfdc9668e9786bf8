package ui

import (
	"fyne.io/fyne/v2"
)

// menu is the main menu; every item also has a key or a button.
func (a *App) menu() *fyne.MainMenu {
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("Import files…", a.importFiles),
			fyne.NewMenuItem("Import folder…", a.importFolder),
			fyne.NewMenuItem("Export…", a.exportDialog),
			fyne.NewMenuItem("Merge…", a.mergeDialog),
			fyne.NewMenuItem("Sync with the team server…", a.syncDialog),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Labels…", a.labelsDialog),
			fyne.NewMenuItem("Change annotator…", a.askAnnotator),
		),
		fyne.NewMenu("Edit",
			fyne.NewMenuItem("Undo (Ctrl+Z)", a.undo),
			fyne.NewMenuItem("Redo (Ctrl+Shift+Z)", a.redo),
			fyne.NewMenuItem("Find (Ctrl+F)", a.find.show),
		),
		fyne.NewMenu("Document",
			fyne.NewMenuItem("Link selected claim (L)", a.startLink),
			fyne.NewMenuItem("Mark done and open next (Ctrl+Enter)", a.doneAndNext),
		),
		a.reviewMenu(),
		a.sugg.menu(),
		fyne.NewMenu("View",
			fyne.NewMenuItem("Larger text (Ctrl+=)", func() { a.zoom(2) }),
			fyne.NewMenuItem("Smaller text (Ctrl+-)", func() { a.zoom(-2) }),
		),
	)
}
