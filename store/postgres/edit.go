package postgres

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// editTx is a write transaction as the requests written once for both
// stores (store/internal/edit) use it: their statements' ? placeholders
// become PostgreSQL's $n.
type editTx struct{ tx pgx.Tx }

var _ edit.Tx = editTx{}

func (t editTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, rebind(query), args...)
	return tag.RowsAffected(), err
}

func (t editTx) QueryRow(ctx context.Context, query string, args ...any) edit.Row {
	return t.tx.QueryRow(ctx, rebind(query), args...)
}

func (t editTx) Query(ctx context.Context, query string, args ...any) (edit.Rows, error) {
	rows, err := t.tx.Query(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

// pgRows gives pgx's rows the Close of database/sql's.
type pgRows struct{ pgx.Rows }

func (r pgRows) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}

func (t editTx) AnnotatorID(ctx context.Context, name string) (string, error) {
	return annotatorIn(ctx, t.tx, name)
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

// rebound caches rebind's answers: the statements are a fixed few.
var rebound sync.Map

// rebind turns a statement written with SQLite's placeholders (? for
// the next argument, ?N for the Nth) into PostgreSQL's ($N). A ? inside
// a quoted string or name is left alone.
func rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	next := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + query[i+1:j])
				i = j - 1
				continue
			}
			next++
			b.WriteString("$" + strconv.Itoa(next))
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	rebound.Store(query, q)
	return q
}

func (t editTx) TombstoneSpan(ctx context.Context, spanID, now string) ([]string, error) {
	return tombstoneSpan(ctx, t.tx, spanID, now)
}

// Relink brings a span's relations back through spanmark_relink, which
// may bring back colleagues' links to it too (0003_roles.sql).
func (t editTx) Relink(ctx context.Context, spanID string, rels []string) error {
	if len(rels) == 0 {
		return nil
	}
	_, err := t.tx.Exec(ctx, `SELECT spanmark_relink($1, $2)`, spanID, rels)
	return err
}

func (t editTx) SpanIDTaken(err error) bool { return isUnique(err, "spans_pkey") }

func (t editTx) Bundle(ctx context.Context, docID string) (*annot.Bundle, error) {
	return loadBundle(ctx, t.tx, docID)
}

func (t editTx) AllBundles(ctx context.Context) ([]*annot.Bundle, error) {
	return allBundles(ctx, t.tx)
}

// LiveSpans rebinds the condition alone: it holds the query's only
// placeholders.
func (t editTx) LiveSpans(ctx context.Context, cond string, args ...any) ([]annot.Span, error) {
	return liveSpansWhere(ctx, t.tx, rebind(cond), args...)
}

func (t editTx) LiveLabels(ctx context.Context) ([]annot.Label, error) {
	return liveLabels(ctx, t.tx)
}

// ForgetLabelHistory reads the stored steps as jsonb.
func (t editTx) ForgetLabelHistory(ctx context.Context, labelID string) error {
	_, err := t.tx.Exec(ctx, `DELETE FROM actions WHERE doc_id IN (
			SELECT doc_id FROM spans WHERE label_id = $1
			UNION
			SELECT doc_id FROM actions WHERE kind = $2
				AND (payload #>> '{before,label}' = $1 OR payload #>> '{after,label}' = $1))`,
		labelID, annot.ActionUpdateSpan)
	return err
}

// InList reads the list as an array.
func (editTx) InList(col, arg string) string { return col + " = ANY (" + arg + ")" }

// List is the IDs as an array, empty rather than NULL.
func (editTx) List(ids []string) any {
	if ids == nil {
		return []string{}
	}
	return ids
}

func (editTx) Contains(text, arg string) string { return "strpos(" + text + ", " + arg + ") > 0" }
