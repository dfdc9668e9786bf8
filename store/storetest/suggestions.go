package storetest

import (
	"fmt"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// claimSaid is said with a suggested CLAIM "Ganzhou is big" (0-14), ACTOR
// "Li" (16-18) and SOURCE "Xinhua" (32-38), the claim linked to both.
func proposeSaid(tb testing.TB, db annot.Project, doc string) annot.Change {
	tb.Helper()
	p := &annot.Proposal{DocID: doc,
		Suggestions: []annot.Suggestion{
			{ID: "c", DocID: doc, Start: 0, End: 14, Label: "CLAIM", Origin: "rule:en-said"},
			{ID: "a", DocID: doc, Start: 16, End: 18, Label: "ACTOR", Origin: "rule:en-said"},
			{ID: "s", DocID: doc, Start: 32, End: 38, Label: "SOURCE", Origin: "rule:en-citing"},
		},
		Links: []annot.SuggestionLink{
			{From: "c", To: "a", Type: annot.SaidBy, Origin: "rule:en-said"},
			{From: "c", To: "s", Type: annot.AccordingTo, Origin: "rule:en-citing"},
		}}
	c, err := db.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error { return emit(p) })
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustSuggested(tb testing.TB, db annot.Project, doc string) *annot.Suggested {
	tb.Helper()
	s, err := db.Suggested(ctx, doc)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// byLabel finds the stored suggestion of a label.
func byLabel(tb testing.TB, s *annot.Suggested, label string) annot.Suggestion {
	tb.Helper()
	for _, g := range s.Suggestions {
		if g.Label == label {
			return g
		}
	}
	tb.Fatalf("no %s suggestion in %+v", label, s.Suggestions)
	return annot.Suggestion{}
}

func openLabels(db annot.Project, tb testing.TB, doc, who string) []string {
	tb.Helper()
	var out []string
	for _, g := range mustSuggested(tb, db, doc).Open(who, mustBundle(tb, db, doc).Spans) {
		out = append(out, g.Label)
	}
	return out
}

func testSuggestions_Add(t *testing.T, mustOpen Opener) {
	t.Run("HasSuggestions", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		if has, err := db.HasSuggestions(ctx); err != nil || has {
			t.Fatalf("a project without suggestions: HasSuggestions = %v, %v", has, err)
		}
		proposeSaid(t, db, doc)
		if has, err := db.HasSuggestions(ctx); err != nil || !has {
			t.Fatalf("after proposing three: HasSuggestions = %v, %v", has, err)
		}
	})
	t.Run("StoredOnceAndNobodysSpan", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		c := proposeSaid(t, db, doc)
		if len(c.Suggestions) != 3 || len(c.SuggestionLinks) != 2 {
			t.Fatalf("change = %d suggestions, %d links; want 3, 2", len(c.Suggestions), len(c.SuggestionLinks))
		}
		if again := proposeSaid(t, db, doc); !again.Empty() {
			t.Fatalf("proposing again stored %+v", again)
		}
		s := mustSuggested(t, db, doc)
		if len(s.Suggestions) != 3 || len(s.Links) != 2 {
			t.Fatalf("stored %d suggestions, %d links", len(s.Suggestions), len(s.Links))
		}
		if g := byLabel(t, s, "SOURCE"); g.Origin != "rule:en-citing" || g.Start != 32 || g.End != 38 {
			t.Errorf("SOURCE suggestion = %+v", g)
		}
		// Nothing that reads spans sees them.
		if b := mustBundle(t, db, doc); len(b.Spans) != 0 || len(b.States) != 0 {
			t.Errorf("bundle has %d spans, states %v", len(b.Spans), b.States)
		}
		for _, f := range []annot.ExportFilter{{}, {Gold: true}} {
			if got := exportAll(t, db, f); len(got[0].Spans) != 0 || got[0].Suggested != nil {
				t.Errorf("export %+v has %d spans, suggested %v", f, len(got[0].Spans), got[0].Suggested)
			}
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Spans != 0 || len(st.Counts) != 0 {
			t.Errorf("stats count suggestions as spans: %d, %v", st.Spans, st.Counts)
		}
	})
	t.Run("BadProposalStoresNothing", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		good := &annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 0, End: 2, Label: "ACTOR", Origin: "occurrence"}}}
		for name, bad := range map[string]struct {
			p    annot.Proposal
			kind annot.Kind
		}{
			"PastTheEnd":   {annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 30, End: 99, Label: "ACTOR", Origin: "occurrence"}}}, annot.Invalid},
			"NoOrigin":     {annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 0, End: 2, Label: "ACTOR"}}}, annot.Invalid},
			"OddOrigin":    {annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 0, End: 2, Label: "ACTOR", Origin: "spacy"}}}, annot.Invalid},
			"NoLabel":      {annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 0, End: 2, Origin: "occurrence"}}}, annot.Invalid},
			"NoSuchDoc":    {annot.Proposal{DocID: annot.NewID(), Suggestions: []annot.Suggestion{{Start: 0, End: 2, Label: "ACTOR", Origin: "occurrence"}}}, annot.NotFound},
			"EmptyOffsets": {annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 3, End: 3, Label: "ACTOR", Origin: "occurrence"}}}, annot.Invalid},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := db.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error {
					if err := emit(good); err != nil {
						return err
					}
					p := bad.p
					return emit(&p)
				})
				wantKind(t, err, bad.kind)
				if s := mustSuggested(t, db, doc); len(s.Suggestions) != 0 {
					t.Errorf("a failed proposal stored %+v", s.Suggestions)
				}
			})
		}
	})
	t.Run("ManyDocumentsInOneRun", func(t *testing.T) {
		// More documents than one batch of lengths, more rows than one
		// insert and than one block of the change: all stored, and the
		// change lists them in the order proposed.
		db := mustOpen(t)
		const n = 4500
		recs := make([]*annot.Record, n)
		for i := range recs {
			recs[i] = record(fmt.Sprintf("Li said so, %d times.", i), "asha")
		}
		importDocs(t, db, recs...)
		docs := exportAll(t, db, annot.ExportFilter{})
		propose := func() annot.Change {
			c, err := db.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error {
				for _, b := range docs {
					if err := emit(&annot.Proposal{DocID: b.Doc.ID,
						Suggestions: []annot.Suggestion{
							{ID: "a", Start: 0, End: 2, Label: "ACTOR", Origin: "rule:en-said"},
							{ID: "c", Start: 11, End: 13, Label: "CLAIM", Origin: "rule:en-said"},
						},
						Links: []annot.SuggestionLink{{From: "c", To: "a", Type: annot.SaidBy, Origin: "rule:en-said"}}}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c := propose()
		if len(c.Suggestions) != 2*n || len(c.SuggestionLinks) != n {
			t.Fatalf("change = %d suggestions, %d links; want %d, %d", len(c.Suggestions), len(c.SuggestionLinks), 2*n, n)
		}
		for i, b := range docs {
			if g := c.Suggestions[2*i]; g.DocID != b.Doc.ID || g.Label != "ACTOR" || c.Suggestions[2*i+1].Label != "CLAIM" {
				t.Fatalf("change's suggestion %d = %+v, for document %d", 2*i, g, i)
			}
			if l := c.SuggestionLinks[i]; l.DocID != b.Doc.ID || l.From != c.Suggestions[2*i+1].ID || l.To != c.Suggestions[2*i].ID {
				t.Fatalf("change's link %d = %+v", i, l)
			}
		}
		for _, i := range []int{0, n / 2, n - 1} {
			s := mustSuggested(t, db, docs[i].Doc.ID)
			if len(s.Suggestions) != 2 || len(s.Links) != 1 {
				t.Errorf("document %d: %d suggestions, %d links", i, len(s.Suggestions), len(s.Links))
			}
		}
		if again := propose(); !again.Empty() {
			t.Errorf("proposing again stored %d suggestions, %d links", len(again.Suggestions), len(again.SuggestionLinks))
		}
	})
	t.Run("SameDocumentTwiceInOneRun", func(t *testing.T) {
		// A document named twice: what its first proposal stored is not
		// stored again, and what is new in the second is.
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		first := &annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{ID: "a", Start: 16, End: 18, Label: "ACTOR", Origin: "rule:en-said"}}}
		second := &annot.Proposal{DocID: doc,
			Suggestions: []annot.Suggestion{
				{ID: "c", Start: 0, End: 14, Label: "CLAIM", Origin: "rule:en-said"},
				{ID: "a", Start: 16, End: 18, Label: "ACTOR", Origin: "rule:en-said"},
			},
			Links: []annot.SuggestionLink{{From: "c", To: "a", Type: annot.SaidBy, Origin: "rule:en-said"}}}
		c, err := db.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error {
			if err := emit(first); err != nil {
				return err
			}
			return emit(second)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Suggestions) != 2 || len(c.SuggestionLinks) != 1 {
			t.Fatalf("change = %d suggestions, %d links; want 2, 1", len(c.Suggestions), len(c.SuggestionLinks))
		}
		s := mustSuggested(t, db, doc)
		if len(s.Suggestions) != 2 || len(s.Links) != 1 || s.Links[0].To != byLabel(t, s, "ACTOR").ID {
			t.Errorf("stored %+v, links %+v", s.Suggestions, s.Links)
		}
	})
	t.Run("NewLabelAdded", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		if _, err := db.AddSuggestions(ctx, func(emit func(*annot.Proposal) error) error {
			return emit(&annot.Proposal{DocID: doc, Suggestions: []annot.Suggestion{{Start: 0, End: 7, Label: "PLACE", Origin: "pattern:places.jsonl"}}})
		}); err != nil {
			t.Fatal(err)
		}
		ls, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 4 || ls[3].Name != "PLACE" {
			t.Errorf("labels = %+v", ls)
		}
	})
}

