package annot

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Suggestion is a span that a rule, a pattern file, "tag all occurrences"
// or another tool's predictions proposes. It is nobody's annotation: it
// lives apart from spans, so agreement, gold, exports and statistics,
// which read spans, never count it. An analyst who accepts it gets a span
// of their own that keeps the suggestion's origin (Span.Origin); one who
// rejects it no longer sees it. Each analyst decides for themselves
// (SuggestionDecision).
type Suggestion struct {
	ID        string
	DocID     string
	Start     int // code points, inclusive
	End       int // code points, exclusive
	Label     string
	Origin    string // see CheckOrigin
	CreatedAt time.Time
}

// Where suggestions come from. A rule's origin carries its id
// ("rule:hi-ne-kaha"), a pattern file's its name ("pattern:people.jsonl").
// Predictions that came in an import are "import:prediction", or
// "import:prediction:<model>" when the file names the model.
const (
	OriginRule       = "rule:"
	OriginPattern    = "pattern:"
	OriginOccurrence = "occurrence"
	OriginPrediction = "import:prediction"
)

// CheckOrigin reports whether o names where a suggestion came from: one of
// the forms above, with a name after "rule:" and "pattern:", and no
// control characters.
func CheckOrigin(o string) error {
	if o == "" {
		return Errorf(Invalid, "a suggestion needs an origin")
	}
	if strings.ContainsFunc(o, unicode.IsControl) {
		return Errorf(Invalid, "origin %q has characters that cannot be shown", o)
	}
	if IsOrigin(o) {
		return nil
	}
	return Errorf(Invalid, "origin %q is none of rule:NAME, pattern:FILE, %s or %s", o, OriginOccurrence, OriginPrediction)
}

// IsOrigin reports whether o has one of the forms of an origin. A Label
// Studio prediction whose model_version is an origin (as Spanmark's export
// writes) keeps it on import.
func IsOrigin(o string) bool {
	switch {
	case o == OriginOccurrence, o == OriginPrediction:
		return true
	case strings.HasPrefix(o, OriginPrediction+":"):
		return len(o) > len(OriginPrediction)+1
	case strings.HasPrefix(o, OriginRule):
		return len(o) > len(OriginRule)
	case strings.HasPrefix(o, OriginPattern):
		return len(o) > len(OriginPattern)
	}
	return false
}

// SuggestionLink is a proposed relation between two suggestions of one
// document, a CLAIM to its ACTOR (SAID_BY) or SOURCE (ACCORDING_TO).
// Accepting both ends makes it a relation of the analyst's (AcceptedLink).
type SuggestionLink struct {
	ID     string
	DocID  string
	From   string // suggestion ID
	To     string // suggestion ID
	Type   string
	Origin string
}

// Decision is what an analyst did with a suggestion.
type Decision string

// The decisions. Changed is an acceptance with another label or other
// offsets, as Label Studio's "prediction-changed".
const (
	DecisionAccepted Decision = "accepted"
	DecisionChanged  Decision = "changed"
	DecisionRejected Decision = "rejected"
)

// Valid reports whether d is one of the three decisions.
func (d Decision) Valid() bool {
	return d == DecisionAccepted || d == DecisionChanged || d == DecisionRejected
}

// Accepts reports whether d made the suggestion the analyst's span.
func (d Decision) Accepts() bool { return d == DecisionAccepted || d == DecisionChanged }

// SuggestionDecision is one analyst's decision on one suggestion. An
// analyst has at most one live decision per suggestion; undoing it
// tombstones it (Deleted), so that the suggestion shows again and a merge
// does not bring the decision back.
type SuggestionDecision struct {
	ID         string
	Suggestion string // suggestion ID
	DocID      string
	Annotator  string
	Decision   Decision
	Span       string // the analyst's span that accepting made or found; "" for a rejection
	At         time.Time
	Deleted    bool
}

// Suggested is a document's suggestions as stored: all of them, the links
// between them, and every analyst's live decisions on them. Which are
// still open for one analyst is Open's to say.
type Suggested struct {
	DocID       string
	Suggestions []Suggestion // sorted by start, end and label
	Links       []SuggestionLink
	Decisions   []SuggestionDecision
}

// Proposal is what a suggester proposes for one document: suggestions,
// and links between them that refer to them by the IDs given here.
type Proposal struct {
	DocID       string
	Suggestions []Suggestion
	Links       []SuggestionLink
}

// SuggestionAccept is one suggestion to accept: as suggested, or changed
// to another label or other offsets.
type SuggestionAccept struct {
	ID    string // the suggestion
	Label string // "" keeps the suggested label
	// Start and End, when End is not 0, replace the suggested offsets.
	Start, End int
}

// Decide works out the span that accepting s as a asks for, and whether
// that is a change from the suggestion.
func (a SuggestionAccept) Decide(s Suggestion) (start, end int, label string, d Decision) {
	start, end, label, d = s.Start, s.End, s.Label, DecisionAccepted
	if a.Label != "" && a.Label != s.Label {
		label, d = a.Label, DecisionChanged
	}
	if a.End != 0 && (a.Start != s.Start || a.End != s.End) {
		start, end, d = a.Start, a.End, DecisionChanged
	}
	return start, end, label, d
}

