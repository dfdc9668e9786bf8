package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/internal/formats"
)

// A command is one subcommand. Its usage line, description and examples
// are declared beside its code, in one place, and `spanmark help`,
// `spanmark help NAME`, `spanmark NAME --help` and the usage printed after
// a wrong command line are all made from it. A new subcommand adds a file
// with its run function and one register call; nothing else changes.
// Long work takes a --quiet flag and draws its bar with internal/progress
// (progress.Start(stderr, progress.Enabled(stderr, *quiet), …)), and ends
// with errInterrupted after Ctrl+C (see commands.go's interruptible).
type command struct {
	name     string
	summary  string // one line, for the list of commands
	usage    string // the synopsis after "spanmark ", e.g. "import [--db PATH] PATH..."
	about    string // what it does, a paragraph or two; may be empty
	examples []example
	// run parses args with a flag.FlagSet through flags(), so that --help
	// returns before any work is done and lists the flags.
	run func(args []string, stdout, stderr io.Writer) error
}

// An example is a command line a user can copy, with what it does.
type example struct {
	line string // starts with "spanmark NAME"
	does string
}

var commands = map[string]*command{}

// register adds a subcommand; it is called from the init function of the
// file that implements it.
func register(c *command) {
	if _, dup := commands[c.name]; dup || c.name == "" || c.run == nil {
		panic("spanmark: bad or duplicate command " + c.name)
	}
	commands[c.name] = c
}

// listOrder is the order of the command line in the design; a command
// not named here is listed after these, alphabetically.
var listOrder = []string{"import", "export", "merge", "agree", "review", "suggest", "sync", "assign", "stats"}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	rank := func(n string) int {
		if i := slices.Index(listOrder, n); i >= 0 {
			return i
		}
		return len(listOrder)
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	return names
}

// usageText is the overview: every command's synopsis and what --db means.
func usageText() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	fmt.Fprintf(&b, "  %-44s open the window\n", "spanmark [--db PATH]")
	for _, n := range commandNames() {
		fmt.Fprintf(&b, "  spanmark %s\n", commands[n].usage)
	}
	fmt.Fprintf(&b, "  %-44s a command's flags and examples\n", "spanmark help [COMMAND]")
	fmt.Fprintf(&b, "  %-44s the version and the commit it was built from\n\ncommands:\n", "spanmark --version")
	for _, n := range commandNames() {
		fmt.Fprintf(&b, "  %-8s %s\n", n, commands[n].summary)
	}
	b.WriteString("\n")
	b.WriteString(commonText())
	b.WriteString("Run 'spanmark help COMMAND' for its flags and examples.\n")
	return b.String()
}

func commonText() string {
	return fmt.Sprintf("--db defaults to $SPANMARK_DB, else %s\nimport formats: %s (detected from extension and content)\nexport formats: %s\n",
		config.DefaultDB(), strings.Join(formats.ImportFormats(), ", "), strings.Join(formats.ExportFormats(), ", "))
}

// commandHelp is one command's page: synopsis, description, flags (when
// fs, the command's own flag set, is known) and examples.
func commandHelp(c *command, fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: spanmark %s\n\n%s\n", c.usage, c.summary)
	if c.about != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.about))
	}
	if fs != nil {
		b.WriteString("\nflags:\n")
		writeFlags(&b, fs)
	}
	if len(c.examples) > 0 {
		b.WriteString("\nexamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(&b, "  %s\n      %s\n", e.line, e.does)
		}
	}
	b.WriteString("\n")
	b.WriteString(commonText())
	return b.String()
}

// writeFlags lists flags with two dashes, as the examples write them.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		if v, ok := valueNames[f.Name]; ok && name == "string" {
			name = v
		}
		left := "--" + f.Name
		if name != "" {
			left += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" {
			use += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-20s %s\n", left, use)
	})
}

// valueNames are the placeholders the usage lines use for common flags
// values; a flag can name its own with backquotes in its usage string.
var valueNames = map[string]string{"db": "PATH", "out": "PATH", "annotator": "NAME", "reviewer": "NAME",
	"format": "F", "label": "L", "server": "URL", "patterns": "FILE", "doc": "ID"}

// helpRequest is what flags() returns for -h/--help: it carries the
// command's flag set so that its help page can list the flags.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return "help requested" }
func (h *helpRequest) Unwrap() error { return flag.ErrHelp }

// runHelp prints the overview, or one command's page.
func runHelp(args []string, stdout io.Writer) error {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usageText())
		return nil
	case 1:
		c, ok := commands[args[0]]
		if !ok {
			return errUsage{msg: fmt.Sprintf("no command %q to help with", args[0])}
		}
		fmt.Fprint(stdout, commandHelp(c, flagSetOf(c)))
		return nil
	}
	return errUsage{msg: "help takes one command name"}
}

// flagSetOf asks the command for its flags by running it with --help,
// which every command answers before it opens anything.
func flagSetOf(c *command) *flag.FlagSet {
	var h *helpRequest
	if err := c.run([]string{"--help"}, io.Discard, io.Discard); errors.As(err, &h) {
		return h.fs
	}
	return nil
}
