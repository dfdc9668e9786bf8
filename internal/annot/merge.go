package annot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The rules of a merge. Bringing database B into A and A into B must end
// with the same documents, spans, links, verdicts and states, and bringing
// the same source in twice must add nothing. So every choice below is a
// function of the two copies alone, never of which database receives: it
// looks at the rows' own times and IDs, and where those tie, at their
// contents, so that no choice is left to chance. The one exception is the
// look of a label (colour, hotkey, order), which is not part of the
// annotations: the receiving database keeps its own and the merge says so.
//
// A zero time means the source did not say (a native export written
// without --history): such a copy never overrides one that has a time.

// SpanCopy is one database's copy of a span; DeletedAt is set for a
// tombstone.
type SpanCopy struct {
	Span
	DeletedAt time.Time
}

// RelationCopy is one database's copy of a relation; DeletedAt is set for
// a tombstone.
type RelationCopy struct {
	Relation
	DeletedAt time.Time
}

// StateCopy is how far one annotator had got with a document, and since
// when, with the annotator's own answer on the document (see Answer),
// which travels with the record: it was set, like the state, at At.
type StateCopy struct {
	Annotator string
	State     DocState
	Answer    Answer
	At        time.Time
}

// LabelCopy is a label as one database has it; RemovedAt is set for a
// label that was removed but is kept for its spans' tombstones.
type LabelCopy struct {
	Label
	RemovedAt time.Time
}

// PreferDocument reports whether a merge keeps copy a of an article (the
// same text) over copy b, with its ID, title, source and meta: the one
// imported first wins, then the smaller ID, then the smaller title,
// source and meta. Copies the same in all of these prefer neither, and
// the receiving database keeps its own, with its place in the list.
func PreferDocument(a, b Document) bool {
	return compareDocs(a, b) < 0
}

// JoinedMeta is the meta of an article after a merge joins two copies of
// it: the meta of the copy PreferDocument keeps, with what the other
// adds, as an import joins meta (MergeMeta: members the kept copy lacks
// are added, objects under one key are joined likewise, and where both
// hold another value the kept copy's stays). It does not depend on the
// order of its arguments, so A+B and B+A give the same bytes; changed is
// false when the result is a's meta as it was.
func JoinedMeta(a, b Document) (meta json.RawMessage, changed bool) {
	if bytes.Equal(a.Meta, b.Meta) { // most joins: nothing to parse
		return a.Meta, false
	}
	keep, other := a, b
	if PreferDocument(b, a) {
		keep, other = b, a
	}
	meta, added := MergeMeta(keep.Meta, other.Meta)
	if !added {
		meta = keep.Meta
	}
	return meta, !bytes.Equal(meta, a.Meta)
}

func compareDocs(a, b Document) int {
	if c := compareEarliest(a.CreatedAt, b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Title, b.Title),
		strings.Compare(a.Source, b.Source), bytes.Compare(a.Meta, b.Meta))
}

// compareEarliest orders times with the unknown (zero) one last.
func compareEarliest(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

// CompareDocOrder orders the documents of a merged database: by when they
// were first imported, then by their place in the database they came from
// (Seq), then by ID. Documents imported together share one time, so the
// order within one import is kept; two databases' imports interleave by
// time, whichever database receives.
func CompareDocOrder(a, b Document) int {
	return cmp.Or(compareEarliest(a.CreatedAt, b.CreatedAt), cmp.Compare(a.Seq, b.Seq), strings.Compare(a.ID, b.ID))
}

// PreferSpan reports whether a merge keeps copy a of a span (the same
// ID) over copy b. A tombstone beats a live copy, so that a merge never
// brings a deleted span back; of two tombstones, the first deletion
// stands. Of two live copies, the later edit (UpdatedAt) wins; an equal
// time goes to the smaller label, then note, then the copy with an answer
// (then the smaller answer), then the earlier creation, then the rest of
// the row (origin, changed, curation, the span corrected), which a span
// is made with and only a file edited by hand gives two ways. The copy
// kept is kept whole: its answer, origin and review marks are part of it,
// as its label and note are, so a changed answer counts as an edit of the
// span. Copies equal in all of these prefer neither.
func PreferSpan(a, b SpanCopy) bool {
	return compareSpanCopies(a, b) < 0
}

// compareSpanCopies is negative when a should be kept over b.
func compareSpanCopies(a, b SpanCopy) int {
	if c := compareTombstones(a.DeletedAt, b.DeletedAt); c != 0 {
		return c
	}
	return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), // later first
		strings.Compare(a.Label, b.Label), strings.Compare(a.Note, b.Note),
		compareAnswers(a.Answer, b.Answer), compareEarliest(a.CreatedAt, b.CreatedAt),
		strings.Compare(a.Origin, b.Origin), compareBools(a.Changed, b.Changed),
		compareBools(a.Curation, b.Curation), strings.Compare(a.Corrects, b.Corrects))
}

