package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/transfer"
)

func init() {
	register(&command{
		name:    "sync",
		summary: "push this laptop's work to the team server and pull everyone's",
		usage:   "sync   [--db LOCAL.db] --server postgres://...",
		about: `Works offline, syncs when connected: pushes the work in the local
database (--db, the default database if not given) to the team's server and
pulls the others' back, each direction a merge by the same rules as 'spanmark
merge' (rows by their IDs, a deletion wins, the later edit wins), so that after
everyone has synced the laptops and the server hold the same annotations. Each
direction is one transaction: interrupted at any point (Ctrl+C, a dropped
connection, a closed lid), a sync has moved all of a direction or nothing of
it, and running it again finishes the work. It says what moved each way.
--server defaults to $SPANMARK_SERVER.`,
		examples: []example{
			{"spanmark sync --server postgres://asha@db.example/news", "the default database with the team's"},
			{"spanmark sync --db field.db --server postgres://asha@db.example/news", "another local database"},
		},
		run: runSync,
	})
}

func runSync(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	dbPath := fs.String("db", "", "the local database")
	server := fs.String("server", os.Getenv("SPANMARK_SERVER"), "the team server, postgres://...")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("sync takes no paths (got %q)", rest[0])}
	}
	if *server == "" || !isServerURL(*server) {
		return errUsage{"sync needs --server postgres://... (or $SPANMARK_SERVER)"}
	}
	if isServerURL(*dbPath) {
		return errUsage{"--db is the local database, a file; the server goes in --server"}
	}
	local, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer local.Close()
	if isServerURL(local.Path()) {
		return errUsage{"--db is the local database, a file ($SPANMARK_DB names a server); the server goes in --server"}
	}
	remote, err := openServer(*server)
	if err != nil {
		return err
	}
	defer remote.Close()
	ctx, stop := interruptible()
	defer stop()
	res, err := transfer.Sync(ctx, local, remote, nil)
	if err != nil {
		if ctx.Err() != nil || annot.ErrorKind(err) == annot.Cancelled {
			fmt.Fprintf(stderr, "spanmark: interrupted: %v\nspanmark: what had not moved is as it was; run sync again to finish\n", err)
			return errInterrupted
		}
		return err
	}
	fmt.Fprintf(stdout, "pushed to %s: %s\n", remote.Path(), transfer.DescribeMerge(res.Pushed))
	fmt.Fprintf(stdout, "pulled into %s: %s\n", local.Path(), transfer.DescribeMerge(res.Pulled))
	return nil
}
