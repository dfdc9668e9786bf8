package formats

import (
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Native JSONL carries suggestions (see annot.Suggestion) when an export
// asks for them (export --suggestions), and reads them back:
//
//	"suggestions":[{"id":…,"start":0,"end":14,"text":"…","label":"CLAIM","origin":"rule:en-said",
//	                "decisions":[{"id":…,"annotator":"asha","decision":"accepted","span":"<span id>","at":"…"}]}],
//	"suggested_links":[{"id":…,"from":"<suggestion id>","to":…,"type":"SAID_BY","origin":"rule:en-said"}]
//
// A span accepted from a suggestion has "origin" (the suggestion's) and,
// if the analyst changed it, "changed": true. A decision's "span" is the
// span accepting made; "rejected" has none.

type nativeSuggestion struct {
	ID        string           `json:"id"`
	Start     *int             `json:"start"`
	End       *int             `json:"end"`
	Text      *string          `json:"text"`
	Label     string           `json:"label"`
	Origin    string           `json:"origin"`
	Decisions []nativeDecision `json:"decisions"`
	// Written with --history only (see native_history_suggest.go).
	CreatedAt string `json:"created_at"`
}

type nativeDecision struct {
	ID        string `json:"id"`
	Annotator string `json:"annotator"`
	Decision  string `json:"decision"`
	Span      string `json:"span"`
	At        string `json:"at"`
	// Written with --history only, for a decision kept apart from its
	// suggestion (see native_history_suggest.go).
	Suggestion string `json:"suggestion"`
	DeletedAt  string `json:"deleted_at"`
}

type nativeSuggestedLink struct {
	ID     string `json:"id"`
	From   string `json:"from"`
	To     string `json:"to"`
	Type   string `json:"type"`
	Origin string `json:"origin"`
	// Written with --history only.
	CreatedAt string `json:"created_at"`
}

func readNativeSuggestions(b *builder, sugs []nativeSuggestion, links []nativeSuggestedLink) error {
	for i, ns := range sugs {
		if err := readNativeSuggestion(b, ns); err != nil {
			return annot.Errorf(annot.Invalid, "suggestion %d: %v", i+1, err)
		}
	}
	for i, l := range links {
		if l.Type == "" || l.From == "" || l.To == "" {
			return annot.Errorf(annot.Invalid, `suggested link %d needs "from", "to" and "type"`, i+1)
		}
		id := l.ID
		if id == "" {
			id = annot.NewID()
		}
		b.rec.SuggestionLinks = append(b.rec.SuggestionLinks, annot.SuggestionLink{ID: id, From: l.From, To: l.To, Type: l.Type, Origin: l.Origin})
	}
	return nil
}

func readNativeSuggestion(b *builder, ns nativeSuggestion) error {
	if ns.Start == nil || ns.End == nil {
		return annot.Errorf(annot.Invalid, `needs "start" and "end"`)
	}
	s, e, err := b.mapSpan(*ns.Start, *ns.End, codePoints)
	if err != nil {
		return err
	}
	id := ns.ID
	if id == "" {
		id = annot.NewID()
	}
	g := annot.Suggestion{ID: id, Start: s, End: e, Label: ns.Label, Origin: ns.Origin}
	if ns.Text != nil && !b.norm.Changed() {
		if got := b.spanText(&annot.Span{Start: s, End: e}); got != *ns.Text {
			return annot.Errorf(annot.Invalid, "its text %q is not the document's text %q at %d-%d", *ns.Text, got, *ns.Start, *ns.End)
		}
	}
	b.rec.Suggestions = append(b.rec.Suggestions, g)
	for _, d := range ns.Decisions {
		dec := annot.SuggestionDecision{ID: d.ID, Suggestion: id, Annotator: d.Annotator, Decision: annot.Decision(d.Decision), Span: d.Span}
		if d.At != "" {
			t, err := time.Parse(time.RFC3339Nano, d.At)
			if err != nil {
				return annot.Errorf(annot.Invalid, "decision of %s: %q is not a time (RFC 3339)", d.Annotator, d.At)
			}
			dec.At = t
		}
		b.rec.SuggestionDecisions = append(b.rec.SuggestionDecisions, dec)
	}
	return nil
}

// appendNativeSpanOrigin writes where a span accepted from a suggestion
// came from.
func appendNativeSpanOrigin(b []byte, s *annot.Span) []byte {
	if s.Origin == "" {
		return b
	}
	b = appendKey(b, true, "origin")
	b = appendString(b, s.Origin)
	if s.Changed {
		b = append(b, `,"changed":true`...)
	}
	return b
}

// appendNativeSuggestions writes a document's suggestions, if the export
// asked for them. A decision whose span the export leaves out (--gold,
// --annotator) is left out too, and counted.
func appendNativeSuggestions(b []byte, d *Doc, idx *text.Index, losses *lossCounter) []byte {
	g := d.Suggested
	if g == nil {
		return b
	}
	spans := make(map[string]bool, len(d.Spans))
	for i := range d.Spans {
		spans[d.Spans[i].ID] = true
	}
	byS := map[string][]annot.SuggestionDecision{}
	for _, dec := range g.Decisions {
		if dec.Decision.Accepts() && !spans[dec.Span] {
			losses.add(d, "decisions on suggestions whose spans this export leaves out")
			continue
		}
		byS[dec.Suggestion] = append(byS[dec.Suggestion], dec)
	}
	b = appendKey(b, true, "suggestions")
	b = append(b, '[')
	for i := range g.Suggestions {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSuggestion(b, idx, &g.Suggestions[i], time.Time{}, byS[g.Suggestions[i].ID])
	}
	b = append(b, ']')
	b = appendKey(b, true, "suggested_links")
	b = append(b, '[')
	for i := range g.Links {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSuggestedLink(b, &g.Links[i], time.Time{})
	}
	return append(b, ']')
}

// appendSuggestion writes one suggestion object with the decisions on it;
// created is written when known (a history line).
func appendSuggestion(b []byte, idx *text.Index, s *annot.Suggestion, created time.Time, decs []annot.SuggestionDecision) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, s.ID)
	b = appendOffsets(b, idx, s.Start, s.End, s.Label)
	b = appendKey(b, true, "origin")
	b = appendString(b, s.Origin)
	b = appendTime(b, "created_at", created)
	if len(decs) > 0 {
		b = appendKey(b, true, "decisions")
		b = append(b, '[')
		for k := range decs {
			if k > 0 {
				b = append(b, ',')
			}
			b = append(appendDecision(b, &decs[k], false), '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendDecision writes a decision object without its closing brace;
// withSuggestion names its suggestion, for one written apart from it.
func appendDecision(b []byte, dec *annot.SuggestionDecision, withSuggestion bool) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, dec.ID)
	if withSuggestion {
		b = appendKey(b, true, "suggestion")
		b = appendString(b, dec.Suggestion)
	}
	b = appendKey(b, true, "annotator")
	b = appendString(b, dec.Annotator)
	b = appendKey(b, true, "decision")
	b = appendString(b, string(dec.Decision))
	if dec.Span != "" {
		b = appendKey(b, true, "span")
		b = appendString(b, dec.Span)
	}
	return appendTime(b, "at", dec.At)
}

// appendSuggestedLink writes one suggested link object; created is
// written when known.
func appendSuggestedLink(b []byte, l *annot.SuggestionLink, created time.Time) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, l.ID)
	b = appendKey(b, true, "from")
	b = appendString(b, l.From)
	b = appendKey(b, true, "to")
	b = appendString(b, l.To)
	b = appendKey(b, true, "type")
	b = appendString(b, l.Type)
	b = appendKey(b, true, "origin")
	b = appendString(b, l.Origin)
	b = appendTime(b, "created_at", created)
	return append(b, '}')
}
