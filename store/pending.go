package store

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
)

// Documents of an import still under way are listed in pending_docs and
// hidden from every reader until the import's last transaction (see
// importChunks). Every query that lists documents, or counts spans across
// documents, keeps to the visible ones with these conditions.
const (
	// visibleDoc keeps rows of documents (column id).
	visibleDoc = `id NOT IN (SELECT doc_id FROM pending_docs)`
	// visibleDocOf keeps rows of spans, relations and states (column doc_id).
	visibleDocOf = `doc_id NOT IN (SELECT doc_id FROM pending_docs)`
)

// process says who runs an import, so that another process can tell
// whether it still runs.
type process struct {
	pid   int
	host  string
	start string // the start time the kernel gives, "" where unknown
}

func self() process {
	host, _ := os.Hostname()
	return process{pid: os.Getpid(), host: host, start: procStart(os.Getpid())}
}

// procStart is a process's start time in clock ticks since boot
// (/proc/PID/stat, field 22), which tells a process from a later one
// that got its pid; "" where there is no /proc.
func procStart(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	// The command name (field 2) is in parentheses and may hold spaces.
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		if f := strings.Fields(s[i+1:]); len(f) > 19 {
			return f[19]
		}
	}
	return ""
}

// alive reports whether p may still be running. A process on another
// machine (a database on a shared folder) is taken to be running: only
// its own machine can tell.
func (p process) alive() bool {
	if host, _ := os.Hostname(); host != p.host {
		return true
	}
	if p.start != "" {
		return procStart(p.pid) == p.start
	}
	return p.pid == os.Getpid() || processRunning(p.pid)
}

// removeDeadImports takes out what imports whose process has died left
// behind (their hidden documents, with their spans, relations, verdicts
// and states), in the transaction that opens the database.
func removeDeadImports(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, pid, host, proc_start FROM imports`)
	if err != nil {
		return err
	}
	var dead []string
	for rows.Next() {
		var id string
		var p process
		if err := rows.Scan(&id, &p.pid, &p.host, &p.start); err != nil {
			rows.Close()
			return err
		}
		if !p.alive() {
			dead = append(dead, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range dead {
		if err := removeImport(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// removeImport deletes an unfinished import's documents and its record.
// Verdicts do not go with their spans by themselves, so they go first.
func removeImport(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		`DELETE FROM verdicts WHERE span_id IN (SELECT s.id FROM spans s JOIN pending_docs p ON p.doc_id = s.doc_id WHERE p.import_id = ?1)`,
		`DELETE FROM documents WHERE id IN (SELECT doc_id FROM pending_docs WHERE import_id = ?1)`,
		`DELETE FROM pending_docs WHERE import_id = ?1`,
		// The labels and annotators it added, unless something else has
		// come to use them since.
		`DELETE FROM labels WHERE id IN (SELECT id FROM import_names WHERE import_id = ?1 AND kind = 'label')
			AND id NOT IN (SELECT label_id FROM spans)`,
		`DELETE FROM annotators WHERE id IN (SELECT id FROM import_names WHERE import_id = ?1 AND kind = 'annotator')
			AND id NOT IN (SELECT annotator_id FROM spans) AND id NOT IN (SELECT annotator_id FROM relations)
			AND id NOT IN (SELECT reviewer_id FROM verdicts) AND id NOT IN (SELECT annotator_id FROM doc_status)
			AND id NOT IN (SELECT annotator_id FROM actions)`,
		`DELETE FROM import_names WHERE import_id = ?1`,
		`DELETE FROM imports WHERE id = ?1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}
