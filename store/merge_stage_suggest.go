package store

import (
	"github.com/mattn/go-sqlite3"

	"app.spanmark.org/spanmark/internal/annot"
)

// addSuggestions stages a document's suggestions, their links and the
// decisions on them, refusing what a merge could not tell apart: a row
// without an ID, one ID twice, two suggestions of one place and label,
// two links of one pair and type, two live decisions of one analyst on
// one suggestion.
func (st *stager) addSuggestions(h *annot.DocHistory) error {
	doc := h.Doc.ID
	for _, g := range h.Suggestions {
		if !isUUID(g.ID) {
			return annot.Errorf(annot.Invalid, `a suggestion at %d-%d has no "id" (or not a UUID): merge needs the IDs a Spanmark export writes`, g.Start, g.End)
		}
		lid, err := st.labelID(g.Label)
		if err != nil {
			return err
		}
		_, err = st.sug.ExecContext(st.ctx, g.ID, doc, g.Start, g.End, lid, g.Origin, stagedTime(g.CreatedAt))
		switch {
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey):
			return annot.Errorf(annot.Invalid, "suggestion %s is in the file twice", g.ID)
		case isConstraint(err, sqlite3.ErrConstraintUnique):
			return annot.Errorf(annot.Invalid, "two suggestions propose %s at %d-%d", g.Label, g.Start, g.End)
		case err != nil:
			return err
		}
	}
	for _, l := range h.SuggestionLinks {
		if !isUUID(l.ID) {
			return annot.Errorf(annot.Invalid, `a suggested %s link has no "id" (or not a UUID)`, l.Type)
		}
		_, err := st.sugLink.ExecContext(st.ctx, l.ID, doc, l.From, l.To, l.Type, l.Origin, stagedTime(l.CreatedAt))
		switch {
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey):
			return annot.Errorf(annot.Invalid, "suggested link %s is in the file twice", l.ID)
		case isConstraint(err, sqlite3.ErrConstraintUnique):
			return annot.Errorf(annot.Invalid, "two suggested %s links join the same suggestions", l.Type)
		case err != nil:
			return err
		}
	}
	for _, d := range h.Decisions {
		if !isUUID(d.ID) {
			return annot.Errorf(annot.Invalid, `a decision on a suggestion has no "id" (or not a UUID)`)
		}
		aid, err := st.person(d.Annotator)
		if err != nil {
			return err
		}
		_, err = st.decision.ExecContext(st.ctx, d.ID, d.Suggestion, aid, string(d.Decision), nullIfEmpty(d.Span),
			stagedTime(d.At), timeOrNil(d.DeletedAt))
		switch {
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey):
			return annot.Errorf(annot.Invalid, "decision %s is in the file twice", d.ID)
		case isConstraint(err, sqlite3.ErrConstraintUnique):
			return annot.Errorf(annot.Invalid, "%s has two live decisions on one suggestion", d.Annotator)
		case err != nil:
			return err
		}
	}
	return nil
}

// nullIfEmpty stores "" as NULL, for a column where NULL means none.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
