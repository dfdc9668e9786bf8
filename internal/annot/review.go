package annot

import (
	"context"
	"slices"
	"unicode/utf8"
)

// A review turns annotators' spans into a gold layer. The rules here
// decide what each of a reviewer's actions does to a document; the store
// carries a plan out in one transaction and records it as one undoable
// step (ActionReview), and the window and `spanmark review` only say
// which action they mean.
//
// Decisions follow the annotation, not the row: accepting or rejecting a
// span decides the spans of others that are the same (SameSpan) with it,
// since gold folds them into one. A correction is the reviewer's own
// span (Curation), accepted, and the span it replaces is rejected, so
// that what the annotator marked stays on record and agreement still
// measures it.

// ActionReview is the undoable step a review action records: its
// verdicts, the reviewer's span it made or removed, the links it added
// and the states it moved, undone and redone together.
const ActionReview = "review"

// ReviewKind is what a review action does.
type ReviewKind string

// Review actions.
const (
	// ReviewAccept accepts a span and the same spans of others, and, for
	// a span with links going out of it (a claim), the undecided spans it
	// links to and theirs, so that the claim reaches gold with who said
	// it and on whose authority.
	ReviewAccept ReviewKind = "accept"
	// ReviewReject rejects a span and the same spans of others. A
	// reviewer's own span (Curation) is removed instead.
	ReviewReject ReviewKind = "reject"
	// ReviewAcceptAgreed accepts every undecided span that enough of the
	// annotators marked the same (AgreedMin), as INCEpTION's default
	// merge does. It never overturns a decision.
	ReviewAcceptAgreed ReviewKind = "accept agreed"
	// ReviewCorrect replaces a span with the reviewer's own over other
	// offsets or with another label, accepted, carrying the span's links
	// over; the span and the same spans of others are rejected. Where a
	// span with the corrected offsets and label exists already, it is
	// accepted instead of making another.
	ReviewCorrect ReviewKind = "correct"
	// ReviewAdd adds a span nobody marked, as the reviewer's own,
	// accepted; where someone marked it, theirs is accepted.
	ReviewAdd ReviewKind = "add"
)

// ReviewOp is one review action in one document, as the window or the
// command line asks for it.
type ReviewOp struct {
	Kind     ReviewKind
	DocID    string // "" with ReviewAcceptAgreed: every document
	Reviewer string // annotator name of who decides
	Span     string // ReviewAccept, ReviewReject, ReviewCorrect: the span decided on
	// Annotators are whose spans ReviewAcceptAgreed compares: the shown
	// ones in the window; nil for everyone who annotated the document.
	Annotators []string
	// Min is how many of them must have marked a span the same for
	// ReviewAcceptAgreed to accept it; 0 for all of them (AgreedMin).
	Min int
	// Start, End and Label are the reviewer's span for ReviewCorrect and
	// ReviewAdd; a correction with Label "" keeps the span's label.
	Start, End int
	Label      string
}

// ReviewService is what the window needs to review. Review carries out
// one action in one transaction, records it in the reviewer's undo
// history of the document (undone and redone with Service.Undo and
// Redo), moves every annotator of a document that is left with nothing
// undecided to StateReviewed, and returns what changed: the decided
// spans in SpansUpdated, the reviewer's new span in SpansAdded, a removed
// one in SpansRemoved, new links, the verdicts and the states. An action
// that decides nothing returns an empty Change and records nothing.
// Invalid for an action that makes no sense (no reviewer, offsets outside
// the text, a correction that changes nothing), NotFound for a span or
// document that is gone or a label that does not exist.
type ReviewService interface {
	Review(ctx context.Context, op ReviewOp) (Change, error)
}

