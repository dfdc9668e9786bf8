package postgres

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// applyMerge writes back to the server what the merge changed: first the
// rows whose IDs it changed (a label or annotator given the ID another
// database knows it by, a document joined to its copy there), which the
// foreign keys carry to every row that refers to them; then new rows,
// parents first, and changed ones; last, the few rows a merge removes
// (mayRemove).
func applyMerge(ctx context.Context, tx pgx.Tx, before, after map[string]*table) error {
	rekeyed := false
	for _, rk := range []struct {
		table, by string
	}{{"annotators", "name"}, {"labels", "name"}, {"documents", "hash"}} {
		changes := movedIDs(before[rk.table], after[rk.table], rk.by)
		if len(changes) == 0 {
			continue
		}
		rekeyed = true
		if err := rekey(ctx, tx, rk.table, changes); err != nil {
			return err
		}
	}
	if rekeyed {
		var err error
		if before, err = readTables(ctx, tx); err != nil {
			return err
		}
	}
	// Documents renumbered by the merge step aside first, since seq is
	// unique and they may take each other's places.
	docs := before["documents"]
	seq := indexOf(docs.cols, "seq")
	var moving []string
	for k, row := range after["documents"].rows {
		if old, ok := docs.rows[k]; ok && old[seq] != row[seq] {
			moving = append(moving, row[docs.keys[0]].(string))
		}
	}
	if len(moving) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE documents SET seq = -seq - 1 WHERE id = ANY ($1)`, moving); err != nil {
			return err
		}
	}
	// A suggestion the merge gives another ID goes in under the new one
	// before the old one goes, and links follow it in between: their keys
	// are checked at commit (0007_guidelines_label_merges.sql).
	if _, err := tx.Exec(ctx, `SET CONSTRAINTS suggestions_key, suggestion_links_key DEFERRED`); err != nil {
		return err
	}
	b := &pgx.Batch{}
	var gone []*pgx.Batch // removals, by table
	for _, mt := range mergeTables {
		old, cur := before[mt.name], after[mt.name]
		// Rows the merge tombstones first, so that the copy it keeps
		// alive in their place (one live decision per analyst) does not
		// meet them.
		for _, dying := range []bool{true, false} {
			for _, k := range cur.order {
				row := cur.rows[k]
				was, ok := old.rows[k]
				if ok && !reflect.DeepEqual(was, row) && dies(cur, was, row) == dying {
					queueUpdate(b, mt.name, cur, row, was)
				}
			}
		}
		for _, k := range cur.order {
			if _, ok := old.rows[k]; !ok {
				queueInsert(b, mt.name, cur, cur.rows[k])
			}
		}
		rm := &pgx.Batch{}
		for _, k := range old.order {
			if _, ok := cur.rows[k]; ok {
				continue
			}
			if !mayRemove[mt.name] {
				return fmt.Errorf("merge: a row of %s went missing; nothing was merged", mt.name)
			}
			queueDelete(rm, mt.name, old, old.rows[k])
		}
		gone = append(gone, rm)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	// Removals last, children first: what referred to a removed row has
	// moved to the row kept by now.
	for i := len(gone) - 1; i >= 0; i-- {
		if gone[i].Len() == 0 {
			continue
		}
		if err := tx.SendBatch(ctx, gone[i]).Close(); err != nil {
			return err
		}
	}
	return nil
}

// dies reports whether the merge tombstones a row: a deletion or
// withdrawal time that was empty is set.
func dies(t *table, was, row []any) bool {
	for i, c := range t.cols {
		if (c == "deleted_at" || c == "withdrawn_at") && was[i] == nil && row[i] != nil {
			return true
		}
	}
	return false
}

// queueDelete removes a row by its key.
func queueDelete(b *pgx.Batch, name string, t *table, row []any) {
	var where []string
	var args []any
	for _, k := range t.keys {
		args = append(args, row[k])
		where = append(where, fmt.Sprintf("%s = $%d", pgx.Identifier{t.cols[k]}.Sanitize(), len(args)))
	}
	b.Queue(`DELETE FROM `+name+` WHERE `+strings.Join(where, " AND "), args...)
}

// movedIDs lists the rows of t whose ID the merge changed, matched by the
// column by (a name, a text's hash): old ID -> new.
func movedIDs(before, after *table, by string) map[string]string {
	id, col := indexOf(before.cols, "id"), indexOf(before.cols, by)
	now := map[any]any{}
	for _, row := range after.rows {
		now[row[col]] = row[id]
	}
	out := map[string]string{}
	for _, row := range before.rows {
		if n, ok := now[row[col]]; ok && n != row[id] {
			out[row[id].(string)] = n.(string)
		}
	}
	return out
}

// rekey gives rows new IDs through stand-ins, so that two rows may swap
// IDs; every reference follows by ON UPDATE CASCADE, and the payloads of
// the undo history and of label merges, which name labels, are rewritten
// too.
func rekey(ctx context.Context, tx pgx.Tx, name string, changes map[string]string) error {
	olds := make([]string, 0, len(changes))
	for o := range changes {
		olds = append(olds, o)
	}
	slices.Sort(olds)
	for pass := range 2 {
		for _, old := range olds {
			from, to := old, "merging:"+changes[old]
			if pass == 1 {
				from, to = to, changes[old]
			}
			if _, err := tx.Exec(ctx, `UPDATE `+name+` SET id = $1 WHERE id = $2`, to, from); err != nil {
				return err
			}
			if name == "labels" {
				for _, t := range []string{"actions", "label_merges"} {
					if _, err := tx.Exec(ctx, `UPDATE `+t+` SET payload = replace(payload::text, $1, $2)::jsonb
						WHERE strpos(payload::text, $1) > 0`, from, to); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// serverValue is a merged value as the server's column takes it.
func serverValue(t *table, i int, v any) any {
	if t.bools[i] {
		n, _ := v.(int64)
		return n != 0
	}
	return v
}

func queueInsert(b *pgx.Batch, name string, t *table, row []any) {
	args := make([]any, len(row))
	marks := make([]string, len(row))
	for i, v := range row {
		args[i] = serverValue(t, i, v)
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	b.Queue(`INSERT INTO `+name+`(`+strings.Join(quoted(t.cols), ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)`, args...)
}

// queueUpdate writes the columns of row that differ from was.
func queueUpdate(b *pgx.Batch, name string, t *table, row, was []any) {
	var sets, where []string
	var args []any
	for i, v := range row {
		if slices.Contains(t.keys, i) || reflect.DeepEqual(v, was[i]) {
			continue
		}
		args = append(args, serverValue(t, i, v))
		sets = append(sets, fmt.Sprintf("%s = $%d", pgx.Identifier{t.cols[i]}.Sanitize(), len(args)))
	}
	for _, k := range t.keys {
		args = append(args, row[k])
		where = append(where, fmt.Sprintf("%s = $%d", pgx.Identifier{t.cols[k]}.Sanitize(), len(args)))
	}
	b.Queue(`UPDATE `+name+` SET `+strings.Join(sets, ", ")+` WHERE `+strings.Join(where, " AND "), args...)
}
