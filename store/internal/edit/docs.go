package edit

import (
	"context"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
)

// NeedsFold reports whether a search of the document list has a letter
// with case beyond ASCII, which neither store's LIKE folds: such a search
// reads the texts and is matched in Go (ListDocs).
func NeedsFold(s string) bool {
	for _, c := range s {
		if c > unicode.MaxASCII && (unicode.ToLower(c) != c || unicode.ToUpper(c) != c) {
			return true
		}
	}
	return false
}

// EscapeLike makes % and _ in a search mean themselves (the escape
// character is the backslash).
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListDocs reads the documents of a listing query (id, seq, title,
// source, length, and the text when the search needs folding), keeping,
// when it does, those whose title, source or text holds the search in
// any case.
func ListDocs(ctx context.Context, q Queryer, query string, args []any, search string) ([]annot.DocSummary, error) {
	fold := NeedsFold(search)
	needle := strings.ToLower(search)
	var out []annot.DocSummary
	err := each(ctx, q, query, args, func(rows Rows) error {
		var d annot.DocSummary
		dst := []any{&d.ID, &d.Seq, &d.Title, &d.Source, &d.Length}
		var text string
		if fold {
			dst = append(dst, &text)
		}
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		if !fold || containsFold(needle, d.Title, d.Source, text) {
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// containsFold reports whether any of the fields contains needle, which
// is in lower case already.
func containsFold(needle string, fields ...string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), needle) {
			return true
		}
	}
	return false
}

// DocCounts gathers a document list's live spans, as rows grouped by
// document and annotator come.
type DocCounts struct {
	// Curated are each document's spans that are a reviewer's own
	// (annot.Span.Curation) by reviewer, where there are any: they start
	// no annotation.
	Curated map[string]map[string]int
}

// Add puts who's n live spans in d, undecided of them waiting for a
// verdict and curation of them their own as a reviewer. d is nil for a
// document the search left out.
func (c *DocCounts) Add(d *annot.DocSummary, who string, n, undecided, curation int) {
	if d == nil {
		return
	}
	if d.Spans == nil {
		d.Spans = make(map[string]int, 2)
	}
	d.Spans[who] = n
	d.Undecided += undecided
	if curation > 0 {
		if c.Curated == nil {
			c.Curated = map[string]map[string]int{}
		}
		if c.Curated[d.ID] == nil {
			c.Curated[d.ID] = map[string]int{}
		}
		c.Curated[d.ID][who] = curation
	}
}

// SetStates gives each listed document its annotators' states: the
// stored ones when the spans were not counted, else as the counts make
// them (annot.EffectiveStates).
func (c *DocCounts) SetStates(at map[string]*annot.DocSummary, states map[string]map[string]annot.DocState, counted bool) {
	for id, d := range at {
		if !counted {
			d.States = states[id]
			continue
		}
		d.Curated = c.Curated[id]
		d.States = annot.EffectiveStates(states[id], d.Annotated())
	}
}
