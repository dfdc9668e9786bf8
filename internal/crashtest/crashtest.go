// Package crashtest kills Spanmark's writers at random moments and checks
// what they leave: after every SIGKILL the database passes PRAGMA
// integrity_check, every action reported as saved is there, and every
// import (or merge) is in whole or not at all. It drives real processes
// (the spanmark command line, or the annotation driver in annotate.go)
// through a Spawn function, so that the same loops run from a test, from
// .ci/run in a bounded form and from cmd/spanmark-stress in full.
package crashtest

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// Spawn makes the command for one child: the spanmark command line with
// args, or with args[0] == AnnotateCommand, the annotation driver.
type Spawn func(args ...string) *exec.Cmd

// Writer is a command that lands a file in a database whole or not at
// all.
type Writer struct {
	Name string
	// Args are the command line that lands input in db.
	Args func(db, input string) []string
	// Input writes round's input in dir: docs documents whose texts start
	// with Marker(round).
	Input func(dir string, round, docs int) (string, error)
}

// Writers are the bulk writers the kill loop covers. Adding one (merge,
// once `spanmark merge` exists) is one line here.
var Writers = []Writer{
	{"import", func(db, in string) []string { return []string{"import", "--db", db, "--annotator", "crash", in} }, DoccanoInput},
	{"merge", func(db, in string) []string { return []string{"merge", "--db", db, in} }, DatabaseInput},
}

// Marker starts the text of every document of a round.
func Marker(round int) string { return fmt.Sprintf("Round %04d.", round) }

// spansPerDoc is how many spans each generated document carries.
const spansPerDoc = 4

// DoccanoInput writes a doccano JSONL file for a round.
func DoccanoInput(dir string, round, docs int) (string, error) {
	return writeInput(filepath.Join(dir, fmt.Sprintf("round-%04d.jsonl", round)), round, docs, func(i int, text string) string {
		return fmt.Sprintf(`{"text":%q,"label":[[0,5,"SOURCE"],[6,11,"ACTOR"],[12,20,"CLAIM"],[21,30,"CLAIM"]]}`, text)
	})
}

