// Package transfer moves files into and out of a project: it finds the
// documents in the paths a user names (walking folders, pairing brat's
// .ann with its .txt, detecting formats), imports each file whole or not
// at all, and writes exports atomically. The command line and the window
// both use it, so both behave alike.
package transfer

import (
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
// Folders are walked (hidden entries skipped); files of no known format
// inside a folder are listed in skipped, while a file named on its own
// that is of no known format is an error. forced, if not "", is the
// format of every file, as --format gives it.
func Plan(paths []string, forced string) (jobs []Job, skipped []string, err error) {
	if forced != "" && formats.ReaderFor(forced) == nil && forced != formats.Brat {
		return nil, nil, annot.Errorf(annot.Invalid, "unknown import format %q (one of %s)", forced, strings.Join(formats.ImportFormats(), ", "))
	}
	seen := map[string]bool{}
	add := func(j Job) {
		if !seen[j.Path] {
			seen[j.Path] = true
			jobs = append(jobs, j)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, &annot.Error{File: p, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
		}
		if !info.IsDir() {
			j, ok := planFile(p, forced, true)
			if !ok {
				return nil, nil, &annot.Error{File: p, Kind: annot.Invalid,
					Msg: "no known format by its extension; name one with --format (" + strings.Join(formats.ImportFormats(), ", ") + ")"}
			}
			add(j)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if isBoilerplate(d.Name()) {
				skipped = append(skipped, path)
				return nil
			}
			j, ok := planFile(path, forced, false)
			switch {
			case !ok:
				skipped = append(skipped, path)
			case j.Path != "":
				add(j)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return jobs, skipped, nil
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
