// Package postgres keeps a Spanmark project on a PostgreSQL server, for a
// team that annotates together: the same behaviour as the SQLite store
// (store/storetest holds both to it), plus what a shared server adds:
// changes pushed to every open window (watch.go), each analyst as their
// own role under row-level security (roles.go), documents dealt out to
// analysts (assign.go) and laptops that sync (the sync command).
//
// Concurrency: SQLite runs one writer at a time, and the rules the store
// keeps (one live span per annotator and key, one link per pair and
// type, undo stacks) rely on it. Here many analysts write at once, so
// each write takes advisory locks in one fixed order before it reads:
// the project's lock, shared by every write and taken alone by the few
// that touch every document (labels, merges); then the lock of the one
// document it changes. Writes to different documents run side by side,
// writes to one document queue, and no two writes can wait on each other
// in a circle, so no deadlock reaches a user. Writes run at READ
// COMMITTED, so that what they read after taking the lock is what the
// writer before them committed; reads that must be one snapshot
// (exports, the document list) run at REPEATABLE READ.
package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"app.spanmark.org/spanmark/internal/annot"
)

// DB is an open project on a PostgreSQL server.
type DB struct {
	where  string // the URL without its password, for messages
	cfg    *pgxpool.Config
	pool   *pgxpool.Pool
	schema string // where the project's tables are (search_path's first)
	role   string // who this connection is (current_user)
	// restricted is set for an analyst's role, which row-level security
	// holds to their own work (0003_roles.sql): they act as role only.
	restricted bool

	lockKey int64  // the project's advisory lock; documents' derive from it
	channel string // NOTIFY channel of this project
	origin  string // marks this handle's writes, so its watchers skip them

	fresh bool

	// closing ends when Close is called, and with it every watcher.
	closing  context.Context
	closeAll context.CancelFunc

	// now is the clock; tests replace it (SetClock) to fix time.
	now func() time.Time
}

// Open connects to the server at rawURL (postgres://user@host/db?…),
// creates or brings up to date the project's tables in the first schema
// of the search path (public unless the URL sets search_path), and seeds
// the default labels into a new project. A project made by a newer
// Spanmark is refused, never altered.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	where := Redact(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, &annot.Error{File: where, Kind: annot.Invalid, Msg: "not a PostgreSQL URL", Err: errors.Unwrap(err)}
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "spanmark"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, describeOpenError(where, err)
	}
	db := &DB{where: where, cfg: cfg, pool: pool, now: func() time.Time { return time.Now().UTC() }}
	db.closing, db.closeAll = context.WithCancel(context.Background())
	var b [8]byte
	rand.Read(b[:])
	db.origin = hex.EncodeToString(b[:])
	var dbName string
	if err := pool.QueryRow(ctx, `SELECT COALESCE(current_schema(), ''), current_user, current_database()`).Scan(&db.schema, &db.role, &dbName); err != nil {
		pool.Close()
		return nil, describeOpenError(where, err)
	}
	if db.schema == "" {
		pool.Close()
		return nil, &annot.Error{File: where, Kind: annot.Invalid, Msg: "the search path names no schema that exists; create it first"}
	}
	h := fnv.New64a()
	h.Write([]byte("spanmark\x00" + dbName + "\x00" + db.schema))
	db.lockKey = int64(h.Sum64() &^ 0xffff) // the low bits number what it guards
	db.channel = channelOf(db.schema)
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, describeOpenError(where, err)
	}
	if err := pool.QueryRow(ctx, `SELECT spanmark_restricted()`).Scan(&db.restricted); err != nil {
		pool.Close()
		return nil, describeOpenError(where, err)
	}
	if db.fresh {
		if err := db.seedLabels(ctx); err != nil {
			pool.Close()
			return nil, describeOpenError(where, err)
		}
	}
	return db, nil
}

// channelOf is the NOTIFY channel of the project in schema, as the
// triggers name it: notifications stay within one database, and each
// schema there is a project of its own.
func channelOf(schema string) string {
	c := "spanmark." + schema
	if len(c) > 63 {
		c = c[:63]
	}
	return c
}

// Redact is rawURL without its password, for messages and the status bar.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// describeOpenError says in words why a server cannot be used.
func describeOpenError(where string, err error) error {
	var ae *annot.Error
	if errors.As(err, &ae) {
		if ae.File == "" {
			c := *ae
			c.File = where
			return &c
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return &annot.Error{File: where, Kind: annot.Invalid, Msg: "the server refused the login", Err: err}
		case "3D000":
			return &annot.Error{File: where, Kind: annot.Invalid, Msg: "no such database on the server", Err: err}
		case "42501":
			return &annot.Error{File: where, Kind: annot.Invalid, Msg: "this role may not create the project's tables; ask the project's owner to open it once first", Err: err}
		}
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return &annot.Error{File: where, Kind: annot.Invalid, Msg: "cannot reach the server", Err: err}
	}
	return fmt.Errorf("open %s: %w", where, err)
}

// Fresh reports whether Open created the project.
func (db *DB) Fresh() bool { return db.fresh }

// Path is the server's URL without the password.
func (db *DB) Path() string { return db.where }

// Role is the PostgreSQL role this project is opened as.
func (db *DB) Role() string { return db.role }

// Annotator is the name every change through this handle is made as,
// for an analyst's role ("" for the owner, who acts for anyone): the
// window and the commands use it instead of asking.
func (db *DB) Annotator() string {
	if db.restricted {
		return db.role
	}
	return ""
}

// actAs refuses a change made in another's name through an analyst's
// role, with words the analyst understands; row-level security would
// refuse it anyway.
func (db *DB) actAs(name string) error {
	if db.restricted && name != "" && name != db.role {
		return annot.Errorf(annot.Conflict, "connected to the server as %s, you can change only %s's work, not %s's", db.role, db.role, name)
	}
	return nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.closeAll()
	db.pool.Close()
	return nil
}

// SetClock replaces the clock that stamps rows (storetest.Clock).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

func (db *DB) stamp() string { return formatTime(db.now()) }

// timeLayout is the SQLite store's: RFC 3339 with a fixed nine-digit
// fraction, so that times sort as text and travel between the two
// exactly.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// pgCode is the SQLSTATE of err, "" if it is not a server error.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// isUnique reports whether err is a clash on a unique key or primary
// key (SQLSTATE 23505), optionally on the constraint named.
func isUnique(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && (constraint == "" || pe.ConstraintName == constraint)
}

// noRows reports whether err is a query that found nothing.
func noRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// Channel is the NOTIFY channel the project's triggers send on, for
// tools and tests that listen themselves.
func Channel(db *DB) string { return db.channel }
