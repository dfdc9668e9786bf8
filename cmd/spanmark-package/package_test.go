package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The icon FyneApp.toml names is the drawing, so the window, the menu
// and the .exe show the same picture; `spanmark-package icon` redraws it.
func TestIcon_FileIsTheDrawing(t *testing.T) {
	m, err := readMeta(filepath.Join(repoRoot(), "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(repoRoot(), m.Details.Icon))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, iconPNG(iconSize)) {
		t.Errorf("%s is not the drawn icon: run go run ./cmd/spanmark-package icon", m.Details.Icon)
	}
}

// At every size the corners are transparent (a rounded tile) and each
// label's colour is there, so the spans stay visible in a 16 px menu.
func TestIcon_EverySize(t *testing.T) {
	for _, size := range append(iconSizes, 20, 40) {
		img := drawIcon(size)
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%d px: corner not transparent", size)
		}
		if img.At(size/2, size*85/100) != iconTile {
			t.Errorf("%d px: no tile near the bottom: %v", size, img.At(size/2, size-size/10))
		}
		for name, c := range map[string]color.RGBA{"claim": iconClaim, "actor": iconActor, "source": iconSource} {
			if !hasColour(img, c) {
				t.Errorf("%d px: no %s colour", size, name)
			}
		}
	}
}

func hasColour(img *image.RGBA, c color.RGBA) bool {
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				return true
			}
		}
	}
	return false
}

