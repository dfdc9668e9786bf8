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
	// Suggestions (predictions that came with the files) and links
	// between them, and the decisions analysts made on them.
	Suggestions    int
	NewSuggestions int
	NewLinks       int
	NewDecisions   int
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
	r.Suggestions += o.Suggestions
	r.NewSuggestions += o.NewSuggestions
	r.NewLinks += o.NewLinks
	r.NewDecisions += o.NewDecisions
}

// ExportFilter chooses what an export writes.
type ExportFilter struct {
	// Gold keeps only accepted spans, with duplicates (same start, end
	// and label from several annotators) folded into one.
	Gold bool
	// Annotator keeps only this annotator's spans and relations.
	Annotator string
	// Suggestions adds each document's suggestions, with their links and
	// the decisions on them (Bundle.Suggested), for pipelines that want
	// them; no export has them otherwise.
	Suggestions bool
}
