package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/progress"
	"app.spanmark.org/spanmark/internal/transfer"
)

// errInterrupted means Ctrl+C stopped the command after it said what was
// kept; the exit status is the shell's for SIGINT.
var errInterrupted = errors.New("interrupted")

const exitInterrupted = 130

// importMeter drives the import progress bar: documents counted as they
// are read, the bar placed by bytes of input, and within a large JSONL
// file by its line, so one 40 MB file moves the bar too.
type importMeter struct {
	bar   *progress.Bar
	jobs  []transfer.Job
	sizes []int64
	total int64
}

func newImportMeter(stderr io.Writer, quiet bool, jobs []transfer.Job) *importMeter {
	m := &importMeter{jobs: jobs}
	if !progress.Enabled(stderr, quiet) {
		return m
	}
	for _, j := range jobs {
		size := fileSize(j.Path) + fileSize(j.Text)
		m.sizes = append(m.sizes, size)
		m.total += size
	}
	m.bar = progress.Start(stderr, true, "importing", "documents", 0)
	return m
}

func fileSize(path string) int64 {
	if path == "" {
		return 0
	}
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
		return info.Size()
	}
	return 0
}

// job wraps the project for job i, so that each record read moves the bar.
func (m *importMeter) job(dst transfer.Importer, i int) transfer.Importer {
	if m.bar == nil || m.total == 0 {
		return dst
	}
	var before int64
	for _, s := range m.sizes[:i] {
		before += s
	}
	m.bar.SetFraction(float64(before) / float64(m.total))
	lines := 0
	if m.sizes[i] > 1<<20 {
		if data, err := os.ReadFile(m.jobs[i].Path); err == nil {
			lines = bytes.Count(data, []byte{'\n'}) + 1
		}
	}
	return &meteredImporter{Importer: dst, bar: m.bar, place: func(line int) {
		if lines > 0 && line > 0 {
			m.bar.SetFraction((float64(before) + float64(m.sizes[i])*float64(min(line, lines))/float64(lines)) / float64(m.total))
		}
	}}
}

func (m *importMeter) finish() {
	m.bar.Finish()
	m.bar = nil
}

type meteredImporter struct {
	transfer.Importer
	bar   *progress.Bar
	place func(line int)
}

func (mi *meteredImporter) Import(ctx context.Context, read func(emit func(*annot.Record) error) error) (annot.ImportResult, error) {
	return mi.Importer.Import(ctx, func(emit func(*annot.Record) error) error {
		return read(func(r *annot.Record) error {
			mi.bar.Add(1)
			mi.place(r.Line)
			return emit(r)
		})
	})
}

// exportBar starts the export progress bar, its total the project's
// documents (an upper bound when a filter leaves some out).
func exportBar(ctx context.Context, db annot.Project, stderr io.Writer, quiet bool) *progress.Bar {
	if !progress.Enabled(stderr, quiet) {
		return nil
	}
	var total int64
	if st, err := db.Stats(ctx); err == nil {
		total = int64(st.Documents)
	}
	return progress.Start(stderr, true, "exporting", "documents", total)
}
