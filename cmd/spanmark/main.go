// Command spanmark opens the Spanmark window, or with a subcommand
// imports, exports and summarises projects without one.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
