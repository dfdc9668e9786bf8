// Package locale quiets a start-up error: under a "C.UTF-8" locale, as in
// most containers and CI machines, Fyne's translation package fails to
// parse the locale while it initialises and logs three lines of "Fyne
// error" to stderr, on every run of every subcommand, before main starts.
//
// Importing this package (for its side effect) from main sets LANGUAGE to
// English for such a locale, which Fyne's locale lookup then uses. It must
// initialise before fyne.io/fyne/v2/lang: Go initialises packages in the
// order of their import paths where it can, and "app.spanmark.org/..."
// comes before "fyne.io/...", which is why the module has that path.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	// The first of these that is set decides, as in gettext.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
