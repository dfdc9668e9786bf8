package annot

// checkSuggestions validates what a record proposes: suggestions inside
// the text with a label and an origin, links between two of them, and
// decisions on them whose spans are the record's.
func (r *Record) checkSuggestions(textLen int, spans map[string]bool) error {
	ids := make(map[string]bool, len(r.Suggestions))
	for _, s := range r.Suggestions {
		if err := CheckSuggestion(s, textLen); err != nil {
			return err
		}
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	for _, l := range r.SuggestionLinks {
		if !ids[l.From] || !ids[l.To] {
			return Errorf(Invalid, "suggested %s link refers to an unknown suggestion", l.Type)
		}
		if l.Type == "" {
			return Errorf(Invalid, "suggested link has no type")
		}
	}
	for _, d := range r.SuggestionDecisions {
		switch {
		case !ids[d.Suggestion]:
			return Errorf(Invalid, "decision refers to unknown suggestion %q", d.Suggestion)
		case !d.Decision.Valid():
			return Errorf(Invalid, "decision %q is not accepted, changed or rejected", d.Decision)
		case d.Annotator == "":
			return Errorf(Invalid, "decision on suggestion %q names no annotator", d.Suggestion)
		case d.Decision.Accepts() && !spans[d.Span]:
			return Errorf(Invalid, "decision on suggestion %q refers to unknown span %q", d.Suggestion, d.Span)
		}
	}
	return nil
}

// LeftOut counts what turning spans into suggestions could not carry:
// suggestions are nobody's work, so they have no review, no note, no
// annotator's state or answer, and a link only between two suggestions.
type LeftOut struct {
	Verdicts  int // verdicts on the spans
	Notes     int // notes of the spans
	Relations int // relations between a span that became a suggestion and one that did not
	States    int // annotators' states and answers on the document
}

// Empty reports whether nothing was left out.
func (l LeftOut) Empty() bool { return l == LeftOut{} }

// Add sums two counts.
func (l *LeftOut) Add(o LeftOut) {
	l.Verdicts += o.Verdicts
	l.Notes += o.Notes
	l.Relations += o.Relations
	l.States += o.States
}

// Suggest turns the record's spans for which which returns true (all of
// them if which is nil) into suggestions of origin, and the relations
// between two of them into suggested links, as an import does with a
// model's predictions. When all spans turn (which is nil), the
// annotators' states and answers go too: they are a model's, not a
// person's. It returns what could not be carried.
func (r *Record) Suggest(origin string, which func(*Span) bool) LeftOut {
	var out LeftOut
	moved := map[string]bool{}
	kept := r.Spans[:0]
	for _, s := range r.Spans {
		if which != nil && !which(&s) {
			kept = append(kept, s)
			continue
		}
		moved[s.ID] = true
		if s.Note != "" {
			out.Notes++
		}
		r.Suggestions = append(r.Suggestions, Suggestion{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: origin})
	}
	r.Spans = kept
	if len(moved) == 0 {
		return out
	}
	rels := r.Relations[:0]
	for _, rel := range r.Relations {
		switch {
		case moved[rel.From] && moved[rel.To]:
			r.SuggestionLinks = append(r.SuggestionLinks, SuggestionLink{ID: rel.ID, From: rel.From, To: rel.To, Type: rel.Type, Origin: origin})
		case moved[rel.From] || moved[rel.To]:
			out.Relations++
		default:
			rels = append(rels, rel)
		}
	}
	r.Relations = rels
	verdicts := r.Verdicts[:0]
	for _, v := range r.Verdicts {
		if moved[v.SpanID] {
			out.Verdicts++
			continue
		}
		verdicts = append(verdicts, v)
	}
	r.Verdicts = verdicts
	if which == nil {
		seen := map[string]bool{}
		for who := range r.States {
			seen[who] = true
		}
		for who := range r.Answers {
			seen[who] = true
		}
		out.States = len(seen)
		r.States, r.Answers = nil, nil
	}
	return out
}
