package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/progress"
	"app.spanmark.org/spanmark/internal/transfer"
)

func init() {
	register(&command{
		name:    "merge",
		summary: "bring in a colleague's database or native --history export",
		usage:   "merge  [--db PATH] [--quiet] OTHER...",
		about: `Each OTHER, another Spanmark database or a native export written with
'export --format native --history', is merged in one transaction: all of it or
nothing. Rows match by their IDs, the same article by its text; a deletion
wins, the later edit wins, verdicts add up and states only move forward, so
merging B into A and A into B give the same project, and merging the same
source twice adds nothing. The other database is never written to. Ctrl+C
stops at once: the source being merged is rolled back, the ones before it stay
merged, and the exit status is 130.`,
		examples: []example{
			{"spanmark merge --db ravi.db asha.db", "bring asha's database into ravi's"},
			{"spanmark merge --db team.db asha.db ravi.db meera.db", "several colleagues, one transaction each"},
			{"spanmark merge --db ravi.db asha.jsonl", "asha's native export with --history, merged as her database would be"},
			{"spanmark merge --quiet --db team.db asha.db", "no progress bar, for a script run on a terminal"},
		},
		run: runMerge,
	})
}

// runMerge brings each OTHER (a Spanmark database or a native export) into
// the project, each in one transaction, and prints what each changed.
func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	quiet := fs.Bool("quiet", false, "no progress bar on standard error")
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
	failed, merged := 0, 0
	for _, other := range others {
		// A merge is a few steps, one SQL statement or so each, so the
		// bar counts steps; a bar per source says which one it is.
		bar := progress.Start(stderr, progress.Enabled(stderr, *quiet), "merging "+filepath.Base(other), "steps", 0)
		res, err := transfer.Merge(ctx, db, other, func(_ string, done, total int) {
			bar.SetTotal(int64(total))
			bar.Set(int64(done))
		})
		bar.Finish()
		if annot.ErrorKind(err) == annot.Cancelled {
			fmt.Fprintf(stderr, "spanmark: interrupted: nothing merged from %s\n", other)
			if merged > 0 {
				fmt.Fprintf(stderr, "spanmark: the %d sources before it were merged\n", merged)
			}
			return errInterrupted
		}
		if err != nil {
			fmt.Fprintf(stderr, "spanmark: %v\n", annot.At(other, 0, err))
			fmt.Fprintf(stderr, "spanmark: %s: nothing merged from this file\n", other)
			failed++
			continue
		}
		merged++
		fmt.Fprintf(stdout, "merged %s into %s\n  %s\n", other, db.Path(), strings.ReplaceAll(res.Summary(), "\n", "\n  "))
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "spanmark: %d of %d merges failed\n", failed, len(others))
		return errReported
	}
	return nil
}