// CheckSuggestion validates a suggestion against its document's length
// in code points.
func CheckSuggestion(s Suggestion, textLen int) error {
	if err := CheckSpan(s.Start, s.End, textLen); err != nil {
		return err
	}
	if strings.TrimSpace(s.Label) == "" {
		return Errorf(Invalid, "suggestion %d-%d has no label", s.Start, s.End)
	}
	return CheckOrigin(s.Origin)
}

// SameSuggestion reports whether two suggestions propose the same span:
// a document holds one suggestion per start, end and label, whichever
// origin proposed it first.
func SameSuggestion(a, b Suggestion) bool {
	return a.DocID == b.DocID && a.Start == b.Start && a.End == b.End && a.Label == b.Label
}

// CompareSuggestions orders suggestions as the window walks them: by
// start, end and label, then ID.
func CompareSuggestions(a, b Suggestion) int {
	return CompareSpans(Span{Start: a.Start, End: a.End, Label: a.Label, ID: a.ID},
		Span{Start: b.Start, End: b.End, Label: b.Label, ID: b.ID})
}

// Open lists the suggestions still open for annotator: those they have
// not decided on and that do not propose a span they already have live
// (the same start, end and label among spans), in order. A suggestion
// they have made by hand is as good as accepted.
func (s *Suggested) Open(annotator string, spans []Span) []Suggestion {
	decided := make(map[string]bool)
	for _, d := range s.Decisions {
		if d.Annotator == annotator && !d.Deleted {
			decided[d.Suggestion] = true
		}
	}
	type key struct {
		start, end int
		label      string
	}
	have := make(map[key]bool)
	for _, sp := range spans {
		if sp.Annotator == annotator && !sp.Deleted {
			have[key{sp.Start, sp.End, sp.Label}] = true
		}
	}
	var out []Suggestion
	for _, g := range s.Suggestions {
		if !decided[g.ID] && !have[key{g.Start, g.End, g.Label}] {
			out = append(out, g)
		}
	}
	return out
}

// DecisionOf is annotator's live decision on suggestion id, if any.
func (s *Suggested) DecisionOf(annotator, id string) (SuggestionDecision, bool) {
	for _, d := range s.Decisions {
		if d.Annotator == annotator && d.Suggestion == id && !d.Deleted {
			return d, true
		}
	}
	return SuggestionDecision{}, false
}

// Suggestion finds a suggestion by ID.
func (s *Suggested) Suggestion(id string) (Suggestion, bool) {
	for _, g := range s.Suggestions {
		if g.ID == id {
			return g, true
		}
	}
	return Suggestion{}, false
}

// AcceptedLink turns a suggested link whose two ends the analyst has
// accepted, as spans from and to, into the relation to make: the
// suggested type while both spans keep their suggested labels, else the
// type the labels call for (PlanLink). ok is false when the spans, as
// changed, cannot be linked.
func AcceptedLink(l SuggestionLink, fromSug, toSug Suggestion, from, to Span) (f, t Span, typ string, ok bool) {
	if from.Label == fromSug.Label && to.Label == toSug.Label {
		return from, to, l.Type, from.ID != to.ID
	}
	f, t, typ, err := PlanLink(from, to)
	return f, t, typ, err == nil
}

// Apply brings s up to date with the part of c about its document:
// suggestions and links added, decisions recorded or undone, and the
// suggestions of removed labels dropped. It reports whether s changed.
func (s *Suggested) Apply(c Change) bool {
	changed := false
	have := make(map[string]bool, len(s.Suggestions))
	for _, g := range s.Suggestions {
		have[g.ID] = true
	}
	added := false
	for _, g := range c.Suggestions {
		if g.DocID == s.DocID && !have[g.ID] {
			have[g.ID] = true
			s.Suggestions = append(s.Suggestions, g)
			added = true
		}
	}
	if added {
		SortSuggestions(s.Suggestions)
		changed = true
	}
	for _, l := range c.SuggestionLinks {
		if l.DocID == s.DocID && have[l.From] && have[l.To] {
			s.Links = append(s.Links, l)
			changed = true
		}
	}
	for _, d := range c.SuggestionDecisions {
		if d.DocID != s.DocID {
			continue
		}
		kept := s.Decisions[:0]
		for _, o := range s.Decisions {
			if o.ID != d.ID && !(o.Suggestion == d.Suggestion && o.Annotator == d.Annotator) {
				kept = append(kept, o)
			}
		}
		s.Decisions = kept
		if !d.Deleted {
			s.Decisions = append(s.Decisions, d)
		}
		changed = true
	}
	if len(c.LabelsRemoved) > 0 {
		gone := map[string]bool{}
		for _, l := range c.LabelsRemoved {
			gone[l.Name] = true
		}
		kept := s.Suggestions[:0]
		for _, g := range s.Suggestions {
			if gone[g.Label] {
				changed = true
				continue
			}
			kept = append(kept, g)
		}
		s.Suggestions = kept
	}
	return changed
}

// SortSuggestions puts suggestions in CompareSuggestions order.
func SortSuggestions(s []Suggestion) { slices.SortFunc(s, CompareSuggestions) }
