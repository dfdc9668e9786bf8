// Package edit holds the requests that change a project's annotations
// (deciding on suggestions, reviewing, undo and redo), written once for
// both stores. The SQLite store (store) and the PostgreSQL store
// (store/postgres) keep the same tables; each opens the transaction in
// its own way (locks, retries, the server's roles) and hands it here as a
// Tx, whose few store-specific steps it implements with its own SQL.
//
// Statements here are written with ? placeholders, numbered (?1) where an
// argument is used twice; the PostgreSQL store rewrites them to $n.
// Booleans are passed as arguments, never written as literals, since
// SQLite stores them as 0 and 1.
package edit

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// Queryer runs statements in a transaction of either store, read-only
// or not.
type Queryer interface {
	// Exec runs a statement and returns how many rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// QueryRow runs a query for one row; its Scan fails with an error
	// that errors.Is sql.ErrNoRows when there is none.
	QueryRow(ctx context.Context, query string, args ...any) Row
	// Query runs a query for many rows.
	Query(ctx context.Context, query string, args ...any) (Rows, error)
}

// Tx is one write transaction of either store.
type Tx interface {
	Queryer

	// AnnotatorID is the ID of the annotator making a change. A name not
	// stored yet is added (SQLite), or stops the transaction so that it
	// is added on its own and the write runs again (PostgreSQL).
	AnnotatorID(ctx context.Context, name string) (string, error)
	// LoadSpan reads one span, live or not, with its status, and whether
	// its label is live; NotFound if there is no such span.
	LoadSpan(ctx context.Context, id string) (annot.Span, bool, error)
	// Record adds an action to the top of the annotator's undo stack for
	// the document, dropping what could have been redone.
	Record(ctx context.Context, docID, annotatorID, kind string, p annot.UndoStep, now string) error
	// TombstoneSpan deletes a live span and the live relations that
	// touch it, returning those relations so that an undo can bring them
	// back.
	TombstoneSpan(ctx context.Context, spanID, now string) ([]string, error)
	// Relink brings back the relations that went with a span when it was
	// tombstoned, now that it is live again, where both their ends are
	// live and no identical link has been made meanwhile.
	Relink(ctx context.Context, spanID string, rels []string) error
	// SpanIDTaken reports whether err is an insert of a span whose ID is
	// stored already.
	SpanIDTaken(err error) bool
	// Bundle reads a document as a review plans against it: its live
	// spans with their status, relations and states.
	Bundle(ctx context.Context, docID string) (*annot.Bundle, error)
	// AllBundles reads every document with spans as Bundle does (no
	// text), in import order.
	AllBundles(ctx context.Context) ([]*annot.Bundle, error)
	// LiveSpans reads the live spans that the condition on s (spans)
	// picks, each with the status its latest verdict gives it.
	LiveSpans(ctx context.Context, cond string, args ...any) ([]annot.Span, error)
	// LiveLabels reads the live labels in display order.
	LiveLabels(ctx context.Context) ([]annot.Label, error)
	// ForgetLabelHistory drops the undo history of every document where
	// undo or redo could bring back a span of the label, which is being
	// removed: the removal cannot be undone, and the stack must not step
	// around it. Each store reads the stored steps' JSON its own way.
	ForgetLabelHistory(ctx context.Context, labelID string) error

	// InList is the condition that column col holds one of the IDs of a
	// list passed as the argument arg (a placeholder, ?N), which List
	// makes from the IDs: SQLite reads the list as JSON, PostgreSQL as
	// an array.
	InList(col, arg string) string
	List(ids []string) any
	// Contains is the condition that the text expression holds the
	// argument arg (a placeholder) somewhere in it.
	Contains(text, arg string) string
}

// Row is one row of a query.
type Row interface {
	Scan(dest ...any) error
}

// Rows are the rows of a query, read with Next and Scan; Close ends
// them early, and Err says what stopped Next.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Close() error
	Err() error
}

// noRows reports whether err is a query that found nothing, in either
// store (pgx.ErrNoRows is sql.ErrNoRows too).
func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// parseTime reads a stored time, which both stores write as RFC 3339
// with a fixed nine-digit fraction.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// Column reads a query's one text column.
func Column(ctx context.Context, tx Queryer, query string, args ...any) ([]string, error) {
	var out []string
	err := each(ctx, tx, query, args, func(rows Rows) error {
		var s string
		err := rows.Scan(&s)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each runs a query and calls fn for each of its rows, which fn scans.
func each(ctx context.Context, q Queryer, query string, args []any, fn func(Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := fn(rows); err != nil {
			rows.Close()
			return err
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}
