package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"app.spanmark.org/spanmark/internal/crashtest"
)

// runWindowBusy measures what tagging in the real window costs while
// another process imports. Each run opens the window under Xvfb on a
// fresh default database (the sample article), starts `spanmark import`
// of a doccano file of -mb MB into it, and until the import ends tags
// through xdotool as an analyst would: drag over a word, press 1, then
// Ctrl+Z or Delete, a step every -every. The window logs each write
// (SPANMARK_ACTION_LOG): how long its UI goroutine was held from the key
// handler to the store's return, and whether it failed. Per run it
// prints those figures, and the time from sending each key to its line
// in the log, which adds the time the key waited for the window (to
// draw the last action, say); and the same for -idle of tagging before
// the import starts, for comparison.
func runWindowBusy(args []string) error {
	fs := flag.NewFlagSet("window-busy", flag.ExitOnError)
	bin := fs.String("bin", "spanmark", "the spanmark binary")
	mb := fs.Float64("mb", 20, "size of the imported file, MB")
	runs := fs.Int("runs", 3, "imports, each with a fresh window and database")
	every := fs.Duration("every", 100*time.Millisecond, "time from one tagging step to the next")
	idle := fs.Duration("idle", 2*time.Second, "tagging with no import first, for comparison")
	display := fs.String("display", "", "X display for Xvfb (default: the first free one from :200)")
	base := fs.String("base", "", "a database each run starts from, copied (default: a new one with the sample article)")
	fs.Parse(args)
	dir, err := os.MkdirTemp("", "spanmark-window-busy")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	d, stopX, err := startXvfb(*display)
	if err != nil {
		return err
	}
	defer stopX()
	n, perDoc, err := busyDocs(dir, *mb)
	if err != nil {
		return err
	}
	fmt.Printf("tagging in the window (drag over a word, 1, then Ctrl+Z or Delete; a step every %v) while `spanmark import` of %.1f MB (%d documents, %d spans) runs in another process\n",
		*every, float64(n)*perDoc/1e6, n, 4*n)
	var all busyPhase
	for run := 1; run <= *runs; run++ {
		quiet, busy, err := windowBusyRun(*bin, d, filepath.Join(dir, fmt.Sprint(run)), *base, run, n, *every, *idle)
		if err != nil {
			return fmt.Errorf("run %d: %w", run, err)
		}
		fmt.Printf("run %d: no import: %s\n", run, quiet)
		fmt.Printf("run %d: import %v: %s\n", run, busy.took.Round(time.Millisecond), busy)
		all.held = append(all.held, busy.held...)
		all.toLog = append(all.toLog, busy.toLog...)
		all.failed += busy.failed
		all.unseen += busy.unseen
	}
	fmt.Printf("all imports: %d actions, %d failed, %d keys not logged; window held p99 %v, worst %v; key to logged p99 %v, worst %v\n",
		len(all.held), all.failed, all.unseen, quantile(all.held, 0.99), quantile(all.held, 1), quantile(all.toLog, 0.99), quantile(all.toLog, 1))
	if all.failed > 0 {
		return fmt.Errorf("%d actions failed during the imports", all.failed)
	}
	return nil
}

// busyPhase is what tagging for a while measured.
type busyPhase struct {
	took     time.Duration
	kinds    map[string]int
	held     []time.Duration // per action, from the log
	failed   int
	firstErr string
	toLog    []time.Duration // per key, from sending it to its line in the log
	unseen   int             // keys whose line did not come
	remote   []time.Duration // the window showing others' writes (the import's), from the log
}

func (r busyPhase) String() string {
	var kinds []string
	for _, k := range []string{"tag", "undo", "delete"} {
		kinds = append(kinds, fmt.Sprintf("%d %s", r.kinds[k], k))
	}
	s := fmt.Sprintf("%d actions (%s), %d failed: window held median %v, p99 %v, worst %v; key to logged median %v, p99 %v, worst %v",
		len(r.held), strings.Join(kinds, ", "), r.failed,
		quantile(r.held, 0.5), quantile(r.held, 0.99), quantile(r.held, 1),
		quantile(r.toLog, 0.5), quantile(r.toLog, 0.99), quantile(r.toLog, 1))
	if len(r.remote) > 0 {
		s += fmt.Sprintf("; showing the import's commits held it %d times, median %v, worst %v", len(r.remote), quantile(r.remote, 0.5), quantile(r.remote, 1))
	}
	if r.unseen > 0 {
		s += fmt.Sprintf("; %d keys not logged within %v", r.unseen, unseenAfter)
	}
	if r.firstErr != "" {
		s += "; first failure: " + r.firstErr
	}
	return s
}

