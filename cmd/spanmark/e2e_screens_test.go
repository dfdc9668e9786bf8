package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWindow_Screenshots opens the real window on a 1280 x 800 screen,
// light and dark, on the Hindi sample with two annotators' spans and
// twenty labels (the three defaults and the seventeen of an imported NER
// file), selects a span, and takes a screenshot of each. The window must
// fit the screen: it used to ask for 1,800 px with seventeen labels. The
// screenshots are what the README shows; to write them into docs/, run
//
//	SPANMARK_E2E=1 SPANMARK_SCREENSHOTS=../../docs go test ./cmd/spanmark -run Screenshots
//
// and look at them: nothing may overlap. ui's TestApp_NothingOverlapsAt1280
// checks the same layout object by object.
func TestWindow_Screenshots(t *testing.T) {
	if _, err := exec.LookPath("import"); err != nil {
		if os.Getenv("SPANMARK_E2E") == "1" {
			t.Fatal("ImageMagick's import is not installed; .ci/run installs it")
		}
		t.Skip("ImageMagick's import is not installed")
	}
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			w := startWindowWith(t, "1280x800x24", []string{"FYNE_THEME=" + variant}, func(w *window) {
				w.setAnnotator("asha")
				w.run("import", "--annotator", "ravi", filepath.Join("..", "..", "docs", "sample-annotated.jsonl"))
				w.run("import", "--annotator", "asha", filepath.Join("testdata", "ner-labels.jsonl"))
			})
			geo := map[string]int{}
			for _, line := range strings.Fields(w.xdo("getwindowgeometry", "--shell", w.id)) {
				if k, v, ok := strings.Cut(line, "="); ok {
					geo[k], _ = strconv.Atoi(v)
				}
			}
			if geo["WIDTH"] > 1280 || geo["HEIGHT"] > 800 || geo["WIDTH"] < 1000 {
				t.Fatalf("the window is %d x %d on a 1280 x 800 screen", geo["WIDTH"], geo["HEIGHT"])
			}
			w.click("300", "131")                              // a SOURCE on the first line: its details and links show
			w.xdo("mousemove", "--window", w.id, "640", "790") // off the text, so no hover hint
			w.settle()
			shot := filepath.Join(t.TempDir(), "window-"+variant+".png")
			w.run0("import", "-window", "root", shot)
			if info, err := os.Stat(shot); err != nil || info.Size() < 20000 {
				t.Fatalf("screenshot %s: %v", shot, err)
			}
			if dir := os.Getenv("SPANMARK_SCREENSHOTS"); dir != "" {
				data, _ := os.ReadFile(shot)
				if err := os.WriteFile(filepath.Join(dir, "window-"+variant+".png"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w.quit()
		})
	}
}

// setAnnotator makes name the window's remembered annotator.
func (w *window) setAnnotator(name string) {
	w.t.Helper()
	for _, e := range w.env {
		if dir, ok := strings.CutPrefix(e, "XDG_CONFIG_HOME="); ok {
			if err := os.WriteFile(filepath.Join(dir, "spanmark", "settings.json"), []byte(`{"annotator":"`+name+`"}`), 0o644); err != nil {
				w.t.Fatal(err)
			}
		}
	}
}

// run runs a spanmark subcommand as a second process on the window's
// default database.
func (w *window) run(args ...string) {
	w.t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Fatalf("spanmark %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// run0 runs another program with the window's environment (its display).
func (w *window) run0(name string, args ...string) {
	w.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
