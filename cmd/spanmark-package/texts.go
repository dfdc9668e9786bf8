package main

import (
	"fmt"
	"strings"
)

// installScript is the tarball's install step. It copies the prefix tree
// into PREFIX: /usr/local when run as root, else ~/.local; the menu entry
// names the binary by its full path, since ~/.local/bin is not on every
// desktop session's PATH. `./install.sh --uninstall` removes what it put.
func installScript(m *meta) string {
	id := m.Details.ID
	var icons []string
	for _, s := range iconSizes {
		icons = append(icons, fmt.Sprintf("share/icons/hicolor/%dx%d/apps/%s.png", s, s, id))
	}
	return `#!/bin/sh
# Installs Spanmark ` + m.Details.Version + ` into PREFIX (default: /usr/local as root, else ~/.local).
#   ./install.sh                  install
#   PREFIX=/opt/spanmark ./install.sh
#   ./install.sh --uninstall      remove what install.sh put there
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${PREFIX:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
fi
files="bin/spanmark share/applications/` + id + `.desktop ` + strings.Join(icons, " ") + `"
if [ "${1:-}" = "--uninstall" ]; then
  for f in $files; do rm -f "$PREFIX/$f"; done
  rm -rf "$PREFIX/share/doc/spanmark"
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
  echo "removed Spanmark from $PREFIX"
  exit 0
fi
for f in $files; do
  mkdir -p "$(dirname "$PREFIX/$f")"
  cp "$here/$f" "$PREFIX/$f"
done
chmod 755 "$PREFIX/bin/spanmark"
# The menu entry runs the binary by its full path.
exec_path=$(printf '%s' "$PREFIX/bin/spanmark" | sed 's/[\\"` + "`" + `$]/\\\\&/g')
sed "s|^Exec=.*|Exec=\"$exec_path\"|" "$here/share/applications/` + id + `.desktop" > "$PREFIX/share/applications/` + id + `.desktop"
mkdir -p "$PREFIX/share/doc/spanmark"
cp -R "$here/share/doc/spanmark/." "$PREFIX/share/doc/spanmark/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "installed Spanmark in $PREFIX: run $PREFIX/bin/spanmark, or open it from the menu"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "note: $PREFIX/bin is not on your PATH";; esac
`
}

func tarballReadme(m *meta, dir string) string {
	return `Spanmark ` + m.Details.Version + ` for Linux (x86-64)

Install into ~/.local (or /usr/local as root), with a menu entry and icon:

    cd ` + dir + ` && ./install.sh

Or run it from here: ./bin/spanmark. It needs the OpenGL and X11 libraries
that every desktop has (on Debian and Ubuntu: libgl1 libx11-6 libxcursor1
libxrandr2 libxinerama1 libxi6 libxxf86vm1). The .deb package declares them.

    spanmark                 open the window (on a sample article, the first time)
    spanmark help            the commands: import, export, stats, ...
    spanmark --version

Licences of everything compiled in: share/doc/spanmark/licences/.
` + m.Website + "\n"
}

func zipReadme(m *meta) string {
	return strings.ReplaceAll(`Spanmark `+m.Details.Version+` for Windows (x86-64)

Double-click spanmark.exe to open the window (on a sample article, the
first time). Nothing to install: keep this folder anywhere.

From cmd.exe or PowerShell, the same file runs the commands:

    spanmark.exe help
    spanmark.exe import --annotator asha articles\ prodigy.jsonl
    spanmark.exe export --format doccano > out.jsonl
    spanmark.exe --version

Projects are kept in %USERPROFILE%\.local\share\spanmark\spanmark.db unless --db or
SPANMARK_DB names another file.

Licences of everything compiled in: LICENCES\.
`+m.Website+"\n", "\n", "\r\n")
}

// debCopyright is /usr/share/doc/spanmark/copyright: the works compiled
// into the binary and their licences, in full.
func debCopyright(m *meta, lic []licence) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Spanmark %s (%s)\n\n/usr/bin/spanmark is built from Spanmark's source and the works below;\neach one's licence follows in full.\n\n", m.Details.Version, m.Website)
	for _, l := range lic {
		fmt.Fprintf(&b, "  %s (%s)\n", l.module, l.file)
	}
	for _, l := range lic {
		fmt.Fprintf(&b, "\n%s\n%s: %s\n%s\n\n%s\n", strings.Repeat("=", 72), l.module, l.file, strings.Repeat("=", 72), strings.TrimRight(string(l.text), "\n"))
	}
	return b.String()
}
