package main

import (
	"context"
	"testing"
	"time"

	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

// TestLoad runs a short load: every acknowledged write must be stored
// once, no error may reach an analyst, and the watching analyst must see
// every tag. The figures of the full run come from the command itself.
func TestLoad(t *testing.T) {
	server := pgtest.Server(t)
	if testing.Short() {
		t.Skip("a load of a few seconds")
	}
	rep, err := run(context.Background(), config{server: server, analysts: 8, duration: 3 * time.Second,
		every: 50 * time.Millisecond, docs: 4, log: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + rep.String())
	if rep.actions["tag"] == 0 || rep.actions["link"] == 0 || rep.actions["review"] == 0 {
		t.Fatalf("the load did not tag, link and review: %v", rep.actions)
	}
	if !rep.ok() {
		t.Fatal("lost, doubled or failed writes, or tags the watch never saw")
	}
}
