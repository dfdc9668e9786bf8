package annot

// Record is one document as a format reader found it, with the spans,
// relations and verdicts that came with it. The store imports a file's
// records in one transaction, so a file lands whole or not at all.
//
// Span IDs in a record are the reader's own (from the file, or fresh ones);
// relations and verdicts refer to them. The store maps them onto stored
// spans, so that importing the same file twice adds nothing.
type Record struct {
	Line      int // where the record starts in its file, 0 if not line-based
	Doc       Document
	Spans     []Span
	Relations []Relation
	Verdicts  []Verdict
	// States records how far an annotator had got with the document in
	// the tool it came from, keyed by annotator name.
	States map[string]DocState
	// Answers records each annotator's own answer on the document as a
	// whole (a Prodigy task's answer), keyed by annotator name. Spans
	// carry their own answer; this one also holds for a task without
	// spans ("nothing to tag", or a rejected text).
	Answers map[string]Answer
	// Suggestions came with the document (another tool's predictions);
	// SuggestionLinks join them and SuggestionDecisions are analysts'
	// decisions on them, by the record's own IDs (a decision's Span is a
	// span of the record). Readers fill Suggestions where a format marks
	// model output; Suggest turns a record's spans into suggestions.
	Suggestions         []Suggestion
	SuggestionLinks     []SuggestionLink
	SuggestionDecisions []SuggestionDecision
}

// Check validates the record's spans and references against its text.
// textLen is the text's length in code points.
func (r *Record) Check(textLen int) error {
	ids := make(map[string]bool, len(r.Spans))
	for i := range r.Spans {
		s := &r.Spans[i]
		if err := CheckSpan(s.Start, s.End, textLen); err != nil {
			return err
		}
		if s.Label == "" {
			return Errorf(Invalid, "span %d-%d has no label", s.Start, s.End)
		}
		if !s.Answer.Valid() {
			return Errorf(Invalid, "span %d-%d: answer %q is not accept, reject or ignore", s.Start, s.End, s.Answer)
		}
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	for _, rel := range r.Relations {
		if !ids[rel.From] {
			return Errorf(Invalid, "relation %s refers to unknown span %q", rel.Type, rel.From)
		}
		if !ids[rel.To] {
			return Errorf(Invalid, "relation %s refers to unknown span %q", rel.Type, rel.To)
		}
		if rel.Type == "" {
			return Errorf(Invalid, "relation from %q to %q has no type", rel.From, rel.To)
		}
	}
	for _, v := range r.Verdicts {
		if !ids[v.SpanID] {
			return Errorf(Invalid, "verdict refers to unknown span %q", v.SpanID)
		}
	}
	return r.checkSuggestions(textLen, ids)
}

// CheckSpan reports whether [start, end) is a non-empty range inside a
// text of textLen code points.
func CheckSpan(start, end, textLen int) error {
	switch {
	case start < 0 || end < 0:
		return Errorf(Invalid, "offsets %d..%d: negative", start, end)
	case start > end:
		return Errorf(Invalid, "offsets %d..%d: start after end", start, end)
	case start == end:
		return Errorf(Invalid, "offsets %d..%d: empty span", start, end)
	case end > textLen:
		return Errorf(Invalid, "offsets %d..%d: past the end of the text (%d characters)", start, end, textLen)
	}
	return nil
}

// Bundle is a stored document with its live spans (sorted by start, end
// and label), the relations among them, and how far each annotator has got.
// Exports and the window read documents in this shape.
type Bundle struct {
	Doc       Document
	Spans     []Span
	Relations []Relation
	States    map[string]DocState
	Answers   map[string]Answer // each annotator's own answer on the document (see Record)
	// Suggested holds the document's suggestions, only when an export
	// asks for them (ExportFilter.Suggestions); nil otherwise. The window
	// loads them apart, off the UI goroutine.
	Suggested *Suggested
}
