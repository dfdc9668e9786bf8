package main

import (
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// openProject opens what --db names: a postgres:// (or postgresql://)
// URL is a team server, anything else an SQLite file, the embedded
// default, opened with opt.
func openProject(where string, opt store.Options) (annot.Project, error) {
	if isServerURL(where) {
		return openServer(where)
	}
	db, err := store.OpenWith(where, opt)
	if err != nil {
		return nil, err // not a nil *store.DB in a non-nil Project
	}
	return db, nil
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

// onWait has a project that makes writers wait their turn (an SQLite
// file another process writes) say when one waits and when it goes on.
func onWait(p annot.Project, f func(waiting bool)) {
	if w, ok := p.(interface{ OnWait(func(bool)) }); ok {
		w.OnWait(f)
	}
}
