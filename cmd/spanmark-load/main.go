// Command spanmark-load plays a team of analysts on one PostgreSQL
// server: each tags, links and reviews at a human pace (one action every
// 200 ms by default) through a project handle of its own, as their
// windows would, while one more analyst watches the project as a window
// does. It then checks that every acknowledged write is stored, once,
// and prints the figures:
//
//	go run ./cmd/spanmark-load -server postgres://postgres@127.0.0.1:5432/postgres [-analysts 50] [-duration 60s] [-every 200ms]
//
// The project is made in a new schema, dropped afterwards (-keep keeps
// it). -server defaults to $SPANMARK_TEST_PG. The server needs about
// three connections per analyst (max_connections 300 for 50).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	server := flag.String("server", os.Getenv("SPANMARK_TEST_PG"), "PostgreSQL URL of a role that may create a schema")
	cfg := config{}
	flag.IntVar(&cfg.analysts, "analysts", 50, "analysts tagging at once")
	flag.DurationVar(&cfg.duration, "duration", 60*time.Second, "how long they tag")
	flag.DurationVar(&cfg.every, "every", 200*time.Millisecond, "each analyst's pace: one action this often")
	flag.IntVar(&cfg.docs, "docs", 100, "documents, shared among the analysts")
	keep := flag.Bool("keep", false, "keep the project's schema afterwards")
	flag.Parse()
	if *server == "" {
		fmt.Fprintln(os.Stderr, "spanmark-load: give -server postgres://... (or set SPANMARK_TEST_PG)")
		os.Exit(2)
	}
	cfg.server, cfg.keep = *server, *keep
	cfg.log = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	rep, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spanmark-load: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(rep.String())
	if !rep.ok() {
		os.Exit(1)
	}
}
