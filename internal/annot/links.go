package annot

import "strings"

// LinkType is the relation that a link from a claim to a span labelled
// to makes: who said it (an ACTOR, SAID_BY) or on whose authority (a
// SOURCE, ACCORDING_TO). ok is false for a label nothing links to.
func LinkType(to string) (typ string, ok bool) {
	switch to {
	case Actor:
		return SaidBy, true
	case Source:
		return AccordingTo, true
	}
	return "", false
}

// PlanLink turns two spans the analyst picked, first then second, into a
// link: from, to and its type. Picked the other way round (the actor or
// source first, then the claim), it links the same way, from the claim.
// Two spans of one label, or of labels nothing links, are Invalid, with
// a message that says what can be linked.
func PlanLink(first, second Span) (from, to Span, typ string, err error) {
	from, to = first, second
	if _, ok := LinkType(to.Label); !ok {
		if _, back := LinkType(from.Label); back {
			from, to = to, from
		}
	}
	typ, ok := LinkType(to.Label)
	if !ok || from.Label == to.Label {
		return from, to, "", Errorf(Invalid, "a %s cannot be linked to a %s: link a %s to an %s (said by) or a %s (according to)",
			first.Label, second.Label, Claim, Actor, Source)
	}
	return from, to, typ, nil
}

// CheckRelation validates a new relation before its ends are looked up:
// it needs an annotator and a type, and links two different spans.
func CheckRelation(r Relation) error {
	switch {
	case r.Annotator == "":
		return Errorf(Invalid, "no annotator name")
	case strings.TrimSpace(r.Type) == "":
		return Errorf(Invalid, "a relation needs a type, such as %s", SaidBy)
	case r.From == r.To:
		return Errorf(Invalid, "a relation links two different spans, not a span to itself")
	}
	return nil
}

// CheckRelationEnds checks that the two ends of a relation are live
// spans of one document, docID's if it is not "", and returns that
// document.
func CheckRelationEnds(from, to Span, docID string) (string, error) {
	for _, s := range []Span{from, to} {
		if s.Deleted {
			return "", Errorf(NotFound, "span %d-%d (%s) has been deleted", s.Start, s.End, s.Label)
		}
	}
	if from.DocID != to.DocID {
		return "", Errorf(Invalid, "a relation links spans of one document; these are in two")
	}
	if docID != "" && docID != from.DocID {
		return "", Errorf(Invalid, "the spans are not in document %s", docID)
	}
	return from.DocID, nil
}

// DuplicateLink is the error for a link (from, to, type) that is live
// already, whoever made it: one link says it once.
func DuplicateLink(typ string) error {
	return Errorf(Conflict, "these two spans are already linked by %s", typ)
}

// CheckRemoveRelation reports whether annotator may remove r: only the
// annotator who made a link removes it (Conflict otherwise), as with
// spans; a removed link is NotFound.
func CheckRemoveRelation(r Relation, annotator string) error {
	switch {
	case annotator == "":
		return Errorf(Invalid, "no annotator name")
	case r.Deleted:
		return Errorf(NotFound, "no relation %s: it may have been deleted", r.ID)
	case r.Annotator != annotator:
		return Errorf(Conflict, "this %s link belongs to %s; only they can remove it", r.Type, r.Annotator)
	}
	return nil
}

// Check validates a verdict: it accepts or rejects, and names its
// reviewer.
func (v Verdict) Check() error {
	switch {
	case v.Decision != Accepted && v.Decision != Rejected:
		return Errorf(Invalid, "a verdict accepts or rejects a span, not %q", v.Decision)
	case v.Reviewer == "":
		return Errorf(Invalid, "no reviewer name")
	}
	return nil
}

// Supersedes reports whether verdict v comes after o, so that v, not o,
// gives their span its status: the later time wins, and of two at the
// same time the greater ID, so that every database picks the same one.
// (The store's queries order verdicts "at DESC, id DESC" to the same
// end.)
func (v Verdict) Supersedes(o Verdict) bool {
	if !v.At.Equal(o.At) {
		return v.At.After(o.At)
	}
	return v.ID > o.ID
}
