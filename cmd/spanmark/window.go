package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/ui"
)

// appID names the app to the desktop and keys its Fyne preferences; it
// matches FyneApp.toml.
const appID = "org.spanmark.app"

// runWindow opens the annotation window on the project.
func runWindow(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("spanmark", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file or postgres:// URL")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{"unknown command " + rest[0]}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	releaseOwnConsole()
	fy := app.NewWithID(appID)
	fy.SetIcon(ui.Icon)
	// Every action is committed before it shows as saved; on SIGTERM or
	// Ctrl+C the window closes so the database is closed cleanly too.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(fy.Quit)
	}()
	who := config.Load().Annotator
	if as := actingAs(db); as != "" {
		who = as
	}
	w := ui.New(fy, db, who)
	w.SetServerOpener(openServer)
	if log := actionLog(stderr); log != nil {
		defer log.Close()
		w.SetActionLog(log)
	}
	// A write that waits for another process's import says so (SQLite:
	// writers take turns on the file; a server has no such wait).
	waiting := func(waiting bool) { fyne.Do(func() { w.SetWaiting(waiting) }) }
	onWait(db, waiting)
	// File ▸ New and Open: any other database, never seeded with the
	// sample. The window owns the open one from here and closes it.
	w.SetOpener(func(path string) (ui.Project, error) {
		other, err := openProject(path, store.Options{})
		if err != nil {
			return nil, err
		}
		onWait(other, waiting)
		return other, nil
	})
	defer w.Close()
	w.ShowAndRun()
	return nil
}

// actionLog opens the file SPANMARK_ACTION_LOG names, if it is set, to
// append the window's log of the analyst's writes and how long each held
// the window (ui.App.SetActionLog), for measuring it under load. A file
// that cannot be opened is reported and the window opens without it.
func actionLog(stderr io.Writer) *os.File {
	path := os.Getenv("SPANMARK_ACTION_LOG")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "spanmark: not logging actions: %v\n", err)
		return nil
	}
	return f
}
