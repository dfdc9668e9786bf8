package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"text/tabwriter"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

func bg() context.Context { return context.Background() }

// interruptible cancels on Ctrl+C, so a long import rolls back cleanly.
// Once it has, a second Ctrl+C ends the process at once, as usual; the
// database stays whole either way.
func interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

func init() {
	register(&command{
		name:    "import",
		summary: "add articles and annotations from files and folders",
		usage:   "import [--db PATH] [--annotator NAME] [--format F] [--labels FILE] [--map FROM=TO]... [--as-suggestions] [--quiet] PATH...",
		about: `Each file is imported whole, in one transaction, or not at all; a bad line is
reported as file:line. Folders are walked. Importing the same file twice adds
nothing. Ctrl+C stops at once: the file being read is rolled back, the files
before it stay imported, and the exit status is 130.

A model's output comes in as suggestions, nobody's spans until an analyst
accepts them: Label Studio "predictions", Prodigy tasks that nobody answered,
and with --as-suggestions every span of a file in any format.`,
		examples: []example{
			{"spanmark import --map ORG=ACTOR --map MEDIA=SOURCE news.jsonl", "bring labels of another project in as this project's own"},
			{"spanmark import --annotator asha articles/ prodigy.jsonl", "import a folder of articles and a Prodigy file as asha"},
			{"spanmark import --db project.db --format doccano export.jsonl", "import a doccano export into project.db"},
			{"spanmark import --quiet brat-corpus/", "import a brat folder (.ann beside .txt) with no progress bar"},
			{"spanmark import --labels labels.json doccano-1x.jsonl", "a doccano 1.x export, its numeric label ids named from doccano's label list"},
			{"spanmark import --as-suggestions spacy-ner.jsonl", "a model's spans (any format) as suggestions to accept or reject"},
		},
		run: runImport,
	})
}

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	who := fs.String("annotator", "", "annotator of spans whose file names none")
	format := fs.String("format", "", "format of every file, instead of detecting it")
	labelsFile := fs.String("labels", "", "doccano's label list (JSON), naming the label ids of doccano 1.x exports")
	asSuggestions := fs.Bool("as-suggestions", false, "take every span as a suggestion (a model's output), not as anyone's annotation")
	quiet := fs.Bool("quiet", false, "no progress bar on standard error")
	var maps []string
	fs.Func("map", "FROM=TO: import label FROM as TO (repeatable)", func(v string) error { maps = append(maps, v); return nil })
	paths, err := flags(fs, args)
	if err != nil {
		return err
	}
	labelMap, err := transfer.ParseMap(maps)
	if err != nil {
		return errUsage{err.Error()}
	}
	if len(paths) == 0 {
		return errUsage{"import needs at least one file or folder"}
	}
	if *format != "" && !contains(formats.ImportFormats(), *format) {
		return errUsage{fmt.Sprintf("unknown import format %q (one of %s)", *format, strings.Join(formats.ImportFormats(), ", "))}
	}
	name := *who
	if name == "" {
		name = config.Annotator()
	}
	if name, err = config.CheckName(name); err != nil {
		return errUsage{"--annotator is empty"}
	}
	opt := formats.Options{Annotator: name, AsSuggestions: *asSuggestions}
	if *labelsFile != "" {
		data, err := os.ReadFile(*labelsFile)
		if err != nil {
			return &annot.Error{File: *labelsFile, Kind: annot.Invalid, Msg: "cannot read the label list", Err: errors.Unwrap(err)}
		}
		if opt.Labels, err = formats.ReadDoccanoLabels(*labelsFile, data); err != nil {
			return err
		}
	}
	plan, err := transfer.PlanAll(paths, *format)
	if err != nil {
		return err
	}
	jobs, skipped := plan.Jobs, plan.Skipped
	if len(jobs) == 0 && len(plan.Unreadable) == 0 {
		// A folder with nothing to import exited 0 and printed nothing
		// (or only what it skipped), as if it had worked. The window
		// says the same as this.
		return &annot.Error{Kind: annot.Invalid, Msg: fmt.Sprintf("no documents found in %s (%s of no known format); nothing imported",
			strings.Join(paths, ", "), transfer.Count(len(skipped), "file"))}
	}
	for i := range jobs {
		jobs[i].Labels = labelMap
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if as := actingAs(db); as != "" && *who == "" {
		opt.Annotator = as
	}
	ctx, stop := interruptible()
	defer stop()
	if len(skipped) > 0 {
		fmt.Fprintf(stderr, "skipped %s of no known format: %s\n", transfer.Count(len(skipped), "file"), strings.Join(skipped, ", "))
	}
	for _, e := range plan.Unreadable {
		fmt.Fprintf(stderr, "warning: %v\n", e)
	}
	var total annot.ImportResult
	failed := 0
	meter := newImportMeter(stderr, *quiet, jobs)
	defer meter.finish()
	warn := func(err error) { meter.bar.Printf(stderr, "warning: %v\n", err) }
	for i, j := range jobs {
		res, err := transfer.Import(ctx, meter.job(db, i), j, opt, warn)
		if annot.ErrorKind(err) == annot.Cancelled {
			meter.finish()
			fmt.Fprintf(stderr, "spanmark: interrupted: nothing imported from %s\n", j.Path)
			if i-failed > 0 {
				fmt.Fprintf(stderr, "spanmark: the %d files before it were imported\n", i-failed)
			}
			return errInterrupted
		}
		if err != nil {
			meter.bar.Printf(stderr, "spanmark: %v\n", annot.At(j.Path, 0, err))
			fmt.Fprintf(stderr, "spanmark: %s: nothing imported from this file\n", j.Path)
			failed++
			continue
		}
		total.Add(res)
		meter.bar.Printf(stdout, "%s: %s\n", j.Path, transfer.Describe(res))
	}
	meter.finish()
	if len(jobs) > 1 {
		fmt.Fprintf(stdout, "total: %s from %s\n", transfer.Describe(total), transfer.Count(len(jobs)-failed, "file"))
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "spanmark: %d of %d files failed\n", failed, len(jobs))
		return errReported
	}
	return nil
}