func testSuggestions_AcceptReject(t *testing.T, mustOpen Opener) {
	t.Run("AcceptMakesTheAnalystsSpanAndUndoRestores", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		claim := byLabel(t, mustSuggested(t, db, doc), "CLAIM")
		before := snapshot(t, db, doc)
		c, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: claim.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.SpansAdded) != 1 || len(c.SuggestionDecisions) != 1 || c.Action.Kind != annot.ActionAcceptSuggestions {
			t.Fatalf("change = %+v", c)
		}
		s := mustBundle(t, db, doc).Spans
		if len(s) != 1 || s[0].Annotator != "asha" || s[0].Origin != "rule:en-said" || s[0].Changed || s[0].Start != 0 || s[0].End != 14 {
			t.Fatalf("spans = %+v", s)
		}
		if b := mustBundle(t, db, doc); b.States["asha"] != annot.StateInProgress {
			t.Errorf("state = %v, want in progress", b.States)
		}
		if got := openLabels(db, t, doc, "asha"); len(got) != 2 {
			t.Errorf("open for asha = %v, want ACTOR and SOURCE", got)
		}
		if got := openLabels(db, t, doc, "ravi"); len(got) != 3 {
			t.Errorf("open for ravi = %v, want all three", got)
		}
		ex := exportAll(t, db, annot.ExportFilter{})
		if sp := ex[0].Spans; len(sp) != 1 || sp[0].Origin != "rule:en-said" {
			t.Errorf("export spans = %+v", sp)
		}
		mustUndo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		wantSame(t, "after undo", snapshot(t, db, doc), before)
		if got := openLabels(db, t, doc, "asha"); len(got) != 3 {
			t.Errorf("after undo open = %v", got)
		}
		mustRedo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		if got := openLabels(db, t, doc, "asha"); len(got) != 2 {
			t.Errorf("after redo open = %v", got)
		}
		if s := mustBundle(t, db, doc).Spans; len(s) != 1 || s[0].Origin != "rule:en-said" {
			t.Errorf("after redo spans = %+v", s)
		}
	})
	t.Run("ChangedLabel", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		actor := byLabel(t, mustSuggested(t, db, doc), "ACTOR")
		c, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: actor.ID, Label: "SOURCE"}})
		if err != nil {
			t.Fatal(err)
		}
		if d := c.SuggestionDecisions[0]; d.Decision != annot.DecisionChanged {
			t.Errorf("decision = %v, want changed", d.Decision)
		}
		s := mustBundle(t, db, doc).Spans
		if len(s) != 1 || s[0].Label != "SOURCE" || !s[0].Changed || s[0].Origin != "rule:en-said" {
			t.Fatalf("spans = %+v", s)
		}
	})
	t.Run("ChangedOffsets", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		claim := byLabel(t, mustSuggested(t, db, doc), "CLAIM")
		if _, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: claim.ID, Start: 0, End: 99}}); annot.ErrorKind(err) != annot.Invalid {
			t.Fatalf("offsets past the end: %v", err)
		}
		if _, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: claim.ID, Start: 0, End: 7}}); err != nil {
			t.Fatal(err)
		}
		if s := mustBundle(t, db, doc).Spans; len(s) != 1 || s[0].End != 7 || !s[0].Changed {
			t.Fatalf("spans = %+v", s)
		}
	})
	t.Run("RelabelAfterAcceptMarksChanged", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		actor := byLabel(t, mustSuggested(t, db, doc), "ACTOR")
		c, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: actor.ID}})
		if err != nil {
			t.Fatal(err)
		}
		id := c.SpansAdded[0].ID
		if _, err := db.UpdateSpan(ctx, id, "asha", annot.SpanUpdate{Label: str("SOURCE")}); err != nil {
			t.Fatal(err)
		}
		if s := mustBundle(t, db, doc).Spans; !s[0].Changed {
			t.Errorf("relabelled accepted span not changed: %+v", s[0])
		}
		mustUndo(t, db, doc, "asha", annot.ActionUpdateSpan)
		if s := mustBundle(t, db, doc).Spans; s[0].Changed || s[0].Label != "ACTOR" {
			t.Errorf("undo of relabel: %+v", s[0])
		}
	})
	t.Run("RejectHidesAndIsRemembered", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		source := byLabel(t, mustSuggested(t, db, doc), "SOURCE")
		c, err := db.RejectSuggestions(ctx, "asha", []string{source.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.SpansAdded) != 0 || len(c.SuggestionDecisions) != 1 || c.SuggestionDecisions[0].Decision != annot.DecisionRejected {
			t.Fatalf("change = %+v", c)
		}
		proposeSaid(t, db, doc) // suggesting again does not bring it back
		if got := openLabels(db, t, doc, "asha"); len(got) != 2 || got[0] == "SOURCE" || got[1] == "SOURCE" {
			t.Errorf("open for asha = %v", got)
		}
		if got := openLabels(db, t, doc, "ravi"); len(got) != 3 {
			t.Errorf("open for ravi = %v", got)
		}
		if len(mustBundle(t, db, doc).Spans) != 0 {
			t.Error("a rejection made a span")
		}
		mustUndo(t, db, doc, "asha", annot.ActionRejectSuggestions)
		if got := openLabels(db, t, doc, "asha"); len(got) != 3 {
			t.Errorf("after undo open = %v", got)
		}
		mustRedo(t, db, doc, "asha", annot.ActionRejectSuggestions)
		if got := openLabels(db, t, doc, "asha"); len(got) != 2 {
			t.Errorf("after redo open = %v", got)
		}
	})
	t.Run("DecidedTwiceIsAConflict", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		g := byLabel(t, mustSuggested(t, db, doc), "ACTOR")
		if _, err := db.RejectSuggestions(ctx, "asha", []string{g.ID}); err != nil {
			t.Fatal(err)
		}
		wantKind(t, errOf(db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: g.ID}})), annot.Conflict)
		wantKind(t, errOf(db.RejectSuggestions(ctx, "asha", []string{g.ID})), annot.Conflict)
		wantKind(t, errOf(db.RejectSuggestions(ctx, "asha", []string{annot.NewID()})), annot.NotFound)
		wantKind(t, errOf(db.AcceptSuggestions(ctx, "", []annot.SuggestionAccept{{ID: g.ID}})), annot.Invalid)
		if _, err := db.AcceptSuggestions(ctx, "ravi", []annot.SuggestionAccept{{ID: g.ID}}); err != nil {
			t.Errorf("another analyst cannot accept what asha rejected: %v", err)
		}
	})
	t.Run("SpanMadeByHandIsNotMadeAgain", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		mine := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		if got := openLabels(db, t, doc, "asha"); len(got) != 2 {
			t.Errorf("a suggestion of a span asha has is open: %v", got)
		}
		g := byLabel(t, mustSuggested(t, db, doc), "ACTOR")
		c, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: g.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.SpansAdded) != 0 || c.SuggestionDecisions[0].Span != mine.ID {
			t.Fatalf("change = %+v", c)
		}
		mustUndo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		if s := mustBundle(t, db, doc).Spans; len(s) != 1 || s[0].ID != mine.ID {
			t.Errorf("undoing the acceptance removed the span made by hand: %+v", s)
		}
	})
}

