package main

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// A licence is one licence text shipped with a package, under a file
// name that says whose it is.
type licence struct {
	module string // the Go module or the work it covers
	file   string // "github.com_mattn_go-sqlite3_LICENSE"
	text   []byte
}

// licenceName matches the files in a module that carry its licence or
// a notice: LICENSE, LICENCE.md, COPYING, NOTICE, PATENTS, UNLICENSE.
var licenceName = regexp.MustCompile(`(?i)^(un)?licen[cs]e|^copying|^notice|^patents`)

// licences gathers the licence of every module linked into bin (from the
// module list Go records in it, so a module that only tests use is not
// named), the font's and SQLite's. A linked module with no licence file
// stops the build rather than ship without it.
func (p *packager) licences(bin string) ([]licence, error) {
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var mods []string
	for _, d := range bi.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		mods = append(mods, d.Path+"@"+d.Version)
	}
	dirs, err := moduleDirs(p.root, mods)
	if err != nil {
		return nil, err
	}
	var out []licence
	for _, m := range mods {
		path := strings.Split(m, "@")[0]
		found, err := licenceFiles(path, dirs[m])
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("module %s has no licence file in %s: add its licence before shipping it", m, dirs[m])
		}
		out = append(out, found...)
		if path == "github.com/mattn/go-sqlite3" {
			l, err := sqliteNotice(dirs[m])
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
	}
	goroot, err := output(p.root, "go", "env", "GOROOT")
	if err != nil {
		return nil, err
	}
	root := strings.TrimSpace(goroot)
	extra := []struct{ module, file, path string }{
		{"Go (runtime and standard library)", "go_LICENSE.txt", filepath.Join(root, "LICENSE")},
		{"Go (runtime and standard library)", "go_PATENTS.txt", filepath.Join(root, "PATENTS")},
		{"Noto Sans Devanagari (ui/fonts)", "NotoSansDevanagari_OFL.txt", filepath.Join(p.root, "ui", "fonts", "OFL.txt")},
	}
	if goosOf(bi) == "windows" {
		// The MinGW-w64 start-up code linked into every .exe (ZPL 2.1,
		// which asks for its notice with the binary).
		extra = append(extra, struct{ module, file, path string }{"mingw-w64 runtime", "mingw-w64_runtime_copyright.txt", "/usr/share/doc/mingw-w64-x86-64-dev/copyright"})
	}
	for _, e := range extra {
		text, err := os.ReadFile(e.path)
		if err != nil {
			return nil, err
		}
		out = append(out, licence{module: e.module, file: e.file, text: text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out, nil
}

// moduleDirs finds each module's folder in the module cache; the build
// just used them, so nothing is downloaded.
func moduleDirs(root string, mods []string) (map[string]string, error) {
	cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, mods...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go mod download: %w\n%s", err, stderr.String())
	}
	dirs := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m struct{ Path, Version, Dir, Error string }
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if m.Error != "" {
			return nil, fmt.Errorf("go mod download %s@%s: %s", m.Path, m.Version, m.Error)
		}
		dirs[m.Path+"@"+m.Version] = m.Dir
	}
	return dirs, nil
}

func goosOf(bi *buildinfo.BuildInfo) string {
	for _, s := range bi.Settings {
		if s.Key == "GOOS" {
			return s.Value
		}
	}
	return ""
}

// licenceFiles finds the licence files of a module: at its top, and in
// folders of code it bundles (GLFW's C sources inside go-gl/glfw), but
// not in test data, and each text once.
func licenceFiles(module, dir string) ([]licence, error) {
	var found []licence
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "testdata" || n == "vendor" || (n != "." && strings.HasPrefix(n, ".") && path != dir) {
				return filepath.SkipDir
			}
			return nil
		}
		if !licenceName.MatchString(d.Name()) || strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil || seen[string(text)] {
			return err
		}
		seen[string(text)] = true
		rel, _ := filepath.Rel(dir, path)
		name := strings.NewReplacer("/", "_", "\\", "_").Replace(module + "/" + filepath.ToSlash(rel))
		if filepath.Ext(d.Name()) == "" {
			name += ".txt"
		}
		found = append(found, licence{module: module, file: name, text: text})
		return nil
	})
	return found, err
}

// sqliteNotice is SQLite's dedication to the public domain, as its source
// (compiled into go-sqlite3) states it: go-sqlite3's MIT licence covers
// the Go binding, not SQLite.
func sqliteNotice(dir string) (licence, error) {
	src, err := os.ReadFile(filepath.Join(dir, "sqlite3-binding.c"))
	if err != nil {
		return licence{}, err
	}
	start := bytes.Index(src, []byte("The author disclaims copyright"))
	if start < 0 {
		return licence{}, fmt.Errorf("%s: SQLite's public-domain notice not found", dir)
	}
	end := bytes.Index(src[start:], []byte("*****"))
	if end < 0 {
		return licence{}, fmt.Errorf("%s: end of SQLite's notice not found", dir)
	}
	var b strings.Builder
	b.WriteString("SQLite (compiled into Spanmark through github.com/mattn/go-sqlite3) is in the public domain.\nFrom the head of its source, sqlite3.c:\n\n")
	for _, line := range strings.Split(string(src[start:start+end]), "\n") {
		b.WriteString(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "**")))
		b.WriteString("\n")
	}
	return licence{module: "SQLite", file: "SQLite_public_domain.txt", text: []byte(strings.TrimRight(b.String(), "\n") + "\n")}, nil
}
