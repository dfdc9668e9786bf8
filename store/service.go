package store

import (
	"context"
	"database/sql"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// The window is handed an annot.Service and never sees SQL; the store is
// the one implementation. The methods live in docs.go, labels_edit.go,
// spans.go, relations.go, verdicts.go and history.go.
var _ annot.Service = (*DB)(nil)

// annotatorID returns the ID of the annotator making a change, adding
// them on their first change, as the window lets a new analyst start
// work by typing a name.
func annotatorID(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	n := &names{annotators: map[string]string{}}
	return n.annotator(ctx, tx, name)
}

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

// stored is the span as the changes written once for both stores
// (store/internal/edit) take it.
func (s *spanRow) stored() edit.StoredSpan {
	return edit.StoredSpan{Span: s.Span, AnnotatorID: s.annotatorID, LabelID: s.labelID}
}

// loadSpan reads one span by ID; NotFound if there is no such row.
func loadSpan(ctx context.Context, tx *sql.Tx, id string) (*spanRow, error) {
	var s spanRow
	var created, updated string
	var deleted, labelDeleted sql.NullString
	var corrects sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT s.id, s.doc_id, s.annotator_id, a.name, s.off_start, s.off_end,
			s.label_id, l.name, l.deleted_at, s.note, s.created_at, s.updated_at, s.deleted_at, s.curation, s.corrects, s.origin, s.changed
		FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id
		WHERE s.id = ?`, id).Scan(&s.ID, &s.DocID, &s.annotatorID, &s.Annotator, &s.Start, &s.End,
		&s.labelID, &s.Label, &labelDeleted, &s.Note, &created, &updated, &deleted, &s.Curation, &corrects, &s.Origin, &s.Changed)
	if err == sql.ErrNoRows {
		return nil, annot.Errorf(annot.NotFound, "no span %s: it may have been deleted", id)
	}
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	s.Deleted, s.labelLive, s.Corrects = deleted.Valid, !labelDeleted.Valid, corrects.String
	s.Status = annot.Pending
	var reviewer, decision string
	err = tx.QueryRowContext(ctx, `SELECT a.name, v.decision FROM verdicts v JOIN annotators a ON a.id = v.reviewer_id
		WHERE v.span_id = ? AND v.withdrawn_at IS NULL ORDER BY v.at DESC, v.id DESC LIMIT 1`, id).Scan(&reviewer, &decision)
	switch {
	case err == nil:
		s.Status, s.Reviewer = annot.Status(decision), reviewer
	case err != sql.ErrNoRows:
		return nil, err
	}
	return &s, nil
}

// liveSpanOf loads a live span that annotator may change
// (annot.CheckChange).
func liveSpanOf(ctx context.Context, tx *sql.Tx, id, annotator string) (*spanRow, error) {
	if annotator == "" {
		return nil, annot.CheckChange(annot.Span{}, annotator)
	}
	s, err := loadSpan(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := annot.CheckChange(s.Span, annotator); err != nil {
		return nil, err
	}
	return s, nil
}

// The window and the command line hold an annot.Project; this is the
// embedded one.
var _ annot.Project = (*DB)(nil)
