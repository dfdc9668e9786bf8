package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

var errImportStopped = errors.New("import stopped")

type importer struct {
	ctx   context.Context
	tx    *sql.Tx
	names *names
	seen  map[string]bool // documents this import touched, to count them once
	now   string
	seq   int64
	res   annot.ImportResult

	findDoc, setMeta, insDoc, insSpan, insRel, insVerdict, setState, insSpans *sql.Stmt

	prep    *preparedImport            // statements prepared once for a chunked import; nil: prepared here
	plain   [len(plainSizes)]*sql.Stmt // plain span inserts, made as needed
	pending []pendingSpan              // spans of new rows, inserted in batches
	buf     []byte
	args    []any
	sugs    *suggestionWriter // made for the first record with suggestions
}

// importSQL is what the importer's statements say, in the order of
// importer.stmts.
var importSQL = []string{
	`SELECT id, meta FROM documents WHERE hash = ?`,
	`UPDATE documents SET meta = ? WHERE id = ?`,
	`INSERT INTO documents(id, seq, title, source, text, meta, hash, length, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(hash) DO NOTHING`,
	`INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer, origin, changed, curation, corrects,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	// A batch of spans comes as one JSON text, read by json_each inside
	// SQLite, rather than as twelve bound values a row through cgo.
	`INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer, origin, changed, curation, corrects,
		created_at, updated_at)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9,
			value->>10, value->>11, ?1, ?1 FROM jsonb_each(?2)`,
	`INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
	`INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?)`,
	// An import never moves an annotator back: a document reviewed
	// here stays reviewed when a file that says "done" comes in again.
	// An answer the file gives replaces the one stored.
	`INSERT INTO doc_status(doc_id, annotator_id, state, answer, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(doc_id, annotator_id) DO UPDATE SET
			state = CASE WHEN ` + stateRank("excluded.state") + ` > ` + stateRank("doc_status.state") + ` THEN excluded.state ELSE doc_status.state END,
			answer = CASE WHEN excluded.answer <> '' THEN excluded.answer ELSE doc_status.answer END,
			updated_at = excluded.updated_at
		WHERE ` + stateRank("excluded.state") + ` > ` + stateRank("doc_status.state") + `
			OR (excluded.answer <> '' AND excluded.answer <> doc_status.answer)`,
}

func (im *importer) stmts() []**sql.Stmt {
	return []**sql.Stmt{&im.findDoc, &im.setMeta, &im.insDoc, &im.insSpan, &im.insSpans, &im.insRel, &im.insVerdict, &im.setState}
}

// preparedImport holds an import's statements for all its chunks.
// Compiled again in each chunk, they (above all the plain span inserts,
// SQL texts of up to 256 rows, and a text of its own for each chunk's
// remainder) took about 0.09 s of the writer's 0.9 s in the import
// benchmark's profile.
type preparedImport struct {
	main  []*sql.Stmt // importSQL
	plain []*sql.Stmt // plainSizes
}

// prepareImport compiles the statements on the write pool, whose one
// connection every chunk's transaction uses; a transaction takes them
// with Tx.StmtContext, which compiles them again only should the pool
// have replaced its connection.
func (db *DB) prepareImport(ctx context.Context) (*preparedImport, error) {
	p := &preparedImport{}
	for _, q := range importSQL {
		st, err := db.rw.PrepareContext(ctx, q)
		if err != nil {
			p.close()
			return nil, err
		}
		p.main = append(p.main, st)
	}
	for _, n := range plainSizes {
		st, err := db.rw.PrepareContext(ctx, plainInsert(n))
		if err != nil {
			p.close()
			return nil, err
		}
		p.plain = append(p.plain, st)
	}
	return p, nil
}

func (p *preparedImport) close() {
	if p == nil {
		return
	}
	for _, st := range append(p.main, p.plain...) {
		st.Close()
	}
}

