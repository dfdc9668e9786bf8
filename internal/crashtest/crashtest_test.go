package crashtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"app.spanmark.org/spanmark/internal/crashtest"
)

// kills is how many times each loop kills its writer: 10 by default, as
// .ci/run runs it; SPANMARK_KILLS=100 for the full run (or
// cmd/spanmark-stress with the real binary).
func kills(t *testing.T) int {
	if s := os.Getenv("SPANMARK_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return 10
}

// spawn runs this test binary again as a child (see TestChild).
func spawn(args ...string) *exec.Cmd {
	spec, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$")
	cmd.Env = append(os.Environ(), "SPANMARK_CRASH_CHILD="+string(spec))
	return cmd
}

// TestChild is not a test: the loops run it as the process they kill.
func TestChild(t *testing.T) {
	spec := os.Getenv("SPANMARK_CRASH_CHILD")
	if spec == "" {
		t.Skip("run by the kill loops")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		t.Fatal(err)
	}
	if err := crashtest.Child(args, os.Stdout); err != nil {
		fmt.Fprintln(os.Stdout, "error:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

func TestKillLoop_Writers(t *testing.T) {
	for _, w := range crashtest.Writers {
		t.Run(w.Name, func(t *testing.T) {
			res, err := crashtest.KillLoop(context.Background(), spawn, w, t.TempDir(), kills(t), 3000, t.Logf)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(res)
		})
	}
}

func TestKillLoop_FirstOpen(t *testing.T) {
	res, err := crashtest.FirstOpenLoop(context.Background(), spawn, t.TempDir(), kills(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
}

func TestKillLoop_Annotate(t *testing.T) {
	res, err := crashtest.AnnotateLoop(context.Background(), spawn, t.TempDir(), kills(t), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
}
