package formats

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// A history line carries a document's suggestions whole, so that a merge
// of the file does what a merge of the database does. The plain part is
// what export --suggestions writes, with times: "suggestions" (each with
// "created_at", and the live decisions on it in "decisions") and
// "suggested_links" (each with "created_at"). What a plain line cannot
// hold comes in keys of its own, which an import of the file ignores:
//
//   - "hidden_suggestions": suggestions of removed labels (the first line's
//     "labels" lists those with "removed_at"), and "hidden_suggested_links",
//     links with an end among them;
//   - "deleted_decisions": undone decisions, with "deleted_at", and live
//     ones a plain line cannot hold (on a deleted span, or on a hidden
//     suggestion), each naming its "suggestion".
//
// Nothing is written for a document without suggestions.

// historySuggestions are the keys a history line adds for suggestions.
type historySuggestions struct {
	HiddenSuggestions    []nativeSuggestion    `json:"hidden_suggestions"`
	HiddenSuggestedLinks []nativeSuggestedLink `json:"hidden_suggested_links"`
	DeletedDecisions     []nativeDecision      `json:"deleted_decisions"`
}

// appendHistorySuggestions writes h's suggestions, links and decisions.
// live holds the IDs of the line's live spans, removed the names of
// removed labels.
func appendHistorySuggestions(b []byte, h *annot.DocHistory, idx *text.Index, live, removed map[string]bool) []byte {
	if len(h.Suggestions) == 0 {
		return b
	}
	hidden := map[string]bool{}
	for _, g := range h.Suggestions {
		if removed[g.Label] {
			hidden[g.ID] = true
		}
	}
	inline := map[string][]annot.SuggestionDecision{}
	var apart []*annot.DecisionCopy
	for i := range h.Decisions {
		d := &h.Decisions[i]
		if d.DeletedAt.IsZero() && !hidden[d.Suggestion] && (!d.Decision.Accepts() || live[d.Span]) {
			inline[d.Suggestion] = append(inline[d.Suggestion], d.SuggestionDecision)
		} else {
			apart = append(apart, d)
		}
	}
	for _, key := range []string{"suggestions", "hidden_suggestions"} {
		want := key == "hidden_suggestions"
		n := 0
		for i := range h.Suggestions {
			g := &h.Suggestions[i]
			if hidden[g.ID] != want {
				continue
			}
			if n == 0 {
				b = appendKey(b, true, key)
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			n++
			b = appendSuggestion(b, idx, g, g.CreatedAt, inline[g.ID])
		}
		if n > 0 {
			b = append(b, ']')
		}
	}
	for _, key := range []string{"suggested_links", "hidden_suggested_links"} {
		want := key == "hidden_suggested_links"
		n := 0
		for i := range h.SuggestionLinks {
			l := &h.SuggestionLinks[i]
			if (hidden[l.From] || hidden[l.To]) != want {
				continue
			}
			if n == 0 {
				b = appendKey(b, true, key)
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			n++
			b = appendSuggestedLink(b, &l.SuggestionLink, l.CreatedAt)
		}
		if n > 0 {
			b = append(b, ']')
		}
	}
	if len(apart) > 0 {
		b = appendKey(b, true, "deleted_decisions")
		b = append(b, '[')
		for i, d := range apart {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendDecision(b, &d.SuggestionDecision, true)
			b = append(appendTime(b, "deleted_at", d.DeletedAt), '}')
		}
		b = append(b, ']')
	}
	return b
}

// suggestionTimes is what a history line says of suggestions beyond a
// plain line, by ID, until the record they join is checked.
type suggestionTimes struct {
	created, linked, deleted map[string]time.Time
}

// readHistorySuggestions adds a line's suggestions, links and decisions
// to b, the plain part's and the history's, and keeps their times. Every
// one must have an ID: a merge knows them again by it.
func readHistorySuggestions(b *builder, d *nativeDoc, x *historySuggestions) (*suggestionTimes, error) {
	st := &suggestionTimes{created: map[string]time.Time{}, linked: map[string]time.Time{}, deleted: map[string]time.Time{}}
	for _, list := range []struct {
		sugs []nativeSuggestion
		what string
	}{{d.Suggestions, "suggestion"}, {x.HiddenSuggestions, "hidden suggestion"}} {
		for i, ns := range list.sugs {
			if err := st.readSuggestion(b, ns); err != nil {
				return nil, annot.Errorf(annot.Invalid, "%s %d: %v", list.what, i+1, err)
			}
		}
	}
	for _, list := range []struct {
		links []nativeSuggestedLink
		what  string
	}{{d.SuggestedLinks, "suggested link"}, {x.HiddenSuggestedLinks, "hidden suggested link"}} {
		for i, nl := range list.links {
			if err := st.readLink(b, nl); err != nil {
				return nil, annot.Errorf(annot.Invalid, "%s %d: %v", list.what, i+1, err)
			}
		}
	}
	for i, nd := range x.DeletedDecisions {
		if nd.Suggestion == "" {
			return nil, annot.Errorf(annot.Invalid, `deleted decision %d: needs "suggestion"`, i+1)
		}
		dec, err := readHistoryDecision(nd, nd.Suggestion)
		if err == nil {
			st.deleted[dec.ID], err = parseWhen("deleted_at", nd.DeletedAt)
		}
		if err != nil {
			return nil, annot.Errorf(annot.Invalid, "deleted decision %d: %v", i+1, err)
		}
		b.rec.SuggestionDecisions = append(b.rec.SuggestionDecisions, dec)
	}
	return st, nil
}

func (st *suggestionTimes) readSuggestion(b *builder, ns nativeSuggestion) error {
	if !isUUID(ns.ID) {
		return annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	}
	created, err := parseWhen("created_at", ns.CreatedAt)
	if err != nil {
		return err
	}
	st.created[ns.ID] = created
	decisions := ns.Decisions
	ns.Decisions = nil
	if err := readNativeSuggestion(b, ns); err != nil {
		return err
	}
	for i, nd := range decisions {
		dec, err := readHistoryDecision(nd, ns.ID)
		if err != nil {
			return annot.Errorf(annot.Invalid, "decision %d: %v", i+1, err)
		}
		b.rec.SuggestionDecisions = append(b.rec.SuggestionDecisions, dec)
	}
	return nil
}

func (st *suggestionTimes) readLink(b *builder, nl nativeSuggestedLink) error {
	switch {
	case !isUUID(nl.ID):
		return annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	case nl.Type == "" || nl.From == "" || nl.To == "":
		return annot.Errorf(annot.Invalid, `needs "from", "to" and "type"`)
	}
	if err := annot.CheckOrigin(nl.Origin); err != nil {
		return err
	}
	created, err := parseWhen("created_at", nl.CreatedAt)
	if err != nil {
		return err
	}
	st.linked[nl.ID] = created
	b.rec.SuggestionLinks = append(b.rec.SuggestionLinks, annot.SuggestionLink{ID: nl.ID, From: nl.From, To: nl.To, Type: nl.Type, Origin: nl.Origin})
	return nil
}

// readHistoryDecision reads a decision on suggestion sug. The record's
// check sees that the suggestion and an accepted decision's span are in
// the line.
func readHistoryDecision(nd nativeDecision, sug string) (annot.SuggestionDecision, error) {
	d := annot.Decision(nd.Decision)
	switch {
	case !isUUID(nd.ID):
		return annot.SuggestionDecision{}, annot.Errorf(annot.Invalid, `no "id" (or not a UUID): %s`, errNoIDs)
	case !d.Valid():
		return annot.SuggestionDecision{}, annot.Errorf(annot.Invalid, "decision %q is not accepted, changed or rejected", nd.Decision)
	case nd.Annotator == "":
		return annot.SuggestionDecision{}, annot.Errorf(annot.Invalid, `needs "annotator"`)
	case d.Accepts() && nd.Span == "":
		return annot.SuggestionDecision{}, annot.Errorf(annot.Invalid, `an %s decision needs the "span" it made`, d)
	case !d.Accepts() && nd.Span != "":
		return annot.SuggestionDecision{}, annot.Errorf(annot.Invalid, `a rejection makes no span, but names "span" %q`, nd.Span)
	}
	at, err := parseWhen("at", nd.At)
	if err != nil {
		return annot.SuggestionDecision{}, err
	}
	return annot.SuggestionDecision{ID: nd.ID, Suggestion: sug, Annotator: nd.Annotator, Decision: d, Span: nd.Span, At: at}, nil
}

// fill puts the checked record's suggestions, links and decisions in h
// with their times, in the order the store keeps them.
func (st *suggestionTimes) fill(h *annot.DocHistory, rec *annot.Record) {
	doc := rec.Doc.ID
	for _, g := range rec.Suggestions {
		g.DocID, g.CreatedAt = doc, st.created[g.ID]
		h.Suggestions = append(h.Suggestions, g)
	}
	annot.SortSuggestions(h.Suggestions)
	for _, l := range rec.SuggestionLinks {
		l.DocID = doc
		h.SuggestionLinks = append(h.SuggestionLinks, annot.SuggestionLinkCopy{SuggestionLink: l, CreatedAt: st.linked[l.ID]})
	}
	slices.SortFunc(h.SuggestionLinks, func(a, b annot.SuggestionLinkCopy) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	for _, d := range rec.SuggestionDecisions {
		d.DocID = doc
		c := annot.DecisionCopy{SuggestionDecision: d, DeletedAt: st.deleted[d.ID]}
		c.Deleted = !c.DeletedAt.IsZero()
		h.Decisions = append(h.Decisions, c)
	}
	slices.SortFunc(h.Decisions, func(a, b annot.DecisionCopy) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.ID, b.ID))
	})
}
