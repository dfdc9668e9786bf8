package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// packager builds the packages of one release into out.
type packager struct {
	root string // the repository
	out  string
	meta *meta
}

// goBuild builds cmd/spanmark for goos into bin. The release version is
// stamped in for `spanmark --version`; -buildvcs=auto overrides a
// GOFLAGS=-buildvcs=false so that the commit is recorded when there is a
// repository, and a build from a source tarball still works without one.
// extld, if given, goes to the C linker.
func (p *packager) goBuild(goos, bin string, env []string, extld string) error {
	ldflags := "-s -w -X main.release=" + p.meta.Details.Version
	if extld != "" {
		ldflags += " -extldflags=" + extld
	}
	args := []string{"build", "-trimpath", "-buildvcs=auto", "-ldflags", ldflags, "-o", bin, "./cmd/spanmark"}
	cmd := exec.Command("go", args...)
	cmd.Dir = p.root
	cmd.Env = append(os.Environ(), append([]string{"GOOS=" + goos, "GOARCH=amd64", "CGO_ENABLED=1"}, env...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// need finds a tool or says which Debian package brings it.
func need(tool, pkg string) (string, error) {
	path, err := exec.LookPath(tool)
	if err != nil {
		return "", fmt.Errorf("%s is %w: apt-get install %s", tool, errNoTool, pkg)
	}
	return path, nil
}

// output runs a command and returns its standard output, or an error
// with what it said on standard error.
func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

func (p *packager) base(platform string) string {
	return fmt.Sprintf("spanmark-%s-%s-amd64", p.meta.Details.Version, platform)
}
