package crashtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// AnnotateCommand, as Spawn's first argument, runs the annotation driver
// (AnnotateChild) instead of the command line.
const AnnotateCommand = "crash-annotate"

// The driver tags one document through the store API, as the window does:
// create, relabel, note, delete, link, verdict, undo, redo and state, in a
// random order fixed by a seed. It does each action first on a shadow
// copy of the database, prints "doing K DIGEST" (the document as it must
// be once K is saved), then does it on the real database with the same
// IDs and prints "saved K". After a kill the real database must be as the
// last saved action left it, or, if an action was under way, as that
// action would leave it: every action reported saved is there, and none
// is there in part.

const (
	annotator = "asha"
	reviewer  = "ravi"
)

// AnnotateChild is the driver's main: args are the real database, its
// shadow and the seed. It runs until it is killed.
func AnnotateChild(args []string, out io.Writer) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: %s REAL.db SHADOW.db SEED", AnnotateCommand)
	}
	seed, err := strconv.ParseUint(args[2], 10, 64)
	if err != nil {
		return err
	}
	real, err := store.Open(args[0])
	if err != nil {
		return err
	}
	shadow, err := store.Open(args[1])
	if err != nil {
		return err
	}
	ctx := context.Background()
	docs, err := real.Documents(ctx, annot.DocFilter{})
	if err != nil || len(docs) == 0 {
		return fmt.Errorf("no document to annotate: %v", err)
	}
	doc := docs[0].ID
	rng := rand.New(rand.NewPCG(seed, 1))
	for k := 0; ; k++ {
		b, err := shadow.Bundle(ctx, doc)
		if err != nil {
			return err
		}
		name, act := pickAction(rng, b)
		if err := act(shadow); err != nil {
			continue // the real database would refuse it the same way
		}
		d, err := Digest(shadow, doc)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "doing %d %s %s\n", k, name, d)
		if err := act(real); err != nil {
			return fmt.Errorf("%s went in on the shadow but not on the database: %w", name, err)
		}
		fmt.Fprintf(out, "saved %d\n", k)
	}
}

// pickAction chooses the next action on b, with every ID it makes drawn
// from rng so that the shadow and the real database get the same rows.
func pickAction(rng *rand.Rand, b *annot.Bundle) (string, func(*store.DB) error) {
	ctx := context.Background()
	doc := b.Doc.ID
	newID := func() string {
		var u uuid.UUID
		for i := range u {
			u[i] = byte(rng.UintN(256))
		}
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		return u.String()
	}
	var mine, claims, targets []annot.Span
	for _, s := range b.Spans {
		if s.Annotator == annotator {
			mine = append(mine, s)
			if s.Label == "CLAIM" {
				claims = append(claims, s)
			} else {
				targets = append(targets, s)
			}
		}
	}
	labels := []string{"CLAIM", "ACTOR", "SOURCE"}
	pick := func(ss []annot.Span) annot.Span { return ss[rng.IntN(len(ss))] }
	n := len([]rune(b.Doc.Text))
	switch k := rng.IntN(10); {
	case k < 3 || len(mine) == 0:
		start := rng.IntN(n - 12)
		s := annot.Span{ID: newID(), DocID: doc, Annotator: annotator, Start: start, End: start + 1 + rng.IntN(10), Label: labels[rng.IntN(3)]}
		return "create", func(db *store.DB) error { _, err := db.CreateSpan(ctx, s); return err }
	case k == 3:
		s, l := pick(mine), labels[rng.IntN(3)]
		return "relabel", func(db *store.DB) error {
			_, err := db.UpdateSpan(ctx, s.ID, annotator, annot.SpanUpdate{Label: &l})
			return err
		}
	case k == 4:
		s, note := pick(mine), fmt.Sprintf("note %d", rng.IntN(1000))
		return "note", func(db *store.DB) error {
			_, err := db.UpdateSpan(ctx, s.ID, annotator, annot.SpanUpdate{Note: &note})
			return err
		}
	case k == 5:
		s := pick(mine)
		return "delete", func(db *store.DB) error { _, err := db.DeleteSpan(ctx, s.ID, annotator); return err }
	case k == 6 && len(claims) > 0 && len(targets) > 0:
		from, to := pick(claims), pick(targets)
		typ := annot.SaidBy
		if to.Label == "SOURCE" {
			typ = annot.AccordingTo
		}
		r := annot.Relation{ID: newID(), DocID: doc, Annotator: annotator, From: from.ID, To: to.ID, Type: typ}
		return "link", func(db *store.DB) error { _, err := db.CreateRelation(ctx, r); return err }
	case k == 7:
		d := annot.Accepted
		if rng.IntN(2) == 0 {
			d = annot.Rejected
		}
		v := annot.Verdict{ID: newID(), SpanID: pick(mine).ID, Reviewer: reviewer, Decision: d}
		return "verdict", func(db *store.DB) error { _, err := db.SetVerdict(ctx, v); return err }
	case k == 8:
		if rng.IntN(2) == 0 {
			return "undo", func(db *store.DB) error { _, _, err := db.Undo(ctx, doc, annotator); return err }
		}
		return "redo", func(db *store.DB) error { _, _, err := db.Redo(ctx, doc, annotator); return err }
	default:
		st := []annot.DocState{annot.StateInProgress, annot.StateDone}[rng.IntN(2)]
		return "state", func(db *store.DB) error { _, err := db.SetState(ctx, doc, annotator, st); return err }
	}
}

