package postgres

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// The window is handed an annot.Project and never sees SQL.
var _ annot.Project = (*DB)(nil)

// newRowID checks an ID the caller chose, or makes one. IDs travel
// between databases, so only UUIDs are accepted.
func newRowID(id, what string) (string, error) {
	if id == "" {
		return annot.NewID(), nil
	}
	if _, err := uuid.Parse(id); err != nil {
		return "", annot.Errorf(annot.Invalid, "%s ID %q is not a UUID", what, id)
	}
	return id, nil
}

// spanRow is a stored span, live or not, with its names resolved.
type spanRow struct {
	annot.Span
	annotatorID string
	labelID     string
	labelLive   bool
}

// loadSpan reads one span by ID with the status its latest verdict
// gives it; NotFound if there is no such row.
func loadSpan(ctx context.Context, q querier, id string) (*spanRow, error) {
	var s spanRow
	var created, updated string
	var deleted, labelDeleted *string
	err := q.QueryRow(ctx, `SELECT s.id, s.doc_id, s.annotator_id, a.name, s.off_start, s.off_end,
			s.label_id, l.name, l.deleted_at, s.note, s.answer, s.created_at, s.updated_at, s.deleted_at,
			COALESCE(v.decision, 'pending'), COALESCE(va.name, ''), s.curation, COALESCE(s.corrects, ''), s.origin, s.changed
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		LEFT JOIN LATERAL (SELECT decision, reviewer_id FROM verdicts WHERE span_id = s.id AND withdrawn_at IS NULL
			ORDER BY at DESC, id DESC LIMIT 1) v ON true
		LEFT JOIN annotators va ON va.id = v.reviewer_id
		WHERE s.id = $1`, id).Scan(&s.ID, &s.DocID, &s.annotatorID, &s.Annotator, &s.Start, &s.End,
		&s.labelID, &s.Label, &labelDeleted, &s.Note, &s.Answer, &created, &updated, &deleted, &s.Status, &s.Reviewer,
		&s.Curation, &s.Corrects, &s.Origin, &s.Changed)
	if noRows(err) {
		return nil, annot.Errorf(annot.NotFound, "no span %s: it may have been deleted", id)
	}
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	s.Deleted, s.labelLive = deleted != nil, labelDeleted == nil
	return &s, nil
}

// stored is the span as the changes written once for both stores
// (store/internal/edit) take it.
func (s *spanRow) stored() edit.StoredSpan {
	return edit.StoredSpan{Span: s.Span, AnnotatorID: s.annotatorID, LabelID: s.labelID}
}

// spanDoc is the document a span is in, read before its transaction
// takes that document's lock; NotFound for no such span.
func (db *DB) spanDoc(ctx context.Context, id string) (string, error) {
	var doc string
	err := db.pool.QueryRow(ctx, `SELECT doc_id FROM spans WHERE id = $1`, id).Scan(&doc)
	if noRows(err) {
		return "", annot.Errorf(annot.NotFound, "no span %s: it may have been deleted", id)
	}
	return doc, serverError(err)
}

