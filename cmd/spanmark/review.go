package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/internal/transfer"
)

func init() {
	register(&command{
		name:    "review",
		summary: "accept the spans annotators agree on, headless, for pipelines",
		usage:   "review [--db PATH] --accept-agreed [--min K] [--reviewer NAME] [--annotator NAME]...",
		about: `Accepts, in every document, each undecided span that all its annotators (or at
least K of them, with --min) marked with the same start, end and label, as the
window's "accept agreed" does. Decisions already made are never changed. The
verdicts are the reviewer's, in one transaction; a document with nothing left
undecided becomes reviewed. The window does the rest of a review.`,
		examples: []example{
			{"spanmark review --accept-agreed --reviewer ravi", "accept every span all annotators of its document agree on"},
			{"spanmark review --accept-agreed --min 2", "accept spans at least two annotators marked the same"},
			{"spanmark review --accept-agreed --annotator asha --annotator meera", "compare only asha and meera"},
		},
		run: func(args []string, stdout, _ io.Writer) error { return runReview(args, stdout) },
	})
}

// runReview is the headless half of review, for pipelines: accept every
// span that enough annotators marked the same, in every document, as the
// window's "accept agreed" does, in one transaction.
func runReview(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	agreed := fs.Bool("accept-agreed", false, "accept the spans enough annotators marked the same")
	minK := fs.Int("min", 0, "at least this many annotators must have marked a span (default: all who annotated the document)")
	reviewer := fs.String("reviewer", "", "who the verdicts are by (default: the annotator chosen in the window, else the login name)")
	var who names
	fs.Var(&who, "annotator", "compare only this annotator's spans (repeat for more)")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("review takes no paths (got %q)", rest[0])}
	}
	if !*agreed {
		return errUsage{"review needs --accept-agreed (the window does the rest of a review)"}
	}
	minSet := false
	fs.Visit(func(f *flag.Flag) { minSet = minSet || f.Name == "min" })
	if *minK < 0 || (minSet && *minK == 0) {
		return errUsage{"--min is a number of annotators, 1 or more"}
	}
	name := *reviewer
	if name == "" {
		name = config.Annotator()
	}
	if name, err = config.CheckName(name); err != nil {
		return errUsage{"--reviewer is empty"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	if len(who) > 0 {
		known, err := db.AnnotatorNames(ctx)
		if err != nil {
			return err
		}
		for _, n := range who {
			if !contains(known, n) {
				return annot.Errorf(annot.NotFound, "%s: no annotator called %q (known: %s)", db.Path(), n, strings.Join(known, ", "))
			}
		}
	}
	c, err := db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Reviewer: name, Annotators: who, Min: *minK})
	if err != nil {
		return err
	}
	docs := map[string]bool{}
	for _, s := range c.SpansUpdated {
		docs[s.DocID] = true
	}
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	need := "all who annotated each document"
	if *minK > 0 {
		need = fmt.Sprintf("at least %d", *minK)
	}
	fmt.Fprintf(stdout, "accepted %s in %s as %s (marked the same by %s)\n", transfer.Count(len(c.Verdicts), "span"), transfer.Count(len(docs), "document"), name, need)
	fmt.Fprintf(stdout, "reviewed: %d of %d documents with spans have nothing left undecided\n", st.ReviewedDocs, st.SpannedDocs)
	return nil
}
