package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startXvfb starts a virtual 1280x800 screen on display (":57"), or on
// the first number from 200 up that has no lock file, and returns it
// with a function that ends it. Ended with SIGTERM, Xvfb removes its own
// lock; one it left anyway (it was killed) is removed too, so the number
// stays usable on a long-lived machine.
func startXvfb(display string) (string, func(), error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", nil, fmt.Errorf("the window figures need %s: %w", tool, err)
		}
	}
	candidates := []int{}
	if display != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(display, ":"))
		if err != nil {
			return "", nil, fmt.Errorf("display %q: want :N", display)
		}
		candidates = append(candidates, n)
	} else {
		for n := 200; n < 300; n++ {
			candidates = append(candidates, n)
		}
	}
	for _, n := range candidates {
		lock := fmt.Sprintf("/tmp/.X%d-lock", n)
		if _, err := os.Stat(lock); err == nil {
			if display != "" {
				return "", nil, fmt.Errorf("display %s is taken (%s exists)", display, lock)
			}
			continue
		}
		d := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", d, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			return "", nil, err
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		stop := func() {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
			removeOwnLock(n, cmd.Process.Pid)
		}
		if xAnswers(d, exited) {
			return d, stop, nil
		}
		stop()
	}
	return "", nil, fmt.Errorf("no free X display")
}

// xAnswers waits until the X server on display answers, or exits.
func xAnswers(display string, exited <-chan struct{}) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
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

// removeOwnLock removes display n's lock file and socket if the lock
// names pid, an X server of ours that has ended without removing them.
func removeOwnLock(n, pid int) {
	lock := fmt.Sprintf("/tmp/.X%d-lock", n)
	b, err := os.ReadFile(lock)
	if err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(pid) {
		return
	}
	os.Remove(lock)
	os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
}
