package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
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
		return pipeline(ctx, "suggest", read, sw.propose)
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

	docLength, findSugs, findLinks, insLink *sql.Stmt
	batch                                   map[int]*sql.Stmt
	args                                    []any
}

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
		stored: map[string]bool{}, batch: map[int]*sql.Stmt{}}
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
		{&sw.docLength, `SELECT length FROM documents WHERE id = ?`},
		{&sw.findSugs, `SELECT id, off_start, off_end, label_id FROM suggestions WHERE doc_id = ?`},
		{&sw.findLinks, `SELECT from_id, to_id, type FROM suggestion_links WHERE doc_id = ?`},
		{&sw.insLink, `INSERT INTO suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`},
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
	for _, s := range []*sql.Stmt{sw.docLength, sw.findSugs, sw.findLinks, sw.insLink} {
		if s != nil {
			s.Close()
		}
	}
	for _, s := range sw.batch {
		s.Close()
	}
}

// sugKey is what makes two suggestions of a document the same.
type sugKey struct {
	start, end int
	label      string // label ID
}

type linkKey struct{ from, to, typ string }

// docSuggestions is what a document holds already, to skip duplicates.
type docSuggestions struct {
	ids   map[sugKey]string
	links map[linkKey]bool
}

func (sw *suggestionWriter) existing(docID string) (*docSuggestions, error) {
	ex := &docSuggestions{ids: map[sugKey]string{}, links: map[linkKey]bool{}}
	if !sw.stored[docID] {
		return ex, nil
	}
	rows, err := sw.findSugs.QueryContext(sw.ctx, docID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var k sugKey
		if err := rows.Scan(&id, &k.start, &k.end, &k.label); err != nil {
			rows.Close()
			return nil, err
		}
		ex.ids[k] = id
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
		var k linkKey
		if err := rows.Scan(&k.from, &k.to, &k.typ); err != nil {
			return nil, err
		}
		ex.links[k] = true
	}
	return ex, rows.Err()
}

// propose checks and stores one document's proposal.
func (sw *suggestionWriter) propose(p *annot.Proposal) error {
	var length int
	if err := sw.docLength.QueryRowContext(sw.ctx, p.DocID).Scan(&length); err == sql.ErrNoRows {
		return annot.Errorf(annot.NotFound, "no document %s: it may have been removed", p.DocID)
	} else if err != nil {
		return err
	}
	for _, s := range p.Suggestions {
		if err := annot.CheckSuggestion(s, length); err != nil {
			return err
		}
	}
	for _, l := range p.Links {
		if err := annot.CheckOrigin(l.Origin); err != nil {
			return err
		}
	}
	_, _, err := sw.add(p.DocID, p.Suggestions, p.Links)
	return err
}

// pendingSug is a suggestion resolved to stored IDs, waiting to be
// inserted.
type pendingSug struct {
	id, lid string
	s       *annot.Suggestion
}

// add stores a document's suggestions and links, already checked,
// skipping what is stored. It returns each given suggestion ID's stored
// ID, and how many suggestions and links were new.
func (sw *suggestionWriter) add(docID string, sugs []annot.Suggestion, links []annot.SuggestionLink) (map[string]string, [2]int, error) {
	var added [2]int
	if len(sugs) == 0 {
		return nil, added, nil
	}
	ex, err := sw.existing(docID)
	if err != nil {
		return nil, added, err
	}
	ids := make(map[string]string, len(sugs))
	var rows []pendingSug
	for i := range sugs {
		s := &sugs[i]
		lid, err := sw.names.label(sw.ctx, sw.tx, strings.TrimSpace(s.Label))
		if err != nil {
			return nil, added, err
		}
		k := sugKey{s.Start, s.End, lid}
		if id, ok := ex.ids[k]; ok {
			if s.ID != "" {
				ids[s.ID] = id
			}
			continue
		}
		id := s.ID
		if _, perr := uuid.Parse(id); perr != nil {
			id = annot.NewID()
		}
		ex.ids[k] = id
		if s.ID != "" {
			ids[s.ID] = id
		}
		rows = append(rows, pendingSug{id: id, lid: lid, s: s})
	}
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), spanBatch)]
		rows = rows[len(chunk):]
		err := sw.insert(docID, chunk)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			// An ID from a file names another suggestion: give these
			// fresh ones.
			for i := range chunk {
				old := chunk[i].id
				chunk[i].id = annot.NewID()
				ex.ids[sugKey{chunk[i].s.Start, chunk[i].s.End, chunk[i].lid}] = chunk[i].id
				for k, v := range ids {
					if v == old {
						ids[k] = chunk[i].id
					}
				}
			}
			err = sw.insert(docID, chunk)
		}
		if err != nil {
			return nil, added, err
		}
		added[0] += len(chunk)
		if sw.c != nil {
			for _, r := range chunk {
				g := *r.s
				g.ID, g.DocID, g.Label, g.CreatedAt = r.id, docID, strings.TrimSpace(g.Label), parseTime(sw.now)
				sw.c.Suggestions = append(sw.c.Suggestions, g)
			}
		}
	}
	sw.stored[docID] = true
	for _, l := range links {
		from, to := ids[l.From], ids[l.To]
		if from == "" || to == "" || from == to {
			continue
		}
		k := linkKey{from, to, l.Type}
		if ex.links[k] {
			continue
		}
		ex.links[k] = true
		id := l.ID
		if _, perr := uuid.Parse(id); perr != nil {
			id = annot.NewID()
		}
		res, err := sw.insLink.ExecContext(sw.ctx, id, docID, from, to, l.Type, l.Origin, sw.now)
		if isConstraint(err, sqlite3.ErrConstraintPrimaryKey) {
			id = annot.NewID()
			res, err = sw.insLink.ExecContext(sw.ctx, id, docID, from, to, l.Type, l.Origin, sw.now)
		}
		if err != nil {
			return nil, added, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added[1]++
			if sw.c != nil {
				sw.c.SuggestionLinks = append(sw.c.SuggestionLinks, annot.SuggestionLink{ID: id, DocID: docID, From: from, To: to, Type: l.Type, Origin: l.Origin})
			}
		}
	}
	return ids, added, nil
}

