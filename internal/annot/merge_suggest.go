package annot

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The rules of a merge for suggestions, the decisions analysts made on
// them, and the review's marks. As for spans (see merge.go), every choice
// is a function of the copies alone, never of which database receives.
//
// A suggestion is known by what it proposes: a document holds one per
// start, end and label, whichever origin proposed it first. Two databases
// that ran the same rules have the same suggestions under other IDs, so a
// merge matches them by that key, keeps one ID (PreferSuggestion), and
// points the links and decisions of the other at it. A suggested link is
// known likewise by its two ends and its type. Neither is ever deleted.
//
// Decisions are kept by ID, like spans: a tombstone (an undone decision)
// beats a live copy. An analyst has at most one live decision on a
// suggestion; when each database holds another, the later stands and the
// other is tombstoned (OneLiveDecision).

// SuggestionLinkCopy is one database's copy of a suggested link, with
// when it was proposed (zero when the source did not say).
type SuggestionLinkCopy struct {
	SuggestionLink
	CreatedAt time.Time
}

// DecisionCopy is one database's copy of an analyst's decision on a
// suggestion; DeletedAt is set for a tombstone, which undo leaves.
type DecisionCopy struct {
	SuggestionDecision
	DeletedAt time.Time
}

// PreferSuggestion reports whether a merge keeps suggestion a over b,
// two copies of one proposal (the same document, start, end and label,
// or the same ID): the one proposed first, whose origin is the one the
// document shows, then the smaller ID, then the smaller origin, then the
// smaller label (copies of one ID under two labels: one was renamed).
// The copy kept is kept whole, with its ID, origin, label and time.
func PreferSuggestion(a, b Suggestion) bool {
	return cmp.Or(compareEarliest(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID), strings.Compare(a.Origin, b.Origin),
		strings.Compare(a.Label, b.Label)) < 0
}

// PreferSuggestionLink reports whether a merge keeps suggested link a
// over b, two copies of one link (the same ends and type, or the same
// ID): the one proposed first, then the smaller ID, then the smaller
// origin.
func PreferSuggestionLink(a, b SuggestionLinkCopy) bool {
	return cmp.Or(compareEarliest(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID), strings.Compare(a.Origin, b.Origin)) < 0
}

// PreferDecision reports whether a merge keeps copy a of a decision (the
// same ID) over copy b. A tombstone beats a live copy, so that a merge
// never brings back a decision someone undid; of two tombstones the first
// stands. Decisions are not edited otherwise, so live copies agree unless
// a file was edited by hand, or the span one copy names is a twin a merge
// folded (see FollowSpan); then the earlier, then the smaller contents.
func PreferDecision(a, b DecisionCopy) bool {
	aDead, bDead := !a.DeletedAt.IsZero(), !b.DeletedAt.IsZero()
	switch {
	case aDead && !bDead:
		return true
	case bDead && !aDead:
		return false
	case aDead:
		if c := a.DeletedAt.Compare(b.DeletedAt); c != 0 {
			return c < 0
		}
	}
	return cmp.Or(compareEarliest(a.At, b.At), strings.Compare(string(a.Decision), string(b.Decision)),
		strings.Compare(a.Span, b.Span)) < 0
}

// OneLiveDecision picks, among one analyst's live decisions on one
// suggestion (one from each database, made apart), the one that stands:
// the latest, then the smallest ID. The others are tombstoned at the
// returned time, when the one kept was made, so that the choice and its
// time are the same whichever database receives. The spans that
// accepting made stay the analyst's: a decision records what they did
// with the suggestion, and tagging is theirs to undo.
func OneLiveDecision(group []DecisionCopy) (keep int, supersededAt time.Time) {
	for i, d := range group {
		k := group[keep]
		if c := cmp.Or(k.At.Compare(d.At), strings.Compare(d.ID, k.ID)); c < 0 {
			keep = i
		}
	}
	return keep, group[keep].At
}

// FollowSpan picks the span a decision names once the span it was made
// on is deleted: the live span of the same document, annotator, offsets,
// label and kind (annotation or a reviewer's own) that stands for it, as
// a merge folds twins onto the first made (FoldSpans). ok is false when
// none is live. Applied after every merge, to the decisions of both
// databases, it gives a decision one span whichever database receives,
// however often the same twins are folded.
func FollowSpan(dead SpanCopy, live []SpanCopy) (id string, ok bool) {
	var group []SpanCopy
	for _, s := range live {
		if s.DeletedAt.IsZero() && s.ID != dead.ID && s.DocID == dead.DocID && s.Key() == dead.Key() && s.Curation == dead.Curation {
			group = append(group, s)
		}
	}
	if len(group) == 0 {
		return "", false
	}
	keep, _ := FoldSpans(group)
	return group[keep].ID, true
}

