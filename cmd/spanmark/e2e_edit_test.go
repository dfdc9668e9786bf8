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

// TestWindow_XdotoolSession drives the real binary under Xvfb through a
// working session with real keys and clicks, as an analyst would on the
// Hindi sample, and after each step reads the database from a second
// process (`spanmark export`) and finds exactly what the step should have
// stored:
//
//   - find (Ctrl+F, typed Devanagari, Enter, Esc) and tag the match a CLAIM (1);
//   - double-click a word and tag it an ACTOR (2); relabel it (3, then 2);
//   - type a note for the ACTOR and select the CLAIM: the note is saved;
//   - link (L, then click the actor);
//   - delete the claim (Delete: its link goes too);
//   - undo with Ctrl+Z, redo with Ctrl+Shift+Z and with Ctrl+Y;
//   - Alt+drag over clusters and tag them: releasing Alt must not open
//     the menu, which would take the key;
//   - open the menu with Alt, click the document search box, press
//     Backspace: the selected span stays;
//   - a second process imports an article while the window is open, and
//     Ctrl+Enter marks the sample done and opens that article.
//
// Ctrl+Z reaches the window as Fyne's ShortcutUndo: a window that binds
// it as a custom Ctrl+Z shortcut fails the undo step here.
func TestWindow_XdotoolSession(t *testing.T) {
	w := startWindow(t)

	// The sample's first line, in the 1280x800 window: "आधिकारिक और
	// मीडिया" spans x 275-410 and "चीन" x 598-622, at y 90; "रिपोर्टों"
	// follows the claim, at x 415-475. The note box is in the span panel on the right,
	// the document search box at the top left.
	const y = "90"
	claimAt, actorAt := "350", "610"
	claim, actor := "CLAIM आधिकारिक और मीडिया", "ACTOR चीन"
	link := claim + " SAID_BY " + actor

	w.key("ctrl+f")
	w.typeText("आधिकारिक और मीडिया")
	w.key("Return")
	w.key("Escape")
	w.key("1")
	w.want("find and tag a CLAIM", []string{claim}, nil, "in progress")

	w.xdo("mousemove", "--window", w.id, actorAt, y, "click", "--repeat", "2", "--delay", "80", "1")
	w.settle()
	w.key("2")
	w.want("tag an ACTOR", []string{actor, claim}, nil, "")

	w.key("3")
	w.want("relabel it", []string{claim, "SOURCE चीन"}, nil, "")
	w.key("2")
	w.want("relabel it back", []string{actor, claim}, nil, "")

	w.click("1135", "585") // the note box, under the Label choice
	w.typeText("the minister")
	w.click(claimAt, y) // selecting another span saves the note
	w.want("a note, saved on leaving", []string{actor + " [the minister]", claim}, nil, "")

	// The claim is selected: link it, then click the actor.
	w.key("l")
	w.click(actorAt, y)
	spans := []string{actor + " [the minister]", claim}
	w.want("link", spans, []string{link + " [the minister]"}, "")

	w.click(claimAt, y)
	w.key("Delete")
	w.want("delete the claim", spans[:1], nil, "")

	w.key("ctrl+z")
	w.want("undo the delete with Ctrl+Z", spans, []string{link + " [the minister]"}, "")
	w.key("ctrl+shift+z")
	w.want("redo with Ctrl+Shift+Z", spans[:1], nil, "")
	w.key("ctrl+z")
	w.want("undo again", spans, []string{link + " [the minister]"}, "")
	w.key("ctrl+y")
	w.want("redo with Ctrl+Y", spans[:1], nil, "")
	w.key("ctrl+z")
	w.want("undo once more", spans, []string{link + " [the minister]"}, "")

	// Alt+drag selects clusters; releasing Alt must leave the menu shut,
	// or it would swallow the 3. Alt goes through XTEST, not to the
	// window, so that the X server holds it down for the mouse events.
	w.xdo("keydown", "alt")
	w.xdo("mousemove", "--window", w.id, "420", y, "mousedown", "1",
		"mousemove", "--window", w.id, "450", y,
		"mousemove", "--window", w.id, "470", y, "mouseup", "1")
	w.settle()
	w.xdo("keyup", "alt")
	w.settle()
	w.key("3")
	got := w.waitSpans("tag clusters after Alt+drag", 3)
	source := ""
	for _, s := range got.spans {
		if strings.HasPrefix(s, "SOURCE ") {
			source = s
		}
	}
	if source == "" || !strings.Contains("मीडिया रिपोर्टों में", strings.TrimPrefix(source, "SOURCE ")) || strings.HasSuffix(source, "रिपोर्टों") {
		t.Fatalf("after Alt+drag and 3 the spans are %q; want a SOURCE over clusters of the first line", got.spans)
	}
	spans = append(spans, source)
	sort.Strings(spans)

	// The SOURCE is selected. Alt opens the menu; a click on the search
	// box only closes it, so Backspace goes to the article, which must
	// not delete the span.
	// (The search box is clicked right of the open menu, x 155.)
	w.key("alt")
	w.click("220", "88")
	w.key("BackSpace")
	w.click("220", "88")
	w.typeText("x")
	w.key("BackSpace")
	w.want("Backspace after the menu", spans, []string{link + " [the minister]"}, "")

	// Another process imports an article; the window's list takes it in,
	// and Ctrl+Enter opens it after marking the sample done.
	w.importText("second.txt", "Reuters reported that the ministry said exports would fall.")
	time.Sleep(1500 * time.Millisecond)
	w.key("ctrl+Return")
	w.want("Ctrl+Enter marks it done", spans, []string{link + " [the minister]"}, "done")
	waitFor(t, 10*time.Second, "the imported article to open", func() bool {
		return strings.HasPrefix(w.xdo("getwindowname", w.id), "Reuters reported")
	})
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
	return startWindowWith(t, "1400x900x24", nil, nil)
}

