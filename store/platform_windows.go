//go:build windows

package store

import (
	"os"
	"path/filepath"
	"strconv"
)

// dirWritable reports whether this process may create files in dir, as
// SQLite must for the journal files it keeps beside a database. Windows
// has no access(2) that tells; a file made and removed again does.
func dirWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".spanmark-check-"+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(filepath.Clean(name))
}

// fileWritable reports whether this process may write the file at path:
// opened for writing and closed again, which on Windows leaves other
// handles' locks alone.
func fileWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// processRunning reports whether a process with this pid exists: on
// Windows FindProcess opens a handle to it, which fails for a pid that
// no process has. A pid taken over by another process counts as running,
// which only keeps an interrupted import's hidden rows a little longer.
func processRunning(pid int) bool {
	proc, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	proc.Release()
	return true
}
