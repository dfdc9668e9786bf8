package edit

import "app.spanmark.org/spanmark/internal/annot"

// ExportParts are what an export reads besides the documents and their
// spans, by document ID; each store reads them its own way (SQLite a
// chunk of documents at a time in a large project).
type ExportParts struct {
	Relations map[string][]annot.Relation
	States    map[string]map[string]annot.DocState
	Answers   map[string]map[string]annot.Answer
	Suggested map[string]*annot.Suggested // only when the filter asks for them
}

// Fill gives b, whose live spans are read, its document's relations,
// states, answers and suggestions, then sorts the spans by start, end
// and label (then annotator) and keeps what the filter asks for: the
// gold spans, or the relations among the spans.
func (p *ExportParts) Fill(b *annot.Bundle, f annot.ExportFilter) {
	id := b.Doc.ID
	annot.SortSpans(b.Spans)
	b.Relations = p.Relations[id]
	if f.Gold {
		b.Spans, b.Relations = annot.Gold(b.Spans, b.Relations)
	} else {
		b.Relations = annot.RelationsAmong(b.Spans, b.Relations)
	}
	b.States = p.States[id]
	b.Answers = p.Answers[id]
	b.Suggested = p.Suggested[id]
}
