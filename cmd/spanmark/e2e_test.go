package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/text"
)

// TestWindow_Xdotool launches the real binary under Xvfb on a fresh
// default database (which opens on the Hindi sample), drags over words on
// the first line with xdotool, presses 1, quits with Ctrl+Q, and then
// finds the CLAIM with `spanmark export`, its offsets slicing to whole
// words. It needs Xvfb and xdotool; with SPANMARK_E2E=1 (as .ci/run sets)
// their absence fails the test instead of skipping it.
func TestWindow_Xdotool(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SPANMARK_E2E") == "1" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "spanmark")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	display := startXvfb(t)
	cfg := filepath.Join(dir, "config", "spanmark")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(cfg, "settings.json"), []byte(`{"annotator":"e2e"}`), 0o644)
	env := append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "SPANMARK_DB=", "LANG=en_US.UTF-8", "LC_ALL=")
	db := filepath.Join(dir, "data", "spanmark", "spanmark.db")

	app := exec.Command(bin)
	app.Env = env
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		if app.ProcessState == nil {
			app.Process.Kill()
		}
	}()

	xdo := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "xdotool", args...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("xdotool %s: %v\napp said:\n%s", strings.Join(args, " "), err, appOut.String())
		}
		return strings.TrimSpace(string(out))
	}
	win := strings.Fields(xdo("search", "--sync", "--name", "Spanmark"))[0]
	// The title names the document once it is open and drawn.
	waitFor(t, 30*time.Second, "the sample article to open", func() bool {
		return strings.Contains(xdo("getwindowname", win), "—")
	})
	time.Sleep(time.Second)

	// The first line of text starts near x=270, y=87 in the 1280x800
	// window; drag across a few words of it.
	xdo("mousemove", "--window", win, "300", "88", "mousedown", "1",
		"mousemove", "--window", win, "330", "88",
		"mousemove", "--window", win, "370", "88",
		"mousemove", "--window", win, "400", "88", "mouseup", "1")
	time.Sleep(300 * time.Millisecond)
	xdo("key", "--window", win, "1")

	// The window commits before it says saved; a second process sees it.
	var span exportedSpan
	var doc string
	waitFor(t, 15*time.Second, "the CLAIM to be stored", func() bool {
		doc, span = findClaim(t, bin, env, db)
		return span.Label != ""
	})
	xdo("key", "--window", win, "ctrl+q")
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the window exited with %v\n%s", err, appOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("Ctrl+Q did not close the window\n%s", appOut.String())
	}

	runes := []rune(doc)
	if span.Start < 0 || span.End > len(runes) || span.Start >= span.End {
		t.Fatalf("span %+v outside the text", span)
	}
	if got := string(runes[span.Start:span.End]); got != span.Text {
		t.Fatalf("span text %q, but the text at %d-%d is %q", span.Text, span.Start, span.End, got)
	}
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, tk := range text.Tokens(doc) {
		starts[tk.Start], ends[tk.End] = true, true
	}
	if !starts[span.Start] || !ends[span.End] {
		t.Fatalf("span %q [%d,%d) does not begin and end on word boundaries", span.Text, span.Start, span.End)
	}
	if span.Annotator != "e2e" {
		t.Fatalf("span annotator %q, want e2e", span.Annotator)
	}
	t.Logf("stored CLAIM %q at %d-%d", span.Text, span.Start, span.End)
}

type exportedSpan struct {
	Start, End  int
	Text, Label string
	Annotator   string
}

// findClaim exports the database as native JSONL from another process and
// returns the sample's text and its first CLAIM, if any.
func findClaim(t *testing.T, bin string, env []string, db string) (string, exportedSpan) {
	t.Helper()
	cmd := exec.Command(bin, "export", "--db", db, "--format", "native")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", exportedSpan{}
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			Text  string         `json:"text"`
			Spans []exportedSpan `json:"spans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("export line: %v", err)
		}
		for _, s := range d.Spans {
			if s.Label == "CLAIM" {
				return d.Text, s
			}
		}
	}
	return "", exportedSpan{}
}

// startXvfb starts a virtual display on a free number and returns it. A
// number whose lock names a process that is gone (an Xvfb killed before
// it could clean up) is free: Xvfb replaces such a lock itself.
func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 91; n < 140; n++ {
		if lock, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil && xLive(lock) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		// SIGTERM lets Xvfb remove its lock and socket; SIGKILL would
		// leave them behind and use the number up.
		t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); <-exited })
		if xReady(display, exited) {
			return display
		}
		// Another test took the number first; try the next.
	}
	t.Fatal("no free X display number")
	return ""
}

// xReady waits until the X server on display answers, or its process
// exits (the number was taken meanwhile).
func xReady(display string, exited <-chan struct{}) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return false
		default:
		}
		probe := exec.Command("xdotool", "getdisplaygeometry")
		probe.Env = append(os.Environ(), "DISPLAY="+display)
		if probe.Run() == nil {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// xLive reports whether the process an X lock file names is running.
func xLive(lock []byte) bool {
	pid, err := strconv.Atoi(strings.TrimSpace(string(lock)))
	if err != nil || pid <= 0 {
		return true // not ours to judge: leave the number alone
	}
	return syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM)
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
