package main

import "syscall"

// xvfbAttr has the kernel send a test's Xvfb SIGTERM if the test process
// dies before its cleanup runs (go test's timeout, a kill), so that Xvfb
// still removes its lock file and socket.
func xvfbAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
