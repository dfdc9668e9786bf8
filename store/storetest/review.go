package storetest

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"app.spanmark.org/spanmark/internal/agree"
	"app.spanmark.org/spanmark/internal/annot"
)

// reviewText is marked by asha and ravi: both have the ACTOR "Minister
// Rao" (0-12), asha's CLAIM is 18-41 and ravi's 22-41, only ravi has the
// SOURCE "PTI" (43-46); each linked their claim to their actor.
const reviewText = "Minister Rao said the plan will cut costs, PTI"

type reviewFixture struct {
	db                   annot.Project
	doc                  string
	aActor, rActor       annot.Span
	aClaim, rClaim, rSrc annot.Span
	shown                *annot.Bundle
}

func newReviewFixture(t *testing.T, mustOpen Opener) *reviewFixture {
	t.Helper()
	db := mustOpen(t)
	tickClock(t, db)
	f := &reviewFixture{db: db, doc: newDoc(t, db, reviewText)}
	f.aActor = mustSpan(t, db, f.doc, "asha", 0, 12, "ACTOR")
	f.aClaim = mustSpan(t, db, f.doc, "asha", 18, 41, "CLAIM")
	mustRelation(t, db, "asha", f.aClaim, f.aActor, annot.SaidBy)
	f.rActor = mustSpan(t, db, f.doc, "ravi", 0, 12, "ACTOR")
	f.rClaim = mustSpan(t, db, f.doc, "ravi", 22, 41, "CLAIM")
	f.rSrc = mustSpan(t, db, f.doc, "ravi", 43, 46, "SOURCE")
	mustRelation(t, db, "ravi", f.rClaim, f.rActor, annot.SaidBy)
	f.shown = mustBundle(t, db, f.doc)
	return f
}

// step runs a review write and checks that its Change, applied to the
// document as the window holds it, gives the document as read again.
func (f *reviewFixture) step(t *testing.T, what string, write func() (annot.Change, error)) annot.Change {
	t.Helper()
	c, err := write()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	f.shown.Apply(c)
	want := mustBundle(t, f.db, f.doc)
	if !reflect.DeepEqual(f.shown.Spans, want.Spans) {
		t.Fatalf("%s: spans after Apply\n got %+v\nwant %+v", what, f.shown.Spans, want.Spans)
	}
	if !reflect.DeepEqual(f.shown.Relations, want.Relations) {
		t.Fatalf("%s: relations after Apply\n got %+v\nwant %+v", what, f.shown.Relations, want.Relations)
	}
	if !reflect.DeepEqual(f.shown.States, want.States) {
		t.Fatalf("%s: states after Apply %v, want %v", what, f.shown.States, want.States)
	}
	return c
}

func (f *reviewFixture) review(op annot.ReviewOp) func() (annot.Change, error) {
	op.DocID, op.Reviewer = f.doc, "boss"
	return func() (annot.Change, error) { return f.db.Review(ctx, op) }
}

func (f *reviewFixture) undo() (annot.Change, error) {
	c, ok, err := f.db.Undo(ctx, f.doc, "boss")
	if err == nil && !ok {
		err = fmt.Errorf("nothing to undo")
	}
	return c, err
}

func (f *reviewFixture) redo() (annot.Change, error) {
	c, ok, err := f.db.Redo(ctx, f.doc, "boss")
	if err == nil && !ok {
		err = fmt.Errorf("nothing to redo")
	}
	return c, err
}

// statuses lists the document's live spans as "annotator LABEL start-end
// status", sorted.
func statuses(t *testing.T, db annot.Project, doc string) []string {
	t.Helper()
	var out []string
	for _, s := range mustBundle(t, db, doc).Spans {
		who := s.Annotator
		if s.Curation {
			who += "*"
		}
		out = append(out, fmt.Sprintf("%s %s %d-%d %s", who, s.Label, s.Start, s.End, s.Status))
	}
	sort.Strings(out)
	return out
}

// gold lists the gold export of the document as "LABEL text" and its
// relations as "LABEL text TYPE LABEL text".
func gold(t *testing.T, db annot.Project) (spans, rels []string) {
	t.Helper()
	for _, b := range exportAll(t, db, annot.ExportFilter{Gold: true}) {
		runes := []rune(b.Doc.Text)
		name := map[string]string{}
		for _, s := range b.Spans {
			name[s.ID] = s.Label + " " + string(runes[s.Start:s.End])
			spans = append(spans, name[s.ID])
		}
		for _, r := range b.Relations {
			rels = append(rels, name[r.From]+" "+r.Type+" "+name[r.To])
		}
	}
	sort.Strings(spans)
	sort.Strings(rels)
	return spans, rels
}

