package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/text"
	"app.spanmark.org/spanmark/ui"
)

// TestWindow_Xdotool launches the real binary under Xvfb on a fresh
// default database (which opens on the Hindi sample), drags over words on
// the first line with xdotool, presses 1, quits with Ctrl+Q, and then
// finds the CLAIM with `spanmark export`, its offsets slicing to whole
// words. It needs Xvfb and xdotool; with SPANMARK_E2E=1 (as .ci/run sets)
// their absence fails the test instead of skipping it.
func TestWindow_Xdotool(t *testing.T) {
	actions := filepath.Join(t.TempDir(), "actions.log")
	w := startWindowWith(t, "1400x900x24", []string{"SPANMARK_ACTION_LOG=" + actions}, nil)
	// The first line of text starts near x=270, y=90 in the 1280x800
	// window; drag across a few words of it.
	w.xdo("mousemove", "--window", w.id, "300", "90", "mousedown", "1",
		"mousemove", "--window", w.id, "330", "90",
		"mousemove", "--window", w.id, "370", "90",
		"mousemove", "--window", w.id, "400", "90", "mouseup", "1")
	w.settle()
	w.key("1")

	// The window commits before it says saved; a second process sees it.
	var span exportedSpan
	var doc string
	waitFor(t, 15*time.Second, "the CLAIM to be stored", func() bool {
		doc, span = findClaim(t, w.bin, w.env, w.db)
		return span.Label != ""
	})
	w.quit()

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

	// SPANMARK_ACTION_LOG (what spanmark-stress window-busy reads) has
	// the tag, and no other action: the drag wrote nothing. (A "remote"
	// line, the window reading what another process wrote, may be there
	// too.)
	log, err := os.ReadFile(actions)
	if err != nil {
		t.Fatalf("SPANMARK_ACTION_LOG: %v", err)
	}
	var got []ui.ActionLine
	for _, l := range strings.Split(strings.TrimSuffix(string(log), "\n"), "\n") {
		var line ui.ActionLine
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("SPANMARK_ACTION_LOG line %q: %v", l, err)
		}
		if line.Action != "remote" {
			got = append(got, line)
		}
	}
	if len(got) != 1 || got[0].Action != "tag" || got[0].Error != "" || got[0].HeldMS <= 0 {
		t.Fatalf("SPANMARK_ACTION_LOG holds %q, want one line of a tag that did not fail", log)
	}
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

// startXvfbSized starts a virtual display of the given size (WxHxDEPTH)
// and returns it. Numbers are tried from a random place in a wide range,
// since other test runs on the machine start displays of their own. A
// number with a lock file is left alone, even if the X server it names
// is gone: Xvfb cannot always replace a stale lock (another user's), and
// the lock is not ours to remove. The display is ended with SIGTERM, so
// that Xvfb removes its lock and socket, and whatever of them it left is
// removed after it (if the lock still names it); on Linux it also gets
// SIGTERM if the test process dies first (a test's timeout).
func startXvfbSized(t *testing.T, screen string) string {
	t.Helper()
	first := 200 + rand.IntN(600)
	for i := 0; i < 100; i++ {
		n := first + i
		if _, err := os.Lstat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", screen, "-nolisten", "tcp")
		cmd.SysProcAttr = xvfbAttr()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		t.Cleanup(func() { stopXvfb(cmd, n, exited) })
		if xReady(display, exited) {
			return display
		}
		// Another test took the number first; try the next.
	}
	t.Fatal("no free X display number")
	return ""
}

// stopXvfb ends the Xvfb on display n and removes the lock file and
// socket it left, if the lock is its own.
func stopXvfb(cmd *exec.Cmd, n int, exited <-chan struct{}) {
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
	lock := fmt.Sprintf("/tmp/.X%d-lock", n)
	if b, err := os.ReadFile(lock); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(cmd.Process.Pid) {
		os.Remove(lock)
		os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
	}
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
