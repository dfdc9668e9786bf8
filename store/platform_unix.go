//go:build !windows

package store

import (
	"os"
	"syscall"
)

// dirWritable reports whether this process may create files in dir, as
// SQLite must for the journal files it keeps beside a database.
func dirWritable(dir string) error {
	return syscall.Access(dir, 2 /* W_OK */)
}

// fileWritable reports whether this process may write the file at path,
// without opening it: closing a descriptor of a database this process has
// open would drop SQLite's locks on it (see checkOurs).
func fileWritable(path string) error {
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		return &os.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// processRunning reports whether a process with this pid exists (signal 0
// checks without sending anything).
func processRunning(pid int) bool {
	proc, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = proc.Signal(syscall.Signal(0))
	return err == nil || err == syscall.EPERM
}
