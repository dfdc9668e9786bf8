package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// release is the version in FyneApp.toml, which the packager stamps in
// with -ldflags "-X main.release=…" so that the binary and its package
// agree. A plain `go build` leaves it empty.
var release string

// versionText says which build this is, from the module information Go
// records in every binary: the module's version, the commit it was built
// from when the build saw a repository (it does not with -buildvcs=false),
// whether the tree had changes, and the Go toolchain and platform.
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Sprintf("spanmark %s\n%s %s/%s\n", or(release, "devel"), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	return formatVersion(release, bi)
}

func formatVersion(release string, bi *debug.BuildInfo) string {
	setting := map[string]string{}
	for _, s := range bi.Settings {
		setting[s.Key] = s.Value
	}
	mod := bi.Main.Version
	if mod == "(devel)" {
		mod = ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "spanmark %s\n", or(release, or(mod, "devel")))
	if mod != "" && release != "" {
		fmt.Fprintf(&b, "module   %s %s\n", bi.Main.Path, mod)
	}
	if rev := setting["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "commit   %s", rev)
		if t := setting["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if setting["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("commit   unknown (built without version control information)\n")
	}
	goos, goarch := or(setting["GOOS"], runtime.GOOS), or(setting["GOARCH"], runtime.GOARCH)
	fmt.Fprintf(&b, "built    with %s for %s/%s\n", or(bi.GoVersion, runtime.Version()), goos, goarch)
	return b.String()
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
