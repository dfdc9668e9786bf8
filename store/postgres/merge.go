package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// A merge into the server runs the SQLite store's merge, on a scratch
// copy of the project, and writes back what it changed. The merge rules
// are annot's, but carrying them out (tombstones first, twins folded,
// IDs chosen, documents renumbered) is a long set-based program; running
// that one program on the server's rows, instead of a second one written
// for PostgreSQL, is what makes a laptop and the server end exactly the
// same after a sync, whichever merges into which. The server's tables
// have the SQLite store's columns and values (text IDs, text times), so
// rows travel between the two unchanged.
//
// The whole merge holds the project's lock, so no colleague's write falls
// between reading the rows and writing back what changed; it is one
// transaction, so an interrupted merge changes nothing.

// mergeTables are the tables a merge reads and may change, parents
// first, each with its key columns.
var mergeTables = []struct {
	name string
	keys []string
}{
	{"annotators", []string{"id"}},
	{"labels", []string{"id"}},
	{"documents", []string{"id"}},
	{"spans", []string{"id"}},
	{"relations", []string{"id"}},
	{"verdicts", []string{"id"}},
	{"doc_status", []string{"doc_id", "annotator_id"}},
	{"suggestions", []string{"id"}},
	{"suggestion_links", []string{"id"}},
	{"suggestion_decisions", []string{"id"}},
}

// mayRemove are the tables a merge may remove rows from: it keeps one of
// two suggestions that propose the same under two IDs, and one of two
// links between them, after moving what refers to the other.
var mayRemove = map[string]bool{"suggestions": true, "suggestion_links": true}

// Merge brings the Spanmark database (an SQLite file) at path into the
// project (annot.Project).
func (db *DB) Merge(ctx context.Context, path string, progress annot.MergeProgress) (annot.MergeResult, error) {
	return db.mergeVia(ctx, func(scratch *store.DB) (annot.MergeResult, error) {
		return scratch.Merge(ctx, path, progress)
	})
}

// MergeHistory merges the documents that read emits, as a native export
// with history or another project's History gives them.
func (db *DB) MergeHistory(ctx context.Context, name string, read func(emit func(*annot.DocHistory) error) error, progress annot.MergeProgress) (annot.MergeResult, error) {
	return db.mergeVia(ctx, func(scratch *store.DB) (annot.MergeResult, error) {
		return scratch.MergeHistory(ctx, name, read, progress)
	})
}

// mergeVia copies the project into a scratch SQLite database, runs merge
// on it, and writes back what changed, all in one transaction that waits
// for every other write.
func (db *DB) mergeVia(ctx context.Context, merge func(scratch *store.DB) (annot.MergeResult, error)) (annot.MergeResult, error) {
	dir, err := os.MkdirTemp("", "spanmark-server-merge-")
	if err != nil {
		return annot.MergeResult{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "project.db")
	var res annot.MergeResult
	err = db.writeOnce(ctx, everything, "", func(tx pgx.Tx) error {
		before, err := readTables(ctx, tx)
		if err != nil {
			return err
		}
		if err := writeScratch(ctx, path, before); err != nil {
			return err
		}
		scratch, err := store.Open(path)
		if err != nil {
			return err
		}
		res, err = merge(scratch)
		scratch.Close()
		if err != nil {
			return err
		}
		after, err := readScratch(ctx, path, before)
		if err != nil {
			return err
		}
		return applyMerge(ctx, tx, before, after)
	})
	if err != nil {
		return annot.MergeResult{}, serverError(err)
	}
	return res, nil
}

// table is a table's rows, each a slice of values in cols' order, keyed
// by its key columns.
type table struct {
	cols  []string
	bools map[int]bool // columns the server keeps as boolean (SQLite: 0 or 1)
	keys  []int
	rows  map[string][]any
	order []string // keys in the order read
}

func (t *table) key(row []any) string {
	var b strings.Builder
	for _, k := range t.keys {
		fmt.Fprintf(&b, "%v\x00", row[k])
	}
	return b.String()
}

// readTables reads the merged tables as they are on the server.
func readTables(ctx context.Context, tx pgx.Tx) (map[string]*table, error) {
	out := map[string]*table{}
	for _, mt := range mergeTables {
		rows, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, mt.name)
		if err != nil {
			return nil, err
		}
		t := &table{bools: map[int]bool{}, rows: map[string][]any{}}
		var col, typ string
		if _, err := pgx.ForEachRow(rows, []any{&col, &typ}, func() error {
			if typ == "boolean" {
				t.bools[len(t.cols)] = true
			}
			t.cols = append(t.cols, col)
			return nil
		}); err != nil {
			return nil, err
		}
		for _, k := range mt.keys {
			t.keys = append(t.keys, indexOf(t.cols, k))
		}
		q, err := tx.Query(ctx, `SELECT `+strings.Join(quoted(t.cols), ", ")+` FROM `+mt.name)
		if err != nil {
			return nil, err
		}
		for q.Next() {
			vals, err := q.Values()
			if err != nil {
				q.Close()
				return nil, err
			}
			row := normalize(vals, t.bools)
			k := t.key(row)
			t.rows[k] = row
			t.order = append(t.order, k)
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, err
		}
		out[mt.name] = t
	}
	return out, nil
}