func TestIcoFile(t *testing.T) {
	sizes := []int{16, 32, 256}
	ico := icoFile(sizes)
	var head [3]uint16
	binary.Read(bytes.NewReader(ico), binary.LittleEndian, &head)
	if head != [3]uint16{0, 1, 3} {
		t.Fatalf("header %v", head)
	}
	for i, s := range sizes {
		e := ico[6+16*i:]
		w := int(e[0])
		if w == 0 {
			w = 256
		}
		size := binary.LittleEndian.Uint32(e[8:])
		off := binary.LittleEndian.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(ico[off : off+size]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if w != s || img.Bounds().Dx() != s {
			t.Errorf("entry %d: says %d px, image %d px, want %d", i, w, img.Bounds().Dx(), s)
		}
	}
}

func TestMeta_MatchesTheApp(t *testing.T) {
	m, err := readMeta(filepath.Join(repoRoot(), "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(repoRoot(), "cmd", "spanmark", "window.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `appID = "`+m.Details.ID+`"`) {
		t.Errorf("cmd/spanmark's appID is not FyneApp.toml's ID %q", m.Details.ID)
	}
	if v := m.debVersion(); !strings.HasPrefix(v, m.Details.Version+"-") {
		t.Errorf("deb version %q", v)
	}
}

func TestDesktopExec(t *testing.T) {
	tests := map[string]string{
		"spanmark":                        "spanmark",
		"/usr/local/bin/spanmark":         "/usr/local/bin/spanmark",
		"/home/asha/my apps/bin/spanmark": `"/home/asha/my apps/bin/spanmark"`,
		`/opt/$x/spanmark`:                `"/opt/\\$x/spanmark"`,
		`/opt/"q"/spanmark`:               `"/opt/\\"q\\"/spanmark"`,
	}
	for in, want := range tests {
		if got := desktopExec(in); got != want {
			t.Errorf("desktopExec(%q) = %q, want %q", in, got, want)
		}
	}
	entry := desktopEntry(&meta{Details: struct {
		Icon, Name, ID, Version string
		Build                   int
	}{Name: "Spanmark", ID: "org.spanmark.app"}}, "spanmark")
	for _, want := range []string{"[Desktop Entry]\n", "\nExec=spanmark\n", "\nIcon=org.spanmark.app\n", "\nType=Application\n", "\nTerminal=false\n"} {
		if !strings.Contains(entry, want) {
			t.Errorf("desktop entry lacks %q:\n%s", want, entry)
		}
	}
}

func TestMergeDepends(t *testing.T) {
	got := mergeDepends([]string{"libc6 (>= 2.34)", "libx11-6 (>= 2:1.2.99.901)", "libgl1"}, []string{"libxcursor1", "libx11-6", "libxi6"})
	want := "libc6 (>= 2.34), libgl1, libx11-6 (>= 2:1.2.99.901), libxcursor1, libxi6"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestReadDocs(t *testing.T) {
	data := `{"text":"EU rejects","label":[[3,10,"CLAIM"],[0,2,"ORG"]]}

{"text":"Google","entities":[{"id":0,"start_offset":0,"end_offset":6,"label":"ORG"}],"relations":[{"from_id":0,"to_id":0,"type":"x"}]}
{"text":"Uber","spans":[{"start":0,"end":4,"label":"ORG","token_start":0}],"answer":"accept"}
`
	got, err := readDocs([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []doc{
		{Text: "EU rejects", Spans: []string{"0-2:ORG", "3-10:CLAIM"}},
		{Text: "Google", Spans: []string{"0-6:ORG"}, Relations: 1},
		{Text: "Uber", Spans: []string{"0-4:ORG"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if _, err := readDocs([]byte("{\"text\":\"a\"}\n{broken\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a broken line: %v", err)
	}
}

func TestLicenceFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(text), 0o644)
	}
	write("LICENSE", "MIT for the module")
	write("cmd/tool/LICENSE", "MIT for the module")     // the same text: once
	write("glfw/glfw/LICENSE.md", "zlib for bundled C") // bundled code: kept
	write("testdata/LICENSE", "licence of a test file") // test data: not shipped
	write("license.go", "package x // not a licence")   // code
	write("PATENTS", "patent grant")
	got, err := licenceFiles("example.com/mod", dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.file)
	}
	want := []string{"example.com_mod_LICENSE.txt", "example.com_mod_PATENTS.txt", "example.com_mod_glfw_glfw_LICENSE.md"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("got %v\nwant %v", names, want)
	}
}

func TestSQLiteNotice(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/mattn/go-sqlite3").Output()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		t.Skipf("go-sqlite3 not in the module cache: %v", err)
	}
	l, err := sqliteNotice(string(bytes.TrimSpace(out)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"public domain", "disclaims copyright", "May you share freely, never taking more than you give."} {
		if !strings.Contains(string(l.text), want) {
			t.Errorf("notice lacks %q:\n%s", want, l.text)
		}
	}
}

// install.sh, run for real on a stand-in tree: it installs under a PREFIX
// with a space in it, writes the binary's full path, quoted, into the
// menu entry, and --uninstall removes what it put.
func TestInstallScript(t *testing.T) {
	m, err := readMeta(filepath.Join(repoRoot(), "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	put := func(name string, mode os.FileMode, text string) {
		path := filepath.Join(tree, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
	}
	put("bin/spanmark", 0o755, "#!/bin/sh\necho spanmark\n")
	put("share/applications/"+m.Details.ID+".desktop", 0o644, desktopEntry(m, "spanmark"))
	for _, s := range iconSizes {
		put(fmt.Sprintf("share/icons/hicolor/%dx%d/apps/%s.png", s, s, m.Details.ID), 0o644, "png")
	}
	put("share/doc/spanmark/licences/x_LICENSE.txt", 0o644, "MIT")
	put("install.sh", 0o755, installScript(m))
	prefix := filepath.Join(t.TempDir(), "my apps")
	run := func(args ...string) string {
		cmd := exec.Command(filepath.Join(tree, "install.sh"), args...)
		cmd.Env = append(os.Environ(), "PREFIX="+prefix)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("install.sh %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run()
	entry, err := os.ReadFile(filepath.Join(prefix, "share/applications", m.Details.ID+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "\nExec=\"" + prefix + "/bin/spanmark\"\n"; !strings.Contains(string(entry), want) {
		t.Errorf("installed entry lacks %q:\n%s", want, entry)
	}
	if out, err := exec.Command(filepath.Join(prefix, "bin", "spanmark")).Output(); err != nil || string(out) != "spanmark\n" {
		t.Errorf("installed binary: %q %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(prefix, "share/doc/spanmark/licences/x_LICENSE.txt")); err != nil {
		t.Errorf("licences not installed: %v", err)
	}
	run("--uninstall")
	var left []string
	filepath.WalkDir(prefix, func(path string, d os.DirEntry, err error) error {
		// Desktop caches of the whole prefix stay, brought up to date.
		if err == nil && !d.IsDir() && !strings.HasSuffix(d.Name(), ".cache") {
			left = append(left, path)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("--uninstall left %v", left)
	}
}
