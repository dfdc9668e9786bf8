package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Most spans of an import are plain: no note, answer, origin, review mark
// or correction. They go in as bound values, plainBatch rows to a
// statement, through QueryContext: go-sqlite3 binds a query's values and
// takes its first step in one call into C, where an Exec crosses once per
// value, and SQLite reads them as they are, with no JSON to take apart.
// The eight columns that are the same for every plain span are written
// into the statement rather than bound for each row.

// plainSizes are the row counts of the plain span inserts: a batch goes
// in statements of 256 rows (6 values a row, under SQLite's limit of
// 32,766 variables), and what is left in halves, so that every statement
// is one of nine compiled once rather than a text of its own.
var plainSizes = [...]int{256, 128, 64, 32, 16, 8, 4, 2, 1}

func allPlain(rows []pendingSpan) bool {
	for _, r := range rows {
		if s := r.s; s.Note != "" || s.Answer != "" || s.Origin != "" || s.Changed || s.Curation {
			return false
		}
	}
	return true
}

// plainInsert is the INSERT of n plain spans; ?1 is the time.
func plainInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer, origin, changed, curation, corrects,
		created_at, updated_at) VALUES `)
	boundRows(&b, n, ",'','','',0,0,NULL,?1,?1)")
	return b.String()
}

// boundRows writes the VALUES rows of a multi-row insert of n rows of six
// bound values each, numbered from ?2 on (?1 is the time, which rest,
// the row's other columns and its closing parenthesis, may use): the
// shape of the inserts of plain spans and of suggestions and links.
func boundRows(b *strings.Builder, n int, rest string) {
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		p := 2 + 6*i
		b.WriteString("(?")
		for k := 0; k < 6; k++ {
			if k > 0 {
				b.WriteString(",?")
			}
			b.WriteString(strconv.Itoa(p + k))
		}
		b.WriteString(rest)
	}
}

// stepInsert runs an INSERT through QueryContext: go-sqlite3 binds a
// query's values and takes its first step in one call into C, where an
// Exec crosses once per value. An INSERT returns no row; the step is what
// stores it.
func stepInsert(ctx context.Context, st *sql.Stmt, args []any) error {
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	rs.Next()
	if err := rs.Close(); err != nil {
		return err
	}
	return rs.Err()
}

// plainStmt is the statement for plainSizes[k] rows.
func (im *importer) plainStmt(k int) (*sql.Stmt, error) {
	if im.plain[k] == nil {
		var err error
		if im.prep != nil {
			im.plain[k] = im.tx.StmtContext(im.ctx, im.prep.plain[k])
		} else if im.plain[k], err = im.tx.PrepareContext(im.ctx, plainInsert(plainSizes[k])); err != nil {
			return nil, err
		}
	}
	return im.plain[k], nil
}

// flushPlain inserts rows, all plain, and returns how many it stored
// before a statement failed, with that statement's error: a statement
// that fails stores none of its rows.
func (im *importer) flushPlain(rows []pendingSpan) (int, error) {
	done := 0
	for k, n := range plainSizes {
		for len(rows)-done >= n {
			st, err := im.plainStmt(k)
			if err != nil {
				return done, err
			}
			args := append(im.args[:0], any(im.now))
			for _, r := range rows[done : done+n] {
				args = append(args, r.id, r.doc, r.aid, int64(r.s.Start), int64(r.s.End), r.lid)
			}
			im.args = args
			if err := stepInsert(im.ctx, st, args); err != nil {
				return done, err
			}
			done += n
		}
	}
	return done, nil
}
