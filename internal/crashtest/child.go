package crashtest

import (
	"context"
	"flag"
	"fmt"
	"io"

	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// Child runs one child of the loops without the window's packages: the
// annotation driver, `stats --db DB`, `merge --db DB OTHER` or `import
// --db DB --annotator NAME FILE...`, through the store and transfer
// packages as the command line calls them. Tests
// use it; cmd/spanmark-stress runs the real spanmark binary instead.
func Child(args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == AnnotateCommand {
		return AnnotateChild(args[1:], out)
	}
	if len(args) == 3 && args[0] == "stats" && args[1] == "--db" {
		db, err := store.Open(args[2])
		if err != nil {
			return err
		}
		return db.Close()
	}
	if len(args) == 4 && args[0] == "merge" && args[1] == "--db" {
		db, err := store.Open(args[2])
		if err != nil {
			return err
		}
		defer db.Close()
		res, err := transfer.Merge(context.Background(), db, args[3], nil)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, transfer.DescribeMerge(res))
		return nil
	}
	if len(args) == 0 || args[0] != "import" {
		return fmt.Errorf("unknown child %q", args)
	}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", "", "")
	who := fs.String("annotator", "crash", "")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	jobs, _, err := transfer.Plan(fs.Args(), "")
	if err != nil {
		return err
	}
	for _, j := range jobs {
		res, err := transfer.Import(context.Background(), db, j, formats.Options{Annotator: *who}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %s\n", j.Path, transfer.Describe(res))
	}
	return nil
}