func testSuggestions_Links(t *testing.T, mustOpen Opener) {
	t.Run("LinkedOnceBothEndsAreAccepted", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		s := mustSuggested(t, db, doc)
		claim, actor, source := byLabel(t, s, "CLAIM"), byLabel(t, s, "ACTOR"), byLabel(t, s, "SOURCE")
		c, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: claim.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.RelationsAdded) != 0 {
			t.Fatalf("linked with one end accepted: %+v", c.RelationsAdded)
		}
		c, err = db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: actor.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.RelationsAdded) != 1 || c.RelationsAdded[0].Type != annot.SaidBy || c.RelationsAdded[0].Annotator != "asha" {
			t.Fatalf("relations = %+v", c.RelationsAdded)
		}
		// The source changed to an ACTOR: the link follows the labels.
		c, err = db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: source.ID, Label: "ACTOR"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.RelationsAdded) != 1 || c.RelationsAdded[0].Type != annot.SaidBy {
			t.Fatalf("relations = %+v", c.RelationsAdded)
		}
		if b := mustBundle(t, db, doc); len(b.Relations) != 2 {
			t.Fatalf("relations = %+v", b.Relations)
		}
		mustUndo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		mustUndo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		if b := mustBundle(t, db, doc); len(b.Relations) != 0 || len(b.Spans) != 1 {
			t.Fatalf("after undo: %+v", b)
		}
		mustRedo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		if b := mustBundle(t, db, doc); len(b.Relations) != 1 || len(b.Spans) != 2 {
			t.Fatalf("after redo: %d spans, relations %+v", len(b.Spans), b.Relations)
		}
	})
	t.Run("AcceptAllIsOneStep", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, said)
		proposeSaid(t, db, doc)
		var all []annot.SuggestionAccept
		for _, g := range mustSuggested(t, db, doc).Suggestions {
			all = append(all, annot.SuggestionAccept{ID: g.ID})
		}
		c, err := db.AcceptSuggestions(ctx, "asha", all)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.SpansAdded) != 3 || len(c.RelationsAdded) != 2 {
			t.Fatalf("change: %d spans, %d relations", len(c.SpansAdded), len(c.RelationsAdded))
		}
		mustUndo(t, db, doc, "asha", annot.ActionAcceptSuggestions)
		if b := mustBundle(t, db, doc); len(b.Spans) != 0 || len(b.Relations) != 0 {
			t.Fatalf("one undo left %+v", b)
		}
		if got := openLabels(db, t, doc, "asha"); len(got) != 3 {
			t.Errorf("open after undo = %v", got)
		}
	})
}

