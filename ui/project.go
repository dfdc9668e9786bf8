package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
)

// OpenProject opens (creating it if new) the database at path, for File
// ▸ New and Open; main sets it. Without it those items say they cannot.
type OpenProject func(path string) (Project, error)

// SetOpener tells the window how to open another database.
func (a *App) SetOpener(open OpenProject) { a.opener = open }

func (a *App) projPath() string {
	p := a.proj.Path()
	if strings.Contains(p, "://") {
		return p // a team server's URL
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// remember puts the open database first in File ▸ Open recent.
func (a *App) remember() {
	s := config.Load()
	s.AddRecent(a.proj.Path())
	if err := config.Save(s); err != nil {
		a.fail("remember the database", err)
	}
	a.win.SetMainMenu(a.menu())
}

// newDatabase asks where to make a new database, then opens it: the
// three labels and the default guidelines, no documents yet.
func (a *App) newDatabase() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			a.fail("choose a file", err)
			return
		}
		path := w.URI().Path()
		w.Close()
		// The dialog made an empty file; a new database starts from nothing.
		if info, err := os.Stat(path); err == nil && info.Size() == 0 {
			os.Remove(path)
		}
		a.switchTo(path)
	}, a.win)
	d.SetFileName("project.db")
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// openDatabase asks for a database file and opens it.
func (a *App) openDatabase() {
	a.chooseFile(storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".sqlite3", ".spanmark"}), a.switchTo)
}

// switchTo closes the open database and opens the one at path, keeping
// the window. If it cannot be opened (not a Spanmark database, made by a
// newer Spanmark) the open one stays.
func (a *App) switchTo(path string) {
	if a.opener == nil {
		a.fail("open "+path, errors.New("this window cannot open another database"))
		return
	}
	a.panel.flushNote()
	next, err := a.opener(path)
	if err != nil {
		a.fail("open "+filepath.Base(path), err)
		return
	}
	a.stopWatch()
	old := a.proj
	a.proj = next
	if old != next {
		old.Close()
	}
	a.mergeStep = mergeNone
	a.list.search.SetText("")
	a.doc.Open(&annot.Bundle{})
	a.win.SetTitle("Spanmark")
	a.guide.text = ""
	a.Start()
	a.remember()
	if a.started {
		a.watch()
	}
	a.status.set(fmt.Sprintf("opened %s: %s", filepath.Base(path), count(len(a.docs), "document")))
}

// Close closes the open database; main calls it when the window is gone.
func (a *App) Close() error {
	a.stopWatch()
	return a.proj.Close()
}

// quit saves a note being typed and ends the app.
func (a *App) quit() {
	a.panel.flushNote()
	a.fy.Quit()
}
