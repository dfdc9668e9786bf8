package main

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

//go:embed wine/bcryptprimitives.c
var bcryptShim []byte

// runWinePrep makes a Wine prefix able to run Go programs: it creates the
// prefix if there is none, and on a Wine without bcryptprimitives.dll
// (Wine 8, Debian 12's) compiles wine/bcryptprimitives.c into it. It
// changes the prefix only, never the packages.
func runWinePrep() error {
	if _, err := need("wine", "wine wine64"); err != nil {
		return err
	}
	prefix := os.Getenv("WINEPREFIX")
	if prefix == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		prefix = filepath.Join(home, ".wine")
	}
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(sys32); errors.Is(err, os.ErrNotExist) {
		boot := exec.Command("wineboot", "--init")
		boot.Env = append(os.Environ(), "WINEDEBUG=-all", "WINEPREFIX="+prefix)
		if out, err := boot.CombinedOutput(); err != nil {
			return fmt.Errorf("wineboot --init: %w\n%s", err, out)
		}
	}
	dll := filepath.Join(sys32, "bcryptprimitives.dll")
	if _, err := os.Stat(dll); err == nil {
		fmt.Printf("%s has bcryptprimitives.dll\n", prefix)
		return nil
	}
	work, err := os.MkdirTemp("", "spanmark-wine-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	src := filepath.Join(work, "bcryptprimitives.c")
	if err := os.WriteFile(src, bcryptShim, 0o644); err != nil {
		return err
	}
	if _, err := output(work, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", dll, src, "-ladvapi32"); err != nil {
		return err
	}
	fmt.Printf("added %s (ProcessPrng, for Go programs on this Wine)\n", dll)
	return nil
}
