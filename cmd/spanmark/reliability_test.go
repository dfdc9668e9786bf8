package main

import (
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Reproduction of issue 9.4, as the issue gives it:
// sqlite3 o.db 'create table t(x)'; spanmark stats --db o.db; sqlite3 o.db 'pragma journal_mode'
func TestCLI_AnotherProgramsSQLiteStaysAsItWas(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "o.db")
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE t(x)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	r := spanmark(t, "stats", "--db", db)
	if r.code != exitError || !strings.Contains(r.stderr, db+": an SQLite file of another program") {
		t.Fatalf("%v", r)
	}
	raw, _ = sql.Open("sqlite3", "file:"+db)
	defer raw.Close()
	var mode string
	if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "delete" {
		t.Fatalf("journal mode %q (%v), want delete as before", mode, err)
	}
}

// Reproduction of issue 9.8, as the issue gives it:
// mkfifo p; (cat p >/dev/null &); spanmark export --format doccano --out p; ls -l p
func TestCLI_ExportIntoNamedPipe(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "p.db")
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("The ministry said exports would fall.\n"), 0o644)
	mustSpanmark(t, "import", "--db", db, article)
	pipe := filepath.Join(dir, "p")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	mustSpanmark(t, "export", "--db", db, "--format", "doccano", "--out", pipe)
	select {
	case s := <-got:
		if !strings.Contains(s, "The ministry said") {
			t.Fatalf("the pipe's reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing came through the pipe")
	}
	if info, err := os.Lstat(pipe); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("p is now %v (%v)", info.Mode(), err)
	}
}

// Reproduction of issue 9.1 from the command line: the default database
// starts with its labels and the sample in one transaction, so a first
// open that fails part-way (here: the sample cannot be read because the
// database folder is replaced) leaves nothing, and the next has it all.
func TestCLI_DefaultDatabaseHasLabelsAndSample(t *testing.T) {
	cliEnv(t)
	out := mustSpanmark(t, "stats")
	if !strings.Contains(out, "documents: 1") {
		t.Fatalf("a new default database:\n%s", out)
	}
	out = mustSpanmark(t, "stats")
	if !strings.Contains(out, "documents: 1") {
		t.Fatalf("reopened, the sample is stored twice or lost:\n%s", out)
	}
}
