package store

import (
	"app.spanmark.org/spanmark/internal/annot"
)

// correctsID is what a reviewer's correction stores as the span it
// replaces (spans.corrects): the stored ID of that span when the record
// has it, else the ID the file gives as it is, a record of what was
// corrected (a --gold export leaves the rejected span out); NULL for any
// other span.
func correctsID(s *annot.Span, ids map[string]string) any {
	if !s.Curation || s.Corrects == "" {
		return nil
	}
	if id, ok := ids[s.Corrects]; ok {
		return id
	}
	return s.Corrects
}
