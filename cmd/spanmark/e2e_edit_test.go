package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestWindow_XdotoolEdits drives the real binary under Xvfb through a
// round of edits with real keys and clicks: tag a CLAIM (drag, 1) and an
// ACTOR (double click, 2), relabel the ACTOR (3, then 2 back), link it
// picking the actor first (L, click the claim: the link still goes from
// the claim), delete the claim (Delete: its link goes too), then undo and
// redo with the toolbar buttons. After each step a second process reads
// the database with `spanmark export` and finds exactly what the step
// should have stored. Ctrl+Z does not reach the window's handler under
// X11 yet, so undo and redo go through their buttons.
func TestWindow_XdotoolEdits(t *testing.T) {
	w := startWindow(t)

	// The sample's first line, in the 1280x800 window: "आधिकारिक और
	// मीडिया" spans x 275-430 and "चीन" x 598-622, at y 90. The undo and
	// redo buttons sit at the top right.
	const y = "90"
	claimAt, actorAt := "350", "610"
	w.xdo("mousemove", "--window", w.id, "285", y, "mousedown", "1",
		"mousemove", "--window", w.id, "330", y,
		"mousemove", "--window", w.id, "380", y,
		"mousemove", "--window", w.id, "395", y, "mouseup", "1")
	w.settle()
	w.key("1")
	w.want("tag a CLAIM", []string{"CLAIM आधिकारिक और मीडिया"}, nil, "in progress")

	w.xdo("mousemove", "--window", w.id, actorAt, y, "click", "--repeat", "2", "--delay", "80", "1")
	w.settle()
	w.key("2")
	w.want("tag an ACTOR", []string{"ACTOR चीन", "CLAIM आधिकारिक और मीडिया"}, nil, "")

	w.key("3")
	w.want("relabel it", []string{"CLAIM आधिकारिक और मीडिया", "SOURCE चीन"}, nil, "")
	w.key("2")
	w.want("relabel it back", []string{"ACTOR चीन", "CLAIM आधिकारिक और मीडिया"}, nil, "")

	// The ACTOR is still selected: link it, then click the claim.
	w.key("l")
	w.click(claimAt, y)
	w.want("link, actor first", []string{"ACTOR चीन", "CLAIM आधिकारिक और मीडिया"},
		[]string{"CLAIM आधिकारिक और मीडिया SAID_BY ACTOR चीन"}, "")

	w.click(claimAt, y)
	w.key("Delete")
	w.want("delete the claim", []string{"ACTOR चीन"}, nil, "")

	w.click("847", "48") // undo
	w.want("undo the delete", []string{"ACTOR चीन", "CLAIM आधिकारिक और मीडिया"},
		[]string{"CLAIM आधिकारिक और मीडिया SAID_BY ACTOR चीन"}, "")
	w.click("887", "48") // redo
	w.want("redo the delete", []string{"ACTOR चीन"}, nil, "")
	w.quit()
}

// window is the real binary running under Xvfb on a fresh default
// database, which opens on the Hindi sample.
type window struct {
	t       *testing.T
	bin, db string
	env     []string
	id      string
	out     *bytes.Buffer
	exited  chan error
	gone    bool // exited has been received from
}

func startWindow(t *testing.T) *window {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SPANMARK_E2E") == "1" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	w := &window{t: t, bin: filepath.Join(dir, "spanmark"), out: &bytes.Buffer{}, exited: make(chan error, 1)}
	if out, err := exec.Command("go", "build", "-o", w.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	display := startXvfb(t)
	cfg := filepath.Join(dir, "config", "spanmark")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg, "settings.json"), []byte(`{"annotator":"e2e"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env = append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "SPANMARK_DB=", "LANG=en_US.UTF-8", "LC_ALL=")
	w.db = filepath.Join(dir, "data", "spanmark", "spanmark.db")
	app := exec.Command(w.bin)
	app.Env = w.env
	app.Stdout, app.Stderr = w.out, w.out
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.exited <- app.Wait() }()
	t.Cleanup(func() {
		if !w.gone {
			app.Process.Kill()
			<-w.exited
		}
	})
	w.id = strings.Fields(w.xdo("search", "--sync", "--name", "Spanmark"))[0]
	waitFor(t, 30*time.Second, "the sample article to open", func() bool {
		return strings.Contains(w.xdo("getwindowname", w.id), "—")
	})
	time.Sleep(time.Second)
	return w
}

func (w *window) xdo(args ...string) string {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		w.t.Fatalf("xdotool %s: %v\napp said:\n%s", strings.Join(args, " "), err, w.out.String())
	}
	return strings.TrimSpace(string(out))
}

// settle gives the window a moment to take in pointer events.
func (w *window) settle() { time.Sleep(300 * time.Millisecond) }

func (w *window) key(k string) {
	w.t.Helper()
	w.xdo("key", "--window", w.id, k)
	w.settle()
}

func (w *window) click(x, y string) {
	w.t.Helper()
	w.xdo("mousemove", "--window", w.id, x, y, "click", "1")
	w.settle()
}

// want waits until another process's export of the database shows
// exactly these spans ("LABEL text"), relations ("LABEL text TYPE LABEL
// text") and, if state is not "", this state of annotator e2e.
func (w *window) want(step string, spans, rels []string, state string) {
	w.t.Helper()
	var got exported
	deadline := time.Now().Add(15 * time.Second)
	for {
		got = w.export()
		if equal(got.spans, spans) && equal(got.relations, rels) && (state == "" || got.state == state) {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: the database holds spans %q, relations %q, state %q; want %q, %q, %q\napp said:\n%s",
				step, got.spans, got.relations, got.state, spans, rels, state, w.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type exported struct {
	spans, relations []string
	state            string
}

// export reads the sample's spans, relations and state with `spanmark
// export` in a second process.
func (w *window) export() exported {
	w.t.Helper()
	cmd := exec.Command(w.bin, "export", "--db", w.db, "--format", "native")
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		return exported{}
	}
	var e exported
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			Spans []struct {
				ID, Label, Text, Annotator string
			} `json:"spans"`
			Relations []struct {
				From, To, Type string
			} `json:"relations"`
			States map[string]string `json:"states"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			w.t.Fatalf("export line: %v", err)
		}
		name := map[string]string{}
		for _, s := range d.Spans {
			if s.Annotator != "e2e" {
				w.t.Fatalf("span %q by %q, want e2e", s.Text, s.Annotator)
			}
			name[s.ID] = s.Label + " " + s.Text
			e.spans = append(e.spans, name[s.ID])
		}
		for _, r := range d.Relations {
			e.relations = append(e.relations, fmt.Sprintf("%s %s %s", name[r.From], r.Type, name[r.To]))
		}
		e.state = d.States["e2e"]
	}
	sort.Strings(e.spans)
	sort.Strings(e.relations)
	return e
}

func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

// quit closes the window with Ctrl+Q and waits for it to exit cleanly.
// xdotool may fail to send the key release to a window that is already
// gone, so only the exit counts.
func (w *window) quit() {
	w.t.Helper()
	cmd := exec.Command("xdotool", "key", "--window", w.id, "ctrl+q")
	cmd.Env = w.env
	_ = cmd.Run()
	select {
	case err := <-w.exited:
		w.gone = true
		if err != nil {
			w.t.Fatalf("the window exited with %v\n%s", err, w.out.String())
		}
	case <-time.After(15 * time.Second):
		w.t.Fatalf("Ctrl+Q did not close the window\n%s", w.out.String())
	}
}
