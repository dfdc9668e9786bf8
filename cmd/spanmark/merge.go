package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/transfer"
)

// runMerge brings each OTHER (a Spanmark database or a native export) into
// the project, each in one transaction, and prints what each changed.
func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	others, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return errUsage{"merge needs another Spanmark database or a native export to merge"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	failed := 0
	for _, other := range others {
		res, err := transfer.Merge(ctx, db, other, nil)
		if err != nil {
			fmt.Fprintf(stderr, "spanmark: %v\n", annot.At(other, 0, err))
			fmt.Fprintf(stderr, "spanmark: %s: nothing merged from this file\n", other)
			failed++
			if annot.ErrorKind(err) == annot.Cancelled {
				break
			}
			continue
		}
		fmt.Fprintf(stdout, "merged %s into %s\n  %s\n", other, db.Path(), strings.ReplaceAll(res.Summary(), "\n", "\n  "))
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "spanmark: %d of %d merges failed\n", failed, len(others))
		return errReported
	}
	return nil
}
