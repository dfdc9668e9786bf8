package store_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// carried is two databases copied from one and then worked on apart with
// what review and suggestions leave: a review undone (withdrawn
// verdicts), a correction, suggestions proposed in each under their own
// IDs, accepted, changed, rejected, and undone, and one analyst deciding
// the same suggestion in both.
type carried struct {
	dir, a, b      string
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

func suggestionIDs(tb testing.TB, db *store.DB, doc string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, g := range mustSuggested(tb, db, doc).Suggestions {
		out[g.Label] = g.ID
	}
	return out
}

func mustAccept(tb testing.TB, db *store.DB, who string, a annot.SuggestionAccept) annot.Change {
	tb.Helper()
	c, err := db.AcceptSuggestions(ctx, who, []annot.SuggestionAccept{a})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustReject(tb testing.TB, db *store.DB, who, id string) annot.Change {
	tb.Helper()
	c, err := db.RejectSuggestions(ctx, who, []string{id})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustReview(tb testing.TB, db *store.DB, op annot.ReviewOp) annot.Change {
	tb.Helper()
	c, err := db.Review(ctx, op)
	if err != nil {
		tb.Fatalf("review %s: %v", op.Kind, err)
	}
	return c
}

func newCarried(t *testing.T) *carried {
	t.Helper()
	c := &carried{dir: t.TempDir()}
	base := filepath.Join(c.dir, "base.db")
	x := openAt(t, base)
	clockFrom(x, t0, time.Second)
	rec := record(said, "asha", span(0, 14, "CLAIM"), span(16, 18, "ACTOR"), span(0, 14, "CLAIM"), span(16, 18, "ACTOR"))
	rec.Doc.ID = annot.NewID()
	rec.Spans[2].Annotator, rec.Spans[3].Annotator = "ravi", "ravi"
	importDocs(t, x, rec)
	c.doc = rec.Doc.ID
	c.aClaim, c.aActor, c.rClaim, c.rActor = rec.Spans[0].ID, rec.Spans[1].ID, rec.Spans[2].ID, rec.Spans[3].ID
	x.Close()
	c.a, c.b = filepath.Join(c.dir, "a.db"), filepath.Join(c.dir, "b.db")
	copyFile(t, base, c.a)
	copyFile(t, base, c.b)
	a, b := openAt(t, c.a), openAt(t, c.b)
	clockFrom(a, t0.Add(time.Hour), time.Second)
	b.Now = a.Now // one clock: what the test does later happens later

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
	a.Close()
	b.Close()
	return c
}

func (c *carried) both(t *testing.T) (ab, ba *store.DB, abRes, baRes annot.MergeResult) {
	t.Helper()
	return (&diverged{dir: c.dir, a: c.a, b: c.b}).both(t)
}

// decisionsOf lists a document's decisions, undone ones included, by ID.
func decisionsOf(tb testing.TB, db *store.DB, doc string) map[string]annot.DecisionCopy {
	tb.Helper()
	out := map[string]annot.DecisionCopy{}
	for _, h := range history(tb, db) {
		if h.Doc.ID == doc {
			for _, d := range h.Decisions {
				out[d.ID] = d
			}
		}
	}
	return out
}

func TestMerge_CarriesReviewAndSuggestions(t *testing.T) {
	c := newCarried(t)
	ab, ba, abRes, baRes := c.both(t)
	wantSameAnnotations(t, "A+B against B+A", ab, ba)
	if ea, eb := exportAll(t, ab, annot.ExportFilter{Suggestions: true}), exportAll(t, ba, annot.ExportFilter{Suggestions: true}); !reflect.DeepEqual(ea, eb) {
		t.Fatalf("exports with suggestions differ:\n%+v\n%+v", ea, eb)
	}

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
		for _, h := range history(t, ba) {
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
		for _, db := range []*store.DB{ab, ba} {
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
		for _, db := range []*store.DB{ab, ba} {
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
		for _, m := range []struct {
			db  *store.DB
			src string
		}{{ab, c.b}, {ba, c.a}} {
			before := history(t, m.db)
			res := mustMerge(t, m.db, m.src)
			if changed := changes(res); changed != 0 {
				t.Errorf("merging again changed %d rows: %+v", changed, res)
			}
			if after := history(t, m.db); !reflect.DeepEqual(before, after) {
				t.Error("merging again changed the database")
			}
		}
	})
}

// changes sums what a merge changed.
func changes(r annot.MergeResult) int {
	return r.NewDocuments + r.NewSpans + r.UpdatedSpans + r.Tombstones + r.FoldedSpans + r.NewRelations +
		r.DeadRelations + r.FoldedLinks + r.NewVerdicts + r.Withdrawn + r.ChangedStates + r.Reviewed +
		r.NewSuggestions + r.NewSuggestionLinks + r.NewDecisions + r.UndoneDecisions + len(r.NewLabels) + len(r.NewAnnotators)
}

// TestMerge_HistoryIsTheDatabase: what History gives, staged and merged,
// does what merging the database does, suggestions and review included.
func TestMerge_HistoryIsTheDatabase(t *testing.T) {
	c := newCarried(t)
	ab, _, _, _ := c.both(t)
	viaHistory := filepath.Join(c.dir, "via.db")
	copyFile(t, c.a, viaHistory)
	v := openAt(t, viaHistory)
	b := openAt(t, c.b)
	docs := history(t, b)
	b.Close()
	if _, err := v.MergeHistory(ctx, "b.jsonl", func(emit func(*annot.DocHistory) error) error {
		for i := range docs {
			if err := emit(&docs[i]); err != nil {
				return err
			}
		}
		return nil
	}, nil); err != nil {
		t.Fatal(err)
	}
	wantSameAnnotations(t, "A + B's history against A + B", v, ab)
}