// ReviewedByMerge lists the annotators a merge moves to reviewed in one
// document, with the time each record gets. A review moves everyone who
// annotated a document (Annotated) to reviewed when its last span is
// decided; two databases may each decide part of a document, so that only
// their union leaves nothing undecided. So a merge applies the same rule
// to the merged document: when it has spans and none undecided
// (DocReviewed), those not reviewed yet move, at the time of its latest
// verdict (the decision that left nothing open), or at their record's own
// time if that is later, so that the record only moves forward. States
// never move back: a merge that brings an undecided span leaves reviewed
// as it is. Answers ride with their records. The result depends only on
// the merged document, not on which database received it.
func ReviewedByMerge(spans, undecided int, annotated []string, states map[string]StateCopy, decided time.Time) []StateCopy {
	if !DocReviewed(spans, undecided) {
		return nil
	}
	var out []StateCopy
	for _, name := range annotated {
		cur, ok := states[name]
		if ok && cur.State == StateReviewed {
			continue
		}
		at := decided
		if ok && cur.At.After(at) {
			at = cur.At
		}
		out = append(out, StateCopy{Annotator: name, State: StateReviewed, Answer: cur.Answer, At: at})
	}
	return out
}

// MergeSuggestions decides one document's suggestions after a merge, from
// this database's (here) and the other's (there), both named as this
// database names documents and labels. Copies of one ID are one
// suggestion, the copy PreferSuggestion picks (two copies differ only
// when a label was renamed in one database, or a file was edited by
// hand); then suggestions that propose the same span (start, end, label)
// are one, under the ID PreferSuggestion picks. It returns the
// suggestions kept, in window order, and for every ID of either side the
// ID it is kept under. Swapping here and there gives the same result.
func MergeSuggestions(here, there []Suggestion) (kept []Suggestion, ids map[string]string) {
	byID := map[string]Suggestion{}
	for _, side := range [][]Suggestion{here, there} {
		for _, g := range side {
			if c, ok := byID[g.ID]; !ok || PreferSuggestion(g, c) {
				byID[g.ID] = g
			}
		}
	}
	type key struct {
		start, end int
		label      string
	}
	winner := map[key]Suggestion{}
	for _, g := range byID {
		k := key{g.Start, g.End, g.Label}
		if w, ok := winner[k]; !ok || PreferSuggestion(g, w) {
			winner[k] = g
		}
	}
	ids = make(map[string]string, len(byID))
	for id, g := range byID {
		ids[id] = winner[key{g.Start, g.End, g.Label}].ID
	}
	for _, g := range winner {
		kept = append(kept, g)
	}
	SortSuggestions(kept)
	return kept, ids
}

// MergeSuggestionLinks decides one document's suggested links after a
// merge, from both databases' links with their ends already named as
// MergeSuggestions keeps them: copies of one ID are one link
// (PreferSuggestionLink, then the smaller ends and type), and links with
// the same ends and type are one, under the ID PreferSuggestionLink
// picks. A link whose ends became one suggestion is dropped. It returns
// the links kept, in the order they were proposed.
func MergeSuggestionLinks(here, there []SuggestionLinkCopy) []SuggestionLinkCopy {
	prefer := func(a, b SuggestionLinkCopy) bool {
		if PreferSuggestionLink(a, b) || PreferSuggestionLink(b, a) {
			return PreferSuggestionLink(a, b)
		}
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To), strings.Compare(a.Type, b.Type)) < 0
	}
	byID := map[string]SuggestionLinkCopy{}
	for _, side := range [][]SuggestionLinkCopy{here, there} {
		for _, l := range side {
			if c, ok := byID[l.ID]; !ok || prefer(l, c) {
				byID[l.ID] = l
			}
		}
	}
	type key struct{ from, to, typ string }
	winner := map[key]SuggestionLinkCopy{}
	for _, l := range byID {
		if l.From == l.To {
			continue
		}
		k := key{l.From, l.To, l.Type}
		if w, ok := winner[k]; !ok || prefer(l, w) {
			winner[k] = l
		}
	}
	kept := make([]SuggestionLinkCopy, 0, len(winner))
	for _, l := range winner {
		kept = append(kept, l)
	}
	slices.SortFunc(kept, func(a, b SuggestionLinkCopy) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return kept
}
