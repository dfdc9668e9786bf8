package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// linux builds the binary and makes the tarball and the .deb from it.
func (p *packager) linux() ([]string, error) {
	work, err := os.MkdirTemp("", "spanmark-linux-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "spanmark")
	if err := p.goBuild("linux", bin, nil, ""); err != nil {
		return nil, err
	}
	lic, err := p.licences(bin)
	if err != nil {
		return nil, err
	}
	tgz, err := p.tarball(bin, lic)
	if err != nil {
		return nil, err
	}
	deb, err := p.deb(work, bin, lic)
	if err != nil {
		return nil, err
	}
	return []string{tgz, deb}, nil
}

// tarball is spanmark-VERSION-linux-amd64.tar.gz: a prefix tree (bin,
// share) and install.sh, which copies it into ~/.local, or /usr/local
// when run as root, or PREFIX.
func (p *packager) tarball(bin string, lic []licence) (string, error) {
	top := p.base("linux") + "/"
	var files []tarFile
	add := func(name string, mode int64, data []byte) {
		files = append(files, tarFile{name: top + name, mode: mode, data: data})
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	add("bin/spanmark", 0o755, exe)
	add("share/applications/"+p.meta.Details.ID+".desktop", 0o644, []byte(desktopEntry(p.meta, "spanmark")))
	for _, s := range iconSizes {
		add(fmt.Sprintf("share/icons/hicolor/%dx%d/apps/%s.png", s, s, p.meta.Details.ID), 0o644, iconPNG(s))
	}
	for _, l := range lic {
		add("share/doc/spanmark/licences/"+l.file, 0o644, l.text)
	}
	add("install.sh", 0o755, []byte(installScript(p.meta)))
	add("README.txt", 0o644, []byte(tarballReadme(p.meta, p.base("linux"))))
	out := filepath.Join(p.out, p.base("linux")+".tar.gz")
	return out, writeTarGz(out, files)
}

// deb is spanmark_VERSION-BUILD_amd64.deb. Its Depends line is found,
// not kept by hand: what dpkg-shlibdeps finds the binary linked against
// (libc6, libgl1, libx11-6), and the X libraries GLFW opens at run time
// (cursors, monitors, input), which only the binary's strings name.
func (p *packager) deb(work, bin string, lic []licence) (string, error) {
	if _, err := need("dpkg-deb", "dpkg"); err != nil {
		return "", err
	}
	linked, err := shlibDepends(work, bin)
	if err != nil {
		return "", err
	}
	opened, err := dlopenDepends(bin)
	if err != nil {
		return "", err
	}
	depends := mergeDepends(linked, opened)
	root := filepath.Join(work, "deb")
	id := p.meta.Details.ID
	put := func(name string, mode os.FileMode, data []byte) error {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			return err
		}
		return os.Chmod(path, mode) // whatever the umask
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	if err := put("usr/bin/spanmark", 0o755, exe); err != nil {
		return "", err
	}
	if err := put("usr/share/applications/"+id+".desktop", 0o644, []byte(desktopEntry(p.meta, "spanmark"))); err != nil {
		return "", err
	}
	for _, s := range iconSizes {
		if err := put(fmt.Sprintf("usr/share/icons/hicolor/%dx%d/apps/%s.png", s, s, id), 0o644, iconPNG(s)); err != nil {
			return "", err
		}
	}
	if err := put("usr/share/doc/spanmark/copyright", 0o644, []byte(debCopyright(p.meta, lic))); err != nil {
		return "", err
	}
	size, err := dirKiB(root)
	if err != nil {
		return "", err
	}
	control := strings.Join([]string{
		"Package: spanmark",
		"Version: " + p.meta.debVersion(),
		"Architecture: amd64",
		"Maintainer: Spanmark developers <dev@spanmark.org>",
		fmt.Sprintf("Installed-Size: %d", size),
		"Depends: " + depends,
		"Section: text",
		"Priority: optional",
		"Homepage: " + p.meta.Website,
		"Description: tag claims, actors and sources in news text",
		" Spanmark is a desktop app for analysts who read news in any language and",
		" script, tag spans of text as CLAIM, ACTOR or SOURCE, link each claim to",
		" who made it and on whose authority, review each other's tags, and export",
		" the result as JSONL training data (spaCy, Prodigy, doccano, Label Studio,",
		" brat, CoNLL). The spanmark command also imports and exports without a window.",
	}, "\n") + "\n"
	if err := put("DEBIAN/control", 0o644, []byte(control)); err != nil {
		return "", err
	}
	out := filepath.Join(p.out, fmt.Sprintf("spanmark_%s_amd64.deb", p.meta.debVersion()))
	if _, err := output(work, "dpkg-deb", "--root-owner-group", "--build", root, out); err != nil {
		return "", err
	}
	return out, nil
}

// shlibDepends asks dpkg-shlibdeps which packages provide the shared
// libraries bin needs, with the least versions its symbols call for.
func shlibDepends(work, bin string) ([]string, error) {
	tool, err := need("dpkg-shlibdeps", "dpkg-dev")
	if err != nil {
		return nil, err
	}
	// dpkg-shlibdeps reads debian/control from where it runs.
	dir := filepath.Join(work, "shlibdeps")
	if err := os.MkdirAll(filepath.Join(dir, "debian"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "debian", "control"), []byte("Source: spanmark\n\nPackage: spanmark\nArchitecture: amd64\n"), 0o644); err != nil {
		return nil, err
	}
	out, err := output(dir, tool, "-O", "-e"+bin)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "shlibs:Depends="); ok {
			return strings.Split(v, ", "), nil
		}
	}
	return nil, fmt.Errorf("dpkg-shlibdeps found no libraries for %s:\n%s", bin, out)
}

// xlib matches the X libraries that GLFW names to dlopen: libXcursor.so.1.
// (It names GL, EGL, OSMesa and Vulkan libraries too, for context kinds
// Fyne does not ask for; libgl1 is linked.)
var xlib = regexp.MustCompile(`\x00(libX[A-Za-z0-9_-]*\.so\.[0-9]+)\x00`)

// dlopenDepends finds the packages that hold the X libraries bin opens
// at run time, by asking dpkg which installed package has each.
func dlopenDepends(bin string) ([]string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var pkgs []string
	for _, m := range xlib.FindAllSubmatch(data, -1) {
		lib := string(m[1])
		if seen[lib] {
			continue
		}
		seen[lib] = true
		out, err := output("", "dpkg", "-S", "*/"+lib)
		if err != nil {
			return nil, fmt.Errorf("which package has %s, which the binary opens (install the X development packages): %w", lib, err)
		}
		pkg, _, _ := strings.Cut(strings.Split(out, "\n")[0], ":")
		pkgs = append(pkgs, pkg)
	}
	return pkgs, nil
}

// mergeDepends joins two lists of dependencies, one entry a package: a
// versioned entry from dpkg-shlibdeps wins over a bare name.
func mergeDepends(lists ...[]string) string {
	byName := map[string]string{}
	for _, list := range lists {
		for _, d := range list {
			name, _, _ := strings.Cut(d, " ")
			if old, ok := byName[name]; !ok || len(d) > len(old) {
				byName[name] = d
			}
		}
	}
	var deps []string
	for _, d := range byName {
		deps = append(deps, d)
	}
	sort.Strings(deps)
	return strings.Join(deps, ", ")
}

// dirKiB is the Installed-Size: the files' sizes in KiB, rounded up.
func dirKiB(root string) (int64, error) {
	var total int64
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += (info.Size() + 1023) / 1024
		return nil
	})
	return total, err
}
