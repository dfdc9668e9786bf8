//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"app.spanmark.org/spanmark/store/postgres/pgtest"
)

// TestSync_Killed kills `spanmark sync` with SIGKILL while it pushes a
// large laptop database: the server holds all of the laptop's documents
// or none, never some, and the next sync finishes, after which the laptop
// and the server export the same.
func TestSync_Killed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and syncs 20,000 documents")
	}
	server := pgtest.URL(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "spanmark")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "SPANMARK_DB=", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	laptop := filepath.Join(dir, "laptop.db")
	big := filepath.Join(dir, "big.jsonl")
	const n = 20000
	writeBigDoccano(t, big, n)
	if out, err := envCommand(env, bin, "import", "--db", laptop, "--annotator", "asha", "--quiet", big).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	docs := func() int {
		out, err := envCommand(env, bin, "stats", "--db", server).Output()
		if err != nil {
			t.Fatalf("stats: %v", err)
		}
		m := documentsLine.FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("stats said:\n%s", out)
		}
		k, _ := strconv.Atoi(m[1])
		return k
	}
	if k := docs(); k != 0 {
		t.Fatalf("%d documents on a new server", k)
	}
	killed := false
	for _, after := range []time.Duration{1500 * time.Millisecond, 700 * time.Millisecond, 300 * time.Millisecond} {
		cmd := envCommand(env, bin, "sync", "--db", laptop, "--server", server)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			t.Logf("the sync ended by itself within %v (%v); trying sooner", after, err)
			continue
		case <-time.After(after):
		}
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		killed = true
		if k := docs(); k != 0 && k != n {
			t.Fatalf("after a sync killed at %v the server holds %d of the laptop's %d documents", after, k, n)
		}
		t.Logf("killed at %v; the server holds %d documents", after, docs())
		break
	}
	if !killed {
		t.Skip("the machine is too fast to kill a sync halfway")
	}
	if out, err := envCommand(env, bin, "sync", "--db", laptop, "--server", server).CombinedOutput(); err != nil {
		t.Fatalf("the sync after the kill: %v\n%s", err, out)
	}
	if k := docs(); k != n {
		t.Fatalf("after syncing again the server holds %d documents, want %d", k, n)
	}
	a, err := envCommand(env, bin, "export", "--db", laptop, "--format", "native").Output()
	if err != nil {
		t.Fatal(err)
	}
	b, err := envCommand(env, bin, "export", "--db", server, "--format", "native").Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatalf("the laptop and the server differ after the kill and a sync:\n%s", firstDiff(string(a), string(b)))
	}
	if !strings.Contains(string(a), `"annotator":"asha"`) {
		t.Fatal("no spans came across")
	}
}
