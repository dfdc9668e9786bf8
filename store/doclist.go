package store

import (
	"fmt"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// listPacked reads the document list (the rows cond and its args pick)
// as one string that SQLite packs, in import order: every row read
// through database/sql costs a cgo call per column, which for 100,000
// documents was most of the list's time. Each record is
// "len(id),seq,length,len(source),len(title),id source title", lengths in
// bytes, so no text needs escaping.
func listPacked(r *readTx, cond string, args []any) ([]annot.DocSummary, error) {
	var packed *string
	err := r.tx.QueryRowContext(r.ctx, `SELECT group_concat(
		length(CAST(id AS BLOB)) || ',' || seq || ',' || length || ',' || length(CAST(source AS BLOB)) || ',' ||
		length(CAST(title AS BLOB)) || ',' || id || source || title, '' ORDER BY seq)
		FROM documents WHERE `+cond, args...).Scan(&packed)
	if err != nil || packed == nil {
		return nil, err
	}
	return unpackList(*packed)
}

func unpackList(s string) ([]annot.DocSummary, error) {
	out := make([]annot.DocSummary, 0, strings.Count(s, "-")/4)
	var n [5]int
	for len(s) > 0 {
		for i := range n {
			j := strings.IndexByte(s, ',')
			if j < 0 {
				return nil, fmt.Errorf("read the document list: a record ends early")
			}
			v, err := strconv.Atoi(s[:j])
			if err != nil {
				return nil, fmt.Errorf("read the document list: %w", err)
			}
			n[i], s = v, s[j+1:]
		}
		idLen, srcLen, titleLen := n[0], n[3], n[4]
		if idLen+srcLen+titleLen > len(s) || idLen < 0 || srcLen < 0 || titleLen < 0 {
			return nil, fmt.Errorf("read the document list: a record is cut short")
		}
		d := annot.DocSummary{ID: s[:idLen], Seq: int64(n[1]), Length: n[2]}
		s = s[idLen:]
		d.Source, s = s[:srcLen], s[srcLen:]
		d.Title, s = s[:titleLen], s[titleLen:]
		out = append(out, d)
	}
	return out, nil
}
