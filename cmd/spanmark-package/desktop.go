package main

import (
	"fmt"
	"strings"
)

// iconSizes are the hicolor sizes installed on Linux; the icon is drawn
// at each, so small ones are sharp rather than scaled down.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// iconSize is ui/icon.png's, the one FyneApp.toml names.
const iconSize = 512

// desktopEntry is the menu entry. exec is the command line: "spanmark"
// for the .deb (in /usr/bin), an absolute path from the tarball's install
// step, whose bin folder may not be on the menu's PATH.
func desktopEntry(m *meta, exec string) string {
	lines := []string{
		"[Desktop Entry]",
		"Type=Application",
		"Version=1.5",
		"Name=" + m.Details.Name,
		"GenericName=Claim annotation",
		"Comment=Tag claims, actors and sources in news text and export training data",
		"Exec=" + exec,
		"Icon=" + m.Details.ID,
		"Terminal=false",
		"Categories=Office;TextTools;Education;",
		"Keywords=annotation;NLP;claims;attribution;JSONL;spaCy;Prodigy;doccano;",
	}
	return strings.Join(lines, "\n") + "\n"
}

// desktopExec quotes a path for an Exec line, by the Desktop Entry rules.
func desktopExec(path string) string {
	if !strings.ContainsAny(path, " \t\n\"'\\><~|&;$*?#()`") {
		return path
	}
	// Quoting escapes " ` $ \ with a backslash, and then a string value
	// escapes each backslash again: $ is written \\$.
	r := strings.NewReplacer(`\`, `\\\\`, `"`, `\\"`, "`", "\\\\`", `$`, `\\$`)
	return fmt.Sprintf(`"%s"`, r.Replace(path))
}
