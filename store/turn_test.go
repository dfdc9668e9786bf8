package store

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
)

// A handle sees another handle's waiting writer, never its own, and the
// sign goes when the last of them stops waiting or the handle closes.
func TestTurnSign_SeenByOtherHandles(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "windows" {
		t.Skip("no turn sign on this platform: every commit leaves the gap")
	}
	path := filepath.Join(t.TempDir(), "turn.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.turn.othersWait() || a.turn.othersWait() {
		t.Fatal("a sign with nobody waiting")
	}
	a.turn.raise()
	a.turn.raise() // two writers of a wait
	if !b.turn.othersWait() {
		t.Error("b does not see a's waiting writers")
	}
	a.turn.lower()
	if !b.turn.othersWait() {
		t.Error("the sign went with one of a's two writers still waiting")
	}
	a.turn.lower()
	if b.turn.othersWait() {
		t.Error("the sign stayed after a's writers got their turn")
	}
	b.turn.raise()
	b.Close() // its descriptor goes back with its lock dropped
	if a.turn.othersWait() {
		t.Error("a closed handle's sign stayed")
	}

	// A third handle reuses b's descriptor; a's own connections keep
	// working, since no descriptor of the file was closed under them.
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.turn.raise()
	if !a.turn.othersWait() {
		t.Error("a does not see c's waiting writer")
	}
	c.turn.lower()
	if err := a.SetGuidelines(context.Background(), "# still writable"); err != nil {
		t.Fatal(err)
	}
}
