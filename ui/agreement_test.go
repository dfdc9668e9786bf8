package ui

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/agree"
	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// newAgreementApp is the review scenario with meera as a third
// annotator (she marked the prime minister as ravi did), the window at
// 1280 x 800, and the agreement panel's measurements queued instead of
// run, so a test runs them when it chooses (runQueued).
func newAgreementApp(t *testing.T) (*App, *store.DB, *[]func()) {
	t.Helper()
	a, db := newReviewApp(t)
	pm := runeIndex(a.doc.Text(), revPM)
	if _, err := db.CreateSpan(context.Background(), annot.Span{DocID: a.doc.DocID(), Annotator: "meera", Start: pm, End: pm + len([]rune(revPM)), Label: annot.Actor}); err != nil {
		t.Fatal(err)
	}
	a.reloadOpen()
	a.reloadDocs()
	a.win.Resize(fyne.NewSize(1280, 800))
	queue := &[]func(){}
	a.agreement.run = func(f func()) { *queue = append(*queue, f) }
	return a, db, queue
}

// runQueued runs the measurements waiting, and those they ask for.
func runQueued(queue *[]func()) int {
	n := 0
	for len(*queue) > 0 {
		f := (*queue)[0]
		*queue = (*queue)[1:]
		f()
		n++
	}
	return n
}

// cell is what the panel's grid shows for a row and a pair.
func cell(t *testing.T, p *agreementPanel, row, pair string) string {
	t.Helper()
	r := -1
	for i, name := range p.grid.rows {
		if name == row {
			r = i
		}
	}
	for c, pr := range p.grid.pairs {
		if pr.A+"/"+pr.B == pair && r >= 0 {
			return p.grid.text(r, c)
		}
	}
	t.Fatalf("no cell %s × %s in rows %q", row, pair, p.grid.rows)
	return ""
}

// The Agreement tab shows, for the open document and for the project,
// every pair's figures as `spanmark agree` computes them, Fleiss' kappa
// with three annotators, per label on demand, and "n/a" only with the
// reason beside it. The figures are measured off the UI goroutine: until
// the measurement has run the tab says it is measuring.
func TestAgreement_PanelShowsTheFigures(t *testing.T) {
	a, _, queue := newAgreementApp(t)
	p := a.agreement
	if len(*queue) != 0 {
		t.Fatal("the hidden tab measured something")
	}
	a.showAgreement()
	if !p.visible() || len(*queue) != 1 || p.state.Text != "measuring…" || len(p.grid.rows) != 0 {
		t.Fatalf("showing the tab: visible %v, %d measurements queued, state %q", p.visible(), len(*queue), p.state.Text)
	}
	runQueued(queue)

	want := agree.Compute([]*annot.Bundle{a.doc.Bundle()}, agree.Options{})
	if got := len(p.grid.pairs); got != 3 || p.grid.heads[0] != "AS·ME" || p.grid.heads[2] != "ME·RA" {
		t.Fatalf("%d pairs headed %q", got, p.grid.heads)
	}
	if !reflect.DeepEqual(p.grid.rows, []string{"exact F1", "overlap F1", "token κ", "αU", "links F1"}) {
		t.Fatalf("rows %q", p.grid.rows)
	}
	ar := want.Pairs[1] // asha / ravi
	for row, f := range map[string]agree.Figure{"exact F1": ar.Pooled.ExactF1, "token κ": ar.Pooled.TokenKappa, "αU": ar.Pooled.AlphaU} {
		if got, w := cell(t, p, row, "asha/ravi"), fmt.Sprintf("%.3f", f.Value); got != w || !f.OK {
			t.Errorf("asha/ravi %s reads %q, want %q", row, got, w)
		}
	}
	// asha and ravi marked their claims differently: no claim both marked
	// identically, so no links to compare; the note says so.
	if got := cell(t, p, "links F1", "asha/ravi"); got != "n/a" {
		t.Errorf("asha/ravi links F1 reads %q", got)
	}
	if !strings.Contains(p.notes.Text, "no links from claims both annotators marked identically (") || !strings.Contains(p.notes.Text, "AS·RA links F1") {
		t.Errorf("the notes say %q", p.notes.Text)
	}
	for r := range p.grid.rows {
		for c := range p.grid.pairs {
			if f := p.grid.cells[r][c]; !f.OK && !strings.Contains(p.notes.Text, f.Reason) {
				t.Errorf("%s %s is n/a and no note says why", p.grid.heads[c], p.grid.rows[r])
			}
		}
	}
	if !strings.HasPrefix(p.fleiss.Text, "Fleiss' κ, asha, meera, ravi (1 document): ") {
		t.Errorf("Fleiss line %q", p.fleiss.Text)
	}
	// A cell explains itself.
	p.table.Select(tableCell(p, "αU", 1))
	if !strings.HasPrefix(p.detail.Text, "asha / ravi, αU, this document: ") || !strings.Contains(p.detail.Text, "Krippendorff") {
		t.Errorf("the αU cell explains %q", p.detail.Text)
	}

	// One label, then a row per label.
	p.labels.SetSelected(annot.Actor)
	if !reflect.DeepEqual(p.grid.rows, []string{"exact F1", "overlap F1", "token κ", "αU"}) || p.fleiss.Visible() {
		t.Fatalf("ACTOR alone: rows %q, Fleiss shown %v", p.grid.rows, p.fleiss.Visible())
	}
	// meera's one ACTOR is one of ravi's two: 2·1 / (1 + 2).
	if got, w := cell(t, p, "exact F1", "meera/ravi"), "0.667"; got != w {
		t.Errorf("meera/ravi ACTOR exact F1 %q, want %q", got, w)
	}
	p.labels.SetSelected(eachLabelChoice)
	if !reflect.DeepEqual(p.grid.rows, []string{"CLAIM", "ACTOR", "SOURCE"}) || !p.figure.Visible() || p.figure.Selected != "token κ" {
		t.Fatalf("each label: rows %q, figure %q", p.grid.rows, p.figure.Selected)
	}
	p.labels.SetSelected(allLabelsChoice)

	// The project: measured when first asked for, with its documents.
	p.scope.SetSelected(scopeNames[scopeProject])
	if len(*queue) != 1 {
		t.Fatalf("choosing the project queued %d measurements", len(*queue))
	}
	runQueued(queue)
	if p.grid.rows[0] != "documents" || cell(t, p, "documents", "asha/ravi") != "1" || !p.pooled.Visible() {
		t.Fatalf("project rows %q", p.grid.rows)
	}
	if !strings.HasPrefix(p.state.Text, "1 document, measured in ") {
		t.Errorf("project state %q", p.state.Text)
	}
}