// compareTombstones orders two copies by their deletions: a tombstone
// before a live copy, and of two tombstones the first deletion; 0 when
// that does not decide.
func compareTombstones(a, b time.Time) int {
	aDead, bDead := !a.IsZero(), !b.IsZero()
	switch {
	case aDead && !bDead:
		return -1
	case bDead && !aDead:
		return 1
	case aDead:
		return a.Compare(b)
	}
	return 0
}

// compareBools orders false before true.
func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareAnswers is negative when answer a should be kept over b, where
// nothing else decides: an answer over none (an empty one means the copy
// did not say), then the smaller.
func compareAnswers(a, b Answer) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(string(a), string(b))
}

// SameSpanCopy reports whether two copies of a span ID are copies of one span:
// the same document, annotator and offsets. Only those a merge can
// reconcile; anything else is two different spans under one ID.
func SameSpanCopy(a, b Span) bool {
	return a.DocID == b.DocID && a.Annotator == b.Annotator && a.Start == b.Start && a.End == b.End
}

// PreferRelation reports whether a merge keeps copy a of a relation over
// copy b: a tombstone beats a live copy, the first deletion stands, then
// the earlier creation, then the smaller contents.
func PreferRelation(a, b RelationCopy) bool {
	return compareRelationCopies(a, b) < 0
}

func compareRelationCopies(a, b RelationCopy) int {
	if c := compareTombstones(a.DeletedAt, b.DeletedAt); c != 0 {
		return c
	}
	return cmp.Or(compareEarliest(a.CreatedAt, b.CreatedAt), strings.Compare(a.DocID, b.DocID),
		strings.Compare(a.From, b.From), strings.Compare(a.To, b.To),
		strings.Compare(a.Type, b.Type), strings.Compare(a.Annotator, b.Annotator))
}

// VerdictCopy is one database's copy of a verdict; WithdrawnAt is set
// when undoing the review action that made it withdrew it. A withdrawn
// verdict is kept, so that a merge knows not to bring it back, and gives
// no status.
type VerdictCopy struct {
	Verdict
	WithdrawnAt time.Time
}

// Live reports whether the verdict counts: it has not been withdrawn.
func (v VerdictCopy) Live() bool { return v.WithdrawnAt.IsZero() }

// PreferVerdict reports whether a merge keeps copy a of a verdict (the
// same ID) over copy b. A withdrawal is to a verdict what a tombstone is
// to a span: a withdrawn copy beats a live one, so that a merge never
// brings back a verdict someone took back, and of two withdrawals the
// first stands. Verdicts are never edited otherwise, so copies agree
// unless a file was edited by hand; then the earlier one wins, then the
// smaller contents.
func PreferVerdict(a, b VerdictCopy) bool {
	aOut, bOut := !a.Live(), !b.Live()
	switch {
	case aOut && !bOut:
		return true
	case bOut && !aOut:
		return false
	case aOut:
		if c := a.WithdrawnAt.Compare(b.WithdrawnAt); c != 0 {
			return c < 0
		}
	}
	return cmp.Or(compareEarliest(a.At, b.At), strings.Compare(a.SpanID, b.SpanID), strings.Compare(string(a.Decision), string(b.Decision)),
		strings.Compare(a.Reviewer, b.Reviewer), strings.Compare(a.Comment, b.Comment)) < 0
}

// PreferState reports whether a merge keeps record a of how far one
// annotator got with one document over record b: the further state wins
// (a merge never moves an annotator back, as an import does not), then
// the later time, then the record with an answer, then the smaller
// answer. The record is kept whole, its answer with it: an import that
// changes the answer gives the record a new time, so the later record
// holds the later answer, and choosing whole records keeps a chain of
// merges the same in any order.
func PreferState(a, b StateCopy) bool {
	return cmp.Or(cmp.Compare(a.State.Rank(), b.State.Rank()), a.At.Compare(b.At), -compareAnswers(a.Answer, b.Answer)) > 0
}

// NamedID is a label or annotator as one database names it. ID is ""
// when the source gives names only (a native export without --history).
type NamedID struct {
	ID, Name string
}

