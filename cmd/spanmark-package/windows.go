package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// windows cross-compiles spanmark.exe with Debian's MinGW-w64 (cgo:
// SQLite and GLFW are C) and zips it with its licences.
func (p *packager) windows() ([]string, error) {
	const cc = "x86_64-w64-mingw32-gcc"
	if _, err := need(cc, "gcc-mingw-w64-x86-64"); err != nil {
		return nil, err
	}
	windres, err := need("x86_64-w64-mingw32-windres", "binutils-mingw-w64-x86-64")
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "spanmark-windows-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	syso, err := p.resources(work, windres)
	if err != nil {
		return nil, err
	}
	// The linker takes .syso files from the package's folder only (not
	// from a build overlay), so the resources sit there for the build.
	inPkg := filepath.Join(p.root, "cmd", "spanmark", "zz_resources_windows_amd64.syso")
	if err := copyFile(syso, inPkg); err != nil {
		return nil, err
	}
	defer os.Remove(inPkg)
	exe := filepath.Join(work, "spanmark.exe")
	// -static: whatever the MinGW runtime brings goes into the .exe, so
	// it needs no DLL beside it. A link flag only: the compiled packages
	// stay in the build cache.
	if err := p.goBuild("windows", exe, []string{"CC=" + cc}, "-static"); err != nil {
		return nil, err
	}
	if err := checkImports(exe); err != nil {
		return nil, err
	}
	lic, err := p.licences(exe)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return nil, err
	}
	top := "Spanmark/"
	files := []tarFile{
		{name: top + "spanmark.exe", data: data},
		{name: top + "README.txt", data: []byte(zipReadme(p.meta))},
	}
	for _, l := range lic {
		files = append(files, tarFile{name: top + "LICENCES/" + l.file, data: bytes.ReplaceAll(l.text, []byte("\r\n"), []byte("\n"))})
	}
	out := filepath.Join(p.out, p.base("windows")+".zip")
	if err := writeZip(out, files); err != nil {
		return nil, err
	}
	// The bare .exe too, for the checks under Wine.
	bare := filepath.Join(p.out, "spanmark.exe")
	return []string{out, bare}, copyFile(exe, bare)
}

// resources compiles the icon, the manifest and the version information
// into a COFF object that the linker puts in the .exe.
func (p *packager) resources(work, windres string) (string, error) {
	ico := filepath.Join(work, "spanmark.ico")
	if err := os.WriteFile(ico, icoFile([]int{16, 20, 24, 32, 40, 48, 64, 256}), 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(work, "spanmark.exe.manifest"), []byte(manifest(p.meta)), 0o644); err != nil {
		return "", err
	}
	rc := filepath.Join(work, "spanmark.rc")
	if err := os.WriteFile(rc, []byte(resourceScript(p.meta)), 0o644); err != nil {
		return "", err
	}
	syso := filepath.Join(work, "resources.syso")
	if _, err := output(work, windres, "--input-format=rc", "--output-format=coff", "-i", rc, "-o", syso); err != nil {
		return "", err
	}
	return syso, nil
}

// manifest: the console stays detached when Explorer starts the program
// (Windows 11 24H2 and later; see cmd/spanmark/console_windows.go),
// per-monitor DPI awareness so that GLFW scales the window itself instead
// of Windows blurring it, and long paths.
func manifest(m *meta) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="` + m.Details.ID + `" version="` + fourPart(m) + `" processorArchitecture="amd64"/>
  <description>` + m.Details.Name + `</description>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
      <supportedOS Id="{1f676c76-80e1-4239-95bb-83d0f6d0da78}"/>
      <supportedOS Id="{4a2f28e3-53b9-4441-ba9c-d69d4a4a6e38}"/>
      <supportedOS Id="{35138b9a-5d96-4fbd-8e2d-a2440225f93a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2, PerMonitor</dpiAwareness>
      <longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>
      <consoleAllocationPolicy xmlns="http://schemas.microsoft.com/SMI/2024/WindowsSettings">detached</consoleAllocationPolicy>
    </windowsSettings>
  </application>
</assembly>
`
}

func fourPart(m *meta) string {
	parts := strings.Split(m.Details.Version, ".")
	for len(parts) < 3 {
		parts = append(parts, "0")
	}
	return strings.Join(append(parts[:3], fmt.Sprint(m.Details.Build)), ".")
}

// resourceScript is the .rc: icon 1 (Explorer shows the first), the
// manifest (type 24, id 1: the one Windows reads when it starts the
// program) and the version block shown in the file's properties.
func resourceScript(m *meta) string {
	v := strings.ReplaceAll(fourPart(m), ".", ",")
	return `1 ICON "spanmark.ico"
1 24 "spanmark.exe.manifest"
1 VERSIONINFO
FILEVERSION ` + v + `
PRODUCTVERSION ` + v + `
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "` + m.Details.Name + `"
      VALUE "FileDescription", "` + m.Details.Name + `: tag claims, actors and sources in news text"
      VALUE "FileVersion", "` + m.Details.Version + `"
      VALUE "InternalName", "spanmark"
      VALUE "OriginalFilename", "spanmark.exe"
      VALUE "ProductName", "` + m.Details.Name + `"
      VALUE "ProductVersion", "` + m.Details.Version + `"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`
}

// icoFile is a Windows icon with the image drawn at each size, each
// stored as PNG (which Windows reads in icons since Vista).
func icoFile(sizes []int) []byte {
	var head, body bytes.Buffer
	binary.Write(&head, binary.LittleEndian, [3]uint16{0, 1, uint16(len(sizes))})
	offset := 6 + 16*len(sizes)
	for _, s := range sizes {
		img := iconPNG(s)
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		binary.Write(&head, binary.LittleEndian, struct {
			W, H, Colours, Reserved uint8
			Planes, Bits            uint16
			Size, Offset            uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(img)), uint32(offset)})
		body.Write(img)
		offset += len(img)
	}
	return append(head.Bytes(), body.Bytes()...)
}

// checkImports refuses an .exe that needs a DLL Windows does not have.
func checkImports(exe string) error {
	out, err := output("", "x86_64-w64-mingw32-objdump", "-p", exe)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(out, "\n") {
		dll, ok := strings.CutPrefix(strings.TrimSpace(line), "DLL Name: ")
		if !ok {
			continue
		}
		switch l := strings.ToLower(dll); {
		case strings.HasPrefix(l, "libgcc"), strings.HasPrefix(l, "libwinpthread"), strings.HasPrefix(l, "libstdc++"):
			return fmt.Errorf("%s needs %s, which Windows does not have: link it statically", exe, dll)
		}
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o755)
}
