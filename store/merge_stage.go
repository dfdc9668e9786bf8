package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// MergeHistory merges the documents that read emits, as a native export
// gives them, in one transaction. They are first written into a scratch
// database shaped like a Spanmark one, then merged exactly as Merge
// merges a database: so merging an export written with --history does
// what merging the database it came from does. A plain export lacks
// times and tombstones; where it and this database differ, this one wins,
// and what is new in it is added (see annot's merge rules).
//
// Every document, span and relation needs the ID an export writes: IDs
// are how a second merge of the same file knows it adds nothing.
func (db *DB) MergeHistory(ctx context.Context, name string, read func(emit func(*annot.DocHistory) error) error, progress annot.MergeProgress) (annot.MergeResult, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	dir, err := os.MkdirTemp("", "spanmark-merge-")
	if err != nil {
		return annot.MergeResult{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "staged.db")
	progress("reading "+filepath.Base(name), 0, 1)
	if err := stage(ctx, path, read); err != nil {
		return annot.MergeResult{}, placeMergeError(ctx, name, err)
	}
	res, err := db.mergeFrom(ctx, path, true, progress)
	return res, placeMergeError(ctx, name, err)
}

// stagingSchema has the columns of a Spanmark database that a merge
// reads. A label a plain export names without an ID gets a stand-in ID
// that is not a UUID, and no colour.
const stagingSchema = `
CREATE TABLE documents (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, title TEXT NOT NULL, source TEXT NOT NULL,
	text TEXT NOT NULL, meta TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, length INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE labels (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, color TEXT NOT NULL, hotkey TEXT NOT NULL,
	ord INTEGER NOT NULL, deleted_at TEXT);
CREATE TABLE annotators (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE spans (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, annotator_id TEXT NOT NULL, off_start INTEGER NOT NULL,
	off_end INTEGER NOT NULL, label_id TEXT NOT NULL, note TEXT NOT NULL, answer TEXT NOT NULL, origin TEXT NOT NULL,
	changed INTEGER NOT NULL, curation INTEGER NOT NULL, corrects TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	deleted_at TEXT);
CREATE TABLE relations (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, annotator_id TEXT NOT NULL, from_id TEXT NOT NULL,
	to_id TEXT NOT NULL, type TEXT NOT NULL, created_at TEXT NOT NULL, deleted_at TEXT);
CREATE TABLE verdicts (id TEXT PRIMARY KEY, span_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, decision TEXT NOT NULL,
	comment TEXT NOT NULL, at TEXT NOT NULL, withdrawn_at TEXT);
CREATE TABLE doc_status (doc_id TEXT NOT NULL, annotator_id TEXT NOT NULL, state TEXT NOT NULL, answer TEXT NOT NULL,
	updated_at TEXT NOT NULL, PRIMARY KEY (doc_id, annotator_id));
CREATE TABLE suggestions (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, off_start INTEGER NOT NULL, off_end INTEGER NOT NULL,
	label_id TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE UNIQUE INDEX suggestions_key ON suggestions(doc_id, off_start, off_end, label_id);
CREATE TABLE suggestion_links (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, from_id TEXT NOT NULL, to_id TEXT NOT NULL,
	type TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE UNIQUE INDEX suggestion_links_key ON suggestion_links(from_id, to_id, type);
CREATE TABLE suggestion_decisions (id TEXT PRIMARY KEY, suggestion_id TEXT NOT NULL, annotator_id TEXT NOT NULL,
	decision TEXT NOT NULL, span_id TEXT, at TEXT NOT NULL, deleted_at TEXT);
CREATE UNIQUE INDEX suggestion_decisions_live ON suggestion_decisions(suggestion_id, annotator_id) WHERE deleted_at IS NULL;
`

// stage writes what read emits into a new scratch database at path. It is
// thrown away afterwards, so it is written without a journal.
func stage(ctx context.Context, path string, read func(emit func(*annot.DocHistory) error) error) error {
	sdb, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	if _, err := sdb.ExecContext(ctx, stagingSchema); err != nil {
		return err
	}
	tx, err := sdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := &stager{ctx: context.WithoutCancel(ctx), tx: tx, labels: map[string]string{}, people: map[string]string{}, batch: map[int]*sql.Stmt{}}
	if err := st.prepare(); err != nil {
		return err
	}
	if err := stagePipeline(ctx, read, st.add); err != nil {
		return err
	}
	return tx.Commit()
}

// stagePipeline runs read on a goroutine and stages what it emits on this
// one, so that parsing JSON and inserting rows overlap on two cores. The
// first error from either side wins.
func stagePipeline(ctx context.Context, read func(emit func(*annot.DocHistory) error) error, add func(*annot.DocHistory) error) error {
	docs := make(chan *annot.DocHistory, 64)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(docs)
		readErr <- read(func(h *annot.DocHistory) error {
			select {
			case docs <- h:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var err error
	for h := range docs {
		if err != nil {
			continue // drain, so that the reader can finish
		}
		if cerr := ctx.Err(); cerr != nil {
			err = &annot.Error{Kind: annot.Cancelled, Msg: "merge cancelled; nothing was merged", Err: cerr}
		} else if aerr := add(h); aerr != nil {
			err = annot.At("", h.Line, aerr)
		}
		if err != nil {
			close(stop)
		}
	}
	if rerr := <-readErr; err == nil && rerr != nil {
		return rerr
	}
	return err
}

var errStopped = errors.New("merge stopped")

type stager struct {
	ctx    context.Context
	tx     *sql.Tx
	seq    int64
	labels map[string]string // name -> staged ID
	people map[string]string // name -> ID

	doc, label, ann, rel, verdict, state *sql.Stmt
	sug, sugLink, decision               *sql.Stmt
	batch                                map[int]*sql.Stmt // span inserts by row count
	args                                 []any
}

func (st *stager) prepare() error {
	for _, s := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&st.doc, `INSERT INTO documents(id, seq, title, source, text, meta, hash, length, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&st.label, `INSERT INTO labels(id, name, color, hotkey, ord, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`},
		{&st.ann, `INSERT INTO annotators(id, name) VALUES (?, ?)`},
		{&st.rel, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&st.verdict, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&st.state, `INSERT INTO doc_status(doc_id, annotator_id, state, answer, updated_at) VALUES (?, ?, ?, ?, ?)`},
		{&st.sug, `INSERT INTO suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&st.sugLink, `INSERT INTO suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&st.decision, `INSERT INTO suggestion_decisions(id, suggestion_id, annotator_id, decision, span_id, at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
	} {
		stmt, err := st.tx.PrepareContext(st.ctx, s.q)
		if err != nil {
			return err
		}
		*s.dst = stmt
	}
	return nil
}

// stagedTime is a time as the staging database holds it: empty when the
// file does not say.
func stagedTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func deletedAt(c annot.SpanCopy) any {
	if c.DeletedAt.IsZero() {
		return nil
	}
	return formatTime(c.DeletedAt)
}

// add stages one document with its rows, refusing what a merge could not
// recognise again: rows without IDs, and one ID or text twice.
func (st *stager) add(h *annot.DocHistory) error {
	for _, l := range h.Labels {
		if err := st.addLabel(l); err != nil {
			return err
		}
	}
	d := &h.Doc
	if !isUUID(d.ID) {
		return annot.Errorf(annot.Invalid, `the document has no "id" (or not a UUID): merge needs the IDs a Spanmark export writes; use import for this file`)
	}
	st.seq++
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	_, err := st.doc.ExecContext(st.ctx, d.ID, st.seq, d.Title, d.Source, d.Text, meta, annot.ContentHash(d.Text),
		utf8.RuneCountInString(d.Text), stagedTime(d.CreatedAt))
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) || isConstraint(err, sqlite3.ErrConstraintUnique) {
		return annot.Errorf(annot.Invalid, "the same document (its ID or its text) is on an earlier line too")
	}
	if err != nil {
		return err
	}
	args := st.args[:0]
	for i, s := range h.Spans {
		if !isUUID(s.ID) {
			return annot.Errorf(annot.Invalid, `span %d-%d has no "id" (or not a UUID): merge needs the IDs a Spanmark export writes`, s.Start, s.End)
		}
		lid, err := st.labelID(s.Label)
		if err != nil {
			return err
		}
		aid, err := st.person(s.Annotator)
		if err != nil {
			return err
		}
		args = append(args, s.ID, d.ID, aid, s.Start, s.End, lid, s.Note, string(s.Answer), s.Origin, s.Changed, s.Curation, nullIfEmpty(s.Corrects),
			stagedTime(s.CreatedAt), stagedTime(s.UpdatedAt), deletedAt(s))
		if n := len(args) / spanColumns; n == spanBatch || i == len(h.Spans)-1 {
			if err := st.insertSpans(n, args); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	st.args = args
	for _, r := range h.Relations {
		if !isUUID(r.ID) {
			return annot.Errorf(annot.Invalid, `a %s relation has no "id" (or not a UUID): merge needs the IDs a Spanmark export writes`, r.Type)
		}
		aid, err := st.person(r.Annotator)
		if err != nil {
			return err
		}
		var deleted any
		if !r.DeletedAt.IsZero() {
			deleted = formatTime(r.DeletedAt)
		}
		_, err = st.rel.ExecContext(st.ctx, r.ID, d.ID, aid, r.From, r.To, r.Type,
			stagedTime(r.CreatedAt), deleted)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return annot.Errorf(annot.Invalid, "relation %s is in the file twice", r.ID)
		}
		if err != nil {
			return err
		}
	}
	for _, v := range h.Verdicts {
		if !isUUID(v.ID) {
			return annot.Errorf(annot.Invalid, `a verdict has no "id" (or not a UUID)`)
		}
		aid, err := st.person(v.Reviewer)
		if err != nil {
			return err
		}
		_, err = st.verdict.ExecContext(st.ctx, v.ID, v.SpanID, aid, string(v.Decision), v.Comment,
			stagedTime(v.At), timeOrNil(v.WithdrawnAt))
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return annot.Errorf(annot.Invalid, "verdict %s is in the file twice", v.ID)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range h.States {
		aid, err := st.person(s.Annotator)
		if err != nil {
			return err
		}
		if _, err := st.state.ExecContext(st.ctx, d.ID, aid, string(s.State), string(s.Answer),
			stagedTime(s.At)); err != nil {
			return err
		}
	}
	return st.addSuggestions(h)
}

// spanColumns is how many values a staged span row has.
const spanColumns = 15

// insertSpans stages n spans with one statement, prepared once per size:
// statements, not rows, are what cost most through database/sql and cgo.
func (st *stager) insertSpans(n int, args []any) error {
	stmt := st.batch[n]
	if stmt == nil {
		q := `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer, origin, changed, curation, corrects,
			created_at, updated_at, deleted_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),", n), ",")
		var err error
		if stmt, err = st.tx.PrepareContext(st.ctx, q); err != nil {
			return err
		}
		st.batch[n] = stmt
	}
	_, err := stmt.ExecContext(st.ctx, args...)
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
		return annot.Errorf(annot.Invalid, "a span ID is in the file twice")
	}
	return err
}

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil
}

func (st *stager) addLabel(l annot.LabelCopy) error {
	if _, ok := st.labels[l.Name]; ok {
		return annot.Errorf(annot.Invalid, "label %s is listed twice, or after a span that uses it", l.Name)
	}
	if !isUUID(l.ID) {
		return annot.Errorf(annot.Invalid, "label %s has no ID (or not a UUID)", l.Name)
	}
	var removed any
	if !l.RemovedAt.IsZero() {
		removed = formatTime(l.RemovedAt)
	}
	if _, err := st.label.ExecContext(st.ctx, l.ID, l.Name, l.Color, l.Hotkey, l.Order, removed); err != nil {
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return annot.Errorf(annot.Invalid, "label ID %s is listed twice", l.ID)
		}
		return err
	}
	st.labels[l.Name] = l.ID
	return nil
}

// labelID returns the staged ID of the label called name, adding a
// stand-in for one the file did not list.
func (st *stager) labelID(name string) (string, error) {
	if id, ok := st.labels[name]; ok {
		return id, nil
	}
	id := "label:" + name
	if _, err := st.label.ExecContext(st.ctx, id, name, "", "", len(st.labels), nil); err != nil {
		return "", err
	}
	st.labels[name] = id
	return id, nil
}

func (st *stager) person(name string) (string, error) {
	if id, ok := st.people[name]; ok {
		return id, nil
	}
	if name == "" {
		return "", annot.Errorf(annot.Invalid, "no annotator name")
	}
	id := annot.AnnotatorID(name)
	if _, err := st.ann.ExecContext(st.ctx, id, name); err != nil {
		return "", err
	}
	st.people[name] = id
	return id, nil
}