// ChooseIDs decides the ID of every label (or annotator) name after a
// merge. Names are what people see and what files carry, so rows are
// matched by name; the ID each name keeps must not depend on which
// database receives:
//   - a name with one ID in both keeps it;
//   - a name with two IDs (made separately in each) keeps the smaller;
//   - an ID that two names hold (a label renamed in one database) stays
//     with the smaller name, and the other name takes another of its own
//     IDs or, having none, one derived from its name and the lost ID;
//   - a name known by name only takes derive(name), the ID every database
//     gives that name, or, if another name holds that, one derived from it.
//
// kind ("label", "annotator") keeps derived IDs of the two apart.
func ChooseIDs(kind string, rows []NamedID, derive func(name string) string) map[string]string {
	ids := map[string]map[string]bool{} // name -> its IDs
	holders := map[string]string{}      // ID -> the smallest name holding it
	for _, r := range rows {
		if ids[r.Name] == nil {
			ids[r.Name] = map[string]bool{}
		}
		if r.ID == "" {
			continue
		}
		ids[r.Name][r.ID] = true
		if h, ok := holders[r.ID]; !ok || r.Name < h {
			holders[r.ID] = r.Name
		}
	}
	names := make([]string, 0, len(ids))
	for n := range ids {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make(map[string]string, len(names))
	for _, name := range names {
		var won, lost []string
		for id := range ids[name] {
			if holders[id] == name {
				won = append(won, id)
			} else {
				lost = append(lost, id)
			}
		}
		sort.Strings(won)
		sort.Strings(lost)
		switch {
		case len(won) > 0:
			out[name] = won[0]
		case len(lost) > 0:
			out[name] = derivedID(kind, name, lost[0])
		default:
			id := derive(name)
			if h, taken := holders[id]; taken && h != name {
				id = derivedID(kind, name, id)
			}
			out[name] = id
		}
	}
	return out
}

func derivedID(kind, name, from string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"\x00"+name+"\x00"+from)).String()
}

// FoldSpans picks, among live spans that are one annotation (the same
// document, annotator, offsets and label under different IDs, as when
// one file was imported into two databases), the one a merge keeps: the
// first made, then the smallest ID. The others are tombstoned at the
// returned time, the latest edit among them all, so that the choice and
// its time are the same whichever database receives. The span kept keeps
// its own note and answer; a twin's stay on its tombstone.
func FoldSpans(group []SpanCopy) (keep int, foldedAt time.Time) {
	for i, s := range group {
		k := group[keep]
		if c := cmp.Or(compareEarliest(s.CreatedAt, k.CreatedAt), strings.Compare(s.ID, k.ID)); c < 0 {
			keep = i
		}
		if s.UpdatedAt.After(foldedAt) {
			foldedAt = s.UpdatedAt
		}
	}
	return keep, foldedAt
}

// FoldRelations picks, among live relations that make one link (the same
// two spans and type), the one a merge keeps: the first made, then the
// smallest ID. The others are tombstoned at the latest creation time
// among them.
func FoldRelations(group []RelationCopy) (keep int, foldedAt time.Time) {
	for i, r := range group {
		k := group[keep]
		if c := cmp.Or(compareEarliest(r.CreatedAt, k.CreatedAt), strings.Compare(r.ID, k.ID)); c < 0 {
			keep = i
		}
		if r.CreatedAt.After(foldedAt) {
			foldedAt = r.CreatedAt
		}
	}
	return keep, foldedAt
}

// MovedID is the ID of the copy that a folded span's verdict or link gets
// on the span it was folded into; onto names where the copy goes: the
// span kept, or a link's two ends. It is the same in every database, so
// that merging again finds the copy instead of adding another. A moved
// verdict follows its original: withdrawn with it, whenever a merge
// brings the withdrawal.
func MovedID(id, onto string) string {
	return uuid.NewSHA1(namespace, []byte("moved\x00"+id+"\x00"+onto)).String()
}

// VerdictID is the ID of a verdict that a source gives without one (a
// native export without --history states only each span's status): the
// same for the same span, reviewer and decision, so that merging the file
// again adds nothing.
func VerdictID(spanID, reviewer string, d Status) string {
	return uuid.NewSHA1(namespace, []byte("verdict\x00"+spanID+"\x00"+reviewer+"\x00"+string(d))).String()
}

// DeadEndAt is when a live relation whose span was deleted in the other
// database dies with it: the first of its ends' deletions, as deleting a
// span deletes its links at that moment.
func DeadEndAt(from, to time.Time) time.Time {
	switch {
	case from.IsZero():
		return to
	case to.IsZero() || from.Before(to):
		return from
	}
	return to
}
