package main

import (
	"flag"
	"fmt"
	"io"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

func init() {
	register(&command{
		name:    "assign",
		summary: "deal documents out to analysts on a team server, each to N of them",
		usage:   "assign [--db PATH] --overlap N [--annotator NAME]...",
		about: `Deals every document that has fewer than N analysts to more of them, the
least loaded first, keeping what was dealt before; the analysts are those
named with --annotator, else everyone the project knows. The overlap stays
with the project: an analyst who asks for the next document (Ctrl+Enter in
the window) gets their own first, then one that fewer than N analysts have,
which is then theirs. Needs a team server (--db postgres://...).`,
		examples: []example{
			{"spanmark assign --db postgres://lead@db/news --overlap 2 --annotator asha --annotator ravi --annotator meera", "each document to two of three analysts"},
			{"spanmark assign --overlap 1", "each document to one of everyone the project knows"},
		},
		run: func(args []string, stdout, _ io.Writer) error { return runAssign(args, stdout) },
	})
}

func runAssign(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("assign", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file or postgres:// URL")
	overlap := fs.Int("overlap", 0, "how many analysts annotate each document")
	var who names
	fs.Var(&who, "annotator", "an analyst to deal to (repeat for more)")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("assign takes no paths (got %q)", rest[0])}
	}
	if *overlap < 1 {
		return errUsage{"assign needs --overlap N, N at least 1"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	as, ok := db.(annot.Assigner)
	if !ok {
		return annot.Errorf(annot.Invalid, "%s: dealing documents out needs a team server (--db postgres://...); a file is one analyst's", db.Path())
	}
	res, err := as.Assign(bg(), *overlap, who)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "dealt %d assignments over %d documents, each to %d analysts\n", res.Dealt, res.Documents, *overlap)
	if res.Short > 0 {
		fmt.Fprintf(stdout, "%d documents have fewer than %d analysts: name more with --annotator\n", res.Short, *overlap)
	}
	names := make([]string, 0, len(res.Load))
	for n := range res.Load {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(stdout, "  %s: %d documents\n", n, res.Load[n])
	}
	return nil
}