func testSuggestions_ImportExport(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	rec := record(said, "model")
	rec.Doc.ID = annot.NewID()
	rec.Suggestions = []annot.Suggestion{
		{ID: "p1", Start: 0, End: 14, Label: "CLAIM", Origin: annot.OriginPrediction},
		{ID: "p2", Start: 16, End: 18, Label: "ACTOR", Origin: annot.OriginPrediction},
	}
	rec.SuggestionLinks = []annot.SuggestionLink{{From: "p1", To: "p2", Type: annot.SaidBy, Origin: annot.OriginPrediction}}
	res := importDocs(t, db, rec)
	if res.Suggestions != 2 || res.NewSuggestions != 2 || res.NewLinks != 1 || res.NewSpans != 0 {
		t.Fatalf("result = %+v", res)
	}
	if again := importDocs(t, db, rec); again.NewSuggestions != 0 || again.NewLinks != 0 {
		t.Fatalf("second import = %+v", again)
	}
	s := mustSuggested(t, db, rec.Doc.ID)
	if _, err := db.AcceptSuggestions(ctx, "asha", []annot.SuggestionAccept{{ID: byLabel(t, s, "ACTOR").ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RejectSuggestions(ctx, "asha", []string{byLabel(t, s, "CLAIM").ID}); err != nil {
		t.Fatal(err)
	}
	ex := exportAll(t, db, annot.ExportFilter{Suggestions: true})
	got := ex[0].Suggested
	if got == nil || len(got.Suggestions) != 2 || len(got.Links) != 1 || len(got.Decisions) != 2 {
		t.Fatalf("exported suggestions = %+v", got)
	}
	if gold := exportAll(t, db, annot.ExportFilter{Gold: true}); len(gold[0].Spans) != 0 {
		t.Errorf("an accepted suggestion is gold without a verdict: %+v", gold[0].Spans)
	}
	// A database made from that export holds the same suggestions and
	// decisions, and the span keeps its origin.
	other := mustOpen(t)
	back := &annot.Record{Doc: ex[0].Doc, Spans: ex[0].Spans, Suggestions: got.Suggestions, SuggestionLinks: got.Links, SuggestionDecisions: got.Decisions}
	res = importDocs(t, other, back)
	if res.NewSuggestions != 2 || res.NewDecisions != 2 {
		t.Fatalf("import of the export = %+v", res)
	}
	if b := mustBundle(t, other, rec.Doc.ID); len(b.Spans) != 1 || b.Spans[0].Origin != annot.OriginPrediction {
		t.Errorf("spans = %+v", b.Spans)
	}
	if got := openLabels(other, t, rec.Doc.ID, "asha"); len(got) != 0 {
		t.Errorf("open for asha after the round trip = %v", got)
	}
}