// DatabaseInput makes another analyst's database for a round, holding
// what DoccanoInput writes, for a merge to bring in.
func DatabaseInput(dir string, round, docs int) (string, error) {
	src, err := DoccanoInput(dir, round, docs)
	if err != nil {
		return "", err
	}
	defer os.Remove(src)
	path := filepath.Join(dir, fmt.Sprintf("round-%04d.db", round))
	db, err := store.Open(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	_, err = transfer.Import(context.Background(), db, transfer.Job{Path: src, Format: formats.Doccano}, formats.Options{Annotator: "crash"}, nil)
	return path, err
}

// NativeInput writes a native JSONL file for a round, as a merge reads.
func NativeInput(dir string, round, docs int) (string, error) {
	return writeInput(filepath.Join(dir, fmt.Sprintf("round-%04d.native.jsonl", round)), round, docs, func(i int, text string) string {
		return fmt.Sprintf(`{"id":"","title":"r%d-%d","source":"crash","text":%q,"meta":{},"spans":[`+
			`{"start":0,"end":5,"label":"SOURCE","annotator":"crash"},{"start":6,"end":11,"label":"ACTOR","annotator":"crash"},`+
			`{"start":12,"end":20,"label":"CLAIM","annotator":"crash"},{"start":21,"end":30,"label":"CLAIM","annotator":"crash"}],"relations":[]}`, round, i, text)
	})
}

func writeInput(path string, round, docs int, line func(int, string) string) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	filler := strings.Repeat("रॉयटर्स के अनुसार the ministry said exports would fall. ", 8)
	for i := 0; i < docs; i++ {
		fmt.Fprintln(w, line(i, fmt.Sprintf("%s %06d %s", Marker(round), i, filler)))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// Result sums up a kill loop.
type Result struct {
	Name      string
	Kills     int // children killed before they finished
	Finished  int // children that finished before their kill
	Landed    int // rounds found whole after a kill (it had committed)
	Absent    int // rounds found absent after a kill
	Took      time.Duration
	Integrity int // integrity checks passed
}

func (r Result) String() string {
	if r.Name == "first open" {
		return fmt.Sprintf("first open: %d kills, %d opens finished first, %d integrity checks ok, labels there after every reopen, %v",
			r.Kills, r.Finished, r.Integrity, r.Took.Round(time.Millisecond))
	}
	if r.Name == "annotate" {
		return fmt.Sprintf("annotate: %d kills (the action under way found whole %d times, absent %d times), %d actions saved and found, %d integrity checks ok, %v",
			r.Kills, r.Landed, r.Absent, r.Finished, r.Integrity, r.Took.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s: %d kills (%d rounds whole, %d absent after a kill), %d finished, %d integrity checks ok, %v",
		r.Name, r.Kills, r.Landed, r.Absent, r.Finished, r.Integrity, r.Took.Round(time.Millisecond))
}

// KillLoop runs w against one database in dir until it has been killed
// kills times, each child after a random delay up to a little longer than
// an undisturbed run takes, and checks the database after each.
func KillLoop(ctx context.Context, spawn Spawn, w Writer, dir string, kills, docs int, logf func(string, ...any)) (Result, error) {
	res := Result{Name: w.Name}
	start := time.Now()
	db := filepath.Join(dir, w.Name+".db")
	present := map[int]bool{} // round -> its documents are in
	typical := 2 * time.Second
	for round := 0; res.Kills < kills; round++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		in, err := w.Input(dir, round, docs)
		if err != nil {
			return res, err
		}
		cmd := spawn(w.Args(db, in)...)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		began := time.Now()
		if err := cmd.Start(); err != nil {
			return res, err
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		delay := time.Duration(rand.Int64N(int64(typical) * 11 / 10))
		killed := false
		select {
		case err := <-exited:
			if err != nil {
				return res, fmt.Errorf("round %d: %v\n%s", round, err, out.String())
			}
			typical = time.Since(began)
			res.Finished++
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			killed = true
			res.Kills++
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(in + suffix)
		}
		counts, err := roundCounts(db)
		if err != nil {
			return res, fmt.Errorf("round %d (killed=%v after %v): %w", round, killed, delay, err)
		}
		// The next open removes what a killed import left hidden; then
		// the file holds exactly what was visible.
		if err := reopen(db); err != nil {
			return res, fmt.Errorf("round %d: reopening after the kill: %w", round, err)
		}
		if raw, err := rawRoundCounts(db); err != nil || fmt.Sprint(raw) != fmt.Sprint(counts) {
			return res, fmt.Errorf("round %d: after reopening the file holds %v, want what was visible, %v (%v)", round, raw, counts, err)
		}
		res.Integrity++
		for r := 0; r <= round; r++ {
			n := counts[r]
			switch {
			case n != 0 && n != docs*(1+spansPerDoc):
				return res, fmt.Errorf("round %d (killed=%v after %v): round %d has %d rows, want 0 or %d: half an import", round, killed, delay, r, n, docs*(1+spansPerDoc))
			case r < round && (n > 0) != present[r]:
				return res, fmt.Errorf("round %d: round %d changed from present=%v to %d rows", round, r, present[r], n)
			case r == round && !killed && n == 0:
				return res, fmt.Errorf("round %d finished but is not in the database\n%s", round, out.String())
			}
		}
		present[round] = counts[round] > 0
		if killed && present[round] {
			res.Landed++
		} else if killed {
			res.Absent++
		}
		if logf != nil && killed {
			logf("%s kill %d: after %v (typical run %v), round present=%v", w.Name, res.Kills, delay.Round(time.Millisecond), typical.Round(time.Millisecond), present[round])
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// roundCounts checks the database's integrity and counts, per round, its
// visible documents and their live spans. A database that a killed first
// open left without a schema counts as empty.
func roundCounts(path string) (map[int]int, error) { return countRounds(path, false) }

// rawRoundCounts counts hidden documents of unfinished imports too.
func rawRoundCounts(path string) (map[int]int, error) { return countRounds(path, true) }

// reopen opens the database as any Spanmark would, which removes what
// dead imports left.
func reopen(path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	return db.Close()
}

func countRounds(path string, includeHidden bool) (map[int]int, error) {
	if _, err := os.Stat(path); err != nil {
		return map[int]int{}, nil
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := integrity(db); err != nil {
		return nil, err
	}
	var tables int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('documents', 'labels', 'migrations')`).Scan(&tables); err != nil {
		return nil, err
	}
	switch tables {
	case 0:
		return map[int]int{}, nil
	case 3:
	default:
		return nil, fmt.Errorf("%d of the 3 first tables: half a first open", tables)
	}
	var labels int
	if err := db.QueryRow(`SELECT COUNT(*) FROM labels`).Scan(&labels); err != nil || labels < 3 {
		return nil, fmt.Errorf("%d labels (%v): the first open lost its labels", labels, err)
	}
	hidden := ""
	var pending int
	db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'pending_docs'`).Scan(&pending)
	if pending > 0 && !includeHidden {
		hidden = ` AND d.id NOT IN (SELECT doc_id FROM pending_docs)` // what readers see
	}
	rows, err := db.Query(`SELECT CAST(substr(d.text, 7, 4) AS INTEGER), 1 + (SELECT COUNT(*) FROM spans s WHERE s.doc_id = d.id AND s.deleted_at IS NULL)
		FROM documents d WHERE d.text LIKE 'Round %'` + hidden)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[int]int{}
	for rows.Next() {
		var r, n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, err
		}
		counts[r] += n
	}
	return counts, rows.Err()
}

func integrity(db *sql.DB) error {
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if ok != "ok" {
		return fmt.Errorf("integrity check: %s", ok)
	}
	return nil
}

// FirstOpenLoop kills `spanmark stats` on a new database (its first open
// creates the schema, the labels and, for the default database, the
// sample), then opens it again: every time, the database has its labels,
// or does not exist yet.
func FirstOpenLoop(ctx context.Context, spawn Spawn, dir string, kills int, logf func(string, ...any)) (Result, error) {
	res := Result{Name: "first open"}
	start := time.Now()
	db := filepath.Join(dir, "first.db")
	for res.Kills < kills {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(db + suffix)
		}
		cmd := spawn("stats", "--db", db)
		if err := cmd.Start(); err != nil {
			return res, err
		}
		delay := time.Duration(rand.Int64N(int64(60 * time.Millisecond)))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		if cmd.Wait() == nil {
			res.Finished++
		} else {
			res.Kills++
		}
		if _, err := roundCounts(db); err != nil {
			return res, fmt.Errorf("after a kill at %v: %w", delay, err)
		}
		res.Integrity++
		out, err := spawn("stats", "--db", db).CombinedOutput()
		if err != nil {
			return res, fmt.Errorf("reopening after a kill at %v: %v\n%s", delay, err, out)
		}
		if _, err := roundCounts(db); err != nil {
			return res, fmt.Errorf("reopened after a kill at %v: %w", delay, err)
		}
		if logf != nil {
			logf("first open: kill %d at %v", res.Kills, delay.Round(time.Millisecond))
		}
	}
	res.Took = time.Since(start)
	return res, nil
}