// quantile is the p-quantile of ds (sorted in place), to 0.1 ms.
func quantile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[int(p*float64(len(ds)-1))].Round(100 * time.Microsecond)
}

// unseenAfter is how long a key's line may take before the key counts as
// lost (the drag missed a word, or a dialog took the key).
const unseenAfter = 10 * time.Second

// wordsAt are points on words of the sample's first four lines in the
// 1280x800 window.
var wordsAt = func() [][2]int {
	var ps [][2]int
	for _, y := range []int{90, 140, 188, 237} {
		for _, x := range []int{300, 450, 610, 800} {
			ps = append(ps, [2]int{x, y})
		}
	}
	return ps
}()

// busyWindow is the window of one run, driven with xdotool.
type busyWindow struct {
	env     []string
	win     string // its X window
	log     *logTail
	every   time.Duration
	exited  chan error
	out     *bytes.Buffer
	stepped int
}

func (w *busyWindow) xdo(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = w.env
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// tagUntil tags, a step every w.every, until done says so, and returns
// what the window's log and the keys' round trips measured meanwhile.
func (w *busyWindow) tagUntil(done func() bool) (busyPhase, error) {
	r := busyPhase{kinds: map[string]int{}}
	before, err := w.log.all()
	if err != nil {
		return r, err
	}
	first := len(before)
	start := time.Now()
	// key sends a key and waits for the window to log the action it asks.
	key := func(k string) error {
		seen := w.log.actions()
		t0 := time.Now()
		if _, err := w.xdo("key", "--window", w.win, k); err != nil {
			return fmt.Errorf("xdotool key %s: %w", k, err)
		}
		for time.Since(t0) < unseenAfter {
			if w.log.actions() > seen {
				r.toLog = append(r.toLog, time.Since(t0))
				return nil
			}
			time.Sleep(time.Millisecond)
		}
		r.unseen++
		return nil
	}
	for !done() {
		select {
		case err := <-w.exited:
			w.exited <- err
			return r, fmt.Errorf("the window exited: %v\n%s", err, w.out.String())
		default:
		}
		t0 := time.Now()
		p := wordsAt[w.stepped%len(wordsAt)]
		x, y := strconv.Itoa(p[0]), strconv.Itoa(p[1])
		if _, err := w.xdo("mousemove", "--window", w.win, x, y, "mousedown", "1",
			"mousemove", "--window", w.win, strconv.Itoa(p[0]+15), y,
			"mousemove", "--window", w.win, strconv.Itoa(p[0]+30), y, "mouseup", "1"); err != nil {
			return r, fmt.Errorf("xdotool drag: %w", err)
		}
		if err := key("1"); err != nil {
			return r, err
		}
		time.Sleep(time.Until(t0.Add(w.every)))
		undo := "ctrl+z"
		if w.stepped%2 == 1 {
			undo = "Delete"
		}
		if err := key(undo); err != nil {
			return r, err
		}
		w.stepped++
		time.Sleep(time.Until(t0.Add(2 * w.every)))
	}
	r.took = time.Since(start)
	time.Sleep(200 * time.Millisecond) // a line that came late
	lines, err := w.log.all()
	if err != nil {
		return r, err
	}
	for _, l := range lines[first:] {
		if l.Action == "remote" {
			r.remote = append(r.remote, time.Duration(l.HeldMS*float64(time.Millisecond)))
			continue
		}
		r.kinds[l.Action]++
		r.held = append(r.held, time.Duration(l.HeldMS*float64(time.Millisecond)))
		if l.Error != "" {
			r.failed++
			if r.firstErr == "" {
				r.firstErr = l.Action + ": " + l.Error
			}
		}
	}
	return r, nil
}

// windowBusyRun opens the window on a fresh default database (a copy of
// base, if given), tags for idle with nothing else running, then imports
// docs documents from another process while it tags. It returns the two
// phases' figures.
func windowBusyRun(bin, display, dir, base string, run, docs int, every, idle time.Duration) (quiet, busy busyPhase, err error) {
	in, err := crashtest.DoccanoInput(filepath.Dir(dir), run, docs)
	if err != nil {
		return quiet, busy, err
	}
	defer os.Remove(in)
	cfg := filepath.Join(dir, "config", "spanmark")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		return quiet, busy, err
	}
	if err := os.WriteFile(filepath.Join(cfg, "settings.json"), []byte(`{"annotator":"busy"}`), 0o644); err != nil {
		return quiet, busy, err
	}
	logPath := filepath.Join(dir, "actions.log")
	w := &busyWindow{every: every, log: &logTail{path: logPath}, out: &bytes.Buffer{}, exited: make(chan error, 1)}
	w.env = append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "SPANMARK_DB=", "LANG=en_US.UTF-8", "LC_ALL=C.UTF-8",
		"SPANMARK_ACTION_LOG="+logPath)
	db := filepath.Join(dir, "data", "spanmark", "spanmark.db")
	if base != "" {
		if err := copyDatabase(base, db); err != nil {
			return quiet, busy, err
		}
	}

	app := exec.Command(bin)
	app.Env, app.Stdout, app.Stderr = w.env, w.out, w.out
	if err := app.Start(); err != nil {
		return quiet, busy, err
	}
	go func() { w.exited <- app.Wait() }()
	defer func() {
		app.Process.Signal(syscall.SIGTERM) // the window closes and its database with it
		select {
		case <-w.exited:
		case <-time.After(15 * time.Second):
			app.Process.Kill()
			<-w.exited
		}
	}()
	for deadline := time.Now().Add(time.Minute); w.win == ""; {
		if time.Now().After(deadline) {
			return quiet, busy, fmt.Errorf("the window did not open the sample within a minute\n%s", w.out.String())
		}
		out, _ := w.xdo("search", "--pid", strconv.Itoa(app.Process.Pid), "--name", " — Spanmark")
		if f := strings.Fields(out); len(f) > 0 {
			w.win = f[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second) // the rest of the article is laid out between frames

	until := time.Now().Add(idle)
	if quiet, err = w.tagUntil(func() bool { return time.Now().After(until) }); err != nil {
		return quiet, busy, err
	}
	imp := exec.Command(bin, "import", "--db", db, "--annotator", "importer", in)
	imp.Env = w.env
	var impOut bytes.Buffer
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		return quiet, busy, err
	}
	impDone := make(chan error, 1)
	go func() { impDone <- imp.Wait() }()
	var impErr error
	ended := false
	busy, err = w.tagUntil(func() bool {
		select {
		case impErr = <-impDone:
			ended = true
		default:
		}
		return ended
	})
	if !ended {
		imp.Process.Kill()
		<-impDone
	}
	if err != nil {
		return quiet, busy, err
	}
	if impErr != nil {
		return quiet, busy, fmt.Errorf("the import failed: %v\n%s", impErr, impOut.String())
	}
	return quiet, busy, nil
}

// actionLine is a line of the window's action log (ui.ActionLine; read
// here without building the window's packages).
type actionLine struct {
	Action string  `json:"action"`
	HeldMS float64 `json:"held_ms"`
	Error  string  `json:"error"`
}

// logTail counts the window's action log's lines as they are written.
type logTail struct {
	path string
}

// actions counts the lines of actions, not of the window showing
// others' writes ("remote").
func (t *logTail) actions() int {
	b, err := os.ReadFile(t.path)
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte("\n")) - bytes.Count(b, []byte(`"action":"remote"`))
}

func (t *logTail) all() ([]actionLine, error) {
	b, err := os.ReadFile(t.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []actionLine
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if l == "" {
			continue
		}
		var a actionLine
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", t.path, i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// copyDatabase copies a database that no program has open.
func copyDatabase(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
