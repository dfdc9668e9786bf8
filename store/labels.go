package store

import (
	"context"
	"database/sql"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// seedLabels stores the default labels, in the transaction that creates
// the database (see migrate).
func seedLabels(ctx context.Context, tx *sql.Tx) error {
	for _, l := range annot.DefaultLabels() {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO labels(id, name, color, hotkey, ord) VALUES (?, ?, ?, ?, ?)`,
			l.ID, l.Name, l.Color, l.Hotkey, l.Order); err != nil {
			return err
		}
	}
	return nil
}

// Labels returns the labels in their display order; removed labels,
// kept only for their spans' tombstones, are not listed.
func (db *DB) Labels(ctx context.Context) ([]annot.Label, error) {
	return liveLabels(ctx, db.ro)
}

// querier is what a pool and a transaction share, for reads that run in
// either.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// liveLabels reads the live labels in display order.
func liveLabels(ctx context.Context, q querier) ([]annot.Label, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, color, hotkey, ord FROM labels
		WHERE deleted_at IS NULL ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.Label
	for rows.Next() {
		var l annot.Label
		if err := rows.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// names caches the label and annotator rows a transaction has seen, so
// an import of many spans looks each name up once.
type names struct {
	labels     *edit.LabelNames
	annotators map[string]string // name -> id
	// added are the rows this transaction added, kind ("label",
	// "annotator") and ID, which a chunked import records (import_names).
	added [][2]string
}

func loadNames(ctx context.Context, tx *sql.Tx) (*names, error) {
	labels, err := edit.LoadLabelNames(ctx, editTx{tx})
	if err != nil {
		return nil, err
	}
	return &names{labels: labels, annotators: map[string]string{}}, nil
}

// label returns the ID of the label called name, creating it with the
// next colour and a free digit hotkey if it is new (edit.LabelNames).
func (n *names) label(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	id, added, err := n.labels.ID(ctx, editTx{tx}, name)
	if err != nil {
		return "", err
	}
	if added {
		n.added = append(n.added, [2]string{"label", id})
	}
	return id, nil
}

// annotator returns the ID of the annotator called name, adding the row
// if it is new. IDs derive from the name, so every database agrees.
func (n *names) annotator(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	if id, ok := n.annotators[name]; ok {
		return id, nil
	}
	if name == "" {
		return "", annot.Errorf(annot.Invalid, "no annotator name")
	}
	id := annot.AnnotatorID(name)
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO annotators(id, name) VALUES (?, ?)`, id, name)
	if err != nil {
		return "", err
	}
	if added, _ := res.RowsAffected(); added == 1 {
		n.added = append(n.added, [2]string{"annotator", id})
	}
	// The name may already be stored under another ID (merged from a
	// database that made it differently): use the stored one.
	if err := tx.QueryRowContext(ctx, `SELECT id FROM annotators WHERE name = ?`, name).Scan(&id); err != nil {
		return "", err
	}
	n.annotators[name] = id
	return id, nil
}
