// Command spanmark-package makes Spanmark's release packages from this
// source tree, in one command:
//
//	go run ./cmd/spanmark-package            # Linux .tar.gz and .deb, Windows .zip
//	go run ./cmd/spanmark-package -only linux
//	go run ./cmd/spanmark-package check -- spanmark
//	go run ./cmd/spanmark-package wineprep   # a Wine prefix that runs Go programs
//	go run ./cmd/spanmark-package check -- wine /tmp/spanmark-dist/spanmark.exe
//	go run ./cmd/spanmark-package icon       # redraw ui/icon.png
//
// It lives under cmd/ because the top level of the repository is fixed
// (cmd, ui, store, internal and the module files): a Go program needs no
// shell beyond the go command, runs the same on any Debian machine, and
// its parts are tested like the rest of the code.
//
// The name, ID, version and icon come from FyneApp.toml. Fyne's own
// `fyne package` is not used: it makes neither a .deb nor a zip with the
// licences, and its Windows build is a GUI-subsystem program, which loses
// the console that the subcommands write to (see
// cmd/spanmark/console_windows.go).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "spanmark-package: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:])
		case "wineprep":
			return runWinePrep()
		case "icon":
			return os.WriteFile(filepath.Join(repoRoot(), "ui", "icon.png"), iconPNG(iconSize), 0o644)
		}
	}
	fs := flag.NewFlagSet("spanmark-package", flag.ContinueOnError)
	out := fs.String("out", filepath.Join(os.TempDir(), "spanmark-dist"), "folder for the packages")
	only := fs.String("only", "", "linux or windows: build one platform's packages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unknown argument %q (commands: check, wineprep, icon)", fs.Arg(0))
	}
	if *only != "" && *only != "linux" && *only != "windows" {
		return fmt.Errorf("-only is linux or windows, not %q", *only)
	}
	root := repoRoot()
	meta, err := readMeta(filepath.Join(root, "FyneApp.toml"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	p := &packager{root: root, out: *out, meta: meta}
	var made []string
	step := func(name string, fn func() ([]string, error)) error {
		start := time.Now()
		files, err := fn()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Printf("%s: %.1f s\n", name, time.Since(start).Seconds())
		made = append(made, files...)
		return nil
	}
	if *only != "windows" {
		if err := step("linux", p.linux); err != nil {
			return err
		}
	}
	if *only != "linux" {
		if err := step("windows", p.windows); err != nil {
			return err
		}
	}
	for _, f := range made {
		info, err := os.Stat(f)
		if err != nil {
			return err
		}
		fmt.Printf("%8.1f MB  %s\n", float64(info.Size())/1e6, f)
	}
	return nil
}

// repoRoot is the module's root: the packager runs from anywhere inside it.
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "FyneApp.toml")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

var errNoTool = errors.New("not installed")
