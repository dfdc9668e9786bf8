package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"app.spanmark.org/spanmark/internal/crashtest"
)

func runKill(args []string) error {
	fs := flag.NewFlagSet("kill", flag.ExitOnError)
	bin := fs.String("bin", "spanmark", "the spanmark binary")
	n := fs.Int("n", 100, "kills per loop")
	docs := fs.Int("docs", 3000, "documents per imported file")
	dir := fs.String("dir", "", "work folder (default: a temporary one, removed after)")
	verbose := fs.Bool("v", false, "print every kill")
	fs.Parse(args)
	work := *dir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "spanmark-kill"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	logf := func(string, ...any) {}
	if *verbose {
		logf = func(f string, a ...any) { fmt.Printf(f+"\n", a...) }
	}
	ctx := context.Background()
	spawn := spawner(*bin)
	res, err := crashtest.FirstOpenLoop(ctx, spawn, work, *n, logf)
	fmt.Println(res)
	if err != nil {
		return err
	}
	for _, w := range crashtest.Writers {
		d, err := os.MkdirTemp(work, w.Name)
		if err != nil {
			return err
		}
		res, err := crashtest.KillLoop(ctx, spawn, w, d, *n, *docs, logf)
		fmt.Println(res)
		if err != nil {
			return err
		}
	}
	d, err := os.MkdirTemp(work, "annotate")
	if err != nil {
		return err
	}
	res, err = crashtest.AnnotateLoop(ctx, spawn, d, *n, logf)
	fmt.Println(res)
	return err
}