// newImporter starts storing records in tx, with the statements of p if
// it is not nil.
func newImporter(ctx context.Context, db *DB, tx *sql.Tx, p *preparedImport) (*importer, error) {
	n, err := loadNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	// Statements get a context that cannot be cancelled: go-sqlite3 starts a
	// goroutine per statement to watch a cancellable one, which made an
	// import of 465,000 small documents five times slower. Cancelling is
	// checked between records instead (see pipeline), and the transaction
	// itself still rolls back when ctx is cancelled.
	im := &importer{ctx: context.WithoutCancel(ctx), tx: tx, names: n, now: db.stamp(), seen: map[string]bool{}, prep: p}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM documents`).Scan(&im.seq); err != nil {
		return nil, err
	}
	for i, dst := range im.stmts() {
		var err error
		if p != nil {
			*dst = tx.StmtContext(ctx, p.main[i])
		} else {
			*dst, err = tx.PrepareContext(ctx, importSQL[i])
		}
		if err != nil {
			im.close()
			return nil, err
		}
	}
	return im, nil
}

func (im *importer) close() {
	for _, s := range append(im.plain[:], im.findDoc, im.setMeta, im.insDoc, im.insSpan, im.insRel, im.insVerdict, im.setState, im.insSpans) {
		if s != nil {
			s.Close()
		}
	}
	if im.sugs != nil {
		im.sugs.close()
	}
}

// existing is what a joined document already holds, to skip duplicates.
type existing struct {
	spans     map[annot.SpanKey]string // live spans by key -> id
	relations map[relKey]bool
	verdicts  map[verdictKey]bool
}

type relKey struct{ annotator, from, to, typ string }
type verdictKey struct{ span, reviewer, decision string }

// add stores one record.
func (im *importer) add(rec *annot.Record) error {
	_, err := im.addHashed(rec, "", false)
	return err
}

// addHashed stores one record whose text hashes to hash (computed here if
// ""). With onlyNew, a record whose text is stored already is left alone
// and reported as not added, for the caller to join later.
func (im *importer) addHashed(rec *annot.Record, hash string, onlyNew bool) (bool, error) {
	added, err := im.addRecord(rec, hash, onlyNew)
	if err != nil && rec.Line > 0 {
		return false, annot.At("", rec.Line, err)
	}
	return added, err
}

func (im *importer) addRecord(rec *annot.Record, hash string, onlyNew bool) (bool, error) {
	if hash == "" {
		hash = annot.ContentHash(rec.Doc.Text)
	}
	docID, ex, err := im.document(&rec.Doc, hash, onlyNew)
	if err != nil || docID == "" {
		return false, err
	}
	im.res.Records++
	if !im.seen[docID] {
		im.seen[docID] = true
		im.res.Documents++
	}
	ids := make(map[string]string, len(rec.Spans)) // record span id -> stored id
	if err := im.spans(docID, rec.Spans, ex, ids); err != nil {
		return false, err
	}
	if len(rec.Relations) > 0 || len(rec.Verdicts) > 0 || len(rec.SuggestionDecisions) > 0 || len(im.pending) >= spanBatch {
		// Relations, verdicts and decisions on suggestions refer to the
		// spans by their stored IDs.
		if err := im.flush(); err != nil {
			return false, err
		}
	}
	for i := range rec.Relations {
		if err := im.relation(docID, &rec.Relations[i], ids, ex); err != nil {
			return false, err
		}
	}
	for i := range rec.Verdicts {
		if err := im.verdict(&rec.Verdicts[i], ids, ex); err != nil {
			return false, err
		}
	}
	if err := im.suggestions(docID, rec, ids); err != nil {
		return false, err
	}
	return true, im.states(docID, rec)
}

// states stores how far each annotator got and what they answered. An
// answer without a state means the annotator finished the task.
func (im *importer) states(docID string, rec *annot.Record) error {
	for who, st := range rec.States {
		if err := im.setDocState(docID, who, st, rec.Answers[who]); err != nil {
			return err
		}
	}
	for who, a := range rec.Answers {
		if _, ok := rec.States[who]; !ok && a != "" {
			if err := im.setDocState(docID, who, annot.StateDone, a); err != nil {
				return err
			}
		}
	}
	return nil
}

func (im *importer) setDocState(docID, who string, st annot.DocState, a annot.Answer) error {
	aid, err := im.names.annotator(im.ctx, im.tx, who)
	if err != nil {
		return err
	}
	_, err = im.setState.ExecContext(im.ctx, docID, aid, string(st), string(a), im.now)
	return err
}

// document finds the stored document with this text or stores it. For a
// joined document it loads what is there, so duplicates can be skipped.
//
// With onlyNew, a text stored already is not joined: the ID returned is "".
func (im *importer) document(d *annot.Document, hash string, onlyNew bool) (string, *existing, error) {
	id := d.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	length := d.Length
	if length <= 0 {
		length = utf8.RuneCountInString(d.Text)
	}
	// Insert first and look up only on a clash of content hash: most
	// documents of an import are new, and this saves a query for each.
	insert := func(id string) (bool, error) {
		res, err := im.insDoc.ExecContext(im.ctx, id, im.seq+1, d.Title, d.Source, d.Text, meta, hash, length, im.now)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	added, err := insert(id)
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
		// The file's ID belongs to another text: give this one its own.
		id = annot.NewID()
		added, err = insert(id)
	}
	if err != nil {
		return "", nil, err
	}
	if added {
		im.seq++
		im.res.NewDocuments++
		return id, newExisting(), nil
	}
	if onlyNew {
		return "", nil, nil
	}
	var stored string
	if err := im.findDoc.QueryRowContext(im.ctx, hash).Scan(&id, &stored); err != nil {
		return "", nil, err
	}
	// What this record's meta adds (another annotator's categories) joins
	// the stored meta rather than being lost.
	if merged, changed := annot.MergeMeta(json.RawMessage(stored), d.Meta); changed {
		if _, err := im.setMeta.ExecContext(im.ctx, string(merged), id); err != nil {
			return "", nil, err
		}
	}
	if err := im.flush(); err != nil { // the spans this import gave it so far
		return "", nil, err
	}
	ex, err := im.loadExisting(id)
	return id, ex, err
}

func newExisting() *existing {
	return &existing{spans: map[annot.SpanKey]string{}, relations: map[relKey]bool{}, verdicts: map[verdictKey]bool{}}
}

func (im *importer) loadExisting(docID string) (*existing, error) {
	ex := newExisting()
	rows, err := im.tx.QueryContext(im.ctx, `SELECT s.id, a.name, s.off_start, s.off_end, l.name
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		WHERE s.doc_id = ? AND s.deleted_at IS NULL`, docID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var k annot.SpanKey
		if err := rows.Scan(&id, &k.Annotator, &k.Start, &k.End, &k.Label); err != nil {
			rows.Close()
			return nil, err
		}
		ex.spans[k] = id
	}
	rows.Close()
	rows, err = im.tx.QueryContext(im.ctx, `SELECT annotator_id, from_id, to_id, type FROM relations WHERE doc_id = ? AND deleted_at IS NULL`, docID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k relKey
		if err := rows.Scan(&k.annotator, &k.from, &k.to, &k.typ); err != nil {
			rows.Close()
			return nil, err
		}
		ex.relations[k] = true
	}
	rows.Close()
	rows, err = im.tx.QueryContext(im.ctx, `SELECT v.span_id, v.reviewer_id, v.decision FROM verdicts v
		JOIN spans s ON s.id = v.span_id WHERE s.doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k verdictKey
		if err := rows.Scan(&k.span, &k.reviewer, &k.decision); err != nil {
			return nil, err
		}
		ex.verdicts[k] = true
	}
	return ex, rows.Err()
}

