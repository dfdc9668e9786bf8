package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// e2ePatterns are the suggestions the test stores before the window
// opens, in the order they stand in the Hindi sample.
const e2ePatterns = `{"label":"ACTOR","pattern":"चीनी प्रधान मंत्री ली क़ियांग"}
{"label":"ACTOR","pattern":"जियांग्शी प्रांत"}
{"label":"SOURCE","pattern":"चीनी राज्य मीडिया शिन्हुआ"}
{"label":"SOURCE","pattern":"समाचार एजेंसी पीटीआई"}
{"label":"ACTOR","pattern":"डोनाल्ड ट्रम्प"}
`

// TestWindow_XdotoolSuggestions drives the real binary under Xvfb with
// real keys over suggestions that `spanmark suggest` stored: ] selects the
// first and Enter accepts it, ] and Backspace reject the next, 2 accepts
// a SOURCE suggestion as an ACTOR (changed), Alt+Enter accepts every
// ACTOR left; then the toolbar's undo and Ctrl+Z take each back, and
// Ctrl+Shift+Z redoes the batch in between. After each step a
// second process's export finds exactly the spans and origins the step
// should have stored.
func TestWindow_XdotoolSuggestions(t *testing.T) {
	w := startWindowWith(t, "1400x900x24", []string{"FYNE_THEME=dark"}, func(w *window) {
		bin, env := w.bin, w.env
		pat := filepath.Join(t.TempDir(), "e2e.jsonl")
		if err := os.WriteFile(pat, []byte(e2ePatterns), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "suggest", "--patterns", pat)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "5 suggestions (5 new)") {
			t.Fatalf("spanmark suggest: %v\n%s", err, out)
		}
	})
	const from = " from pattern:e2e.jsonl"
	liqiang := "ACTOR चीनी प्रधान मंत्री ली क़ियांग" + from
	jiangxi := "ACTOR जियांग्शी प्रांत" + from
	pti := "ACTOR समाचार एजेंसी पीटीआई" + from + " changed"
	trump := "ACTOR डोनाल्ड ट्रम्प" + from

	w.focusText()
	w.press("bracketright")
	w.press("Return")
	w.wantSuggested("accept the first with Enter", []string{liqiang}, nil)

	w.press("bracketright")
	w.press("BackSpace")
	rejected := []string{"rejected SOURCE चीनी राज्य मीडिया शिन्हुआ"}
	w.wantSuggested("reject the next with Backspace", []string{liqiang}, rejected)

	w.press("2")
	w.wantSuggested("accept a SOURCE as an ACTOR with 2", []string{liqiang, pti}, rejected)

	w.press("alt+Return")
	all := []string{liqiang, jiangxi, pti, trump}
	w.wantSuggested("accept every ACTOR left with Alt+Enter", all, rejected)

	// The tools at the top right: Link (L), undo, redo, the Clusters box
	// (no button) and Done, next.
	tools := w.toolbarButtons()
	if len(tools) != 4 {
		w.shot("failed-toolbar")
		t.Fatalf("found %d buttons at the top right (%v), want Link, undo, redo and Done", len(tools), tools)
	}
	undo := tools[1]
	w.clickAt(undo)
	w.wantSuggested("undo accept all with the toolbar's undo", []string{liqiang, pti}, rejected)
	w.key("ctrl+shift+z")
	w.wantSuggested("redo accept all with Ctrl+Shift+Z", all, rejected)
	w.key("ctrl+z")
	w.wantSuggested("undo accept all with Ctrl+Z", []string{liqiang, pti}, rejected)
	w.clickAt(undo)
	w.wantSuggested("undo the change", []string{liqiang}, rejected)
	w.key("ctrl+z")
	w.wantSuggested("undo the rejection", []string{liqiang}, nil)
	w.clickAt(undo)
	w.wantSuggested("undo the acceptance", nil, nil)
	w.quit()
}

// press types a key at the focused window, as a person does: keys sent
// to a window by id (XSendEvent) reach GLFW's key callback but not
// always its character input, which ] and [ need.
func (w *window) press(k string) {
	w.t.Helper()
	w.xdo("key", k)
	w.settle()
}

// wantSuggested waits until another process's export shows exactly these
// spans of annotator e2e ("LABEL text from ORIGIN[ changed]") and these
// rejections ("rejected LABEL text").
func (w *window) wantSuggested(step string, spans, rejected []string) {
	w.t.Helper()
	sort.Strings(spans)
	sort.Strings(rejected)
	var gotSpans, gotRejected []string
	deadline := time.Now().Add(15 * time.Second)
	for {
		gotSpans, gotRejected = w.exportSuggested()
		if equal(gotSpans, spans) && equal(gotRejected, rejected) {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: the database holds spans %q and rejections %q; want %q and %q\napp said:\n%s",
				step, gotSpans, gotRejected, spans, rejected, w.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (w *window) exportSuggested() (spans, rejected []string) {
	w.t.Helper()
	cmd := exec.Command(w.bin, "export", "--db", w.db, "--format", "native", "--suggestions")
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		return nil, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			Spans []struct {
				Label, Text, Annotator, Origin string
				Changed                        bool
			} `json:"spans"`
			Suggestions []struct {
				Label, Text string
				Decisions   []struct{ Annotator, Decision string }
			} `json:"suggestions"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			w.t.Fatalf("export line: %v", err)
		}
		for _, s := range d.Spans {
			if s.Annotator != "e2e" {
				w.t.Fatalf("span %q by %q, want e2e", s.Text, s.Annotator)
			}
			desc := s.Label + " " + s.Text + " from " + s.Origin
			if s.Changed {
				desc += " changed"
			}
			spans = append(spans, desc)
		}
		for _, g := range d.Suggestions {
			for _, dec := range g.Decisions {
				if dec.Annotator == "e2e" && dec.Decision == "rejected" {
					rejected = append(rejected, "rejected "+g.Label+" "+g.Text)
				}
			}
		}
	}
	sort.Strings(spans)
	sort.Strings(rejected)
	return spans, rejected
}
