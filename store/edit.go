package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// editTx is a write transaction as the requests written once for both
// stores (store/internal/edit) use it.
type editTx struct{ tx *sql.Tx }

var _ edit.Tx = editTx{}

func (t editTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t editTx) QueryRow(ctx context.Context, query string, args ...any) edit.Row {
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t editTx) Query(ctx context.Context, query string, args ...any) (edit.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (t editTx) AnnotatorID(ctx context.Context, name string) (string, error) {
	return annotatorID(ctx, t.tx, name)
}

func (t editTx) LoadSpan(ctx context.Context, id string) (annot.Span, bool, error) {
	s, err := loadSpan(ctx, t.tx, id)
	if err != nil {
		return annot.Span{}, false, err
	}
	return s.Span, s.labelLive, nil
}

func (t editTx) Record(ctx context.Context, docID, annotatorID, kind string, p annot.UndoStep, now string) error {
	return record(ctx, t.tx, docID, annotatorID, kind, p, now)
}

func (t editTx) TombstoneSpan(ctx context.Context, spanID, now string) ([]string, error) {
	return tombstoneSpan(ctx, t.tx, spanID, now)
}

func (t editTx) Relink(ctx context.Context, _ string, rels []string) error {
	return edit.ReviveRelations(ctx, t, rels)
}

func (t editTx) SpanIDTaken(err error) bool {
	return isConstraint(err, sqlite3.ErrConstraintPrimaryKey)
}

func (t editTx) Bundle(ctx context.Context, docID string) (*annot.Bundle, error) {
	return loadBundle(&readTx{ctx: ctx, tx: t.tx}, docID)
}

func (t editTx) AllBundles(ctx context.Context) ([]*annot.Bundle, error) {
	return allBundles(&readTx{ctx: ctx, tx: t.tx})
}

func (t editTx) LiveSpans(ctx context.Context, cond string, args ...any) ([]annot.Span, error) {
	return liveSpansWhere(&readTx{ctx: ctx, tx: t.tx}, cond, args...)
}

func (t editTx) LiveLabels(ctx context.Context) ([]annot.Label, error) {
	return liveLabels(ctx, t.tx)
}

func (t editTx) ForgetLabelHistory(ctx context.Context, labelID string) error {
	return forgetLabelHistory(ctx, t.tx, labelID)
}

// InList reads the list as a JSON array.
func (editTx) InList(col, arg string) string {
	return col + " IN (SELECT value FROM json_each(" + arg + "))"
}

func (editTx) List(ids []string) any {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func (editTx) Contains(text, arg string) string { return "instr(" + text + ", " + arg + ") > 0" }
