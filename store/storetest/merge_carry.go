package storetest

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// The merge tests below give two projects one past (a base copied into
// each) and then work on them apart, as two analysts do; a copy is a new
// project that merged the other's History, which is what a laptop gets
// from a sync. They then merge each into a copy of the other, both ways
// round, and hold the results to what review and suggestions must keep
// through a merge.

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// ticking is a clock that starts at start and moves on a second a
// reading.
func ticking(start time.Time) func() time.Time {
	t := start.Add(-time.Second)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// copyOf is a new project holding what src holds.
func copyOf(t *testing.T, open Opener, src annot.Project) annot.Project {
	t.Helper()
	p := open(t)
	mergeFrom(t, p, src)
	return p
}

// pair builds a base project and copies it twice; the copies share one
// clock, an hour on, so that what the test does later happens later
// whichever of the two it does it in.
func pair(t *testing.T, open Opener, build func(x annot.Project)) (a, b annot.Project) {
	t.Helper()
	x := open(t)
	setClock(t, x, ticking(t0))
	build(x)
	a, b = copyOf(t, open, x), copyOf(t, open, x)
	tick := ticking(t0.Add(time.Hour))
	setClock(t, a, tick)
	setClock(t, b, tick)
	return a, b
}

// both merges b into a copy of a and a into a copy of b.
func both(t *testing.T, open Opener, a, b annot.Project) (ab, ba annot.Project, abRes, baRes annot.MergeResult) {
	t.Helper()
	ab, ba = copyOf(t, open, a), copyOf(t, open, b)
	return ab, ba, mergeFrom(t, ab, b), mergeFrom(t, ba, a)
}

// changes sums what a merge changed.
func changes(r annot.MergeResult) int {
	return r.NewDocuments + r.NewSpans + r.UpdatedSpans + r.Tombstones + r.FoldedSpans + r.NewRelations +
		r.DeadRelations + r.FoldedLinks + r.NewVerdicts + r.Withdrawn + r.ChangedStates + r.Reviewed +
		r.NewSuggestions + r.NewSuggestionLinks + r.NewDecisions + r.UndoneDecisions + len(r.NewLabels) + len(r.NewAnnotators)
}

// annotations is everything a merge must make the same both ways round:
// the history of every document, and the labels' names and IDs (their
// look is the receiver's by design).
func annotations(tb testing.TB, db annot.Project) ([]annot.DocHistory, []annot.LabelCopy) {
	tb.Helper()
	h := historyOf(tb, db)
	var labels []annot.LabelCopy
	if len(h) > 0 {
		for _, l := range h[0].Labels {
			l.Color, l.Hotkey, l.Order = "", "", 0
			labels = append(labels, l)
		}
		sort.Slice(labels, func(i, j int) bool { return labels[i].Name < labels[j].Name })
		h[0].Labels = nil
	}
	return h, labels
}

func wantSameAnnotations(tb testing.TB, what string, a, b annot.Project) {
	tb.Helper()
	ha, la := annotations(tb, a)
	hb, lb := annotations(tb, b)
	if !reflect.DeepEqual(la, lb) {
		tb.Fatalf("%s: labels differ:\n%+v\n%+v", what, la, lb)
	}
	if len(ha) != len(hb) {
		tb.Fatalf("%s: %d documents against %d", what, len(ha), len(hb))
	}
	for i := range ha {
		if !reflect.DeepEqual(ha[i], hb[i]) {
			tb.Fatalf("%s: document %d differs:\n%+v\n%+v", what, i, ha[i], hb[i])
		}
	}
	for _, f := range []annot.ExportFilter{{}, {Suggestions: true}} {
		if ea, eb := exportAll(tb, a, f), exportAll(tb, b, f); !reflect.DeepEqual(ea, eb) {
			tb.Fatalf("%s: exports (%+v) differ:\n%+v\n%+v", what, f, ea, eb)
		}
	}
}

func spanByID(tb testing.TB, db annot.Project, id string) annot.SpanCopy {
	tb.Helper()
	for _, h := range historyOf(tb, db) {
		for _, s := range h.Spans {
			if s.ID == id {
				return s
			}
		}
	}
	tb.Fatalf("no span %s", id)
	return annot.SpanCopy{}
}

// decisionsOf lists a document's decisions, undone ones included, by ID.
func decisionsOf(tb testing.TB, db annot.Project, doc string) map[string]annot.DecisionCopy {
	tb.Helper()
	out := map[string]annot.DecisionCopy{}
	for _, h := range historyOf(tb, db) {
		if h.Doc.ID == doc {
			for _, d := range h.Decisions {
				out[d.ID] = d
			}
		}
	}
	return out
}

func suggestionIDs(tb testing.TB, db annot.Project, doc string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, g := range mustSuggested(tb, db, doc).Suggestions {
		out[g.Label] = g.ID
	}
	return out
}

func mustAccept(tb testing.TB, db annot.Project, who string, a annot.SuggestionAccept) annot.Change {
	tb.Helper()
	c, err := db.AcceptSuggestions(ctx, who, []annot.SuggestionAccept{a})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustReject(tb testing.TB, db annot.Project, who, id string) annot.Change {
	tb.Helper()
	c, err := db.RejectSuggestions(ctx, who, []string{id})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustReview(tb testing.TB, db annot.Project, op annot.ReviewOp) annot.Change {
	tb.Helper()
	c, err := db.Review(ctx, op)
	if err != nil {
		tb.Fatalf("review %s: %v", op.Kind, err)
	}
	return c
}

// mustDocID finds the document with the text given.
func mustDocID(tb testing.TB, db annot.Project, text string) string {
	tb.Helper()
	docs, err := db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range docs {
		if mustBundle(tb, db, d.ID).Doc.Text == text {
			return d.ID
		}
	}
	tb.Fatalf("no document with text %q", text)
	return ""
}

// carried is two projects copied from one and then worked on apart with
// what review and suggestions leave: a review undone (withdrawn
// verdicts), a correction, suggestions proposed in each under their own
// IDs, accepted, changed, rejected and undone, and one analyst deciding
// the same suggestion in both.
type carried struct {
	a, b           annot.Project
	doc            string
	aClaim, aActor string // asha's imported spans; ravi has the same two
	rClaim, rActor string
	sugA, sugB     map[string]string // suggestion ID by label in A, B
	correction     string            // lead's correction of asha's ACTOR as a SOURCE, in A
	withdrawn      []string          // the verdicts of lead's undone accept, in A
	meera          string            // meera's span accepted from the SOURCE suggestion, in A
	changed        string            // ravi's span accepted, changed, from the CLAIM suggestion, in B
	ashaRejects    string            // asha's decision on the ACTOR suggestion in A ...
	ashaAccepts    string            // ... and in B, later
	raviUndone     string            // ravi's rejection of the SOURCE suggestion in B, undone
}

func newCarried(t *testing.T, open Opener) *carried {
	t.Helper()
	c := &carried{}
	c.a, c.b = pair(t, open, func(x annot.Project) {
		rec := record(said, "asha", span(0, 14, "CLAIM"), span(16, 18, "ACTOR"), span(0, 14, "CLAIM"), span(16, 18, "ACTOR"))
		rec.Doc.ID = annot.NewID()
		rec.Spans[2].Annotator, rec.Spans[3].Annotator = "ravi", "ravi"
		importDocs(t, x, rec)
		c.doc = rec.Doc.ID
		c.aClaim, c.aActor, c.rClaim, c.rActor = rec.Spans[0].ID, rec.Spans[1].ID, rec.Spans[2].ID, rec.Spans[3].ID
	})
	a, b := c.a, c.b

	// A: suggestions first, meera accepts the SOURCE, asha rejects the
	// ACTOR; lead accepts the agreed CLAIM and takes it back, then
	// corrects asha's ACTOR into a SOURCE.
	proposeSaid(t, a, c.doc)
	c.sugA = suggestionIDs(t, a, c.doc)
	c.meera = mustAccept(t, a, "meera", annot.SuggestionAccept{ID: c.sugA["SOURCE"]}).SpansAdded[0].ID
	c.ashaRejects = mustReject(t, a, "asha", c.sugA["ACTOR"]).SuggestionDecisions[0].ID
	for _, v := range mustReview(t, a, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: c.doc, Reviewer: "lead", Span: c.aClaim}).Verdicts {
		c.withdrawn = append(c.withdrawn, v.ID)
	}
	mustUndo(t, a, c.doc, "lead", annot.ActionReview)
	fix := mustReview(t, a, annot.ReviewOp{Kind: annot.ReviewCorrect, DocID: c.doc, Reviewer: "lead", Span: c.aActor, Start: 16, End: 18, Label: "SOURCE"})
	c.correction = fix.SpansAdded[0].ID

	// B, later: the same suggestions under other IDs; asha accepts the
	// ACTOR she had tagged, ravi takes the CLAIM with its comma, and
	// rejects the SOURCE, then takes that back.
	proposeSaid(t, b, c.doc)
	c.sugB = suggestionIDs(t, b, c.doc)
	c.ashaAccepts = mustAccept(t, b, "asha", annot.SuggestionAccept{ID: c.sugB["ACTOR"]}).SuggestionDecisions[0].ID
	c.changed = mustAccept(t, b, "ravi", annot.SuggestionAccept{ID: c.sugB["CLAIM"], Start: 0, End: 15}).SpansAdded[0].ID
	c.raviUndone = mustReject(t, b, "ravi", c.sugB["SOURCE"]).SuggestionDecisions[0].ID
	mustUndo(t, b, c.doc, "ravi", annot.ActionRejectSuggestions)
	return c
}

// testMerge_CarriesReviewAndSuggestions: a merge keeps what review and
// suggestions made, the same both ways round and once only: spans keep
// their origin and review marks, withdrawn verdicts stay withdrawn, one
// suggestion per proposal (the one proposed first), each analyst's
// latest decision live, an undone one undone.
func testMerge_CarriesReviewAndSuggestions(t *testing.T, open Opener) {
	c := newCarried(t, open)
	ab, ba, abRes, baRes := both(t, open, c.a, c.b)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)

	t.Run("SpansKeepOriginAndReviewMarks", func(t *testing.T) {
		if s := spanByID(t, ab, c.meera); s.Origin != "rule:en-citing" || s.Changed || s.Annotator != "meera" {
			t.Errorf("meera's span from a suggestion = %+v", s)
		}
		if s := spanByID(t, ab, c.changed); s.Origin != "rule:en-said" || !s.Changed || s.End != 15 {
			t.Errorf("ravi's changed span = %+v", s)
		}
		if s := spanByID(t, ab, c.correction); !s.Curation || s.Corrects != c.aActor || s.Status != annot.Accepted || s.Label != "SOURCE" {
			t.Errorf("lead's correction = %+v", s)
		}
		if s := spanByID(t, ab, c.aActor); s.Status != annot.Rejected {
			t.Errorf("the corrected span is %s, want rejected", s.Status)
		}
	})
	t.Run("WithdrawnVerdictsStayWithdrawn", func(t *testing.T) {
		for _, id := range []string{c.aClaim, c.rClaim} {
			if s := spanByID(t, ab, id); s.Status != annot.Pending {
				t.Errorf("CLAIM %s is %s: its acceptance was taken back", id, s.Status)
			}
		}
		n := 0
		for _, h := range historyOf(t, ba) {
			for _, v := range h.Verdicts {
				for _, id := range c.withdrawn {
					if v.ID == id {
						n++
						if v.Live() {
							t.Errorf("verdict %s came back to life in B+A", id)
						}
					}
				}
			}
		}
		if n != len(c.withdrawn) || n == 0 {
			t.Errorf("B+A holds %d of the %d withdrawn verdicts", n, len(c.withdrawn))
		}
	})
	t.Run("OneSuggestionPerProposal", func(t *testing.T) {
		for _, db := range []annot.Project{ab, ba} {
			if got := suggestionIDs(t, db, c.doc); !reflect.DeepEqual(got, c.sugA) {
				t.Errorf("suggestions %v, want A's, proposed first: %v", got, c.sugA)
			}
			if s := mustSuggested(t, db, c.doc); len(s.Links) != 2 {
				t.Errorf("%d suggested links, want 2", len(s.Links))
			}
		}
	})
	t.Run("Decisions", func(t *testing.T) {
		ds := decisionsOf(t, ab, c.doc)
		want := map[string]struct {
			sug, span string
			live      bool
		}{
			c.ashaRejects: {c.sugA["ACTOR"], "", false},      // replaced by her later acceptance in B
			c.ashaAccepts: {c.sugA["ACTOR"], c.aActor, true}, // on A's suggestion now
			c.raviUndone:  {c.sugA["SOURCE"], "", false},     // undone in B
		}
		for id, w := range want {
			d, ok := ds[id]
			if !ok || d.Suggestion != w.sug || d.Span != w.span || d.DeletedAt.IsZero() == !w.live {
				t.Errorf("decision %s = %+v (found %v), want on %s, span %q, live %v", id, d, ok, w.sug, w.span, w.live)
			}
		}
		var live []string
		for _, d := range ds {
			if d.DeletedAt.IsZero() {
				live = append(live, d.Annotator+" "+string(d.Decision))
			}
		}
		if len(live) != 3 {
			t.Errorf("live decisions %v, want meera's, asha's and ravi's acceptances", live)
		}
		for _, db := range []annot.Project{ab, ba} {
			if got := openLabels(db, t, c.doc, "ravi"); !reflect.DeepEqual(got, []string{"SOURCE"}) {
				t.Errorf("open for ravi: %v, want the SOURCE his undone rejection gave back", got)
			}
			if got := openLabels(db, t, c.doc, "asha"); !reflect.DeepEqual(got, []string{"SOURCE"}) {
				t.Errorf("open for asha: %v", got)
			}
		}
	})
	t.Run("Counts", func(t *testing.T) {
		if abRes.NewDecisions != 3 || abRes.UndoneDecisions != 1 || abRes.NewSuggestions != 0 || abRes.Suggestions != 3 {
			t.Errorf("A+B: %+v", abRes)
		}
		if baRes.NewDecisions != 2 || baRes.UndoneDecisions != 0 || baRes.NewSuggestions != 0 || baRes.NewVerdicts == 0 {
			t.Errorf("B+A: %+v", baRes)
		}
	})
	t.Run("TwiceIsOnce", func(t *testing.T) {
		for _, m := range []struct{ db, src annot.Project }{{ab, c.b}, {ba, c.a}} {
			before := historyOf(t, m.db)
			if res := mergeFrom(t, m.db, m.src); changes(res) != 0 {
				t.Errorf("merging again changed %d rows: %+v", changes(res), res)
			}
			if after := historyOf(t, m.db); !reflect.DeepEqual(before, after) {
				t.Error("merging again changed the project")
			}
		}
	})
}

// testMerge_ReviewedWhenTheUnionIsDecided: one reviewer decides asha's
// span in A, another ravi's in B; neither project has the document
// decided, their merge has, and moves both annotators to reviewed, the
// same either way, once.
func testMerge_ReviewedWhenTheUnionIsDecided(t *testing.T, open Opener) {
	var doc, claim, actor string
	a, b := pair(t, open, func(x annot.Project) {
		rec := record(reviewText, "asha", span(18, 41, "CLAIM"), span(0, 12, "ACTOR"))
		rec.Doc.ID = annot.NewID()
		rec.Spans[1].Annotator = "ravi"
		rec.Answers = map[string]annot.Answer{"asha": annot.AnswerAccept}
		importDocs(t, x, rec)
		doc, claim, actor = rec.Doc.ID, rec.Spans[0].ID, rec.Spans[1].ID
	})
	mustReview(t, a, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: doc, Reviewer: "lead", Span: claim})
	mustReview(t, b, annot.ReviewOp{Kind: annot.ReviewReject, DocID: doc, Reviewer: "kiran", Span: actor})
	for _, db := range []annot.Project{a, b} {
		if st := mustBundle(t, db, doc).States; st["asha"] == annot.StateReviewed || st["ravi"] == annot.StateReviewed {
			t.Fatalf("reviewed before the merge: %v", st)
		}
	}
	ab, ba, res, _ := both(t, open, a, b)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	var states []annot.StateCopy
	for _, h := range historyOf(t, ab) {
		states = h.States
	}
	// At the later of the two decisions; asha's answer rides with her
	// record.
	lastVerdict := t0.Add(time.Hour + time.Second)
	want := []annot.StateCopy{{Annotator: "asha", State: annot.StateReviewed, Answer: annot.AnswerAccept, At: lastVerdict},
		{Annotator: "ravi", State: annot.StateReviewed, At: lastVerdict}}
	if !reflect.DeepEqual(states, want) {
		t.Errorf("states after the merge\n got %+v\nwant %+v", states, want)
	}
	if res.Reviewed != 2 {
		t.Errorf("result %+v: want 2 moved to reviewed", res)
	}
	if again := mergeFrom(t, ab, b); changes(again) != 0 {
		t.Errorf("merging again: %+v", again)
	}
}