func testReview_AcceptRejectCorrectUndo(t *testing.T, mustOpen Opener) {
	f := newReviewFixture(t, mustOpen)
	c := f.step(t, "accept agreed", f.review(annot.ReviewOp{Kind: annot.ReviewAcceptAgreed}))
	if c.Action.Kind != annot.ActionReview || len(c.Verdicts) != 2 || len(c.SpansUpdated) != 2 {
		t.Fatalf("accept agreed changed %+v", c)
	}
	for _, v := range c.Verdicts {
		if v.Reviewer != "boss" || v.At.IsZero() || v.ID == "" {
			t.Fatalf("verdict %+v does not say who and when", v)
		}
	}
	f.step(t, "reject the source", f.review(annot.ReviewOp{Kind: annot.ReviewReject, Span: f.rSrc.ID}))
	c = f.step(t, "correct asha's claim", f.review(annot.ReviewOp{Kind: annot.ReviewCorrect, Span: f.aClaim.ID, Start: 18, End: 31}))
	if len(c.SpansAdded) != 1 || !c.SpansAdded[0].Curation || c.SpansAdded[0].Corrects != f.aClaim.ID || len(c.RelationsAdded) != 1 {
		t.Fatalf("the correction changed %+v", c)
	}
	want := []string{
		"asha ACTOR 0-12 accepted", "asha CLAIM 18-41 rejected",
		"boss* CLAIM 18-31 accepted",
		"ravi ACTOR 0-12 accepted", "ravi CLAIM 22-41 pending", "ravi SOURCE 43-46 rejected",
	}
	if got := statuses(t, f.db, f.doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the review:\n got %q\nwant %q", got, want)
	}
	docs, err := f.db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Undecided != 1 || docs[0].Reviewed() {
		t.Fatalf("the list says %d undecided, reviewed %v; want 1, false", docs[0].Undecided, docs[0].Reviewed())
	}
	if got, want := docs[0].Annotated(), map[string]int{"asha": 2, "ravi": 3}; !reflect.DeepEqual(got, want) || docs[0].Curated["boss"] != 1 || docs[0].Spans["boss"] != 1 {
		t.Fatalf("the list counts %v spans, %v of them the reviewer's own, annotation %v; want the correction apart: annotation %v",
			docs[0].Spans, docs[0].Curated, got, want)
	}

	c = f.step(t, "reject ravi's claim", f.review(annot.ReviewOp{Kind: annot.ReviewReject, Span: f.rClaim.ID}))
	wantStates := []annot.StateChange{{DocID: f.doc, Annotator: "asha", State: annot.StateReviewed}, {DocID: f.doc, Annotator: "ravi", State: annot.StateReviewed}}
	if !reflect.DeepEqual(c.States, wantStates) {
		t.Fatalf("deciding the last span moved states %+v, want %+v", c.States, wantStates)
	}
	if docs, _ := f.db.Documents(ctx, annot.DocFilter{}); !docs[0].Reviewed() || docs[0].States["boss"] != "" {
		t.Fatalf("the list says reviewed %v, the reviewer %q: a correction starts no annotation", docs[0].Reviewed(), docs[0].States["boss"])
	}
	spans, rels := gold(t, f.db)
	if w := []string{"ACTOR Minister Rao", "CLAIM the plan will"}; !reflect.DeepEqual(spans, w) {
		t.Fatalf("gold spans %q, want %q", spans, w)
	}
	if w := []string{"CLAIM the plan will SAID_BY ACTOR Minister Rao"}; !reflect.DeepEqual(rels, w) {
		t.Fatalf("gold relations %q, want %q", rels, w)
	}
	st, err := f.db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.States["asha"]["reviewed"] != 1 || st.States["ravi"]["reviewed"] != 1 || st.ReviewedDocs != 1 {
		t.Fatalf("stats count reviewed %v, %d documents", st.States, st.ReviewedDocs)
	}

	// Agreement still measures what the annotators marked: the reviewer's
	// correction is nobody's annotation.
	r := agree.NewReporter(agree.Options{})
	for _, b := range exportAll(t, f.db, annot.ExportFilter{}) {
		r.Add(&b)
	}
	rep := r.Report()
	if len(rep.Pairs) != 1 || rep.Pairs[0].A != "asha" || rep.Pairs[0].B != "ravi" {
		t.Fatalf("agreement pairs %+v, want asha / ravi only", rep.Pairs)
	}

	// Undo walks back, one review action at a time, states included.
	c = f.step(t, "undo the last rejection", f.undo)
	if c.Action.Kind != annot.ActionReview || len(c.States) != 2 || c.States[0].State != annot.StateInProgress {
		t.Fatalf("undo changed %+v", c)
	}
	f.step(t, "undo the correction", f.undo)
	want = []string{
		"asha ACTOR 0-12 accepted", "asha CLAIM 18-41 pending",
		"ravi ACTOR 0-12 accepted", "ravi CLAIM 22-41 pending", "ravi SOURCE 43-46 rejected",
	}
	if got := statuses(t, f.db, f.doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("after two undos:\n got %q\nwant %q", got, want)
	}
	f.step(t, "redo the correction", f.redo)
	if got := statuses(t, f.db, f.doc); len(got) != 6 || got[2] != "boss* CLAIM 18-31 accepted" {
		t.Fatalf("after redo: %q", got)
	}
	f.step(t, "undo it again", f.undo)
	f.step(t, "undo the source", f.undo)
	f.step(t, "undo accept agreed", f.undo)
	want = []string{"asha ACTOR 0-12 pending", "asha CLAIM 18-41 pending", "ravi ACTOR 0-12 pending", "ravi CLAIM 22-41 pending", "ravi SOURCE 43-46 pending"}
	if got := statuses(t, f.db, f.doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("after undoing everything: %q", got)
	}
	if spans, _ := gold(t, f.db); len(spans) != 0 {
		t.Fatalf("gold after undoing everything: %q", spans)
	}
}

