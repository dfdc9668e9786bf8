package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"app.spanmark.org/spanmark/store/internal/pipeline"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// Import stores the records that read emits, in one transaction: all of
// them, or none. It does what the SQLite store's Import does, record by
// record: a text already stored is joined, and spans, relations and
// verdicts already there are not added twice. Imports queue among
// themselves; colleagues tagging wait only for documents the import
// joins, until it commits.
func (db *DB) Import(ctx context.Context, read func(emit func(*annot.Record) error) error) (annot.ImportResult, error) {
	var res annot.ImportResult
	// Not run again on a server abort: read may not be repeatable.
	err := serverError(db.writeOnce(ctx, imports, "", func(tx pgx.Tx) error {
		im, err := newImporter(ctx, db, tx)
		if err != nil {
			return err
		}
		err = pipeline.Run(ctx, "import", read, im.add)
		if err == nil && im.sugs != nil {
			err = im.sugs.flush()
		}
		res = im.res
		return err
	}))
	if err != nil {
		if ctx.Err() != nil && annot.ErrorKind(err) != annot.Cancelled {
			err = &annot.Error{Kind: annot.Cancelled, Msg: "import cancelled", Err: err}
		}
		return annot.ImportResult{}, err
	}
	return res, nil
}

type importer struct {
	ctx   context.Context
	db    *DB
	tx    pgx.Tx
	names *names
	seen  map[string]bool
	now   string
	seq   int64
	res   annot.ImportResult
	sugs  *suggestionWriter // made for the first record with suggestions
}

func newImporter(ctx context.Context, db *DB, tx pgx.Tx) (*importer, error) {
	n, err := loadNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	im := &importer{ctx: ctx, db: db, tx: tx, names: n, now: db.stamp(), seen: map[string]bool{}}
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM documents`).Scan(&im.seq); err != nil {
		return nil, err
	}
	return im, nil
}

// existing is what a joined document already holds, to skip duplicates.
type existing struct {
	spans     map[annot.SpanKey]string
	relations map[relKey]bool
	verdicts  map[verdictKey]bool
}

type relKey struct{ annotator, from, to, typ string }
type verdictKey struct{ span, reviewer, decision string }

func newExisting() *existing {
	return &existing{spans: map[annot.SpanKey]string{}, relations: map[relKey]bool{}, verdicts: map[verdictKey]bool{}}
}

func (im *importer) add(rec *annot.Record) error {
	err := im.addRecord(rec)
	if err != nil && rec.Line > 0 {
		return annot.At("", rec.Line, err)
	}
	return err
}

func (im *importer) addRecord(rec *annot.Record) error {
	im.res.Records++
	docID, ex, err := im.document(&rec.Doc)
	if err != nil {
		return err
	}
	if !im.seen[docID] {
		im.seen[docID] = true
		im.res.Documents++
	}
	ids := make(map[string]string, len(rec.Spans))
	if err := im.spans(docID, rec.Spans, ex, ids); err != nil {
		return err
	}
	for i := range rec.Relations {
		if err := im.relation(docID, &rec.Relations[i], ids, ex); err != nil {
			return err
		}
	}
	for i := range rec.Verdicts {
		if err := im.verdict(&rec.Verdicts[i], ids, ex); err != nil {
			return err
		}
	}
	if err := im.suggestions(docID, rec, ids); err != nil {
		return err
	}
	return im.states(docID, rec)
}

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

// setStateSQL never moves an annotator back, and an answer the file
// gives replaces the one stored.
var setStateSQL = `INSERT INTO doc_status(doc_id, annotator_id, state, answer, updated_at) VALUES ($1, $2, $3, $4, $5)
	ON CONFLICT (doc_id, annotator_id) DO UPDATE SET
		state = CASE WHEN ` + stateRank("excluded.state") + ` > ` + stateRank("doc_status.state") + ` THEN excluded.state ELSE doc_status.state END,
		answer = CASE WHEN excluded.answer <> '' THEN excluded.answer ELSE doc_status.answer END,
		updated_at = excluded.updated_at
	WHERE ` + stateRank("excluded.state") + ` > ` + stateRank("doc_status.state") + `
		OR (excluded.answer <> '' AND excluded.answer <> doc_status.answer)`

func (im *importer) setDocState(docID, who string, st annot.DocState, a annot.Answer) error {
	aid, err := im.names.annotator(im.ctx, im.tx, who)
	if err != nil {
		return err
	}
	_, err = im.tx.Exec(im.ctx, setStateSQL, docID, aid, string(st), string(a), im.now)
	return err
}

// document finds the stored document with this text or stores it; for a
// joined one it takes the document's lock and loads what is there.
func (im *importer) document(d *annot.Document) (string, *existing, error) {
	hash := annot.ContentHash(d.Text)
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
	insert := func(id string) (bool, error) {
		tag, err := im.tx.Exec(im.ctx, `INSERT INTO documents(id, seq, title, source, text, meta, hash, length, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
			id, im.seq+1, d.Title, d.Source, d.Text, meta, hash, length, im.now)
		return tag.RowsAffected() == 1, err
	}
	added, err := insert(id)
	if err != nil {
		return "", nil, err
	}
	var stored string
	if !added {
		err := im.tx.QueryRow(im.ctx, `SELECT id FROM documents WHERE hash = $1`, hash).Scan(&stored)
		if noRows(err) {
			// The file's ID belongs to another text: give this one its own.
			id = annot.NewID()
			if added, err = insert(id); err != nil {
				return "", nil, err
			}
		} else if err != nil {
			return "", nil, err
		}
	}
	if added {
		im.seq++
		im.res.NewDocuments++
		return id, newExisting(), nil
	}
	id = stored
	if err := im.db.lockDoc(im.ctx, im.tx, id); err != nil {
		return "", nil, err
	}
	var storedMeta string
	if err := im.tx.QueryRow(im.ctx, `SELECT meta FROM documents WHERE id = $1`, id).Scan(&storedMeta); err != nil {
		return "", nil, err
	}
	if merged, changed := annot.MergeMeta(json.RawMessage(storedMeta), d.Meta); changed {
		if _, err := im.tx.Exec(im.ctx, `UPDATE documents SET meta = $1 WHERE id = $2`, string(merged), id); err != nil {
			return "", nil, err
		}
	}
	ex, err := im.loadExisting(id)
	return id, ex, err
}