// pendingSpan is a span resolved to stored IDs, waiting to be inserted,
// with the maps of its record that a changed ID must reach.
type pendingSpan struct {
	id, aid, lid, doc string
	s                 *annot.Span
	ex                *existing
	ids               map[string]string
}

// spanBatch is how many spans one INSERT carries: statements, not rows,
// are what cost most through database/sql and cgo.
const spanBatch = 4096

// spans resolves a record's spans, skipping those the document already
// has (or that the record repeats), and fills ids with each one's stored
// ID; the new ones wait in pending for the next flush.
func (im *importer) spans(docID string, spans []annot.Span, ex *existing, ids map[string]string) error {
	for i := range spans {
		s := &spans[i]
		im.res.Spans++
		if id, ok := ex.spans[s.Key()]; ok {
			ids[s.ID] = id
			continue
		}
		aid, err := im.names.annotator(im.ctx, im.tx, s.Annotator)
		if err != nil {
			return err
		}
		lid, err := im.names.label(im.ctx, im.tx, s.Label)
		if err != nil {
			return err
		}
		id := s.ID
		if _, perr := uuid.Parse(id); perr != nil {
			id = annot.NewID()
		}
		ex.spans[s.Key()] = id
		ids[s.ID] = id
		im.pending = append(im.pending, pendingSpan{id: id, aid: aid, lid: lid, doc: docID, s: s, ex: ex, ids: ids})
	}
	return nil
}

// finish stores what waits in batches: the pending spans, then the
// suggestions.
func (im *importer) finish() error {
	if err := im.flush(); err != nil {
		return err
	}
	if im.sugs != nil {
		return im.sugs.flush()
	}
	return nil
}

// flush inserts the pending spans in one statement. If an ID from a file
// is stored already, it goes one by one, giving such spans fresh IDs.
func (im *importer) flush() error {
	rows := im.pending
	if len(rows) == 0 {
		return nil
	}
	im.pending = rows[:0]
	if allPlain(rows) {
		n, err := im.flushPlain(rows)
		im.res.NewSpans += n
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return im.insertEach(rows[n:])
		}
		return err
	}
	b := append(im.buf[:0], '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, r.id)
		b = append(b, ',')
		b = appendJSONString(b, r.doc)
		b = append(b, ',')
		b = appendJSONString(b, r.aid)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.s.Start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.s.End), 10)
		b = append(b, ',')
		b = appendJSONString(b, r.lid)
		b = append(b, ',')
		b = appendJSONString(b, r.s.Note)
		b = append(b, ',')
		b = appendJSONString(b, string(r.s.Answer))
		b = append(b, ',')
		b = appendJSONString(b, r.s.Origin)
		if r.s.Changed {
			b = append(b, ",1"...)
		} else {
			b = append(b, ",0"...)
		}
		if r.s.Curation {
			b = append(b, ",1,"...)
		} else {
			b = append(b, ",0,"...)
		}
		if c, ok := correctsID(r.s, r.ids).(string); ok {
			b = appendJSONString(b, c)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, ']')
	}
	b = append(b, ']')
	im.buf = b
	_, err := im.insSpans.ExecContext(im.ctx, im.now, b)
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
		return im.insertEach(rows)
	}
	if err != nil {
		return err
	}
	im.res.NewSpans += len(rows)
	return nil
}