// insert inserts rows with one statement, prepared once per size.
func (sw *suggestionWriter) insert(docID string, rows []pendingSug) error {
	st := sw.batch[len(rows)]
	if st == nil {
		q := `INSERT INTO suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?),", len(rows)), ",")
		var err error
		if st, err = sw.tx.PrepareContext(sw.ctx, q); err != nil {
			return err
		}
		sw.batch[len(rows)] = st
	}
	args := sw.args[:0]
	for _, r := range rows {
		args = append(args, r.id, docID, r.s.Start, r.s.End, r.lid, r.s.Origin, sw.now)
	}
	sw.args = args
	_, err := st.ExecContext(sw.ctx, args...)
	return err
}

// Suggested loads a document's suggestions of live labels, their links
// and every analyst's live decisions, in one snapshot.
func (db *DB) Suggested(ctx context.Context, docID string) (*annot.Suggested, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := &readTx{ctx: ctx, tx: tx}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents WHERE id = ?`, docID).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, annot.Errorf(annot.NotFound, "no document %s: it may have been removed", docID)
	}
	m, err := r.suggested(`s.doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	if s := m[docID]; s != nil {
		return s, nil
	}
	return &annot.Suggested{DocID: docID}, nil
}

// suggested reads the suggestions (of live labels) that cond on s
// (suggestions) picks, with their links and live decisions, by document.
func (r *readTx) suggested(cond string, args ...any) (map[string]*annot.Suggested, error) {
	out := map[string]*annot.Suggested{}
	get := func(doc string) *annot.Suggested {
		s := out[doc]
		if s == nil {
			s = &annot.Suggested{DocID: doc}
			out[doc] = s
		}
		return s
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT s.id, s.doc_id, s.off_start, s.off_end, l.name, s.origin, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE `+cond+` AND l.deleted_at IS NULL ORDER BY s.doc_id, s.off_start, s.off_end, l.name, s.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g annot.Suggestion
		var created string
		if err := rows.Scan(&g.ID, &g.DocID, &g.Start, &g.End, &g.Label, &g.Origin, &created); err != nil {
			rows.Close()
			return nil, err
		}
		g.CreatedAt = parseTime(created)
		s := get(g.DocID)
		s.Suggestions = append(s.Suggestions, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	live := `JOIN labels l ON l.id = s.label_id AND l.deleted_at IS NULL WHERE ` + cond
	rows, err = r.tx.QueryContext(r.ctx, `SELECT k.id, k.doc_id, k.from_id, k.to_id, k.type, k.origin
		FROM suggestion_links k JOIN suggestions s ON s.id = k.from_id `+live+`
		AND k.to_id IN (SELECT t.id FROM suggestions t JOIN labels tl ON tl.id = t.label_id AND tl.deleted_at IS NULL)
		ORDER BY k.doc_id, k.created_at, k.id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l annot.SuggestionLink
		if err := rows.Scan(&l.ID, &l.DocID, &l.From, &l.To, &l.Type, &l.Origin); err != nil {
			rows.Close()
			return nil, err
		}
		s := get(l.DocID)
		s.Links = append(s.Links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = r.tx.QueryContext(r.ctx, `SELECT d.id, d.suggestion_id, s.doc_id, a.name, d.decision, COALESCE(d.span_id, ''), d.at
		FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id JOIN annotators a ON a.id = d.annotator_id
		`+live+` AND d.deleted_at IS NULL ORDER BY s.doc_id, d.at, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d annot.SuggestionDecision
		var decision, at string
		if err := rows.Scan(&d.ID, &d.Suggestion, &d.DocID, &d.Annotator, &decision, &d.Span, &at); err != nil {
			return nil, err
		}
		d.Decision, d.At = annot.Decision(decision), parseTime(at)
		s := get(d.DocID)
		s.Decisions = append(s.Decisions, d)
	}
	return out, rows.Err()
}
