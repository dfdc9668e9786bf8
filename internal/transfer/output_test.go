package transfer_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

func exportTo(t *testing.T, out string) error {
	t.Helper()
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	_, err := transfer.Export(context.Background(), db, formats.Doccano, out, nil, annot.ExportFilter{}, nil, nil)
	return err
}

// Reproduction of issue 9.8: an export onto a named pipe replaced the
// pipe with a regular file, so the pipeline reading it got nothing. The
// export writes into the pipe, which stays a pipe.
func TestExport_IntoNamedPipe(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "p")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if err := exportTo(t, pipe); err != nil {
		t.Fatal(err)
	}
	select {
	case read := <-got:
		if strings.Count(read, "\n") != 3 || !strings.Contains(read, "Reuters said") {
			t.Fatalf("the reader of the pipe got %q", read)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was written into the pipe")
	}
	if info, err := os.Lstat(pipe); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe is now %v, %v", info.Mode(), err)
	}
}

// ... and `--out /dev/null` run as root replaced the machine's /dev/null
// with a regular file. A character device is written into, not replaced;
// a temporary copy of /dev/null (made only where mknod is allowed) keeps
// the test off the real one.
func TestExport_IntoDevice(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(1<<8|3)); err != nil {
		dev = os.DevNull // not root: writing to the real one cannot harm it
	}
	if err := exportTo(t, dev); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(dev)
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is now %v, %v", dev, info.Mode(), err)
	}
	if names, _ := os.ReadDir(filepath.Dir(dev)); dev != os.DevNull && len(names) != 1 {
		t.Fatalf("the folder holds %d files, want the device alone", len(names))
	}
}

// Exports are created 0666 less the umask, like any file a program makes,
// not 0600; a file replaced keeps its mode; a link is followed, so the
// file it names is replaced and the link stays.
func TestExport_Modes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.jsonl")
	if err := exportTo(t, fresh); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(fresh); info.Mode().Perm() != 0o644 {
		t.Errorf("a new export has mode %v, want 0644 (0666 less the umask 022)", info.Mode().Perm())
	}
	kept := filepath.Join(dir, "kept.jsonl")
	os.WriteFile(kept, []byte("old\n"), 0o640)
	os.Chmod(kept, 0o640)
	if err := exportTo(t, kept); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(kept); info.Mode().Perm() != 0o640 {
		t.Errorf("a replaced export has mode %v, want its old 0640", info.Mode().Perm())
	}
	link := filepath.Join(dir, "latest.jsonl")
	os.Symlink("kept.jsonl", link)
	if err := exportTo(t, link); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", info.Mode(), err)
	}
	if b, _ := os.ReadFile(kept); !strings.Contains(string(b), "Reuters said") {
		t.Fatalf("the file the link names holds %q", b)
	}
	if names, _ := os.ReadDir(dir); len(names) != 3 {
		t.Fatalf("the folder holds %d files, want 3 (no leftovers)", len(names))
	}
}
