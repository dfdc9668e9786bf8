package annot

// ImportResult counts what one import found and what it added.
type ImportResult struct {
	Records      int // records read: a file may hold one document several times (one Prodigy task per annotator)
	Documents    int // distinct documents those records hold
	NewDocuments int // documents stored for the first time
	Spans        int
	NewSpans     int
	Relations    int
	NewRelations int
	NewVerdicts  int
}

// Add sums two results, for a command that imports many files.
func (r *ImportResult) Add(o ImportResult) {
	r.Records += o.Records
	r.Documents += o.Documents
	r.NewDocuments += o.NewDocuments
	r.Spans += o.Spans
	r.NewSpans += o.NewSpans
	r.Relations += o.Relations
	r.NewRelations += o.NewRelations
	r.NewVerdicts += o.NewVerdicts
}

// ExportFilter chooses what an export writes.
type ExportFilter struct {
	// Gold keeps only accepted spans, with duplicates (same start, end
	// and label from several annotators) folded into one.
	Gold bool
	// Annotator keeps only this annotator's spans and relations.
	Annotator string
}
