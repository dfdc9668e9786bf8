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

// actingAs is the annotator a project makes every change as, "" when it
// lets the user choose: on a team server an analyst's role is their
// annotator name, and row-level security refuses any other.
func actingAs(p annot.Project) string {
	if a, ok := p.(interface{ Annotator() string }); ok {
		return a.Annotator()
	}
	return ""
}