func testReview_AcceptClaimTakesItsLinks(t *testing.T, mustOpen Opener) {
	f := newReviewFixture(t, mustOpen)
	f.step(t, "accept ravi's claim", f.review(annot.ReviewOp{Kind: annot.ReviewAccept, Span: f.rClaim.ID}))
	spans, rels := gold(t, f.db)
	if w := []string{"ACTOR Minister Rao", "CLAIM plan will cut costs"}; !reflect.DeepEqual(spans, w) {
		t.Fatalf("gold spans %q, want %q", spans, w)
	}
	if w := []string{"CLAIM plan will cut costs SAID_BY ACTOR Minister Rao"}; !reflect.DeepEqual(rels, w) {
		t.Fatalf("gold relations %q, want %q", rels, w)
	}
	c, err := f.db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAccept, Span: f.rClaim.ID, DocID: f.doc, Reviewer: "boss"})
	if err != nil || !c.Empty() {
		t.Fatalf("accepting it again: %+v, %v; want nothing", c, err)
	}
}

func testReview_AcceptAgreedEveryDocument(t *testing.T, mustOpen Opener) {
	f := newReviewFixture(t, mustOpen)
	other := newDoc(t, f.db, "Li said it, Xinhua reported.")
	mustSpan(t, f.db, other, "asha", 0, 2, "ACTOR")
	mustSpan(t, f.db, other, "ravi", 0, 2, "ACTOR")
	mustSpan(t, f.db, other, "meera", 12, 18, "SOURCE")
	c, err := f.db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Reviewer: "boss", Min: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Verdicts) != 4 {
		t.Fatalf("accepted %d spans, want the two ACTOR pairs", len(c.Verdicts))
	}
	if got := statuses(t, f.db, other); !reflect.DeepEqual(got, []string{"asha ACTOR 0-2 accepted", "meera SOURCE 12-18 pending", "ravi ACTOR 0-2 accepted"}) {
		t.Fatalf("second document: %q", got)
	}
	// Each document's step is undone on its own.
	if _, ok, err := f.db.Undo(ctx, other, "boss"); err != nil || !ok {
		t.Fatalf("undo in the second document: %v %v", ok, err)
	}
	if got := statuses(t, f.db, f.doc); got[0] != "asha ACTOR 0-12 accepted" {
		t.Fatalf("undo in one document changed another: %q", got)
	}
	for _, bad := range []annot.ReviewOp{
		{Kind: annot.ReviewAccept, Reviewer: "boss", Span: f.aActor.ID},
		{Kind: annot.ReviewAcceptAgreed},
	} {
		if err := errOf(f.db.Review(ctx, bad)); annot.ErrorKind(err) != annot.Invalid {
			t.Errorf("%+v: %v, want an invalid request", bad, err)
		}
	}
	if err := errOf(f.db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAdd, DocID: f.doc, Reviewer: "boss", Start: 0, End: 3, Label: "NOPE"})); annot.ErrorKind(err) != annot.NotFound {
		t.Errorf("adding with an unknown label: %v", err)
	}
}
