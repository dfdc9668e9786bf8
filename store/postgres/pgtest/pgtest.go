// Package pgtest gives tests a PostgreSQL project of their own on the
// server that SPANMARK_TEST_PG names (a postgres:// URL of a role that
// may create schemas and roles, such as the cluster's superuser). Each
// project is a new schema, dropped when the test ends. Without the
// variable the tests that need a server are skipped; .ci/run starts a
// server and sets it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/store/postgres"
)

// Env is the variable that names the test server.
const Env = "SPANMARK_TEST_PG"

// Server returns the test server's URL, or skips tb without one.
func Server(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(Env)
	if u == "" {
		tb.Skipf("no PostgreSQL server for tests: set %s to a postgres:// URL", Env)
	}
	return u
}

// URL makes a new empty schema on the test server and returns a URL that
// opens a project there; the schema is dropped when tb ends.
func URL(tb testing.TB) string {
	tb.Helper()
	base := Server(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	Exec(tb, base, `CREATE SCHEMA `+schema)
	tb.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	})
	return WithSchema(tb, base, schema)
}

// WithSchema is rawURL set to open the project in schema.
func WithSchema(tb testing.TB, rawURL, schema string) string {
	tb.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a new, empty project, closed when tb ends.
func Open(tb testing.TB) *postgres.DB {
	tb.Helper()
	return OpenURL(tb, URL(tb))
}

// OpenURL opens the project at rawURL, closed when tb ends.
func OpenURL(tb testing.TB, rawURL string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), rawURL)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Exec runs SQL on the server at rawURL, failing tb on error.
func Exec(tb testing.TB, rawURL, sql string, args ...any) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		tb.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}
