// Command spanmark opens the Spanmark window, or with a subcommand
// imports, exports and summarises projects without one.
package main

import (
	"os"

	// Before Fyne initialises: see the package comment.
	_ "app.spanmark.org/spanmark/internal/locale"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
