//go:build linux

package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestInterrupt_Real sends a real SIGINT to the binary in the middle of a
// long import, of a long export and of a long merge, with standard error
// on a terminal so the progress bar shows when the work is under way. The
// import and the merge must stop within seconds, exit 130 and leave the
// database as it was; the export must leave no file. It also checks that
// --quiet silences the bar.
func TestInterrupt_Real(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 150,000 documents")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "spanmark")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	big := filepath.Join(dir, "big.jsonl")
	writeBigDoccano(t, big, 150_000)
	small := filepath.Join(dir, "small.jsonl")
	os.WriteFile(small, []byte(`{"text":"Police said it rained.","label":[[0,6,"ACTOR"]]}`+"\n"), 0o644)
	db := filepath.Join(dir, "project.db")
	env := append(os.Environ(), "SPANMARK_DB=", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	if out, err := envCommand(env, bin, "import", "--db", db, "--annotator", "asha", small).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	t.Run("Import", func(t *testing.T) {
		r := runOnTerminal(t, env, 1000, bin, "import", "--db", db, "--annotator", "asha", big)
		if r.code != exitInterrupted {
			t.Fatalf("exit %d after Ctrl+C, want %d\n%s", r.code, exitInterrupted, r.terminal)
		}
		if !strings.Contains(r.terminal, "interrupted: nothing imported from "+big) {
			t.Errorf("no word of what was kept:\n%s", r.terminal)
		}
		if r.stopped > 5*time.Second {
			t.Errorf("took %v to stop after Ctrl+C", r.stopped)
		}
		t.Logf("stopped %v after Ctrl+C; the bar said %q", r.stopped, r.lastBar)
		if n := docCount(t, db); n != 1 {
			t.Errorf("%d documents after an interrupted import, want the 1 from before", n)
		}
		checkIntegrity(t, db)
	})

	t.Run("Quiet", func(t *testing.T) {
		r := runOnTerminal(t, env, -1, bin, "import", "--quiet", "--db", db, "--annotator", "asha", big)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.terminal)
		}
		if strings.Contains(r.terminal, "importing") || strings.Contains(r.terminal, "\r") {
			t.Errorf("--quiet drew progress:\n%q", r.terminal)
		}
	})

	merged := filepath.Join(dir, "merged.db")
	if out, err := envCommand(env, bin, "import", "--db", merged, "--annotator", "ravi", small).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	t.Run("Merge", func(t *testing.T) {
		src := fileSum(t, db)
		r := runOnTerminal(t, env, 1, bin, "merge", "--db", merged, db)
		if r.code != exitInterrupted {
			t.Fatalf("exit %d after Ctrl+C, want %d\n%s", r.code, exitInterrupted, r.terminal)
		}
		if !strings.Contains(r.terminal, "interrupted: nothing merged from "+db) {
			t.Errorf("no word of what was kept:\n%s", r.terminal)
		}
		if r.stopped > 5*time.Second {
			t.Errorf("took %v to stop after Ctrl+C", r.stopped)
		}
		t.Logf("stopped %v after Ctrl+C; the bar said %q", r.stopped, r.lastBar)
		if n := docCount(t, merged); n != 1 {
			t.Errorf("%d documents after an interrupted merge, want the 1 from before", n)
		}
		checkIntegrity(t, merged)
		if fileSum(t, db) != src {
			t.Error("the interrupted merge changed the database it read")
		}
	})

	t.Run("MergeQuiet", func(t *testing.T) {
		r := runOnTerminal(t, env, -1, bin, "merge", "--quiet", "--db", merged, db)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.terminal)
		}
		if strings.Contains(r.terminal, "merging") || strings.Contains(r.terminal, "\r") {
			t.Errorf("--quiet drew progress:\n%q", r.terminal)
		}
		if n, want := docCount(t, merged), docCount(t, db); n != want {
			t.Errorf("%d documents after the merge, want the %d of the source", n, want)
		}
	})

	t.Run("Export", func(t *testing.T) {
		out := filepath.Join(dir, "out.jsonl")
		r := runOnTerminal(t, env, 1000, bin, "export", "--db", db, "--format", "native", "--out", out)
		if r.code != exitInterrupted {
			t.Fatalf("exit %d after Ctrl+C, want %d\n%s", r.code, exitInterrupted, r.terminal)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("an interrupted export left %s (%v)", out, err)
		}
		if parts, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.*")); len(parts) > 0 {
			t.Errorf("an interrupted export left %v", parts)
		}
	})
}

func envCommand(env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	return cmd
}

// writeBigDoccano writes n documents of about 60 characters, 3 spans each.
func writeBigDoccano(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, `{"text":"Report %07d: the minister said prices rose, Reuters wrote.","label":[[15,27,"ACTOR"],[33,44,"CLAIM"],[46,53,"SOURCE"]]}`+"\n", i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

type terminalRun struct {
	code     int
	terminal string        // what standard error (a terminal) showed
	stopped  time.Duration // from SIGINT to exit
	lastBar  string
}

var barCount = regexp.MustCompile(`(?:importing|exporting|merging \S+)[^\r]*?  ([0-9,]+)(?: of [0-9,]+)? (?:documents|steps)`)

// runOnTerminal runs the command with standard error on a new terminal.
// With interruptAt >= 0 it sends SIGINT once the progress bar counts that
// many documents (or steps, for a merge).
func runOnTerminal(t *testing.T, env []string, interruptAt int, name string, args ...string) terminalRun {
	t.Helper()
	ptm, pts := openPTY(t)
	cmd := envCommand(env, name, args...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, pts
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pts.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptm.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var r terminalRun
	var sent time.Time
	deadline := time.After(2 * time.Minute)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			if sent.IsZero() && interruptAt >= 0 {
				t.Fatalf("finished before the bar counted %d documents:\n%s", interruptAt, screen.String())
			}
			r.stopped = time.Since(sent)
			r.code = cmd.ProcessState.ExitCode()
			time.Sleep(50 * time.Millisecond) // the last of the terminal's output
			mu.Lock()
			r.terminal = screen.String()
			mu.Unlock()
			return r
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("still running after 2 minutes:\n%s", screen.String())
		case <-tick.C:
			if interruptAt < 0 || !sent.IsZero() {
				continue
			}
			mu.Lock()
			m := barCount.FindAllStringSubmatch(screen.String(), -1)
			mu.Unlock()
			if len(m) == 0 {
				continue
			}
			last := m[len(m)-1]
			n, _ := strconv.Atoi(strings.ReplaceAll(last[1], ",", ""))
			if n >= interruptAt {
				r.lastBar = strings.TrimSpace(last[0])
				sent = time.Now()
				cmd.Process.Signal(syscall.SIGINT)
			}
		}
	}
}

// openPTY opens a new pseudo-terminal: its controlling end and the
// terminal end a program writes to.
func openPTY(t *testing.T) (*os.File, *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	if err := unix.IoctlSetPointerInt(int(ptm.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptm.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ptm, pts
}

func fileSum(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}