// insertEach inserts rows one by one, giving a span whose ID is stored
// already a fresh one.
func (im *importer) insertEach(rows []pendingSpan) error {
	for _, r := range rows {
		id, err := im.insertSpan(r.doc, r)
		if err != nil {
			return err
		}
		if id != r.id {
			r.ex.spans[r.s.Key()] = id
			r.ids[r.s.ID] = id
		}
	}
	return nil
}

// appendJSONString quotes s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// insertSpan inserts one span whose ID may be taken, and returns the ID
// it is stored under.
func (im *importer) insertSpan(docID string, r pendingSpan) (string, error) {
	s := r.s
	corrects := correctsID(s, r.ids)
	_, err := im.insSpan.ExecContext(im.ctx, r.id, docID, r.aid, s.Start, s.End, r.lid, s.Note, string(s.Answer), s.Origin, s.Changed,
		s.Curation, corrects, im.now, im.now)
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
		// Stored before, perhaps deleted since: a tombstone is not revived
		// by importing its ID again.
		var owner string
		if qerr := im.tx.QueryRowContext(im.ctx, `SELECT doc_id FROM spans WHERE id = ?`, r.id).Scan(&owner); qerr == nil && owner == docID {
			return r.id, nil
		}
		id := annot.NewID()
		if _, err := im.insSpan.ExecContext(im.ctx, id, docID, r.aid, s.Start, s.End, r.lid, s.Note, string(s.Answer), s.Origin, s.Changed,
			s.Curation, corrects, im.now, im.now); err != nil {
			return "", err
		}
		im.res.NewSpans++
		return id, nil
	}
	if err != nil {
		return "", err
	}
	im.res.NewSpans++
	return r.id, nil
}

func (im *importer) relation(docID string, r *annot.Relation, ids map[string]string, ex *existing) error {
	im.res.Relations++
	from, to := ids[r.From], ids[r.To]
	if from == "" || to == "" {
		return annot.Errorf(annot.Invalid, "relation %s refers to a span that is not in the record", r.Type)
	}
	aid, err := im.names.annotator(im.ctx, im.tx, r.Annotator)
	if err != nil {
		return err
	}
	k := relKey{aid, from, to, r.Type}
	if ex != nil && ex.relations[k] {
		return nil
	}
	id := r.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	_, err = im.insRel.ExecContext(im.ctx, id, docID, aid, from, to, r.Type, im.now)
	if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
		return nil // this very relation is stored already
	}
	if err != nil {
		return err
	}
	if ex != nil {
		ex.relations[k] = true
	}
	im.res.NewRelations++
	return nil
}

func (im *importer) verdict(v *annot.Verdict, ids map[string]string, ex *existing) error {
	span := ids[v.SpanID]
	if span == "" {
		return annot.Errorf(annot.Invalid, "verdict on a span that is not in the record")
	}
	rid, err := im.names.annotator(im.ctx, im.tx, v.Reviewer)
	if err != nil {
		return err
	}
	k := verdictKey{span, rid, string(v.Decision)}
	if ex != nil && ex.verdicts[k] {
		return nil
	}
	at := im.now
	if !v.At.IsZero() {
		at = formatTime(v.At)
	}
	id := v.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	if _, err := im.insVerdict.ExecContext(im.ctx, id, span, rid, string(v.Decision), v.Comment, at); err != nil {
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			return nil
		}
		return err
	}
	if ex != nil {
		ex.verdicts[k] = true
	}
	im.res.NewVerdicts++
	return nil
}

func isConstraint(err error, code sqlite3.ErrNoExtended) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == code
}

// stateRank is a document state's place in annot.DocStates, as an SQL
// expression over col, so that a query can keep states moving forward
// (annot.DocState.Advances) without reading them out.
func stateRank(col string) string {
	var b strings.Builder
	b.WriteString("(CASE " + col)
	for i, st := range annot.DocStates() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
	}
	b.WriteString(" ELSE 0 END)")
	return b.String()
}
