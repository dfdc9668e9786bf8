package postgres_test

import (
	"context"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

var ctx = context.Background()

// TestContract holds the PostgreSQL store to every behaviour of a
// project, as the SQLite store is held.
func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) annot.Project { return pgtest.Open(tb) })
}
