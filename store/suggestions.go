package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"app.spanmark.org/spanmark/store/internal/pipeline"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Suggestions live in their own tables (migration 0009), apart from
// spans, so that nothing that reads spans (agreement, gold, exports,
// statistics) ever counts one. This file stores them; suggest_decide.go
// records analysts' decisions on them.

var _ annot.SuggestionService = (*DB)(nil)

// AddSuggestions stores what read emits in one transaction; see
// annot.SuggestionService.
func (db *DB) AddSuggestions(ctx context.Context, read func(emit func(*annot.Proposal) error) error) (annot.Change, error) {
	var c annot.Change
	err := db.write(ctx, func(tx *sql.Tx) error {
		sw, err := newSuggestionWriter(ctx, db, tx, &c)
		if err != nil {
			return err
		}
		defer sw.close()
		if err := pipeline.Run(ctx, "suggest", read, sw.propose); err != nil {
			return err
		}
		return sw.finish()
	})
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// suggestionWriter stores suggestions and their links inside one write
// transaction, for AddSuggestions and for an import's predictions.
type suggestionWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	names *names
	now   string
	c     *annot.Change // what was newly stored, if the caller wants it
	// stored lists the documents that had suggestions before this
	// transaction: only theirs are looked up for duplicates, so a first
	// run over 20,000 documents makes no query per document for them.
	stored map[string]bool

	docLength, findSugs, findLinks *sql.Stmt
	sugBatch, linkBatch            map[int]*sql.Stmt // multi-row inserts by row count
	args                           []any
	sugQ                           []queuedSug
	linkQ                          []queuedLink
	adder                          *edit.SuggestionAdder
	proposals                      []*annot.Proposal
	ex                             edit.DocSuggestions // reused for each document that had none stored
	created                        time.Time           // now, parsed once
	// What is newly stored, for c, in blocks of changeBlock: one slice
	// grown to 100,000 suggestions was copied over and over as it grew.
	sugBlocks  [][]annot.Suggestion
	linkBlocks [][]annot.SuggestionLink
}

// changeBlock is how many suggestions or links one block of the change
// holds.
const changeBlock = 4096

func newSuggestionWriter(ctx context.Context, db *DB, tx *sql.Tx, c *annot.Change) (*suggestionWriter, error) {
	n, err := loadNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	return newSuggestionWriterNames(ctx, tx, n, db.stamp(), c)
}

