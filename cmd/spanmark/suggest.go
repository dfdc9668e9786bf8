package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/progress"
	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
)

func init() {
	register(&command{
		name:    "suggest",
		summary: "propose spans and links with pattern files and the built-in attribution rules",
		usage:   "suggest [--db PATH] [--patterns FILE]... [--builtin] [--lower] [--doc ID]... [--quiet]",
		about: `Stores suggestions for every document (or those named with --doc): the
matches of pattern files in the format of spaCy's EntityRuler and Prodigy's
--patterns, and, with --builtin, the English and Hindi attribution rules
(SOURCE, ACTOR and CLAIM, with SAID_BY and ACCORDING_TO links between them).
A suggestion is nobody's span: it is not in agreement, gold or any export until
an analyst accepts it in the window. Running it again adds nothing; a
suggestion an analyst rejected stays rejected. A pattern file with a bad line
is reported as file:line, and nothing is stored. Ctrl+C stores nothing and
exits with status 130.`,
		examples: []example{
			{"spanmark suggest --builtin", "the built-in attribution rules over every document"},
			{"spanmark suggest --patterns people.jsonl --patterns outlets.jsonl", "two pattern files of your own"},
			{"spanmark suggest --builtin --doc 0190c4d2-…", "one document only"},
		},
		run: runSuggest,
	})
}

// runSuggest stores suggestions for the documents: the matches of pattern
// files and of the built-in attribution rules. Every pattern file is read
// before the database is opened, so a bad line stores nothing.
func runSuggest(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	builtin := fs.Bool("builtin", false, "the built-in English and Hindi attribution rules")
	lower := fs.Bool("lower", false, "match phrase patterns on lower-cased text (spaCy's phrase_matcher_attr LOWER)")
	var patterns, docs names
	fs.Var(&patterns, "patterns", "a pattern file, JSONL as spaCy's EntityRuler and Prodigy read it (repeat for more)")
	fs.Var(&docs, "doc", "only this document, by ID (repeat for more)")
	quiet := fs.Bool("quiet", false, "no progress bar on standard error")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("suggest takes no paths (got %q); give pattern files with --patterns", rest[0])}
	}
	if len(patterns) == 0 && !*builtin {
		return errUsage{"suggest needs --builtin, --patterns FILE, or both"}
	}
	rules, err := loadRules(patterns, *builtin, suggest.Options{PhraseLower: *lower})
	if err != nil {
		return err
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	var bar *progress.Bar
	if progress.Enabled(stderr, *quiet) {
		total := int64(len(docs))
		if st, err := db.Stats(ctx); err == nil && total == 0 {
			total = int64(st.Documents)
		}
		bar = progress.Start(stderr, true, "suggesting", "documents", total)
	}
	res, _, err := transfer.Suggest(ctx, db, docs, func(text string) suggest.Suggestions {
		return rules.Suggest(suggest.NewDoc(text))
	}, func(n int) { bar.Set(int64(n)) })
	bar.Finish()
	if annot.ErrorKind(err) == annot.Cancelled || (err != nil && ctx.Err() != nil) {
		fmt.Fprintf(stderr, "spanmark: interrupted: no suggestions stored\n")
		return errInterrupted
	}
	if err != nil {
		return err
	}
	if res.Documents == 0 {
		fmt.Fprintf(stderr, "%s has no documents to suggest for\n", db.Path())
		return nil
	}
	fmt.Fprintf(stdout, "%s: %s (%d new), %s (%d new)\n", transfer.Count(res.Documents, "document"),
		transfer.Count(res.Suggestions, "suggestion"), res.NewSuggestions, transfer.Count(res.Links, "suggested link"), res.NewLinks)
	return nil
}

// loadRules reads and compiles the pattern files, and the built-in rules
// if asked. A pattern's origin names its file without the folder, so that
// the same file gives the same origin on every machine.
func loadRules(files []string, builtin bool, opt suggest.Options) (*suggest.Rules, error) {
	if builtin && len(files) == 0 && opt == (suggest.Options{}) {
		return suggest.Builtin(), nil
	}
	var all []suggest.Pattern
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &annot.Error{File: f, Kind: annot.Invalid, Msg: "cannot read the pattern file", Err: err}
		}
		ps, err := suggest.ReadPatterns(f, data)
		if err != nil {
			return nil, err
		}
		for i := range ps {
			ps[i].File = filepath.Base(ps[i].File)
		}
		all = append(all, ps...)
	}
	if builtin {
		for _, name := range suggest.BuiltinFiles() {
			data, err := suggest.BuiltinFile(name)
			if err != nil {
				return nil, err
			}
			ps, err := suggest.ReadPatterns(strings.TrimPrefix(name, "rules/"), data)
			if err != nil {
				return nil, err
			}
			all = append(all, ps...)
		}
	}
	return suggest.NewRules(all, opt), nil
}
