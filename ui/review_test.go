package ui

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// The review scenario on the Hindi sample: asha and ravi agree on the
// SOURCEs "चीनी राज्य मीडिया शिन्हुआ" and "साउथ चाइना मॉर्निंग पोस्ट" and
// the ACTOR "ली" after the latter; only ravi marked the prime minister;
// asha's CLAIM after "शिन्हुआ के अनुसार," stops early, and ravi's leaves
// out "ली ने". Each linked their claim to the source.
const (
	revSource = "चीनी राज्य मीडिया शिन्हुआ"
	revSCMP   = "साउथ चाइना मॉर्निंग पोस्ट"
	revPM     = "चीनी प्रधान मंत्री ली क़ियांग"
	revShort  = "ली ने चीनी विज्ञान अकादमी के गंजियांग इनोवेशन अकादमी सहित प्रमुख उत्पादकों, अनुसंधान संस्थानों का निरीक्षण किया"
	revRavi   = "चीनी विज्ञान अकादमी के गंजियांग इनोवेशन अकादमी सहित प्रमुख उत्पादकों, अनुसंधान संस्थानों का निरीक्षण किया और स्थानीय व्यापार नेताओं और वैज्ञानिकों के साथ बातचीत की"
	revFixed  = "ली ने " + revRavi
	revLi     = revSCMP + " ने ली"
)

// reviewSpans stores the scenario's spans by asha and ravi.
func reviewSpans(t *testing.T, db *store.DB, docID, text string) {
	t.Helper()
	ctx := context.Background()
	at := func(words string) (int, int) {
		i := runeIndex(text, words)
		if i < 0 {
			t.Fatalf("%q is not in the sample", words)
		}
		return i, i + len([]rune(words))
	}
	mk := func(who, words, label string) annot.Span {
		s, e := at(words)
		if words == revLi {
			s = e - len([]rune("ली"))
		}
		c, err := db.CreateSpan(ctx, annot.Span{DocID: docID, Annotator: who, Start: s, End: e, Label: label})
		if err != nil {
			t.Fatal(err)
		}
		return c.SpansAdded[0]
	}
	for _, who := range []string{"asha", "ravi"} {
		src := mk(who, revSource, "SOURCE")
		mk(who, revSCMP, "SOURCE")
		mk(who, revLi, "ACTOR")
		claim := mk(who, map[string]string{"asha": revShort, "ravi": revRavi}[who], "CLAIM")
		if _, err := db.CreateRelation(ctx, annot.Relation{Annotator: who, From: claim.ID, To: src.ID, Type: annot.AccordingTo}); err != nil {
			t.Fatal(err)
		}
	}
	mk("ravi", revPM, "ACTOR")
}

// newReviewApp opens the window as the reviewer "boss" on the sample with
// the scenario's spans.
func newReviewApp(t *testing.T) (*App, *store.DB) {
	t.Helper()
	a, db := newTestApp(t)
	reviewSpans(t, db, a.doc.DocID(), a.doc.Text())
	a.annotator = "boss"
	a.reloadOpen()
	a.reloadDocs()
	return a, db
}