// testMerge_DecisionFollowsTheFoldedTwin: one text imported in both
// projects gives asha's ACTOR two IDs; she accepts a suggestion in A,
// which finds her ACTOR there. When the merge folds the twin away, her
// decision names the span kept, whichever project receives, and a
// verdict moved with the twin is withdrawn when its original is.
func testMerge_DecisionFollowsTheFoldedTwin(t *testing.T, open Opener) {
	a, b := pair(t, open, func(annot.Project) {})
	twinB := record(said, "asha", span(16, 18, "ACTOR"))
	importDocs(t, b, twinB) // first: its span is the one kept
	twinA := record(said, "asha", span(16, 18, "ACTOR"))
	importDocs(t, a, twinA)
	doc := mustDocID(t, a, said)
	proposeSaid(t, a, doc)
	dec := mustAccept(t, a, "asha", annot.SuggestionAccept{ID: suggestionIDs(t, a, doc)["ACTOR"]}).SuggestionDecisions[0]
	if dec.Span != twinA.Spans[0].ID {
		t.Fatalf("the acceptance made %s, want it to find asha's ACTOR %s", dec.Span, twinA.Spans[0].ID)
	}
	mustReview(t, a, annot.ReviewOp{Kind: annot.ReviewAccept, DocID: doc, Reviewer: "lead", Span: twinA.Spans[0].ID})

	ab, ba, _, _ := both(t, open, a, b)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	for _, db := range []annot.Project{ab, ba} {
		if d := decisionsOf(t, db, mustDocID(t, db, said))[dec.ID]; d.Span != twinB.Spans[0].ID || !d.DeletedAt.IsZero() {
			t.Errorf("asha's decision = %+v, want it on the span kept, %s", d, twinB.Spans[0].ID)
		}
		if s := spanByID(t, db, twinB.Spans[0].ID); s.Status != annot.Accepted {
			t.Errorf("the span kept is %s, want the acceptance its twin had", s.Status)
		}
	}
	// Later, lead takes the acceptance back in A; that arrives after the
	// fold, and the moved acceptance goes too.
	mustUndo(t, a, doc, "lead", annot.ActionReview)
	res := mergeFrom(t, ab, a)
	if s := spanByID(t, ab, twinB.Spans[0].ID); s.Status != annot.Pending || res.Withdrawn < 2 {
		t.Errorf("after merging the undo: the span kept is %s (result %+v), want pending", s.Status, res)
	}
	if again := mergeFrom(t, ab, a); changes(again) != 0 {
		t.Errorf("merging the undo again: %+v", again)
	}
}

