package transfer

import (
	"os"
	"testing"
)

// SetReadDir replaces how folders are listed for the rest of a test.
func SetReadDir(t *testing.T, f func(string) ([]os.DirEntry, error)) {
	old := readDir
	readDir = f
	t.Cleanup(func() { readDir = old })
}