// startWindowWith starts the window on a screen of the given size, with
// extra environment, after running prepare (given the binary, the
// environment and the database) to fill the database.
func startWindowWith(t *testing.T, screen string, extraEnv []string, prepare func(w *window)) *window {
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
	display := startXvfbSized(t, screen)
	cfg := filepath.Join(dir, "config", "spanmark")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg, "settings.json"), []byte(`{"annotator":"e2e"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env = append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "SPANMARK_DB=", "LANG=en_US.UTF-8", "LC_ALL=C.UTF-8")
	w.db = filepath.Join(dir, "data", "spanmark", "spanmark.db")
	w.env = append(w.env, extraEnv...)
	if prepare != nil {
		prepare(w)
	}
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

// typeText types text, Devanagari too: xdotool maps each character to a
// spare key code, which needs a UTF-8 locale and a pause between keys.
func (w *window) typeText(text string) {
	w.t.Helper()
	w.xdo("type", "--delay", "150", "--window", w.id, text)
	w.settle()
}

// importText imports an article into the window's database from another
// process, as `spanmark import` in a terminal would.
func (w *window) importText(name, text string) {
	w.t.Helper()
	path := filepath.Join(w.t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		w.t.Fatal(err)
	}
	cmd := exec.Command(w.bin, "import", "--db", w.db, path)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Fatalf("import from a second process: %v\n%s", err, out)
	}
}

// waitSpans waits until the database holds n spans and returns them.
func (w *window) waitSpans(step string, n int) exported {
	w.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := w.export()
		if len(got.spans) == n {
			return got
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: the database holds spans %q, want %d\napp said:\n%s", step, got.spans, n, w.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (w *window) click(x, y string) {
	w.t.Helper()
	w.xdo("mousemove", "--window", w.id, x, y, "click", "1")
	w.settle()
}

// want waits until another process's export of the database shows
// exactly these spans ("LABEL text", then " [note]" if it has one),
// relations ("LABEL text TYPE LABEL text [note]") and, if state is not
// "", this state of annotator e2e in the first document.
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
	first := true
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			Spans []struct {
				ID, Label, Text, Annotator, Note string
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
			if s.Note != "" {
				name[s.ID] += " [" + s.Note + "]"
			}
			e.spans = append(e.spans, name[s.ID])
		}
		for _, r := range d.Relations {
			e.relations = append(e.relations, fmt.Sprintf("%s %s %s", name[r.From], r.Type, name[r.To]))
		}
		if first {
			e.state, first = d.States["e2e"], false
		}
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
