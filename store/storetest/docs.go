package storetest

import (
	"reflect"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func titled(title, source, text string) *annot.Record {
	return &annot.Record{Doc: annot.Document{Title: title, Source: source, Text: text}}
}

func docTitles(tb testing.TB, db annot.Project, search string) []string {
	tb.Helper()
	docs, err := db.Documents(ctx, annot.DocFilter{Search: search})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		out = append(out, d.Title)
	}
	return out
}

func testDocService_Documents(t *testing.T, mustOpen Opener) {
	t.Run("OrderCountsStates", func(t *testing.T) {
		db := mustOpen(t)
		importDocs(t, db, titled("first", "a.txt", "one two"), titled("second", "b.txt", "three four"), titled("third", "c.txt", hindi))
		docs, err := db.Documents(ctx, annot.DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 3 || docs[0].Title != "first" || docs[2].Title != "third" || docs[2].Length != 35 || docs[0].Seq >= docs[1].Seq {
			t.Fatalf("documents = %+v", docs)
		}
		first, second := docs[0].ID, docs[1].ID
		mustSpan(t, db, first, "asha", 0, 3, "CLAIM")
		mustSpan(t, db, first, "asha", 4, 7, "ACTOR")
		gone := mustSpan(t, db, first, "asha", 0, 7, "SOURCE")
		mustSpan(t, db, first, "ravi", 0, 3, "CLAIM")
		if _, err := db.DeleteSpan(ctx, gone.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetState(ctx, first, "ravi", annot.StateDone); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetState(ctx, second, "meera", annot.StateReviewed); err != nil {
			t.Fatal(err)
		}
		docs, err = db.Documents(ctx, annot.DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"asha": 2, "ravi": 1}; !reflect.DeepEqual(docs[0].Spans, want) {
			t.Errorf("first spans = %v, want %v", docs[0].Spans, want)
		}
		if want := map[string]annot.DocState{"asha": annot.StateInProgress, "ravi": annot.StateDone}; !reflect.DeepEqual(docs[0].States, want) {
			t.Errorf("first states = %v, want %v", docs[0].States, want)
		}
		if len(docs[1].Spans) != 0 || docs[1].States["meera"] != annot.StateReviewed {
			t.Errorf("second = %+v", docs[1])
		}
		if len(docs[2].Spans) != 0 || len(docs[2].States) != 0 {
			t.Errorf("third = %+v", docs[2])
		}
	})
	t.Run("Empty", func(t *testing.T) {
		db := mustOpen(t)
		if docs, err := db.Documents(ctx, annot.DocFilter{}); err != nil || len(docs) != 0 {
			t.Fatalf("Documents = %v, %v", docs, err)
		}
	})
	t.Run("Search", func(t *testing.T) {
		db := mustOpen(t)
		importDocs(t, db,
			titled("Rare earths", "reuters.html", "China tightens exports."),
			titled("दुर्लभ खनिज", "bbc-hindi.txt", hindi),
			titled("Москва", "tass.txt", "Путин сказал, что 50% готово."),
			titled("Élysée", "lemonde.txt", "Le président a parlé_ici."),
		)
		for _, c := range []struct {
			name, search string
			want         []string
		}{
			{"None", "", []string{"Rare earths", "दुर्लभ खनिज", "Москва", "Élysée"}},
			{"TitleCaseInsensitive", "rare EARTHS", []string{"Rare earths"}},
			{"Source", "BBC-", []string{"दुर्लभ खनिज"}},
			{"Text", "tightens", []string{"Rare earths"}},
			{"Devanagari", "गंझोउ", []string{"दुर्लभ खनिज"}},
			{"CyrillicCase", "путин", []string{"Москва"}},
			{"CyrillicTitle", "МОСКВА", []string{"Москва"}},
			{"AccentCase", "élysée", []string{"Élysée"}},
			{"PercentIsLiteral", "50%", []string{"Москва"}},
			{"PercentAloneIsLiteral", "%", []string{"Москва"}},
			{"UnderscoreIsLiteral", "parlé_ici", []string{"Élysée"}},
			{"UnderscoreNotWildcard", "a_p", nil},
			{"NoMatch", "nothing like this", nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				if got := docTitles(t, db, c.search); !reflect.DeepEqual(got, c.want) {
					t.Fatalf("search %q = %q, want %q", c.search, got, c.want)
				}
			})
		}
	})
	t.Run("SearchKeepsCounts", func(t *testing.T) {
		db := mustOpen(t)
		importDocs(t, db, titled("a", "a", "alpha"), titled("b", "b", "beta"))
		docs, _ := db.Documents(ctx, annot.DocFilter{})
		mustSpan(t, db, docs[1].ID, "asha", 0, 4, "CLAIM")
		got, err := db.Documents(ctx, annot.DocFilter{Search: "BETA"})
		if err != nil || len(got) != 1 || got[0].Spans["asha"] != 1 || got[0].States["asha"] != annot.StateInProgress {
			t.Fatalf("Documents(BETA) = %+v, %v", got, err)
		}
	})
}

func testDocService_Bundle(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		tickClock(t, db)
		doc := newDoc(t, db, said)
		c2 := mustSpan(t, db, doc, "ravi", 0, 15, "CLAIM")
		c1 := mustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		a := mustSpan(t, db, doc, "asha", 0, 15, "ACTOR")
		src := mustSpan(t, db, doc, "asha", 32, 38, "SOURCE")
		gone := mustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		r := mustRelation(t, db, "asha", c1, src, annot.AccordingTo)
		mustRelation(t, db, "asha", c1, gone, annot.SaidBy)
		if _, err := db.DeleteSpan(ctx, gone.ID, "asha"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: src.ID, Reviewer: "meera", Decision: annot.Accepted}); err != nil {
			t.Fatal(err)
		}
		b := mustBundle(t, db, doc)
		if b.Doc.ID != doc || b.Doc.Text != said || b.Doc.Seq == 0 || b.Doc.Hash != annot.ContentHash(said) {
			t.Fatalf("doc = %+v", b.Doc)
		}
		var ids []string
		for _, s := range b.Spans {
			ids = append(ids, s.ID)
		}
		if want := []string{a.ID, c1.ID, c2.ID, src.ID}; !reflect.DeepEqual(ids, want) {
			t.Fatalf("span order = %v, want %v (start, end, label, annotator)", ids, want)
		}
		if s := b.Spans[3]; s.Status != annot.Accepted || s.Reviewer != "meera" || s.DocID != doc {
			t.Errorf("reviewed span = %+v", s)
		}
		if s := b.Spans[0]; s.Status != annot.Pending || s.Reviewer != "" {
			t.Errorf("unreviewed span = %+v", s)
		}
		if len(b.Relations) != 1 || b.Relations[0].ID != r.ID || b.Relations[0].DocID != doc {
			t.Errorf("relations = %+v", b.Relations)
		}
		want := map[string]annot.DocState{"asha": annot.StateInProgress, "ravi": annot.StateInProgress}
		if !reflect.DeepEqual(b.States, want) {
			t.Errorf("states = %v, want %v", b.States, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		_, err := db.Bundle(ctx, annot.NewID())
		wantKind(t, err, annot.NotFound)
	})
}

func testDocService_SetState(t *testing.T, mustOpen Opener) {
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		mustSpan(t, db, doc, "asha", 0, 4, "CLAIM")
		for _, st := range []annot.DocState{annot.StateDone, annot.StateNew, annot.StateReviewed} {
			if _, err := db.SetState(ctx, doc, "asha", st); err != nil {
				t.Fatal(err)
			}
			if got := mustBundle(t, db, doc).States["asha"]; got != st {
				t.Fatalf("state = %q, want %q", got, st)
			}
		}
		if got := exportAll(t, db, annot.ExportFilter{}); got[0].States["asha"] != annot.StateReviewed {
			t.Fatalf("exported states = %v", got[0].States)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := mustOpen(t)
		doc := newDoc(t, db, "text")
		wantKind(t, errOf(db.SetState(ctx, doc, "asha", "finished")), annot.Invalid)
		wantKind(t, errOf(db.SetState(ctx, doc, "", annot.StateDone)), annot.Invalid)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := mustOpen(t)
		wantKind(t, errOf(db.SetState(ctx, annot.NewID(), "asha", annot.StateDone)), annot.NotFound)
	})
}