// goldOf exports the gold layer as "LABEL text" and "LABEL text TYPE
// LABEL text", sorted.
func goldOf(t *testing.T, a *App) (spans, rels []string) {
	t.Helper()
	err := a.proj.Export(context.Background(), annot.ExportFilter{Gold: true}, func(b *annot.Bundle) error {
		name := map[string]string{}
		for _, s := range b.Spans {
			name[s.ID] = s.Label + " " + string([]rune(b.Doc.Text)[s.Start:s.End])
			spans = append(spans, name[s.ID])
		}
		for _, r := range b.Relations {
			rels = append(rels, name[r.From]+" "+r.Type+" "+name[r.To])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(spans)
	sort.Strings(rels)
	return spans, rels
}

// laneBar is where span s is drawn in its lane on its first line.
func laneBar(t *testing.T, v *SpanView, s annot.Span) fyne.Position {
	t.Helper()
	lane, ok := v.m.LaneOf(s)
	if !ok {
		t.Fatalf("%s by %s has no lane", s.Label, s.Annotator)
	}
	v.lay.EnsureOffset(s.Start)
	li := v.lay.LineOf(s.Start)
	line := v.lay.Line(li)
	x := v.lay.XOf(line, int32(s.Start))
	end := s.End
	if int(line.End) < end {
		end = int(line.End)
	}
	x2 := v.lay.XOf(line, int32(end))
	rt, rh := v.lanes.rowTop(v.m.RowOf(s))
	y := v.lineTop(li) + v.lanes.top[lane] + rt + rh/2
	return fyne.NewPos(sidePad+(min(x, x2)+max(x, x2))/2, y)
}

func (a *App) spanBy(t *testing.T, who, label, words string) annot.Span {
	t.Helper()
	for _, s := range a.doc.Bundle().Spans {
		if s.Annotator == who && s.Label == label && a.doc.Slice(s.Start, s.End) == words {
			return s
		}
	}
	t.Fatalf("no %s %q by %s", label, words, who)
	return annot.Span{}
}

func statusOf(t *testing.T, a *App, who, label, words string) annot.Status {
	t.Helper()
	for _, s := range storedSpans(t, a) {
		if s.Annotator == who && s.Label == label && a.doc.Slice(s.Start, s.End) == words {
			return s.Status
		}
	}
	return ""
}

// TestReview_Window reviews the scenario with the window's keys and
// clicks, as a reviewer would: compare both annotators in lanes, accept
// ravi's prime minister by clicking his bar, reject asha's claim found
// with N, accept what both agree on with M, correct ravi's claim (E, a
// drag, the CLAIM key), undo and redo the correction with Ctrl+Z; then
// the gold export holds exactly the expected spans and links, the list
// says reviewed and the status bar counts it.
func TestReview_Window(t *testing.T) {
	a, _ := newReviewApp(t)
	v := a.view
	ctrl := fyne.KeyModifierShortcutDefault
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: ctrl})
	if a.doc.Mode() != ModeReview || !a.review.box.Visible() {
		t.Fatal("Ctrl+R did not switch to review mode")
	}
	if got := a.doc.Lanes(); !reflect.DeepEqual(got, []string{"asha", "ravi"}) {
		t.Fatalf("lanes %q, want asha and ravi", got)
	}
	if got := a.review.who.Options; !reflect.DeepEqual(got, []string{"AS  asha", "RA  ravi"}) {
		t.Fatalf("the annotators to compare are listed as %q", got)
	}
	if row := a.list.describe(a.docs[0]); !strings.HasPrefix(row, "κ 0.") || !strings.HasSuffix(row, " · 9 undecided · asha, ravi") {
		t.Fatalf("the list row says %q; want what is undecided and the agreement", a.list.describe(a.docs[0]))
	}

	// Accept one: click ravi's bar for the prime minister, press A.
	pm := a.spanBy(t, "ravi", "ACTOR", revPM)
	if a.doc.Agreed(pm) {
		t.Fatal("only ravi marked the prime minister, yet it is drawn as agreed")
	}
	v.Tapped(&fyne.PointEvent{Position: laneBar(t, v, pm)})
	if a.doc.SelectedSpan() != pm.ID {
		t.Fatalf("clicking ravi's bar selected %q", a.doc.SelectedSpan())
	}
	test.Type(v, "a")
	if st := statusOf(t, a, "ravi", "ACTOR", revPM); st != annot.Accepted {
		t.Fatalf("after A the prime minister is %q", st)
	}

	// Reject one: N goes to the next disagreement, asha's short claim.
	test.Type(v, "n")
	short := a.spanBy(t, "asha", "CLAIM", revShort)
	if a.doc.SelectedSpan() != short.ID {
		got, _ := a.doc.Span(a.doc.SelectedSpan())
		t.Fatalf("N selected %s %q by %s", got.Label, a.doc.Slice(got.Start, got.End), got.Annotator)
	}
	test.Type(v, "r")
	if st := statusOf(t, a, "asha", "CLAIM", revShort); st != annot.Rejected {
		t.Fatalf("after R asha's claim is %q", st)
	}

	// Accept all agreed: the sources and the actor, both copies of each.
	test.Type(v, "m")
	for _, who := range []string{"asha", "ravi"} {
		for _, sp := range [][2]string{{"SOURCE", revSource}, {"SOURCE", revSCMP}, {"ACTOR", "ली"}} {
			if st := statusOf(t, a, who, sp[0], sp[1]); st != annot.Accepted {
				t.Fatalf("after M %s's %s is %q", who, sp[0], st)
			}
		}
	}
	if st := statusOf(t, a, "ravi", "CLAIM", revRavi); st != annot.Pending {
		t.Fatalf("M decided the claims they disagree on: %q", st)
	}

	// Correct one: ravi's claim, with "ली ने".
	long := a.spanBy(t, "ravi", "CLAIM", revRavi)
	a.doc.SelectSpan(long.ID)
	test.Type(v, "e")
	i := runeIndex(a.doc.Text(), revFixed)
	drag(v, posOf(v, i+1), posOf(v, i+len([]rune(revFixed))-2), 0)
	if got := a.doc.SelectedText(); got != revFixed {
		t.Fatalf("the drag selected %q", got)
	}
	test.Type(v, "1")
	wantGold := []string{"ACTOR ली", "ACTOR " + revPM, "CLAIM " + revFixed, "SOURCE " + revSCMP, "SOURCE " + revSource}
	sort.Strings(wantGold)
	wantRels := []string{"CLAIM " + revFixed + " ACCORDING_TO SOURCE " + revSource}
	check := func(step string) {
		t.Helper()
		spans, rels := goldOf(t, a)
		if !reflect.DeepEqual(spans, wantGold) || !reflect.DeepEqual(rels, wantRels) {
			t.Fatalf("%s: gold holds\n%q\n%q\nwant\n%q\n%q", step, spans, rels, wantGold, wantRels)
		}
	}
	check("after the correction")
	if st := statusOf(t, a, "ravi", "CLAIM", revRavi); st != annot.Rejected {
		t.Fatalf("the corrected claim is %q, want rejected", st)
	}
	sel, _ := a.doc.Span(a.doc.SelectedSpan())
	if !sel.Curation || sel.Annotator != "boss" || sel.Corrects != long.ID {
		t.Fatalf("the correction selected is %+v", sel)
	}

	// Nothing is left undecided: the document is reviewed.
	if row := a.list.describe(a.docs[0]); !a.docs[0].Reviewed() || !strings.Contains(row, "reviewed") || strings.Contains(row, "boss") {
		t.Fatalf("the list says %q; want reviewed, and the reviewer not among the annotators", row)
	}
	if got := a.status.review.Text; got != "0 undecided here · 1 of 1 documents reviewed" {
		t.Fatalf("status bar progress %q", got)
	}

	// Verdicts are undone with the tagging history's Ctrl+Z.
	shortcut(a, &fyne.ShortcutUndo{})
	if st := statusOf(t, a, "ravi", "CLAIM", revRavi); st != annot.Pending {
		t.Fatalf("after Ctrl+Z ravi's claim is %q", st)
	}
	if got := a.status.review.Text; got != "1 undecided here · 0 of 1 documents reviewed" {
		t.Fatalf("status bar progress after undo %q", got)
	}
	if spans, _ := goldOf(t, a); len(spans) != 4 {
		t.Fatalf("after undo gold holds %q", spans)
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift})
	check("after redo")

	// Back to annotating: everyone's spans, no lanes.
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: ctrl})
	if a.doc.Mode() != ModeAnnotate || a.review.box.Visible() || v.lanes.rowH != 0 {
		t.Fatal("Ctrl+R did not go back to annotating")
	}
}

