package main

import "app.spanmark.org/spanmark/internal/annot"

// openServer connects to a team server.
func openServer(url string) (annot.Project, error) {
	return nil, annot.Errorf(annot.Invalid, "%s: team servers are not supported yet", url)
}
