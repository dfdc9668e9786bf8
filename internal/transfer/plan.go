// Package transfer moves files into and out of a project: it finds the
// documents in the paths a user names (walking folders, pairing brat's
// .ann with its .txt, detecting formats), imports each file whole or not
// at all, and writes exports atomically. The command line and the window
// both use it, so both behave alike.
package transfer

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// Job is one file to import; for brat, the .ann with its .txt.
type Job struct {
	Path   string
	Text   string // brat only: the .txt beside Path
	Format string // "" until detected from the content
	// Labels renames the file's labels as it is imported, FROM to TO
	// (import --map), so that an imported ORG lands as the project's
	// ACTOR. Labels not in it keep their names.
	Labels map[string]string
}

// Plan turns the paths a user named into import jobs, in a stable order.
// Folders are walked (hidden entries skipped, symbolic links to folders
// followed once each); files of no known format inside a folder are
// listed in skipped, while a file named on its own that is of no known
// format is an error. A folder inside that cannot be read is listed in
// skipped with the reason, and the rest is still imported (PlanAll tells
// these apart). forced, if not "", is the format of every file, as
// --format gives it.
func Plan(paths []string, forced string) (jobs []Job, skipped []string, err error) {
	p, err := PlanAll(paths, forced)
	if err != nil {
		return nil, nil, err
	}
	skipped = p.Skipped
	for _, e := range p.Unreadable {
		skipped = append(skipped, e.Error())
	}
	return p.Jobs, skipped, nil
}

// Planned is what PlanAll found.
type Planned struct {
	Jobs []Job
	// Skipped are files inside folders that are of no known format.
	Skipped []string
	// Unreadable are the folders and links inside the named folders that
	// could not be read, each with its path and why; the rest is planned.
	Unreadable []error
}

// PlanAll is Plan with the folders it could not read apart from the
// files of no known format.
func PlanAll(paths []string, forced string) (*Planned, error) {
	if forced != "" && formats.ReaderFor(forced) == nil && forced != formats.Brat {
		return nil, annot.Errorf(annot.Invalid, "unknown import format %q (one of %s)", forced, strings.Join(formats.ImportFormats(), ", "))
	}
	pl := &planner{forced: forced, seen: map[string]bool{}, walked: map[string]bool{}, out: &Planned{}}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, &annot.Error{File: p, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
		}
		if !info.IsDir() {
			j, ok := planFile(p, forced, true)
			if !ok {
				// A database is named as one, whatever its name: naming
				// a format for it would only fail again.
				if head, err := readHead(p, len(sqliteHeader)); err == nil && bytes.Equal(head, sqliteHeader) {
					return nil, notAnImport(p)
				}
				return nil, &annot.Error{File: p, Kind: annot.Invalid,
					Msg: "no known format by its extension; name one with --format (" + strings.Join(formats.ImportFormats(), ", ") + ")"}
			}
			pl.add(j)
			continue
		}
		if _, err := os.ReadDir(p); err != nil {
			return nil, &annot.Error{File: p, Kind: annot.Invalid, Msg: "cannot read this folder", Err: unwrapPathError(err)}
		}
		pl.walk(p)
	}
	return pl.out, nil
}

// readDir lists a folder; tests replace it to make one unreadable, which
// permissions cannot do for root.
var readDir = os.ReadDir

type planner struct {
	forced string
	seen   map[string]bool // job paths, to plan each file once
	walked map[string]bool // real paths of folders, so a link loop ends
	out    *Planned
}

func (pl *planner) add(j Job) {
	if !pl.seen[j.Path] {
		pl.seen[j.Path] = true
		pl.out.Jobs = append(pl.out.Jobs, j)
	}
}

// walk plans a folder's files in name order, going into its folders (and
// the folders its links point to) as it meets them.
func (pl *planner) walk(dir string) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if pl.walked[real] {
			return
		}
		pl.walked[real] = true
	}
	entries, err := readDir(dir)
	if err != nil {
		pl.out.Unreadable = append(pl.out.Unreadable, &annot.Error{File: dir, Kind: annot.Invalid, Msg: "cannot read this folder; skipped", Err: unwrapPathError(err)})
		return
	}
	for _, d := range entries {
		path := filepath.Join(dir, d.Name())
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		isDir := d.IsDir()
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				pl.out.Unreadable = append(pl.out.Unreadable, &annot.Error{File: path, Kind: annot.Invalid, Msg: "a link to nothing that can be read; skipped", Err: unwrapPathError(err)})
				continue
			}
			isDir = info.IsDir()
		}
		if isDir {
			pl.walk(path)
			continue
		}
		if isBoilerplate(d.Name()) {
			pl.out.Skipped = append(pl.out.Skipped, path)
			continue
		}
		j, ok := planFile(path, pl.forced, false)
		switch {
		case !ok:
			pl.out.Skipped = append(pl.out.Skipped, path)
		case j.Path != "":
			pl.add(j)
		}
	}
}

// planFile decides how to read one file. It returns ok=false for a file of
// no known format, and an empty job for a .txt that its .ann will bring.
func planFile(path, forced string, named bool) (Job, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	base := strings.TrimSuffix(path, filepath.Ext(path))
	switch {
	case forced == formats.Brat || (forced == "" && ext == ".ann"):
		if ext != ".ann" {
			if exists(base + ".ann") {
				return Job{Path: base + ".ann", Text: path, Format: formats.Brat}, true
			}
			return Job{Path: path + ".ann", Text: path, Format: formats.Brat}, true
		}
		return Job{Path: path, Text: base + ".txt", Format: formats.Brat}, true
	case forced != "":
		return Job{Path: path, Format: forced}, true
	case ext == ".txt" && exists(base+".ann"):
		if named {
			return Job{Path: base + ".ann", Text: path, Format: formats.Brat}, true
		}
		return Job{}, true // its .ann brings it
	}
	f := formats.Detect(path, nil)
	switch ext {
	case ".json", ".jsonl", ".ndjson":
		return Job{Path: path}, true // detected from content when read
	}
	if f == "" || formats.ReaderFor(f) == nil {
		return Job{}, false
	}
	return Job{Path: path, Format: f}, true
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// unwrapPathError drops the path that os adds, since the message names it.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// isBoilerplate spots the licence and notice files that sit beside
// corpora; inside a folder they are not articles, though a .md one would
// otherwise be imported as one. Named on its own, such a file is imported.
func isBoilerplate(name string) bool {
	base := strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name)))
	switch base {
	case "LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "CHANGELOG":
		return true
	}
	return false
}