func newSuggestionWriterNames(ctx context.Context, tx *sql.Tx, n *names, now string, c *annot.Change) (*suggestionWriter, error) {
	// As in the importer, statements get a context that cannot be
	// cancelled; pipeline checks ctx between documents.
	sw := &suggestionWriter{ctx: context.WithoutCancel(ctx), tx: tx, names: n, now: now, c: c,
		stored: map[string]bool{}, sugBatch: map[int]*sql.Stmt{}, linkBatch: map[int]*sql.Stmt{},
		ex: edit.DocSuggestions{IDs: map[edit.SugKey]string{}, Links: map[edit.LinkKey]bool{}}, created: parseTime(now)}
	sw.adder = edit.NewSuggestionAdder(editTx{tx}, sw)
	rows, err := tx.QueryContext(ctx, `SELECT doc_id FROM suggestions GROUP BY doc_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		sw.stored[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	stmts := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&sw.docLength, `SELECT id, length FROM documents WHERE id IN (SELECT value FROM json_each(?))`},
		{&sw.findSugs, `SELECT id, off_start, off_end, label_id FROM suggestions WHERE doc_id = ?`},
		{&sw.findLinks, `SELECT k.from_id, k.to_id, k.type FROM suggestions s JOIN suggestion_links k ON k.from_id = s.id WHERE s.doc_id = ?`},
	}
	for _, s := range stmts {
		st, err := tx.PrepareContext(ctx, s.sql)
		if err != nil {
			sw.close()
			return nil, err
		}
		*s.dst = st
	}
	return sw, nil
}

func (sw *suggestionWriter) close() {
	for _, s := range []*sql.Stmt{sw.docLength, sw.findSugs, sw.findLinks} {
		if s != nil {
			s.Close()
		}
	}
	for _, m := range []map[int]*sql.Stmt{sw.sugBatch, sw.linkBatch} {
		for _, s := range m {
			s.Close()
		}
	}
}

// Existing reads what a document holds already (edit.SuggestionQueue).
func (sw *suggestionWriter) Existing(docID string) (*edit.DocSuggestions, error) {
	if !sw.stored[docID] {
		// Most documents of a run have none: their maps are cleared and
		// reused rather than made afresh for each.
		clear(sw.ex.IDs)
		clear(sw.ex.Links)
		return &sw.ex, nil
	}
	// What this run queued for the document must be in the table before
	// it is read (a document named twice).
	if err := sw.flush(); err != nil {
		return nil, err
	}
	ex := &edit.DocSuggestions{IDs: map[edit.SugKey]string{}, Links: map[edit.LinkKey]bool{}}
	rows, err := sw.findSugs.QueryContext(sw.ctx, docID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var k edit.SugKey
		if err := rows.Scan(&id, &k.Start, &k.End, &k.Label); err != nil {
			rows.Close()
			return nil, err
		}
		ex.IDs[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = sw.findLinks.QueryContext(sw.ctx, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k edit.LinkKey
		if err := rows.Scan(&k.From, &k.To, &k.Type); err != nil {
			return nil, err
		}
		ex.Links[k] = true
	}
	return ex, rows.Err()
}

// propose takes one document's proposal. Proposals wait in a batch, so
// that one query finds the lengths of many documents; finish stores the
// last of them.
func (sw *suggestionWriter) propose(p *annot.Proposal) error {
	sw.proposals = append(sw.proposals, p)
	if len(sw.proposals) < spanBatch {
		return nil
	}
	return sw.storeProposals()
}

// finish stores what is waiting, and puts what was newly stored in the
// change.
func (sw *suggestionWriter) finish() error {
	if err := sw.storeProposals(); err != nil {
		return err
	}
	if err := sw.flush(); err != nil {
		return err
	}
	if sw.c != nil {
		sw.c.Suggestions = joinBlocks(sw.c.Suggestions, sw.sugBlocks)
		sw.c.SuggestionLinks = joinBlocks(sw.c.SuggestionLinks, sw.linkBlocks)
		sw.sugBlocks, sw.linkBlocks = nil, nil
	}
	return nil
}

// appendBlock appends v to the last block of blocks, or to a new one
// when that is full.
func appendBlock[T any](blocks [][]T, v T) [][]T {
	if n := len(blocks); n > 0 && len(blocks[n-1]) < cap(blocks[n-1]) {
		blocks[n-1] = append(blocks[n-1], v)
		return blocks
	}
	return append(blocks, append(make([]T, 0, changeBlock), v))
}

// joinBlocks appends the blocks' values to dst, in order.
func joinBlocks[T any](dst []T, blocks [][]T) []T {
	n := len(dst)
	for _, b := range blocks {
		n += len(b)
	}
	if n == len(dst) {
		return dst
	}
	out := make([]T, 0, n)
	out = append(out, dst...)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out
}

// storeProposals checks the waiting proposals against their documents
// and queues them.
func (sw *suggestionWriter) storeProposals() error {
	if len(sw.proposals) == 0 {
		return nil
	}
	ids := make([]string, len(sw.proposals))
	for i, p := range sw.proposals {
		ids[i] = p.DocID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := sw.docLength.QueryContext(sw.ctx, string(list))
	if err != nil {
		return err
	}
	length := make(map[string]int, len(ids))
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		length[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range sw.proposals {
		n, ok := length[p.DocID]
		if !ok {
			return annot.Errorf(annot.NotFound, "no document %s: it may have been removed", p.DocID)
		}
		for _, s := range p.Suggestions {
			if err := annot.CheckSuggestion(s, n); err != nil {
				return err
			}
		}
		for _, l := range p.Links {
			if err := annot.CheckOrigin(l.Origin); err != nil {
				return err
			}
		}
		if _, _, err := sw.Add(p.DocID, p.Suggestions, p.Links, false); err != nil {
			return err
		}
	}
	sw.proposals = sw.proposals[:0]
	return nil
}

// sugBatch is how many rows one insert of suggestions or links carries.
const sugBatch = 256

// queued rows wait to be inserted many to a statement: statements, not
// rows, are what cost most through database/sql and cgo, and a run over
// 20,000 documents proposes a handful for each.
type queuedSug struct {
	id, doc    string
	start, end int
	lid        string
	origin     string
}

type queuedLink struct {
	id, doc, from, to, typ, origin string
}

// Add queues a document's suggestions and links (edit.SuggestionAdder's
// Add), then inserts what is queued once a statement's worth waits. Call
// flush before anything refers to them in SQL.
func (sw *suggestionWriter) Add(docID string, sugs []annot.Suggestion, links []annot.SuggestionLink, keepIDs bool) (map[string]string, [2]int, error) {
	ids, added, err := sw.adder.Add(sw.ctx, docID, sugs, links, keepIDs)
	if err != nil || len(sugs) == 0 {
		return ids, added, err
	}
	sw.stored[docID] = true
	if len(sw.sugQ) >= sugBatch || len(sw.linkQ) >= sugBatch {
		if err := sw.flush(); err != nil {
			return nil, added, err
		}
	}
	return ids, added, nil
}

// Flush inserts what is queued (edit.SuggestionImport).
func (sw *suggestionWriter) Flush() error { return sw.flush() }

// AnnotatorID is the ID of the annotator called name, added if new
// (edit.SuggestionImport).
func (sw *suggestionWriter) AnnotatorID(name string) (string, error) {
	return sw.names.annotator(sw.ctx, sw.tx, name)
}

// LabelID is the ID of the label called name, added if it is new
// (edit.SuggestionQueue).
func (sw *suggestionWriter) LabelID(name string) (string, error) {
	return sw.names.label(sw.ctx, sw.tx, name)
}

// QueueSuggestion queues a new suggestion for the next multi-row insert
// (edit.SuggestionQueue).
func (sw *suggestionWriter) QueueSuggestion(s annot.Suggestion, lid string) {
	sw.sugQ = append(sw.sugQ, queuedSug{id: s.ID, doc: s.DocID, start: s.Start, end: s.End, lid: lid, origin: s.Origin})
	if sw.c != nil {
		s.CreatedAt = sw.created
		sw.sugBlocks = appendBlock(sw.sugBlocks, s)
	}
}

// QueueLink queues a new suggested link (edit.SuggestionQueue).
func (sw *suggestionWriter) QueueLink(l annot.SuggestionLink) {
	sw.linkQ = append(sw.linkQ, queuedLink{id: l.ID, doc: l.DocID, from: l.From, to: l.To, typ: l.Type, origin: l.Origin})
	if sw.c != nil {
		sw.linkBlocks = appendBlock(sw.linkBlocks, l)
	}
}

// flush inserts what is queued: the suggestions first, since links refer
// to them.
func (sw *suggestionWriter) flush() error {
	for len(sw.sugQ) > 0 {
		chunk := sw.sugQ[:min(len(sw.sugQ), sugBatch)]
		args := append(sw.args[:0], any(sw.now))
		for _, r := range chunk {
			args = append(args, r.id, r.doc, int64(r.start), int64(r.end), r.lid, r.origin)
		}
		sw.args = args
		if err := sw.exec(sw.sugBatch, len(chunk), `INSERT INTO suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at) VALUES `, args); err != nil {
			return err
		}
		sw.sugQ = sw.sugQ[len(chunk):]
	}
	sw.sugQ = sw.sugQ[:0:0]
	for len(sw.linkQ) > 0 {
		chunk := sw.linkQ[:min(len(sw.linkQ), sugBatch)]
		args := append(sw.args[:0], any(sw.now))
		for _, r := range chunk {
			args = append(args, r.id, r.doc, r.from, r.to, r.typ, r.origin)
		}
		sw.args = args
		if err := sw.exec(sw.linkBatch, len(chunk), `INSERT INTO suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at) VALUES `, args); err != nil {
			return err
		}
		sw.linkQ = sw.linkQ[len(chunk):]
	}
	sw.linkQ = sw.linkQ[:0:0]
	return nil
}

// exec runs a multi-row insert of n rows of six bound values each and
// the time (?1) last, its statement prepared once per row count and kept
// in stmts, through stepInsert, as an import's plain spans go.
func (sw *suggestionWriter) exec(stmts map[int]*sql.Stmt, n int, insert string, args []any) error {
	st := stmts[n]
	if st == nil {
		var b strings.Builder
		b.WriteString(insert)
		boundRows(&b, n, ",?1)")
		var err error
		if st, err = sw.tx.PrepareContext(sw.ctx, b.String()); err != nil {
			return err
		}
		stmts[n] = st
	}
	return stepInsert(sw.ctx, st, args)
}

// Suggested loads a document's suggestions of live labels, their links
// and every analyst's live decisions, in one snapshot.
func (db *DB) Suggested(ctx context.Context, docID string) (*annot.Suggested, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return edit.Suggested(ctx, editTx{tx}, docID)
}

// Texts calls fn with the text of each document in ids (every document
// when ids is empty), in import order, from one snapshot. An ID that
// names no document is NotFound before fn is called at all.
func (db *DB) Texts(ctx context.Context, ids []string, fn func(id, text string) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return annot.Errorf(annot.NotFound, "no document %s in this database", id)
		}
	}
	q, args := `SELECT id, text FROM documents WHERE `+visibleDoc+` ORDER BY seq`, []any(nil)
	if len(ids) > 0 {
		q = `SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND ` + visibleDoc + ` ORDER BY seq`
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		args = append(args, string(list))
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		if err := fn(id, text); err != nil {
			return err
		}
	}
	return rows.Err()
}
