package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/config"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/store"
)

// Exit statuses, as scripts rely on them.
const (
	exitOK    = 0
	exitError = 1 // the input or the database is wrong
	exitUsage = 2 // the command line is wrong
)

// errUsage marks a command-line mistake; its message is printed with the
// usage.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// run is the whole command line, so tests call it as a script would.
func run(args []string, stdout, stderr io.Writer) int {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	var c *command
	var err error
	switch {
	case name == "" && len(args) > 0 && (args[0] == "--version" || args[0] == "-version"):
		fmt.Fprint(stdout, versionText())
		return exitOK
	case name == "" && len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help"):
		err = runHelp(nil, stdout)
	case name == "":
		err = runWindow(args, stderr)
	case name == "help":
		err = runHelp(args, stdout)
	case commands[name] != nil:
		c = commands[name]
		err = c.run(args, stdout, stderr)
	default:
		err = errUsage{fmt.Sprintf("unknown command %q", name)}
	}
	return report(err, c, stdout, stderr)
}

// report prints err once and picks the exit status. c is the command that
// ran, if any, so that a usage error shows that command's usage.
func report(err error, c *command, stdout, stderr io.Writer) int {
	var ue errUsage
	var help *helpRequest
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &help) && c != nil:
		fmt.Fprint(stdout, commandHelp(c, help.fs))
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usageText())
		return exitOK
	case errors.As(err, &ue) && c != nil:
		fmt.Fprintf(stderr, "spanmark %s: %s\n\nusage: spanmark %s\nRun 'spanmark help %s' for its flags and examples.\n", c.name, ue.msg, c.usage, c.name)
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "spanmark: %s\n\n%s", ue.msg, usageText())
		return exitUsage
	case errors.Is(err, errReported):
		return exitError
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "spanmark: %v\n", err)
	return exitError
}

// errReported means the messages were printed already, file by file.
var errReported = errors.New("failed")

// flags parses a subcommand's flags, which may come before, between or
// after its paths, and returns the paths.
func flags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs}
			}
			return nil, errUsage{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// openDB opens the project: an SQLite file, or a team server for a
// postgres:// URL (openProject). The default database, when new, gets
// the sample article so that the window shows something real at once, in
// the transaction that creates it: a kill at any moment leaves a
// database with its labels and sample, or none. A team server is never
// seeded: it is the team's, set up on purpose.
func openDB(path string) (annot.Project, error) {
	var opt store.Options
	if path == "" {
		path = config.DefaultDB()
		opt.Seed = func(emit func(*annot.Record) error) error {
			return formats.ReadText(sample.Name, sample.Text, formats.Options{Annotator: config.Annotator()}, &formats.Sink{Record: emit})
		}
	}
	return openProject(path, opt)
}
