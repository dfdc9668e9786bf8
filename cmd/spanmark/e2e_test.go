package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/xvfb"

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
// for the test and returns it; it ends with the test. Numbers are tried
// from a random place in a wide range, since other test runs on the
// machine start displays of their own.
func startXvfbSized(t *testing.T, screen string) string {
	t.Helper()
	first := 200 + rand.IntN(600)
	numbers := make([]int, 100)
	for i := range numbers {
		numbers[i] = first + i
	}
	d, err := xvfb.Start(numbers, screen)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Stop)
	return d.Name
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
