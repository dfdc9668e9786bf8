package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/schema"
)

// Migrations are numbered SQL files, each run once in its own transaction
// and recorded in the migrations table; a file that has run is never
// edited. They run in the first schema of the search path.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

func loadMigrations() ([]schema.Migration, error) {
	return schema.Load(migrationFiles, "migrations")
}

// migrate brings the project's tables up to date. Two programs opening a
// new project at once queue on a lock, so each migration runs once.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, db.lockKey|2); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, db.lockKey|2)
	var ours, other int
	if err := conn.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE table_name = 'migrations'),
			count(*) FILTER (WHERE table_name <> 'migrations')
		FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&ours, &other); err != nil {
		return err
	}
	if ours == 0 && other > 0 {
		return annot.Errorf(annot.Invalid, "schema %s holds another program's tables, not a Spanmark project; nothing was changed", db.schema)
	}
	have := 0
	if ours > 0 {
		if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM migrations`).Scan(&have); err != nil {
			return err
		}
	}
	if newest := ms[len(ms)-1].Version; have > newest {
		return annot.Errorf(annot.TooNew,
			"made by a newer Spanmark (schema %d; this one knows up to %d): update Spanmark to open it; nothing was changed", have, newest)
	}
	db.fresh = have == 0
	for _, m := range ms {
		if m.Version <= have {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (
				version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			// The project that gets the guidelines table now, new or
			// upgraded, starts with the default guidelines.
			if m.Version == guidelinesMigration {
				if _, err := tx.Exec(ctx, `INSERT INTO guidelines(id, text, updated_at) VALUES (1, $1, $2) ON CONFLICT DO NOTHING`,
					annot.DefaultGuidelines, db.stamp()); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO migrations(version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, db.stamp())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
