package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// Migrations are numbered SQL files, each run once in its own transaction
// and recorded in the migrations table. A file that has run is never
// edited; a change to the schema is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if err := db.checkIsOurs(ctx); err != nil {
		return err
	}
	if _, err := db.rw.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	have, err := appliedMigrations(ctx, db.rw)
	if err != nil {
		return err
	}
	newest := ms[len(ms)-1].version
	for v := range have {
		if v > newest {
			return annot.Errorf(annot.TooNew,
				"made by a newer Spanmark (schema %d; this one knows up to %d): update Spanmark to open it; the file was not changed", v, newest)
		}
	}
	db.fresh = len(have) == 0
	db.applied = map[int]bool{}
	// Every migration not yet recorded runs, not only those above the
	// highest recorded: numbers are handed out ahead to work done side by
	// side, so a database may have met 0007 before 0005 existed.
	for _, m := range ms {
		if have[m.version] {
			continue
		}
		err := db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, db.stamp())
			return err
		})
		if err != nil {
			return err
		}
		db.applied[m.version] = true
	}
	return nil
}

// appliedMigrations reads which migrations have run.
func appliedMigrations(ctx context.Context, q querier) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		have[v] = true
	}
	return have, rows.Err()
}

// checkIsOurs refuses an SQLite file that holds other tables but no
// migrations table: it belongs to another program.
func (db *DB) checkIsOurs(ctx context.Context) error {
	var ours, other int
	err := db.rw.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(name = 'migrations'), 0),
		COALESCE(SUM(name <> 'migrations' AND name NOT LIKE 'sqlite_%'), 0)
		FROM sqlite_master WHERE type = 'table'`).Scan(&ours, &other)
	if err != nil {
		return err
	}
	if ours == 0 && other > 0 {
		return annot.Errorf(annot.Invalid, "an SQLite file of another program, not a Spanmark database; the file was not changed")
	}
	return nil
}
