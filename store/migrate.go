package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/schema"
)

// Migrations are numbered SQL files, each run once in its own transaction
// and recorded in the migrations table. A file that has run is never
// edited; a change to the schema is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

func loadMigrations() ([]schema.Migration, error) {
	return schema.Load(migrationFiles, "migrations")
}

// appliedVersions lists the migrations a database has run.
func appliedVersions(ctx context.Context, q querier) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// migrate brings the schema up to date in one transaction, and in the
// same one gives a database with no labels the default ones and a new
// database what seed emits: a database exists with its schema, labels and
// sample, or not at all, however the process ends.
func (db *DB) migrate(ctx context.Context, seed func(emit func(*annot.Record) error) error) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		applied, err := appliedVersions(ctx, tx)
		if err != nil {
			return err
		}
		if err := tooNew(db.path, applied); err != nil {
			return err
		}
		db.fresh = len(applied) == 0
		// Every migration not yet applied runs, in number order, even one
		// numbered below the newest applied: numbers are handed out ahead,
		// and the work that brings a lower one may land after a higher one.
		for _, m := range ms {
			if applied[m.Version] {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, db.stamp()); err != nil {
				return err
			}
		}
		// A database that gets the guidelines table now, new or upgraded,
		// starts with the default guidelines.
		if !applied[guidelinesMigration] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO guidelines(id, text, updated_at) VALUES (1, ?, ?)`,
				annot.DefaultGuidelines, db.stamp()); err != nil {
				return err
			}
		}
		if err := removeDeadImports(ctx, tx); err != nil {
			return err
		}
		// Removed labels keep their rows, so no label row at all means
		// none was ever stored: a new database, or one whose first open
		// was cut short before that open was one transaction.
		var labels int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM labels`).Scan(&labels); err != nil {
			return err
		}
		if labels == 0 {
			if err := seedLabels(ctx, tx); err != nil {
				return err
			}
		}
		if db.fresh && seed != nil {
			im, err := newImporter(ctx, db, tx, nil)
			if err != nil {
				return err
			}
			defer im.close()
			if err := seed(im.add); err != nil {
				return err
			}
			return im.finish()
		}
		return nil
	})
}
