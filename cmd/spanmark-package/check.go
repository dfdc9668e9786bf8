package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// runCheck runs a built spanmark (the installed package's, or the .exe
// under Wine) through round trips on the shared corpora, in a folder whose
// name has spaces and Devanagari, and prints one line a check and the
// count passed and failed. It exits non-zero if any failed.
//
//	spanmark-package check -- spanmark
//	spanmark-package check -- wine /tmp/spanmark-dist/spanmark.exe
func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	corpora := fs.String("corpora", filepath.Join(repoRoot(), "..", "shared", "corpora"), "the shared corpora")
	keep := fs.Bool("keep", false, "keep the working folder, and say where it is")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cmd := fs.Args()
	if len(cmd) == 0 {
		return errors.New("check needs the command to test after --, e.g. check -- wine spanmark.exe")
	}
	work, err := os.MkdirTemp("", "spanmark-check-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Printf("working in %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	c := &checker{cmd: cmd, work: work, corpora: *corpora}
	passed, failed := c.all()
	fmt.Printf("check: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed for %s", failed, passed+failed, strings.Join(cmd, " "))
	}
	return nil
}

// checker runs the command under test from work, naming files by paths
// relative to it, so that the same paths work under Wine.
type checker struct {
	cmd     []string
	work    string
	corpora string
}

// dir is the folder the checks keep their files in: spaces and
// Devanagari in a path are what a Windows user's Documents folder has.
const dir = "corpus with spaces नमूना"

type result struct {
	code           int
	stdout, stderr string
}

func (c *checker) run(args ...string) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.cmd[0], append(c.cmd[1:], args...)...)
	cmd.Dir = c.work
	// A UTF-8 locale, so that Wine passes the Devanagari in paths on.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "SPANMARK_DB=", "WINEDEBUG=-all")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		return r, fmt.Errorf("%s: %w", strings.Join(c.cmd, " "), err)
	}
	return r, nil
}

// must runs a command that should succeed.
func (c *checker) must(args ...string) (result, error) {
	r, err := c.run(args...)
	if err == nil && r.code != 0 {
		err = fmt.Errorf("spanmark %s: exit status %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r, err
}

func (c *checker) copyIn(from, to string) error {
	data, err := os.ReadFile(filepath.Join(c.corpora, from))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(c.work, dir, to), data, 0o644)
}

func (c *checker) read(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(c.work, dir, name))
}

func (c *checker) all() (passed, failed int) {
	if err := os.MkdirAll(filepath.Join(c.work, dir), 0o755); err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		return 0, 1
	}
	for _, ck := range checks {
		start := time.Now()
		what, err := ck.fn(c)
		if err != nil {
			failed++
			fmt.Printf("FAIL %-34s %v\n", ck.name, err)
			continue
		}
		if strings.HasPrefix(what, "skipped") {
			fmt.Printf("skip %-34s %s\n", ck.name, what)
			continue
		}
		passed++
		fmt.Printf("ok   %-34s %s (%.1f s)\n", ck.name, what, time.Since(start).Seconds())
	}
	return passed, failed
}
