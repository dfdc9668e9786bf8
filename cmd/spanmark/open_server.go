package main

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres"
)

// openServer connects to a team server.
func openServer(url string) (annot.Project, error) {
	return postgres.Open(context.Background(), url)
}
