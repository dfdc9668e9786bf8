package main

import (
	"flag"
	"io"

	"fyne.io/fyne/v2/app"

	"spanmark/internal/config"
	"spanmark/ui"
)

// appID names the app to the desktop and keys its Fyne preferences; it
// matches FyneApp.toml.
const appID = "org.spanmark.app"

// runWindow opens the annotation window on the project.
func runWindow(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("spanmark", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
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
	defer db.Close()
	ui.New(app.NewWithID(appID), db, config.Load().Annotator).ShowAndRun()
	return nil
}
