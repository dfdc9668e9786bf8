package store

import (
	"context"
	"sort"
)

// AnnotatorNames lists the names of every annotator the project knows,
// sorted, so that `spanmark agree --annotator` can tell a misspelt name
// from one who annotated nothing.
func (db *DB) AnnotatorNames(ctx context.Context) ([]string, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT name FROM annotators`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, rows.Err()
}
