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

const usage = `usage:
  spanmark [--db PATH]                         open the window
  spanmark import [--db PATH] [--annotator NAME] [--format F] [--labels FILE] PATH...
  spanmark export [--db PATH] --format F [--out PATH] [--gold] [--annotator NAME]
  spanmark agree  [--db PATH] [--json] [--label L]... [--annotator NAME]...
  spanmark stats  [--db PATH]

--db defaults to $SPANMARK_DB, else %s
import formats: %s (detected from extension and content)
export formats: %s
`

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

func usageText() string {
	return fmt.Sprintf(usage, config.DefaultDB(), strings.Join(formats.ImportFormats(), ", "), strings.Join(formats.ExportFormats(), ", "))
}

// run is the whole command line, so tests call it as a script would.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = runWindow(args, stderr)
	case "import":
		err = runImport(args, stdout, stderr)
	case "export":
		err = runExport(args, stdout, stderr)
	case "agree":
		err = runAgree(args, stdout)
	case "stats":
		err = runStats(args, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText())
		return exitOK
	default:
		err = errUsage{fmt.Sprintf("unknown command %q", cmd)}
	}
	return report(err, stderr)
}

// report prints err once and picks the exit status.
func report(err error, stderr io.Writer) int {
	var ue errUsage
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stderr, usageText())
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "spanmark: %s\n\n%s", ue.msg, usageText())
		return exitUsage
	case errors.Is(err, errReported):
		return exitError
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
				return nil, err
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

// openDB opens the project. The default database, when new, gets the
// sample article so that the window shows something real at once, in the
// transaction that creates it: a kill at any moment leaves a database with
// its labels and sample, or none.
func openDB(path string) (*store.DB, error) {
	var opt store.Options
	if path == "" {
		path = config.DefaultDB()
		opt.Seed = func(emit func(*annot.Record) error) error {
			return formats.ReadText(sample.Name, sample.Text, formats.Options{Annotator: config.Annotator()}, &formats.Sink{Record: emit})
		}
	}
	return store.OpenWith(path, opt)
}
