package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

func (db *DB) seedLabels(ctx context.Context) error {
	return db.write(ctx, everything, func(tx pgx.Tx) error {
		for _, l := range annot.DefaultLabels() {
			if _, err := tx.Exec(ctx, `INSERT INTO labels(id, name, color, hotkey, ord) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, l.ID, l.Name, l.Color, l.Hotkey, l.Order); err != nil {
				return err
			}
		}
		return nil
	})
}

// Labels returns the live labels in display order.
func (db *DB) Labels(ctx context.Context) ([]annot.Label, error) {
	ls, err := liveLabels(ctx, db.pool)
	return ls, serverError(err)
}

// querier is what a pool and a transaction share.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func liveLabels(ctx context.Context, q querier) ([]annot.Label, error) {
	rows, err := q.Query(ctx, `SELECT id, name, color, hotkey, ord FROM labels
		WHERE deleted_at IS NULL ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (annot.Label, error) {
		var l annot.Label
		err := r.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order)
		return l, err
	})
}

// names caches the label and annotator rows a transaction has seen, so
// an import of many spans looks each name up once.
type names struct {
	labels     *edit.LabelNames
	annotators map[string]string // name -> id
}

func loadNames(ctx context.Context, tx pgx.Tx) (*names, error) {
	labels, err := edit.LoadLabelNames(ctx, editTx{tx})
	if err != nil {
		return nil, err
	}
	return &names{labels: labels, annotators: map[string]string{}}, nil
}

// label returns the ID of the label called name, creating it with the
// next colour and a free digit hotkey if it is new (edit.LabelNames).
func (n *names) label(ctx context.Context, tx pgx.Tx, name string) (string, error) {
	id, _, err := n.labels.ID(ctx, editTx{tx}, name)
	if err != nil {
		return "", err
	}
	return id, nil
}

// annotator returns the ID of the annotator called name, adding the row
// if it is new. IDs derive from the name, so every database agrees.
func (n *names) annotator(ctx context.Context, tx pgx.Tx, name string) (string, error) {
	if id, ok := n.annotators[name]; ok {
		return id, nil
	}
	id, err := ensureAnnotator(ctx, tx, name)
	if err != nil {
		return "", err
	}
	n.annotators[name] = id
	return id, nil
}

// ensureAnnotator adds the annotator called name if nobody of that name
// is stored, and returns the stored ID, which may differ from the derived
// one (a merged database made it differently).
func ensureAnnotator(ctx context.Context, q querier, name string) (string, error) {
	if name == "" {
		return "", annot.Errorf(annot.Invalid, "no annotator name")
	}
	var id string
	err := q.QueryRow(ctx, `WITH added AS (
			INSERT INTO annotators(id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id)
		SELECT id FROM added UNION ALL SELECT id FROM annotators WHERE name = $2 LIMIT 1`,
		annot.AnnotatorID(name), name).Scan(&id)
	return id, err
}

// annotatorIn returns the ID of the annotator making a change inside
// its transaction. A new name is not added there: a write that added a
// name would hold it until it commits, and an import holding a document
// this write waits for could be waiting for that name. The transaction
// stops with errNewAnnotator instead, after its other checks, and write
// adds the name on its own and runs it again.
func annotatorIn(ctx context.Context, tx pgx.Tx, name string) (string, error) {
	if name == "" {
		return "", annot.Errorf(annot.Invalid, "no annotator name")
	}
	id, err := findAnnotator(ctx, tx, name)
	if err == nil && id == "" {
		return "", newAnnotator(name)
	}
	return id, err
}

// findAnnotator returns the stored annotator's ID, or "" if nobody of
// that name has done anything yet.
func findAnnotator(ctx context.Context, q querier, name string) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM annotators WHERE name = $1`, name).Scan(&id)
	if noRows(err) {
		return "", nil
	}
	return id, err
}