func tableCell(p *agreementPanel, row string, col int) widget.TableCellID {
	id := widget.TableCellID{Col: col}
	for i, r := range p.grid.rows {
		if r == row {
			id.Row = i
		}
	}
	return id
}

// The figures follow the annotations: a tag that changes what asha
// marked is measured again, once however many changes came while a
// measurement ran; a review's verdicts change nothing agreement reads
// and measure nothing. Clicking a pair compares the two in review mode.
func TestAgreement_FollowsChangesAndComparesPairs(t *testing.T) {
	a, _, queue := newAgreementApp(t)
	p := a.agreement
	a.showAgreement()
	runQueued(queue)
	before := cell(t, p, "exact F1", "asha/ravi")

	// asha marks the prime minister too, as ravi did, and another word.
	pm := a.spanBy(t, "ravi", "ACTOR", revPM)
	a.annotator = "asha"
	a.tag(pm.Start, pm.End, annot.Actor)
	a.tag(0, 5, annot.Source)
	if len(*queue) != 1 {
		t.Fatalf("two tags while a measurement waited queued %d measurements, want 1", len(*queue))
	}
	if n := runQueued(queue); n != 2 {
		t.Fatalf("%d measurements ran, want the one queued and one more for the change meanwhile", n)
	}
	if after := cell(t, p, "exact F1", "asha/ravi"); after == before {
		t.Fatalf("asha's new ACTOR left exact F1 at %s", after)
	}

	// Verdicts measure nothing.
	a.annotator = "boss"
	a.setMode(ModeReview)
	a.doc.SelectSpan(pm.ID)
	test.Type(a.view, "a")
	if st := statusOf(t, a, "ravi", "ACTOR", revPM); st != annot.Accepted {
		t.Fatalf("A left the prime minister %q", st)
	}
	if len(*queue) != 0 {
		t.Fatalf("accepting a span queued %d measurements", len(*queue))
	}

	// Click the pair meera · ravi: review mode with the two of them.
	a.setMode(ModeAnnotate)
	for c, h := range p.grid.heads {
		if h == "ME·RA" {
			p.compare(c)
		}
	}
	if a.doc.Mode() != ModeReview || !reflect.DeepEqual(a.doc.Lanes(), []string{"meera", "ravi"}) {
		t.Fatalf("comparing ME·RA: mode %v, lanes %q", a.doc.Mode(), a.doc.Lanes())
	}
	if !strings.HasPrefix(a.status.message(), "comparing meera and ravi") {
		t.Errorf("status %q", a.status.message())
	}
}

// At 1280 x 800 with three annotators and twenty labels used, the
// panel shows every pair without scrolling sideways and most labels'
// rows at once.
func TestAgreement_ReadableAt1280WithTwentyLabels(t *testing.T) {
	a, db, queue := newAgreementApp(t)
	addLabels(t, a, 20)
	// Each annotator marks a word with each label: the same word, but
	// for every third label one of them marks the next word instead.
	ctx := context.Background()
	words := strings.Fields(a.doc.Text())
	for i, l := range a.doc.Labels() {
		for k, who := range []string{"asha", "meera", "ravi"} {
			w := words[10+i*3]
			if i%3 == k {
				w = words[11+i*3]
			}
			start := runeIndex(a.doc.Text(), w)
			if _, err := db.CreateSpan(ctx, annot.Span{DocID: a.doc.DocID(), Annotator: who, Start: start, End: start + len([]rune(w)), Label: l.Name}); err != nil {
				t.Fatal(err)
			}
		}
	}
	a.reloadOpen()
	a.showAgreement()
	p := a.agreement
	p.labels.SetSelected(eachLabelChoice)
	runQueued(queue)
	a.win.Content().Refresh()
	if len(p.grid.rows) != 20 || len(p.grid.pairs) != 3 {
		t.Fatalf("%d rows and %d pairs", len(p.grid.rows), len(p.grid.pairs))
	}
	need := float32(90 + 3*58 + 4)
	if w := p.table.Size().Width; w < need {
		t.Errorf("the grid is %v px wide; its three pairs need %v", w, need)
	}
	rowH := p.table.CreateCell().MinSize().Height
	if rows := int((p.table.Size().Height - 40) / max(rowH, 26)); rowH > 26 || rows < 9 {
		t.Errorf("the grid shows %d rows of twenty at once, each %v px high", rows, rowH)
	}
	noOverlaps(t, a.win.Canvas().Content(), a.win.Canvas().Size())
}