// ReviewPlan is what a ReviewOp comes to in a document as it is now.
type ReviewPlan struct {
	// Verdicts to record, with SpanID, Reviewer and Decision set; the
	// store gives them IDs and times.
	Verdicts []Verdict
	// Add is the reviewer's span to store (ID set), accepted by them:
	// Verdicts hold that acceptance too.
	Add *Span
	// Remove is a reviewer's own span to tombstone, with its links.
	Remove string
	// Links to add, with IDs set; their ends are live spans or Add.
	Links []Relation
}

// Empty reports whether the plan changes nothing.
func (p *ReviewPlan) Empty() bool {
	return len(p.Verdicts) == 0 && p.Add == nil && p.Remove == "" && len(p.Links) == 0
}

// Undecided reports whether a span still waits for a verdict.
func (s *Span) Undecided() bool { return s.Status == Pending || s.Status == "" }

// Annotated lists, sorted, the annotators of a document as review and
// agreement see them: those with a live span in it that is not a
// reviewer's own (Curation), and those who marked it done or reviewed
// without one, since "nothing to tag here" is an answer too.
func Annotated(b *Bundle) []string {
	seen := map[string]bool{}
	for i := range b.Spans {
		if s := &b.Spans[i]; !s.Deleted && !s.Curation {
			seen[s.Annotator] = true
		}
	}
	for name, st := range b.States {
		if st == StateDone || st == StateReviewed {
			seen[name] = true
		}
	}
	delete(seen, "")
	return sortedKeys(seen)
}

// ReviewLanes are the annotators a review compares in a document: those
// of names who annotated it (Annotated), or all who did when names is
// empty, sorted.
func ReviewLanes(b *Bundle, names []string) []string {
	all := Annotated(b)
	if len(names) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(n string) bool { return !slices.Contains(names, n) })
}

// AgreedMin is how many of n annotators must mark a span the same for it
// to count as agreed: min when it is given (above 0), else all n, and
// never fewer than two, since one person agrees with nobody. With
// min 1, every span anyone marked counts.
func AgreedMin(n, min int) int {
	if min > 0 {
		return min
	}
	return max(n, 2)
}

type position struct {
	start, end int
	label      string
}

func posOf(s *Span) position { return position{s.Start, s.End, s.Label} }

// Consensus counts, for every live span of the lanes' annotators that is
// not a reviewer's own, how many of those annotators marked the same
// span (SameSpan), itself included. Spans of others are not counted.
func Consensus(spans []Span, lanes []string) map[string]int {
	in := make(map[string]bool, len(lanes))
	for _, n := range lanes {
		in[n] = true
	}
	who := map[position]map[string]bool{}
	for i := range spans {
		s := &spans[i]
		if s.Deleted || s.Curation || !in[s.Annotator] {
			continue
		}
		p := posOf(s)
		if who[p] == nil {
			who[p] = map[string]bool{}
		}
		who[p][s.Annotator] = true
	}
	out := make(map[string]int, len(spans))
	for i := range spans {
		s := &spans[i]
		if !s.Deleted && !s.Curation && in[s.Annotator] {
			out[s.ID] = len(who[posOf(s)])
		}
	}
	return out
}

// DocReviewed reports whether a document with spans live spans, undecided
// of them without a verdict, is reviewed: it has spans and none waits. A
// document without spans has nothing to review.
func DocReviewed(spans, undecided int) bool { return spans > 0 && undecided == 0 }

// Check refuses an op that no document could make sense of, before a
// store reads anything: one without a reviewer, or one other than an
// accept-agreed without a document.
func (op ReviewOp) Check() error {
	if op.Reviewer == "" {
		return Errorf(Invalid, "no reviewer name")
	}
	if op.DocID == "" && op.Kind != ReviewAcceptAgreed {
		return Errorf(Invalid, "a %s needs a document", op.Kind)
	}
	return nil
}

