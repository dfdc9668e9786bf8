package main

import (
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// openProject opens what --db names: a postgres:// (or postgresql://)
// URL is a team server, anything else an SQLite file, the embedded
// default.
func openProject(where string) (annot.Project, error) {
	if isServerURL(where) {
		return openServer(where)
	}
	return store.Open(where)
}

// isServerURL reports whether --db names a PostgreSQL server.
func isServerURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}
