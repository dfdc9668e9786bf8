package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBinary_QuietUnderCLocale runs the real binary under the C.UTF-8
// locale of containers and CI machines: a pipeline's stderr must hold
// nothing but Spanmark's own messages.
func TestBinary_QuietUnderCLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "spanmark")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, env := range []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LANG=C"} {
		cmd := exec.Command(bin, "stats", "--db", filepath.Join(dir, "p.db"))
		cmd.Env = append(os.Environ(), "LC_ALL=", "LANGUAGE=", "LC_MESSAGES=", env, "XDG_CONFIG_HOME="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", env, err, stderr.String())
		}
		if stderr.Len() > 0 {
			t.Errorf("%s: stderr is not empty:\n%s", env, stderr.String())
		}
	}
}