func init() {
	register(&command{
		name:    "export",
		summary: "write the project's documents and spans as JSONL, brat or CoNLL",
		usage:   "export [--db PATH] --format F [--out PATH] [--gold] [--annotator NAME] [--suggestions] [--history] [--quiet]",
		about: `Documents come in import order, spans by start, end and label. A file named with
--out is written beside its final name and renamed into place when complete,
so an interrupted export (Ctrl+C, exit status 130) leaves no partial file.
--history (native only, the whole project) adds what a merge needs: deleted
spans and links, every verdict (withdrawn ones too), each row's times, and the
suggestions with every decision on them, undone ones too, so that the file
merges as the database it came from does.

No other export has suggestions unless --suggestions asks for them (native,
labelstudio as predictions, prodigy as an unanswered task), with their origin
and, in native, each analyst's decision.`,
		examples: []example{
			{"spanmark export --format prodigy --gold --out gold.jsonl", "accepted spans only, duplicates folded, for Prodigy or spaCy"},
			{"spanmark export --format brat --out brat-out/", "a folder of .txt and .ann files"},
			{"spanmark export --format native --annotator asha > asha.jsonl", "asha's spans, to standard output"},
			{"spanmark export --db project.db --format conll --out train.conll", "BIO tags, one token a line"},
			{"spanmark export --format labelstudio --suggestions --out tasks.json", "tasks with the suggestions as Label Studio predictions"},
			{"spanmark export --db asha.db --format native --history --out asha.jsonl", "one file to send instead of the database, for spanmark merge"},
		},
		run: runExport,
	})
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	format := fs.String("format", "", "output format")
	out := fs.String("out", "", "output file, folder for brat, - for standard output")
	gold := fs.Bool("gold", false, "only accepted spans, duplicates folded")
	who := fs.String("annotator", "", "only this annotator's spans")
	withSuggestions := fs.Bool("suggestions", false, "add the suggestions, their origins and the decisions on them (native, labelstudio, prodigy)")
	hist := fs.Bool("history", false, "native only: add tombstones, every verdict and decision, suggestions and times, for a merge")
	quiet := fs.Bool("quiet", false, "no progress bar on standard error")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("export takes no paths (got %q); use --out", rest[0])}
	}
	if *format == "" {
		return errUsage{"export needs --format (one of " + strings.Join(formats.ExportFormats(), ", ") + ")"}
	}
	if !contains(formats.ExportFormats(), *format) {
		return errUsage{fmt.Sprintf("unknown export format %q (one of %s)", *format, strings.Join(formats.ExportFormats(), ", "))}
	}
	if *withSuggestions && !contains(formats.SuggestionFormats(), *format) {
		return errUsage{fmt.Sprintf("%s has no place for suggestions: --suggestions works with %s", *format, strings.Join(formats.SuggestionFormats(), ", "))}
	}
	if *hist && (*format != formats.Native || *gold || *who != "") {
		return errUsage{"--history goes with --format native and the whole project (not --gold or --annotator)"}
	}
	if formats.WritesFolder(*format) && (*out == "" || *out == "-") {
		return errUsage{*format + " writes a folder of files: give --out a folder"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	bar := exportBar(ctx, db, stderr, *quiet)
	var n int
	if *hist {
		n, err = transfer.ExportHistory(ctx, db, *out, stdout, func(n int) { bar.Set(int64(n)) })
	} else {
		n, err = transfer.Export(ctx, db, *format, *out, stdout, annot.ExportFilter{Gold: *gold, Annotator: *who, Suggestions: *withSuggestions},
			func(n int) { bar.Set(int64(n)) },
			func(w error) { bar.Printf(stderr, "warning: %v\n", w) })
	}
	bar.Finish()
	if annot.ErrorKind(err) == annot.Cancelled {
		fmt.Fprintf(stderr, "spanmark: interrupted: nothing written to %s\n", or(*out, "standard output after what was already sent"))
		return errInterrupted
	}
	if err != nil {
		return err
	}
	if *out != "" && *out != "-" {
		fmt.Fprintf(stderr, "exported %s to %s\n", transfer.Count(n, "document"), *out)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func init() {
	register(&command{
		name:    "stats",
		summary: "count documents, spans and relations, by label, annotator and state",
		usage:   "stats  [--db PATH]",
		examples: []example{
			{"spanmark stats", "the default database"},
			{"spanmark stats --db project.db", "another project"},
		},
		run: func(args []string, stdout, _ io.Writer) error { return runStats(args, stdout) },
	})
}

func runStats(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{"stats takes no paths"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(bg())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database:  %s\ndocuments: %d\nspans:     %d\nrelations: %d\n", db.Path(), st.Documents, st.Spans, st.Relations)
	fmt.Fprintf(stdout, "reviewed:  %d of %d documents with spans (nothing left undecided)\n\n", st.ReviewedDocs, st.SpannedDocs)
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	labels := st.Labels
	for _, byLabel := range st.Counts {
		for l := range byLabel {
			if !contains(labels, l) {
				labels = append(labels, l)
			}
		}
	}
	fmt.Fprintf(tw, "spans by annotator\t%s\ttotal\t\n", strings.Join(labels, "\t"))
	totals := make([]int, len(labels))
	for _, who := range sortedKeys(st.Counts) {
		row, sum := []string{}, 0
		for i, l := range labels {
			n := st.Counts[who][l]
			row = append(row, fmt.Sprint(n))
			totals[i] += n
			sum += n
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t\n", who, strings.Join(row, "\t"), sum)
	}
	row, sum := []string{}, 0
	for _, n := range totals {
		row = append(row, fmt.Sprint(n))
		sum += n
	}
	fmt.Fprintf(tw, "all\t%s\t%d\t\n", strings.Join(row, "\t"), sum)
	tw.Flush()
	fmt.Fprintln(stdout)
	states := []string{string(annot.StateNew), string(annot.StateInProgress), string(annot.StateDone), string(annot.StateReviewed)}
	tw = tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "documents by annotator\t%s\t\n", strings.Join(states, "\t"))
	for _, who := range sortedKeys(st.Counts, st.States) {
		row := []string{}
		for _, s := range states {
			row = append(row, fmt.Sprint(st.States[who][s]))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", who, strings.Join(row, "\t"))
	}
	tw.Flush()
	if st.Suggestions > 0 {
		fmt.Fprintf(stdout, "\nsuggestions: %d (nobody's spans until accepted)\n", st.Suggestions)
		for _, who := range sortedKeys(st.Decided) {
			d := st.Decided[who]
			fmt.Fprintf(stdout, "%s: %d accepted, %d changed, %d rejected\n", who, d["accepted"], d["changed"], d["rejected"])
		}
	}
	if len(st.Reviewed) > 0 {
		fmt.Fprintln(stdout)
		for _, d := range sortedKeys(st.Reviewed) {
			for _, who := range sortedKeys(st.Reviewed[d]) {
				fmt.Fprintf(stdout, "%s by %s: %s\n", d, who, transfer.Count(st.Reviewed[d][who], "span"))
			}
		}
	}
	return nil
}

func sortedKeys[V any](maps ...map[string]V) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