// Digest sums up a document as the window sees it, without times: its
// live spans with labels, notes and review status, its relations, its
// states, and its undo history.
func Digest(db *store.DB, doc string) (string, error) {
	b, err := db.Bundle(context.Background(), doc)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, s := range b.Spans {
		lines = append(lines, fmt.Sprintf("s %s %d %d %s %q %s %s %s", s.ID, s.Start, s.End, s.Label, s.Note, s.Annotator, s.Status, s.Reviewer))
	}
	for _, r := range b.Relations {
		lines = append(lines, fmt.Sprintf("r %s %s %s %s %s", r.ID, r.From, r.To, r.Type, r.Annotator))
	}
	for who, st := range b.States {
		lines = append(lines, fmt.Sprintf("t %s %s", who, st))
	}
	sort.Strings(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:8]), nil
}

// AnnotateLoop runs the driver against one database until it has been
// killed kills times, and checks the database after each kill.
func AnnotateLoop(ctx context.Context, spawn Spawn, dir string, kills int, logf func(string, ...any)) (Result, error) {
	res := Result{Name: "annotate"}
	start := time.Now()
	real, shadow := filepath.Join(dir, "annotate.db"), filepath.Join(dir, "annotate-shadow.db")
	db, err := store.Open(real)
	if err != nil {
		return res, err
	}
	_, err = db.Import(ctx, func(emit func(*annot.Record) error) error {
		return emit(&annot.Record{Doc: annot.Document{Title: "session", Source: "crash", Text: strings.Repeat("रॉयटर्स के अनुसार मंत्रालय ने कहा कि निर्यात घटेगा। Officials said exports would fall. ", 6)}})
	})
	db.Close()
	if err != nil {
		return res, err
	}
	for res.Kills < kills {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := copyDB(real, shadow); err != nil {
			return res, err
		}
		before, err := digestOf(real)
		if err != nil {
			return res, err
		}
		cmd := spawn(AnnotateCommand, real, shadow, strconv.Itoa(res.Kills))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			return res, err
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		delay := 100*time.Millisecond + time.Duration(rand.Int64N(int64(900*time.Millisecond)))
		select {
		case err := <-exited:
			return res, fmt.Errorf("the driver stopped by itself: %v\n%s", err, out.String())
		case <-time.After(delay):
		}
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		res.Kills++
		saved, inFlight, actions, err := lastReported(out.String())
		if err != nil {
			return res, err
		}
		if saved == "" {
			saved = before
		}
		got, err := digestOf(real)
		if err != nil {
			return res, fmt.Errorf("kill %d: %w", res.Kills, err)
		}
		if err := checkIntegrity(real); err != nil {
			return res, fmt.Errorf("kill %d: %w", res.Kills, err)
		}
		res.Integrity++
		switch {
		case got == saved:
			res.Absent++
		case inFlight != "" && got == inFlight:
			res.Landed++
		default:
			return res, fmt.Errorf("kill %d after %v: the document is %s; the last saved action left %q, the one under way would leave %q\n%s",
				res.Kills, delay, got, saved, inFlight, tail(out.String()))
		}
		res.Finished += actions
		if logf != nil {
			logf("annotate kill %d: after %v and %d saved actions; the one under way is %s", res.Kills, delay.Round(time.Millisecond), actions,
				map[bool]string{true: "in", false: "absent"}[got == inFlight && inFlight != ""])
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// digestOf opens the database at path and digests its one document.
func digestOf(path string) (string, error) {
	db, err := store.Open(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	docs, err := db.Documents(context.Background(), annot.DocFilter{})
	if err != nil || len(docs) == 0 {
		return "", fmt.Errorf("no document: %v", err)
	}
	return Digest(db, docs[0].ID)
}

// lastReported reads the driver's output: the digest of the last saved
// action, that of an action under way, and how many were saved. The
// digest before any action is that of the database as the driver found
// it, which the caller compares with the shadow's.
func lastReported(out string) (saved, inFlight string, n int, err error) {
	pending := ""
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "doing":
			pending = f[3]
		case len(f) == 2 && f[0] == "saved":
			saved, pending = inFlightOr(pending, saved), ""
			n++
		case len(f) > 0 && f[0] != "doing" && f[0] != "saved":
			return "", "", 0, fmt.Errorf("the driver failed: %s", out)
		}
	}
	return saved, pending, n, nil
}

func inFlightOr(pending, saved string) string {
	if pending != "" {
		return pending
	}
	return saved
}

// copyDB makes dst an exact copy of src's committed content.
func copyDB(src, dst string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	db, err := sql.Open("sqlite3", "file:"+src+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`VACUUM INTO ?`, dst)
	return err
}

func checkIntegrity(path string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	return integrity(db)
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
