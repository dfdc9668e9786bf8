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
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	who := fs.String("annotator", "", "annotator of spans whose file names none")
	format := fs.String("format", "", "format of every file, instead of detecting it")
	labelsFile := fs.String("labels", "", "doccano's label list (JSON), naming the label ids of doccano 1.x exports")
	paths, err := flags(fs, args)
	if err != nil {
		return err
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
	opt := formats.Options{Annotator: name}
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
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	if len(skipped) > 0 {
		fmt.Fprintf(stderr, "skipped %d files of no known format: %s\n", len(skipped), strings.Join(skipped, ", "))
	}
	for _, e := range plan.Unreadable {
		fmt.Fprintf(stderr, "warning: %v\n", e)
	}
	var total annot.ImportResult
	failed := 0
	warn := func(err error) { fmt.Fprintf(stderr, "warning: %v\n", err) }
	for _, j := range jobs {
		res, err := transfer.Import(ctx, db, j, opt, warn)
		if err != nil {
			fmt.Fprintf(stderr, "spanmark: %v\n", annot.At(j.Path, 0, err))
			fmt.Fprintf(stderr, "spanmark: %s: nothing imported from this file\n", j.Path)
			failed++
			if annot.ErrorKind(err) == annot.Cancelled {
				break
			}
			continue
		}
		total.Add(res)
		fmt.Fprintf(stdout, "%s: %s\n", j.Path, transfer.Describe(res))
	}
	if len(jobs) > 1 {
		fmt.Fprintf(stdout, "total: %s from %d files\n", transfer.Describe(total), len(jobs)-failed)
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "spanmark: %d of %d files failed\n", failed, len(jobs))
		return errReported
	}
	return nil
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	format := fs.String("format", "", "output format")
	out := fs.String("out", "", "output file, folder for brat, - for standard output")
	gold := fs.Bool("gold", false, "only accepted spans, duplicates folded")
	who := fs.String("annotator", "", "only this annotator's spans")
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
	n, err := transfer.Export(ctx, db, *format, *out, stdout, annot.ExportFilter{Gold: *gold, Annotator: *who}, nil,
		func(w error) { fmt.Fprintf(stderr, "warning: %v\n", w) })
	if err != nil {
		return err
	}
	if *out != "" && *out != "-" {
		fmt.Fprintf(stderr, "exported %d documents to %s\n", n, *out)
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
	fmt.Fprintf(stdout, "database:  %s\ndocuments: %d\nspans:     %d\nrelations: %d\n\n", db.Path(), st.Documents, st.Spans, st.Relations)
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
	if len(st.Reviewed) > 0 {
		fmt.Fprintln(stdout)
		for _, d := range sortedKeys(st.Reviewed) {
			for _, who := range sortedKeys(st.Reviewed[d]) {
				fmt.Fprintf(stdout, "%s by %s: %d spans\n", d, who, st.Reviewed[d][who])
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
