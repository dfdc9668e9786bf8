package main

import (
	"fmt"
	"regexp"

	"github.com/BurntSushi/toml"
)

// meta is what FyneApp.toml says about the app, the one place its name,
// ID, version and icon are kept.
type meta struct {
	Website string
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
}

var versionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)

func readMeta(path string) (*meta, error) {
	var m meta
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d := m.Details
	switch {
	case d.Name == "" || d.ID == "" || d.Icon == "":
		return nil, fmt.Errorf("%s: [Details] needs Name, ID and Icon", path)
	case !versionRE.MatchString(d.Version):
		return nil, fmt.Errorf("%s: Version %q is not numbers and dots", path, d.Version)
	case d.Build < 1:
		return nil, fmt.Errorf("%s: Build must be 1 or more", path)
	}
	return &m, nil
}

// debVersion is the package's version: the app's, then the build number
// as the Debian revision.
func (m *meta) debVersion() string { return fmt.Sprintf("%s-%d", m.Details.Version, m.Details.Build) }