// PlanReview works out what op does to the document b (its live spans
// with their status, the relations among them, its states). Errors as
// ReviewService.Review says.
func PlanReview(b *Bundle, op ReviewOp) (ReviewPlan, error) {
	if op.Reviewer == "" {
		return ReviewPlan{}, Errorf(Invalid, "no reviewer name")
	}
	p := newPlanner(b, op.Reviewer)
	switch op.Kind {
	case ReviewAccept, ReviewReject, ReviewCorrect:
		s, ok := p.byID[op.Span]
		if !ok {
			return ReviewPlan{}, Errorf(NotFound, "no span %s in this document: it may have been deleted", op.Span)
		}
		switch op.Kind {
		case ReviewAccept:
			p.accept(s, true)
		case ReviewReject:
			if s.Curation {
				p.plan.Remove = s.ID
			} else {
				p.decideTwins(s, Rejected, false)
			}
		default:
			label := op.Label
			if label == "" {
				label = s.Label
			}
			if err := p.correct(s, op.Start, op.End, label); err != nil {
				return ReviewPlan{}, err
			}
		}
	case ReviewAcceptAgreed:
		p.agreed(op.Annotators, op.Min)
	case ReviewAdd:
		if op.Label == "" {
			return ReviewPlan{}, Errorf(Invalid, "a span needs a label")
		}
		if err := p.checkRange(op.Start, op.End); err != nil {
			return ReviewPlan{}, err
		}
		p.place(nil, op.Start, op.End, op.Label)
	default:
		return ReviewPlan{}, Errorf(Invalid, "%q is not a review action", op.Kind)
	}
	return p.plan, nil
}

// planner builds a ReviewPlan, tracking the status each span will have
// once the plan is carried out.
type planner struct {
	b        *Bundle
	reviewer string
	byID     map[string]*Span
	status   map[string]Status
	plan     ReviewPlan
}

func newPlanner(b *Bundle, reviewer string) *planner {
	p := &planner{b: b, reviewer: reviewer, byID: map[string]*Span{}, status: map[string]Status{}}
	for i := range b.Spans {
		s := &b.Spans[i]
		if s.Deleted {
			continue
		}
		p.byID[s.ID] = s
		p.status[s.ID] = s.Status
		if s.Undecided() {
			p.status[s.ID] = Pending
		}
	}
	return p
}

// decide plans a verdict on s unless s has that status already. A
// reviewer's own span is accepted by being made and is never rejected
// along with another's.
func (p *planner) decide(s *Span, d Status) {
	if p.status[s.ID] == d || (s.Curation && d == Rejected) {
		return
	}
	p.status[s.ID] = d
	p.plan.Verdicts = slices.DeleteFunc(p.plan.Verdicts, func(v Verdict) bool { return v.SpanID == s.ID })
	p.plan.Verdicts = append(p.plan.Verdicts, Verdict{SpanID: s.ID, Reviewer: p.reviewer, Decision: d})
}

// decideTwins decides s and every live span the same as it; with
// onlyUndecided, it leaves decided ones as they are.
func (p *planner) decideTwins(s *Span, d Status, onlyUndecided bool) {
	for i := range p.b.Spans {
		t := &p.b.Spans[i]
		if t.Deleted || !SameSpan(*s, *t) {
			continue
		}
		if onlyUndecided && p.status[t.ID] != Pending {
			continue
		}
		p.decide(t, d)
	}
}

// accept accepts s and its twins and, with links, the undecided spans
// that the links going out of s (planned ones included) point to.
func (p *planner) accept(s *Span, links bool) {
	p.decideTwins(s, Accepted, false)
	if !links {
		return
	}
	for _, r := range p.outgoing(s.ID) {
		if t, ok := p.byID[r.To]; ok && p.status[t.ID] == Pending {
			p.decideTwins(t, Accepted, true)
		}
	}
}

func (p *planner) outgoing(id string) []Relation {
	var out []Relation
	for _, list := range [][]Relation{p.b.Relations, p.plan.Links} {
		for _, r := range list {
			if r.From == id && !r.Deleted {
				out = append(out, r)
			}
		}
	}
	return out
}

