// Command spanmark-stress runs Spanmark's reliability measurements
// against the real spanmark binary (build it first: go build -o
// /tmp/spanmark ./cmd/spanmark). Each subcommand prints its figures;
// docs/RELIABILITY.md lists them with what they showed.
//
//	spanmark-stress kill  -bin /tmp/spanmark [-n 100]     kill loops: import, first open, annotation session
//	spanmark-stress busy  -bin /tmp/spanmark [-mb 20]     worst tag latency while another process imports
//	spanmark-stress window-busy -bin /tmp/spanmark [-mb 20 -runs 5]
//	                                                      the same, tagging in the window under Xvfb with xdotool
//	spanmark-stress scale -bin /tmp/spanmark [-docs 100000 -spans 1000000]
//	                                                      a three-annotator project: import, export, agree, window
package main

import (
	"fmt"
	"os"
	"os/exec"

	"app.spanmark.org/spanmark/internal/crashtest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: spanmark-stress kill|busy|window-busy|scale [flags]")
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "kill":
		err = runKill(args)
	case "busy":
		err = runBusy(args)
	case "window-busy":
		err = runWindowBusy(args)
	case "scale":
		err = runScale(args)
	case crashtest.AnnotateCommand:
		err = crashtest.AnnotateChild(args, os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spanmark-stress:", err)
		os.Exit(1)
	}
}

// spawner runs the spanmark binary, and this command for the annotation
// driver.
func spawner(bin string) crashtest.Spawn {
	self, _ := os.Executable()
	return func(args ...string) *exec.Cmd {
		if len(args) > 0 && args[0] == crashtest.AnnotateCommand {
			return exec.Command(self, args...)
		}
		return exec.Command(bin, args...)
	}
}