// TestReview_ChooseWhomAndHowMany compares one, two and all of three
// annotators, accepts what at least two of three marked the same, sorts
// the list worst agreement first, and moves on with Ctrl+Enter without
// giving the reviewer a state.
func TestReview_ChooseWhomAndHowMany(t *testing.T) {
	a, db := newReviewApp(t)
	ctx := context.Background()
	text := a.doc.Text()
	// meera marks the prime minister as ravi did, and nothing else.
	pm := runeIndex(text, revPM)
	if _, err := db.CreateSpan(ctx, annot.Span{DocID: a.doc.DocID(), Annotator: "meera", Start: pm, End: pm + len([]rune(revPM)), Label: "ACTOR"}); err != nil {
		t.Fatal(err)
	}
	// A second document the two agree on completely.
	importText(t, db, "second.txt", "Li Qiang visited Ganzhou this week, Xinhua said.")
	docs, _ := db.Documents(ctx, annot.DocFilter{})
	second := docs[1].ID
	for _, who := range []string{"asha", "ravi"} {
		if _, err := db.CreateSpan(ctx, annot.Span{DocID: second, Annotator: who, Start: 0, End: 8, Label: "ACTOR"}); err != nil {
			t.Fatal(err)
		}
	}
	a.reloadOpen()
	a.reloadDocs()
	a.setMode(ModeReview)
	r := a.review
	if got := a.doc.Lanes(); !reflect.DeepEqual(got, []string{"asha", "meera", "ravi"}) {
		t.Fatalf("lanes %q", got)
	}
	pmSpan := a.spanBy(t, "ravi", "ACTOR", revPM)
	if have, of := a.doc.Consensus(pmSpan); have != 2 || of != 3 || a.doc.Agreed(pmSpan) {
		t.Fatalf("the prime minister is marked by %d of %d, agreed %v", have, of, a.doc.Agreed(pmSpan))
	}

	// Compare ravi and meera only: the prime minister is agreed.
	r.who.SetSelected([]string{"ME  meera", "RA  ravi"})
	if got := a.doc.Lanes(); !reflect.DeepEqual(got, []string{"meera", "ravi"}) {
		t.Fatalf("after unchecking asha the lanes are %q", got)
	}
	if !a.doc.Agreed(pmSpan) {
		t.Fatal("ravi and meera both marked the prime minister, yet it is not drawn as agreed")
	}
	for _, s := range a.doc.Spans() {
		if s.Annotator == "asha" {
			t.Fatalf("asha's %s is still shown", s.Label)
		}
	}
	// One annotator alone: agreement needs two.
	r.who.SetSelected([]string{"RA  ravi"})
	test.Type(a.view, "m")
	if !strings.Contains(a.status.message(), "agreement needs two annotators") {
		t.Fatalf("M with one annotator said %q", a.status.message())
	}
	// Everyone, at least two of three.
	r.showOnly(nil)
	test.Type(a.view, "m")
	if st := statusOf(t, a, "ravi", "ACTOR", revPM); st != annot.Pending {
		t.Fatalf("with all three required, the prime minister is %q", st)
	}
	r.minK.SetSelected("at least 2")
	test.Type(a.view, "m")
	for _, who := range []string{"ravi", "meera"} {
		if st := statusOf(t, a, who, "ACTOR", revPM); st != annot.Accepted {
			t.Fatalf("at least two of three: %s's prime minister is %q", who, st)
		}
	}

	// Worst agreement first. A third document, imported after the others,
	// has the worst agreement: asha and ravi marked different words.
	importText(t, db, "third.txt", "Xinhua said Li Qiang visited Ganzhou.")
	docs, _ = db.Documents(ctx, annot.DocFilter{})
	third := docs[2].ID
	for who, start := range map[string]int{"asha": 0, "ravi": 12} {
		if _, err := db.CreateSpan(ctx, annot.Span{DocID: third, Annotator: who, Start: start, End: start + 6, Label: "SOURCE"}); err != nil {
			t.Fatal(err)
		}
	}
	r.refreshScores()
	order := func() []string {
		var ids []string
		for _, d := range a.docs {
			ids = append(ids, d.ID)
		}
		return ids
	}
	sample := a.doc.DocID()
	if got := order(); !reflect.DeepEqual(got, []string{sample, second, third}) {
		t.Fatalf("before sorting the list is %q", got)
	}
	r.worst.SetChecked(true)
	if got := order(); !reflect.DeepEqual(got, []string{third, sample, second}) {
		t.Fatalf("worst first the list is %q; scores %+v", got, r.scores)
	}
	if sc := r.scores[second]; !sc.ok || sc.kappa != 1 {
		t.Fatalf("the second document's agreement is %+v", sc)
	}
	r.worst.SetChecked(false)

	// Ctrl+Enter opens the next document with something to decide and
	// sets the reviewer no state.
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	if a.doc.DocID() != second {
		t.Fatalf("Ctrl+Enter in review mode opened %q", a.doc.Bundle().Doc.Title)
	}
	docs, _ = db.Documents(ctx, annot.DocFilter{})
	for _, d := range docs {
		if st, ok := d.States["boss"]; ok {
			t.Fatalf("the reviewer got state %q in %q", st, d.Title)
		}
	}
}
