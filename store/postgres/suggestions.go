package postgres

import (
	"context"

	"app.spanmark.org/spanmark/store/internal/pipeline"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// Suggestions live in their own tables (migrations/0006), apart from
// spans, as in the SQLite store: nothing that reads spans ever counts one.

var _ annot.SuggestionService = (*DB)(nil)

// AddSuggestions stores what read emits in one transaction; see
// annot.SuggestionService. Suggestions touch many documents, so the
// transaction queues with imports.
func (db *DB) AddSuggestions(ctx context.Context, read func(emit func(*annot.Proposal) error) error) (annot.Change, error) {
	var c annot.Change
	err := serverError(db.writeOnce(ctx, imports, "", func(tx pgx.Tx) error {
		n, err := loadNames(ctx, tx)
		if err != nil {
			return err
		}
		sw := newSuggestionWriter(ctx, tx, n, db.stamp(), &c)
		if err := pipeline.Run(ctx, "suggest", read, sw.propose); err != nil {
			return err
		}
		return sw.flush()
	}))
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// suggestionWriter stores suggestions and their links inside one write
// transaction, for AddSuggestions and for an import's predictions.
type suggestionWriter struct {
	ctx   context.Context
	tx    pgx.Tx
	names *names
	now   string
	c     *annot.Change // what was newly stored, if the caller wants it
	batch *pgx.Batch
	adder *edit.SuggestionAdder
}

func newSuggestionWriter(ctx context.Context, tx pgx.Tx, n *names, now string, c *annot.Change) *suggestionWriter {
	sw := &suggestionWriter{ctx: ctx, tx: tx, names: n, now: now, c: c, batch: &pgx.Batch{}}
	sw.adder = edit.NewSuggestionAdder(editTx{tx}, sw)
	return sw
}

// Existing reads what a document holds already, to skip duplicates
// (edit.SuggestionQueue); what is queued is flushed first, so that it is
// found too.
func (sw *suggestionWriter) Existing(docID string) (*edit.DocSuggestions, error) {
	if err := sw.flush(); err != nil {
		return nil, err
	}
	ex := &edit.DocSuggestions{IDs: map[edit.SugKey]string{}, Links: map[edit.LinkKey]bool{}}
	rows, err := sw.tx.Query(sw.ctx, `SELECT id, off_start, off_end, label_id FROM suggestions WHERE doc_id = $1`, docID)
	if err != nil {
		return nil, err
	}
	var id string
	var k edit.SugKey
	if _, err := pgx.ForEachRow(rows, []any{&id, &k.Start, &k.End, &k.Label}, func() error {
		ex.IDs[k] = id
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = sw.tx.Query(sw.ctx, `SELECT from_id, to_id, type FROM suggestion_links WHERE doc_id = $1`, docID)
	if err != nil {
		return nil, err
	}
	var lk edit.LinkKey
	_, err = pgx.ForEachRow(rows, []any{&lk.From, &lk.To, &lk.Type}, func() error {
		ex.Links[lk] = true
		return nil
	})
	return ex, err
}

// propose checks and stores one document's proposal.
func (sw *suggestionWriter) propose(p *annot.Proposal) error {
	n, err := edit.DocLength(sw.ctx, editTx{sw.tx}, p.DocID)
	if err != nil {
		return err
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
	_, _, err = sw.Add(p.DocID, p.Suggestions, p.Links, false)
	return err
}

// Add queues a document's suggestions and links (edit.SuggestionAdder's
// Add) in the batch. Call flush before anything refers to them in SQL.
func (sw *suggestionWriter) Add(docID string, sugs []annot.Suggestion, links []annot.SuggestionLink, keepIDs bool) (map[string]string, [2]int, error) {
	return sw.adder.Add(sw.ctx, docID, sugs, links, keepIDs)
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

// QueueSuggestion queues a new suggestion in the batch
// (edit.SuggestionQueue).
func (sw *suggestionWriter) QueueSuggestion(s annot.Suggestion, lid string) {
	sw.batch.Queue(`INSERT INTO suggestions(id, doc_id, off_start, off_end, label_id, origin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.ID, s.DocID, s.Start, s.End, lid, s.Origin, sw.now)
	if sw.c != nil {
		s.CreatedAt = parseTime(sw.now)
		sw.c.Suggestions = append(sw.c.Suggestions, s)
	}
}

// QueueLink queues a new suggested link in the batch
// (edit.SuggestionQueue).
func (sw *suggestionWriter) QueueLink(l annot.SuggestionLink) {
	sw.batch.Queue(`INSERT INTO suggestion_links(id, doc_id, from_id, to_id, type, origin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		l.ID, l.DocID, l.From, l.To, l.Type, l.Origin, sw.now)
	if sw.c != nil {
		sw.c.SuggestionLinks = append(sw.c.SuggestionLinks, l)
	}
}

// flush inserts what is queued, in one round trip.
func (sw *suggestionWriter) flush() error {
	if sw.batch.Len() == 0 {
		return nil
	}
	b := sw.batch
	sw.batch = &pgx.Batch{}
	return sw.tx.SendBatch(sw.ctx, b).Close()
}

// Suggested loads a document's suggestions of live labels, their links
// and every analyst's live decisions, in one snapshot.
func (db *DB) Suggested(ctx context.Context, docID string) (*annot.Suggested, error) {
	var out *annot.Suggested
	err := db.read(ctx, func(tx pgx.Tx) (err error) {
		out, err = edit.Suggested(ctx, editTx{tx}, docID)
		return err
	})
	return out, err
}

// Texts calls fn with the text of each document in ids (every document
// when ids is empty), in import order, from one snapshot; an ID that
// names no document is NotFound before fn is called.
func (db *DB) Texts(ctx context.Context, ids []string, fn func(id, text string) error) error {
	return db.read(ctx, func(tx pgx.Tx) error {
		for _, id := range ids {
			var known bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, id).Scan(&known); err != nil {
				return err
			}
			if !known {
				return annot.Errorf(annot.NotFound, "no document %s in this database", id)
			}
		}
		q, args := `SELECT id, text FROM documents ORDER BY seq`, []any(nil)
		if len(ids) > 0 {
			q, args = `SELECT id, text FROM documents WHERE id = ANY ($1) ORDER BY seq`, []any{ids}
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		var id, text string
		_, err = pgx.ForEachRow(rows, []any{&id, &text}, func() error { return fn(id, text) })
		return err
	})
}