// normalize makes values comparable across the two databases: integers
// as int64, booleans as 0 or 1, text as strings.
func normalize(vals []any, bools map[int]bool) []any {
	for i, v := range vals {
		switch x := v.(type) {
		case int32:
			vals[i] = int64(x)
		case int:
			vals[i] = int64(x)
		case bool:
			vals[i] = int64(0)
			if x {
				vals[i] = int64(1)
			}
		case []byte:
			vals[i] = string(x)
		}
		if bools[i] && vals[i] == nil {
			vals[i] = int64(0)
		}
	}
	return vals
}

// writeScratch makes an SQLite database at path with the server's rows,
// in the columns both have.
func writeScratch(ctx context.Context, path string, tables map[string]*table) error {
	s, err := store.Open(path) // the schema, by the SQLite store's migrations
	if err != nil {
		return err
	}
	s.Close()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=off&_journal_mode=WAL&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM labels`); err != nil { // the seeded defaults
		return err
	}
	for _, mt := range mergeTables {
		t := tables[mt.name]
		cols, err := sqliteColumns(ctx, tx, mt.name)
		if err != nil {
			return err
		}
		var use []int
		var names []string
		for i, c := range t.cols {
			if cols[c] {
				use, names = append(use, i), append(names, c)
			}
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO `+mt.name+`(`+strings.Join(names, ", ")+`) VALUES (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")+`)`)
		if err != nil {
			return err
		}
		args := make([]any, len(use))
		for _, k := range t.order {
			row := t.rows[k]
			for j, i := range use {
				args[j] = row[i]
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				st.Close()
				return fmt.Errorf("copy %s into the merge's scratch database: %w", mt.name, err)
			}
		}
		st.Close()
	}
	return tx.Commit()
}

func sqliteColumns(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// readScratch reads the merged tables back from the scratch database, in
// the server's columns; a column the scratch lacks keeps the server's
// value, or its default for a new row.
func readScratch(ctx context.Context, path string, like map[string]*table) (map[string]*table, error) {
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	out := map[string]*table{}
	for _, mt := range mergeTables {
		srv := like[mt.name]
		have, err := func() (map[string]bool, error) {
			tx, err := raw.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			defer tx.Rollback()
			return sqliteColumns(ctx, tx, mt.name)
		}()
		if err != nil {
			return nil, err
		}
		t := &table{cols: srv.cols, bools: srv.bools, keys: srv.keys, rows: map[string][]any{}}
		sel := make([]string, len(t.cols))
		for i, c := range t.cols {
			sel[i] = "NULL"
			if have[c] {
				sel[i] = c
			}
		}
		rows, err := raw.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+mt.name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			row := normalize(vals, t.bools)
			k := t.key(row)
			if old, ok := srv.rows[k]; ok {
				for i, c := range t.cols {
					if !have[c] {
						row[i] = old[i] // the server's own column
					}
				}
			}
			t.rows[k] = row
			t.order = append(t.order, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[mt.name] = t
	}
	return out, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func quoted(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = pgx.Identifier{c}.Sanitize()
	}
	return out
}