// lockSpanDoc loads a span in a transaction that holds the lock of doc,
// the span's document when it was looked up. A merge may have moved the
// span to another document between looking it up and locking; then the
// caller runs again.
func (db *DB) lockSpanDoc(ctx context.Context, tx pgx.Tx, id, doc string) (*spanRow, error) {
	s, err := loadSpan(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if s.DocID != doc {
		return nil, errMoved
	}
	return s, nil
}

// liveSpanOf loads a live span that annotator may change.
func (db *DB) liveSpanOf(ctx context.Context, tx pgx.Tx, id, doc, annotator string) (*spanRow, error) {
	s, err := db.lockSpanDoc(ctx, tx, id, doc)
	if err != nil {
		return nil, err
	}
	if err := annot.CheckChange(s.Span, annotator); err != nil {
		return nil, err
	}
	return s, nil
}

// CreateSpan stores a new span for s.Annotator and moves their state in
// the document on (annot.AfterTagging), in one transaction under the
// document's lock: no two analysts' writes to one document interleave.
// Tagging is what analysts do most, so it takes four round trips: BEGIN
// with the locks, one query for everything the checks need, one batch of
// writes, COMMIT.
func (db *DB) CreateSpan(ctx context.Context, s annot.Span) (annot.Change, error) {
	if s.Annotator == "" {
		return annot.Change{}, annot.Errorf(annot.Invalid, "no annotator name")
	}
	if err := db.actAs(s.Annotator); err != nil {
		return annot.Change{}, err
	}
	id, err := newRowID(s.ID, "span")
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	body, err := json.Marshal(annot.UndoStep{Span: id})
	if err != nil {
		return annot.Change{}, err
	}
	var c annot.Change
	err = db.writeDoc(ctx, oneDoc, s.DocID, func(tx pgx.Tx) error {
		c = annot.Change{}
		var length int
		var lid, aid, state *string
		var dup bool
		err := tx.QueryRow(ctx, `SELECT d.length,
				(SELECT id FROM labels WHERE name = $2 AND deleted_at IS NULL),
				(SELECT id FROM annotators WHERE name = $3),
				EXISTS (SELECT 1 FROM spans x JOIN annotators a ON a.id = x.annotator_id JOIN labels l ON l.id = x.label_id
					WHERE x.doc_id = d.id AND a.name = $3 AND l.name = $2 AND l.deleted_at IS NULL
					AND x.off_start = $4 AND x.off_end = $5 AND x.deleted_at IS NULL AND x.id <> $6),
				(SELECT ds.state FROM doc_status ds JOIN annotators a ON a.id = ds.annotator_id WHERE ds.doc_id = d.id AND a.name = $3)
			FROM documents d WHERE d.id = $1`, s.DocID, s.Label, s.Annotator, s.Start, s.End, id).Scan(&length, &lid, &aid, &dup, &state)
		switch {
		case noRows(err):
			return annot.Errorf(annot.NotFound, "no document %s: it may have been removed", s.DocID)
		case err != nil:
			return err
		}
		if err := annot.CheckSpan(s.Start, s.End, length); err != nil {
			return err
		}
		switch {
		case lid == nil:
			return annot.Errorf(annot.NotFound, "there is no label called %q", s.Label)
		case aid == nil:
			return newAnnotator(s.Annotator)
		case dup:
			return annot.DuplicateSpan(s)
		}
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, id, s.DocID, *aid, s.Start, s.End, *lid, s.Note, now)
		queueRecord(b, s.DocID, *aid, annot.ActionCreateSpan, body, now)
		cur := annot.DocState("")
		if state != nil {
			cur = annot.DocState(*state)
		}
		next, move := annot.AfterTagging(cur)
		if move {
			queuePutState(b, s.DocID, *aid, next, now)
			c.States = []annot.StateChange{{DocID: s.DocID, Annotator: s.Annotator, State: next}}
		}
		err = tx.SendBatch(ctx, b).Close()
		if isUnique(err, "spans_pkey") {
			return annot.Errorf(annot.Conflict, "a span with ID %s is stored already", id)
		}
		return err
	})
	if err != nil {
		return annot.Change{}, err
	}
	s.ID, s.Status, s.Reviewer, s.Deleted = id, annot.Pending, "", false
	s.CreatedAt = parseTime(now)
	s.UpdatedAt = s.CreatedAt
	c.Action = annot.Action{Kind: annot.ActionCreateSpan, At: s.CreatedAt}
	c.SpansAdded = []annot.Span{s}
	return c, nil
}

// UpdateSpan changes a live span's label or note; only its annotator may.
// A change that changes nothing is not recorded.
func (db *DB) UpdateSpan(ctx context.Context, id, annotator string, u annot.SpanUpdate) (annot.Change, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	if annotator == "" {
		return annot.Change{}, annot.CheckChange(annot.Span{}, annotator)
	}
	doc, err := db.spanDoc(ctx, id)
	if err != nil {
		return annot.Change{}, err
	}
	var c annot.Change
	now := db.stamp()
	err = db.writeMoving(ctx, func(tx pgx.Tx) error {
		c = annot.Change{}
		s, err := db.liveSpanOf(ctx, tx, id, doc, annotator)
		if err != nil {
			return err
		}
		c, err = edit.UpdateSpan(ctx, editTx{tx}, s.stored(), u, now)
		return err
	}, &doc, func() (string, error) { return db.spanDoc(ctx, id) })
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}

// DeleteSpan tombstones a live span of the annotator's and the live
// relations that touch it, whoever made them.
func (db *DB) DeleteSpan(ctx context.Context, id, annotator string) (annot.Change, error) {
	if err := db.actAs(annotator); err != nil {
		return annot.Change{}, err
	}
	if annotator == "" {
		return annot.Change{}, annot.CheckChange(annot.Span{}, annotator)
	}
	doc, err := db.spanDoc(ctx, id)
	if err != nil {
		return annot.Change{}, err
	}
	now := db.stamp()
	var c annot.Change
	err = db.writeMoving(ctx, func(tx pgx.Tx) error {
		c = annot.Change{}
		s, err := db.liveSpanOf(ctx, tx, id, doc, annotator)
		if err != nil {
			return err
		}
		c, err = edit.DeleteSpan(ctx, editTx{tx}, s.stored(), now)
		return err
	}, &doc, func() (string, error) { return db.spanDoc(ctx, id) })
	if err != nil {
		return annot.Change{}, err
	}
	return c, nil
}