// testMerge_SuggestionsOfARenamedLabel: B renames SOURCE to OUTLET, makes
// SOURCE again and runs the rules again, so one suggestion ID has two
// labels and B proposes SOURCE a second time. The merge keeps one
// suggestion per label and place, the same either way, and its decisions
// with it.
func testMerge_SuggestionsOfARenamedLabel(t *testing.T, open Opener) {
	var doc string
	a, b := pair(t, open, func(x annot.Project) {
		doc = newDoc(t, x, said)
		proposeSaid(t, x, doc)
	})
	mustReject(t, a, "asha", suggestionIDs(t, a, doc)["SOURCE"])
	outlet := "OUTLET"
	if _, err := b.UpdateLabel(ctx, annot.LabelID("SOURCE"), annot.LabelUpdate{Name: &outlet}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CreateLabel(ctx, annot.Label{Name: "SOURCE", Color: "#444444", Hotkey: "6"}); err != nil {
		t.Fatal(err)
	}
	proposeSaid(t, b, doc)
	mustAccept(t, b, "ravi", annot.SuggestionAccept{ID: suggestionIDs(t, b, doc)["SOURCE"]})
	ab, ba, _, _ := both(t, open, a, b)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	for _, db := range []annot.Project{ab, ba} {
		got := map[string]bool{}
		for _, g := range mustSuggested(t, db, doc).Suggestions {
			got[g.Label] = true
		}
		if !got["OUTLET"] || !got["SOURCE"] || len(got) != 4 {
			t.Errorf("suggestions by label %v", got)
		}
		var live int
		for _, d := range decisionsOf(t, db, doc) {
			if d.DeletedAt.IsZero() {
				live++
			}
		}
		if live != 2 {
			t.Errorf("%d live decisions, want asha's rejection and ravi's acceptance", live)
		}
	}
	if again := mergeFrom(t, ab, b); changes(again) != 0 {
		t.Errorf("merging again: %+v", again)
	}
}
