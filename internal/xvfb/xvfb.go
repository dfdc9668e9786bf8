// Package xvfb starts virtual X displays, for the window's end-to-end
// tests and for the measurements that drive the real window
// (spanmark-stress): one way of finding a free display number, ending
// the server and cleaning up after it.
package xvfb

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Display is a running Xvfb.
type Display struct {
	Name   string // ":N", for DISPLAY
	n      int
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts Xvfb with screen ("1280x800x24") on the first of numbers
// that is free. A number with a lock file is left alone, even if the X
// server it names is gone: Xvfb cannot always replace a stale lock
// (another user's), and the lock is not ours to remove. A number another
// program takes first, between the look and the start, is skipped too.
// (The server is not tied to this process with Linux's parent-death
// signal: that comes when the thread that started it ends, and Go ends
// threads of its own accord, which killed a test's display in CI.)
func Start(numbers []int, screen string) (*Display, error) {
	for _, n := range numbers {
		if _, err := os.Lstat(lockFile(n)); err == nil {
			continue
		}
		d := &Display{Name: fmt.Sprintf(":%d", n), n: n, exited: make(chan struct{})}
		d.cmd = exec.Command("Xvfb", d.Name, "-screen", "0", screen, "-nolisten", "tcp")
		if err := d.cmd.Start(); err != nil {
			return nil, err
		}
		go func() { d.cmd.Wait(); close(d.exited) }()
		if d.answers() {
			return d, nil
		}
		d.Stop()
	}
	return nil, fmt.Errorf("no free X display among %d numbers", len(numbers))
}

// Stop ends the server with SIGTERM, so that it removes its lock file and
// socket (killing it after 10 s), and removes what it left of them, if
// the lock still names it.
func (d *Display) Stop() {
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(10 * time.Second):
		d.cmd.Process.Kill()
		<-d.exited
	}
	if b, err := os.ReadFile(lockFile(d.n)); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(d.cmd.Process.Pid) {
		os.Remove(lockFile(d.n))
		os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", d.n))
	}
}

// answers waits until the server answers, or exits (the number was
// taken meanwhile).
func (d *Display) answers() bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case <-d.exited:
			return false
		default:
		}
		probe := exec.Command("xdotool", "getdisplaygeometry")
		probe.Env = append(os.Environ(), "DISPLAY="+d.Name)
		if probe.Run() == nil {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func lockFile(n int) string { return fmt.Sprintf("/tmp/.X%d-lock", n) }
