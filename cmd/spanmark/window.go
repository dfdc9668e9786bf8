package main

import (
	"flag"
	"io"
)

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
	return errUsage{"the window is not built yet; use a subcommand"}
}