func (im *importer) loadExisting(docID string) (*existing, error) {
	ex := newExisting()
	rows, err := im.tx.Query(im.ctx, `SELECT s.id, a.name, s.off_start, s.off_end, l.name
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		WHERE s.doc_id = $1 AND s.deleted_at IS NULL`, docID)
	if err != nil {
		return nil, err
	}
	var id string
	var k annot.SpanKey
	if _, err := pgx.ForEachRow(rows, []any{&id, &k.Annotator, &k.Start, &k.End, &k.Label}, func() error {
		ex.spans[k] = id
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = im.tx.Query(im.ctx, `SELECT annotator_id, from_id, to_id, type FROM relations WHERE doc_id = $1 AND deleted_at IS NULL`, docID)
	if err != nil {
		return nil, err
	}
	var rk relKey
	if _, err := pgx.ForEachRow(rows, []any{&rk.annotator, &rk.from, &rk.to, &rk.typ}, func() error {
		ex.relations[rk] = true
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = im.tx.Query(im.ctx, `SELECT v.span_id, v.reviewer_id, v.decision FROM verdicts v
		JOIN spans s ON s.id = v.span_id WHERE s.doc_id = $1`, docID)
	if err != nil {
		return nil, err
	}
	var vk verdictKey
	_, err = pgx.ForEachRow(rows, []any{&vk.span, &vk.reviewer, &vk.decision}, func() error {
		ex.verdicts[vk] = true
		return nil
	})
	return ex, err
}

// pendingSpan is a span resolved to stored IDs, waiting to be inserted.
type pendingSpan struct {
	id, aid, lid string
	s            *annot.Span
}

// spans stores a record's spans in one round trip, skipping those the
// document already has (or that the record repeats). A span whose ID is
// stored already keeps it if it is this document's (a tombstone is not
// revived by importing it again), else gets a fresh one.
func (im *importer) spans(docID string, spans []annot.Span, ex *existing, ids map[string]string) error {
	var rows []pendingSpan
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
		rows = append(rows, pendingSpan{id: id, aid: aid, lid: lid, s: s})
	}
	if len(rows) == 0 {
		return nil
	}
	const ins = `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, answer, origin, changed,
			curation, corrects, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $12, $13, $9, $9) ON CONFLICT DO NOTHING RETURNING NULL`
	b := &pgx.Batch{}
	for _, r := range rows {
		b.Queue(ins, r.id, docID, r.aid, r.s.Start, r.s.End, r.lid, r.s.Note, string(r.s.Answer), im.now, r.s.Origin, r.s.Changed,
			r.s.Curation, correctsID(r.s, ids))
	}
	br := im.tx.SendBatch(im.ctx, b)
	var taken []pendingSpan
	for _, r := range rows {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return err
		}
		if tag.RowsAffected() == 1 {
			im.res.NewSpans++
		} else {
			taken = append(taken, r)
		}
	}
	if err := br.Close(); err != nil {
		return err
	}
	for _, r := range taken {
		var owner string
		if err := im.tx.QueryRow(im.ctx, `SELECT doc_id FROM spans WHERE id = $1`, r.id).Scan(&owner); err != nil {
			return err
		}
		if owner == docID {
			continue
		}
		id := annot.NewID()
		if _, err := im.tx.Exec(im.ctx, ins, id, docID, r.aid, r.s.Start, r.s.End, r.lid, r.s.Note, string(r.s.Answer), im.now,
			r.s.Origin, r.s.Changed, r.s.Curation, correctsID(r.s, ids)); err != nil {
			return err
		}
		im.res.NewSpans++
		ex.spans[r.s.Key()] = id
		ids[r.s.ID] = id
	}
	return nil
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
	if ex.relations[k] {
		return nil
	}
	id := r.ID
	if _, perr := uuid.Parse(id); perr != nil {
		id = annot.NewID()
	}
	tag, err := im.tx.Exec(im.ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`, id, docID, aid, from, to, r.Type, im.now)
	if err != nil || tag.RowsAffected() == 0 {
		return err // none added: this very relation is stored already
	}
	ex.relations[k] = true
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
	if ex.verdicts[k] {
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
	tag, err := im.tx.Exec(im.ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, comment, at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO NOTHING`, id, span, rid, string(v.Decision), v.Comment, at)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	ex.verdicts[k] = true
	im.res.NewVerdicts++
	return nil
}

// stateRank is a document state's place in annot.DocStates, as an SQL
// expression over col.
func stateRank(col string) string {
	var b strings.Builder
	b.WriteString("(CASE " + col)
	for i, st := range annot.DocStates() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
	}
	b.WriteString(" ELSE 0 END)")
	return b.String()
}

// correctsID is what a reviewer's correction stores as the span it
// replaces (spans.corrects), as the SQLite store keeps it: the stored ID
// of that span when the record has it, else the ID the file gives as it
// is, a record of what was corrected (a --gold export leaves the
// rejected span out); NULL for any other span.
func correctsID(s *annot.Span, ids map[string]string) *string {
	if !s.Curation || s.Corrects == "" {
		return nil
	}
	if id, ok := ids[s.Corrects]; ok {
		return &id
	}
	return &s.Corrects
}
