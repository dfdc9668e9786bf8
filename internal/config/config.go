// Package config finds the user's default database and remembers who the
// annotator is, in a small file that the window writes and the command line
// reads, so that `spanmark import` credits the analyst the window knows.
package config

import (
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strings"
)

// Settings are what Spanmark remembers between runs.
type Settings struct {
	Annotator string  `json:"annotator,omitempty"`
	TextScale float32 `json:"text_scale,omitempty"`
	// Recent are the databases the window opened lately, newest first.
	Recent []string `json:"recent,omitempty"`
}

// maxRecent is how many databases File ▸ Open recent lists.
const maxRecent = 8

// AddRecent puts path first in the list of recent databases, once, and
// keeps the list short.
func (s *Settings) AddRecent(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := []string{path}
	for _, p := range s.Recent {
		if p != path && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	s.Recent = list
}

// DefaultDB is the database used when --db is not given: $SPANMARK_DB,
// else spanmark.db in the user's data directory ($XDG_DATA_HOME/spanmark
// on Linux, ~/.local/share/spanmark when that is unset).
func DefaultDB() string {
	if p := os.Getenv("SPANMARK_DB"); p != "" {
		return p
	}
	return filepath.Join(dataDir(), "spanmark", "spanmark.db")
}

func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share")
	}
	return "."
}

// path is the settings file: $XDG_CONFIG_HOME/spanmark/settings.json.
func path() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "spanmark", "settings.json")
}

// Load reads the settings; a missing or unreadable file gives defaults,
// since nothing in it is worth refusing to start over.
func Load() Settings {
	var s Settings
	data, err := os.ReadFile(path())
	if err == nil {
		_ = json.Unmarshal(data, &s)
	}
	return s
}

// Save writes the settings atomically.
func Save(s Settings) error {
	p := path()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// Annotator is the name to credit when none is given: the one chosen in
// the window, else the login name.
func Annotator() string {
	if a := strings.TrimSpace(Load().Annotator); a != "" {
		return a
	}
	return LoginName()
}

// LoginName is the user's login name, or "analyst" if the system has none.
func LoginName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return withoutDomain(u.Username)
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "analyst"
}

// withoutDomain drops the machine or domain that Windows puts before a
// login name (`LAPTOP-7\asha`), so that an analyst is the same annotator
// on every machine.
func withoutDomain(name string) string {
	if i := strings.LastIndexByte(name, '\\'); i >= 0 && i < len(name)-1 {
		return name[i+1:]
	}
	return name
}

// ErrNoAnnotator is returned by CheckName for an empty name.
var ErrNoAnnotator = errors.New("the annotator's name is empty")

// CheckName trims a name typed by the user and refuses an empty one.
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", ErrNoAnnotator
	}
	return name, nil
}