// agreed accepts the undecided spans that at least AgreedMin of the
// lanes' annotators marked the same, and the undecided same spans of
// anyone else.
func (p *planner) agreed(names []string, min int) {
	lanes := ReviewLanes(p.b, names)
	k := AgreedMin(len(lanes), min)
	count := Consensus(p.b.Spans, lanes)
	for i := range p.b.Spans {
		s := &p.b.Spans[i]
		if n, ok := count[s.ID]; ok && n >= k && p.status[s.ID] == Pending {
			p.decideTwins(s, Accepted, true)
		}
	}
}

func (p *planner) checkRange(start, end int) error {
	n := p.b.Doc.Length
	if n == 0 {
		n = utf8.RuneCountInString(p.b.Doc.Text)
	}
	return CheckSpan(start, end, n)
}

// correct replaces s with the reviewer's span over [start, end) labelled
// label.
func (p *planner) correct(s *Span, start, end int, label string) error {
	if start == s.Start && end == s.End && label == s.Label {
		return Errorf(Invalid, "the correction is the span as it is: move its ends or give it another label")
	}
	if err := p.checkRange(start, end); err != nil {
		return err
	}
	if s.Curation {
		p.plan.Remove = s.ID
	} else {
		p.decideTwins(s, Rejected, false)
	}
	p.place(s, start, end, label)
	return nil
}

// place makes [start, end) labelled label part of gold, replacing
// replaced if it is not nil: a live span there is accepted, else the
// reviewer's own span is planned. The links of replaced move to it, and
// what its links point to is accepted with it.
func (p *planner) place(replaced *Span, start, end int, label string) {
	want := Span{Start: start, End: end, Label: label}
	var target *Span
	for i := range p.b.Spans {
		t := &p.b.Spans[i]
		if !t.Deleted && t.ID != p.plan.Remove && SameSpan(*t, want) {
			target = t
			break
		}
	}
	if target == nil {
		c := want
		c.ID, c.DocID, c.Annotator = NewID(), p.b.Doc.ID, p.reviewer
		c.Curation, c.Status, c.Reviewer = true, Accepted, p.reviewer
		if replaced != nil {
			c.Corrects = replaced.ID
			if replaced.Curation {
				c.Corrects = replaced.Corrects
			}
		}
		p.plan.Add = &c
		p.plan.Verdicts = append(p.plan.Verdicts, Verdict{SpanID: c.ID, Reviewer: p.reviewer, Decision: Accepted})
		p.byID[c.ID], p.status[c.ID] = &c, Accepted
		target = &c
	}
	if replaced != nil {
		p.relink(replaced, target)
	}
	p.accept(target, true)
}

// relink gives target the links of replaced that still make sense for
// its label (PlanLink), as the reviewer's, unless target has them.
func (p *planner) relink(replaced, target *Span) {
	for _, r := range p.b.Relations {
		if r.Deleted || (r.From != replaced.ID && r.To != replaced.ID) {
			continue
		}
		var from, to Span
		var typ string
		var err error
		if r.From == replaced.ID {
			other, ok := p.byID[r.To]
			if !ok || other.ID == target.ID {
				continue
			}
			from, to, typ, err = PlanLink(*target, *other)
		} else {
			other, ok := p.byID[r.From]
			if !ok || other.ID == target.ID {
				continue
			}
			from, to, typ, err = PlanLink(*other, *target)
		}
		if err != nil || p.linked(from.ID, to.ID, typ) {
			continue
		}
		p.plan.Links = append(p.plan.Links, Relation{ID: NewID(), DocID: p.b.Doc.ID, Annotator: p.reviewer,
			From: from.ID, To: to.ID, Type: typ})
	}
}

func (p *planner) linked(from, to, typ string) bool {
	for _, list := range [][]Relation{p.b.Relations, p.plan.Links} {
		for _, r := range list {
			if !r.Deleted && r.From == from && r.To == to && r.Type == typ {
				return true
			}
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
