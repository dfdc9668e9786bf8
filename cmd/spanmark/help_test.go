package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

// Every command's help page has its usage, its flags and examples, and
// every example parses with that command's own flags, so an example
// cannot name a flag that does not exist.
func TestHelp_EveryCommand(t *testing.T) {
	cliEnv(t)
	if len(commands) < 3 {
		t.Fatalf("only %d commands registered", len(commands))
	}
	for _, name := range commandNames() {
		t.Run(name, func(t *testing.T) {
			c := commands[name]
			r := spanmark(t, "help", name)
			if r.code != exitOK {
				t.Fatalf("help %s: %v", name, r)
			}
			for _, want := range []string{"usage: spanmark " + name, "flags:\n  --", "examples:\n  spanmark " + name} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("help %s lacks %q:\n%s", name, want, r.stdout)
				}
			}
			if same := spanmark(t, name, "--help"); same.code != exitOK || same.stdout != r.stdout {
				t.Errorf("%s --help differs from help %s: %v", name, name, same)
			}
			fs := flagSetOf(c)
			for _, e := range c.examples {
				args := strings.Fields(e.line)
				if len(args) < 2 || args[0] != "spanmark" || args[1] != name {
					t.Errorf("example %q does not start with spanmark %s", e.line, name)
					continue
				}
				if i := indexAny(args, ">", "|"); i >= 0 {
					args = args[:i]
				}
				if _, err := flags(fs, args[2:]); err != nil {
					t.Errorf("example %q: %v", e.line, err)
				}
				if e.does == "" {
					t.Errorf("example %q says nothing of what it does", e.line)
				}
			}
			if !strings.Contains(usageText(), "spanmark "+c.usage) || !strings.Contains(usageText(), c.summary) {
				t.Errorf("the overview lacks %s", name)
			}
		})
	}
}

func indexAny(args []string, words ...string) int {
	for i, a := range args {
		for _, w := range words {
			if a == w {
				return i
			}
		}
	}
	return -1
}

func TestHelp_Errors(t *testing.T) {
	cliEnv(t)
	if r := spanmark(t, "help", "frobnicate"); r.code != exitUsage || !strings.Contains(r.stderr, `no command "frobnicate"`) {
		t.Errorf("help for an unknown command: %v", r)
	}
	// A usage error in a command shows that command's usage, not all.
	r := spanmark(t, "export", "--format", "xml")
	if !strings.Contains(r.stderr, "usage: spanmark export") || strings.Contains(r.stderr, "spanmark import") {
		t.Errorf("export's usage error:\n%s", r.stderr)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--help"}, &out, &errOut); code != exitOK || !strings.Contains(out.String(), "commands:") {
		t.Errorf("--help: %d\n%s%s", code, out.String(), errOut.String())
	}
}

func TestVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--version"}, &out, &errOut); code != exitOK || !strings.HasPrefix(out.String(), "spanmark ") {
		t.Errorf("--version: %d %q %q", code, out.String(), errOut.String())
	}
	bi := func(version string, settings ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "app.spanmark.org/spanmark", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return b
	}
	tests := []struct {
		name    string
		release string
		bi      *debug.BuildInfo
		want    string
	}{
		{"Release", "0.1.0", bi("v0.0.0-20261127102200-89bfc5c1a2b3", "vcs.revision", "89bfc5c1a2b3ffff", "vcs.time", "2026-11-27T10:22:00Z", "vcs.modified", "false", "GOOS", "windows", "GOARCH", "amd64"),
			"spanmark 0.1.0\nmodule   app.spanmark.org/spanmark v0.0.0-20261127102200-89bfc5c1a2b3\ncommit   89bfc5c1a2b3ffff (2026-11-27T10:22:00Z)\nbuilt    with go1.26.8 for windows/amd64\n"},
		{"GoRunInACheckout", "", bi("v0.0.0-20261127102200-89bfc5c1a2b3+dirty", "vcs.revision", "89bfc5c1a2b3ffff", "vcs.modified", "true", "GOOS", "linux", "GOARCH", "amd64"),
			"spanmark v0.0.0-20261127102200-89bfc5c1a2b3+dirty\ncommit   89bfc5c1a2b3ffff, with uncommitted changes\nbuilt    with go1.26.8 for linux/amd64\n"},
		{"NoVCS", "", bi("(devel)", "GOOS", "linux", "GOARCH", "amd64"),
			"spanmark devel\ncommit   unknown (built without version control information)\nbuilt    with go1.26.8 for linux/amd64\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.release, tt.bi); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
