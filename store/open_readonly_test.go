//go:build !windows

package store_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// Reproduction of issue 9.7: a read-only database was reported against
// the file being imported ("data.jsonl:1: attempt to write a readonly
// database") and left -wal and -shm files behind. It is refused at open,
// naming the database, before SQLite creates anything. Root may write any
// file, so the open runs in a child process as nobody.
func TestOpen_ReadOnlyDatabase(t *testing.T) {
	dir, err := os.MkdirTemp("", "spanmark-ro")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "ro.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, db, record("Stored before the file was made read-only.", "asha"))
	db.Close()
	for _, f := range []string{path, dir} {
		os.Chmod(f, 0o555)
	}
	defer os.Chmod(dir, 0o755)
	// The test binary, where another user can run it.
	bin := filepath.Join(t.TempDir(), "child")
	if self, err := os.ReadFile(os.Args[0]); err != nil || os.WriteFile(bin, self, 0o755) != nil {
		t.Fatal("cannot copy the test binary:", err)
	}
	for d := filepath.Dir(bin); d != "/" && os.Geteuid() == 0; d = filepath.Dir(d) {
		if info, err := os.Stat(d); err == nil && info.Mode().Perm()&0o005 == 0 && strings.HasPrefix(d, os.TempDir()) {
			os.Chmod(d, info.Mode().Perm()|0o005)
		}
	}
	child := exec.Command(bin, "-test.run=^TestOpen_ReadOnlyChild$")
	child.Env = append(os.Environ(), "SPANMARK_RO_CHILD="+path)
	if os.Geteuid() == 0 {
		child.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := child.CombinedOutput()
	if err != nil && len(out) == 0 {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "open: "+path+": the database is read-only") {
		t.Fatalf("the child said:\n%s", out)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("the folder holds %v, want the database alone", names)
	}
}

// TestOpen_ReadOnlyChild is not a test: TestOpen_ReadOnlyDatabase runs it
// as another user.
func TestOpen_ReadOnlyChild(t *testing.T) {
	path := os.Getenv("SPANMARK_RO_CHILD")
	if path == "" {
		t.Skip("run by TestOpen_ReadOnlyDatabase")
	}
	db, err := store.Open(path)
	if err == nil {
		_, err = db.CreateLabel(ctx, annot.Label{Name: "X", Color: "#123456"})
		db.Close()
	}
	t.Logf("open: %v", err)
	os.Stdout.WriteString("open: " + errString(err) + "\n")
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
