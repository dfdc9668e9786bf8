package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/crashtest"
	"app.spanmark.org/spanmark/store"
)

// runBusy measures what tagging costs while another process imports: the
// tagger uses the store API the window uses (CreateSpan, then DeleteSpan,
// every few milliseconds), the importer is `spanmark import` of a doccano
// file of the given size into the same database.
func runBusy(args []string) error {
	fs := flag.NewFlagSet("busy", flag.ExitOnError)
	bin := fs.String("bin", "spanmark", "the spanmark binary")
	mb := fs.Float64("mb", 20, "size of the imported file, MB")
	runs := fs.Int("runs", 3, "imports")
	gap := fs.Duration("gap", 5*time.Millisecond, "pause between two tagging actions")
	fs.Parse(args)
	dir, err := os.MkdirTemp("", "spanmark-busy")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "busy.db")
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		return emit(&annot.Record{Doc: annot.Document{Title: "open in the window", Source: "busy", Text: "Reuters said the ministry expects exports to fall sharply next year."}})
	}); err != nil {
		return err
	}
	docs, _ := db.Documents(ctx, annot.DocFilter{})
	doc := docs[0].ID
	waits := 0
	db.OnWait(func(w bool) {
		if w {
			waits++
		}
	})
	n, perDoc, err := busyDocs(dir, *mb)
	if err != nil {
		return err
	}
	spawn := spawner(*bin)
	fmt.Printf("tagging every %v through the store API while `spanmark import` of %.1f MB (%d documents, %d spans) runs in another process\n",
		*gap, float64(n)*perDoc/1e6, n, 4*n)
	for run := 0; run < *runs; run++ {
		in, err := crashtest.DoccanoInput(dir, run, n)
		if err != nil {
			return err
		}
		cmd := spawn("import", "--db", path, "--annotator", "importer", in)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			return err
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		var lats []time.Duration
		var importErr error
		waits = 0
	loop:
		for i := 0; ; i++ {
			select {
			case importErr = <-exited:
				break loop
			default:
			}
			t0 := time.Now()
			c, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: "asha", Start: i % 10, End: 20 + i%10, Label: "CLAIM"})
			lats = append(lats, time.Since(t0))
			if err != nil {
				return fmt.Errorf("tagging during the import failed: %w", err)
			}
			t0 = time.Now()
			if _, err := db.DeleteSpan(ctx, c.SpansAdded[0].ID, "asha"); err != nil {
				return fmt.Errorf("deleting during the import failed: %w", err)
			}
			lats = append(lats, time.Since(t0))
			time.Sleep(*gap)
		}
		took := time.Since(start)
		if importErr != nil {
			return fmt.Errorf("the import failed: %v", importErr)
		}
		sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
		q := func(p float64) time.Duration { return lats[int(p*float64(len(lats)-1))].Round(100 * time.Microsecond) }
		fmt.Printf("run %d: import %v; %d tagging actions, none failed: median %v, p99 %v, worst %v; %d waits over %v\n",
			run+1, took.Round(time.Millisecond), len(lats), q(0.5), q(0.99), lats[len(lats)-1].Round(100*time.Microsecond), waits, 150*time.Millisecond)
	}
	return nil
}

// busyDocs is how many documents crashtest.DoccanoInput writes to make a
// file of about mb megabytes, and the size of one.
func busyDocs(dir string, mb float64) (int, float64, error) {
	probe, err := crashtest.DoccanoInput(dir, 9999, 100)
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(probe)
	info, err := os.Stat(probe)
	if err != nil {
		return 0, 0, err
	}
	perDoc := float64(info.Size()) / 100
	return int(mb * 1e6 / perDoc), perDoc, nil
}
