package ui

import (
	"context"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// suggestWords proposes, for the open sample, suggestions of the given
// words and labels (the first place each appears), with the origin
// rule:test, and a SAID_BY link from the first CLAIM to the first ACTOR;
// then the window loads them as it does on opening a document.
func suggestWords(t *testing.T, a *App, db *store.DB, pairs ...string) map[string]annot.Suggestion {
	t.Helper()
	doc, s := a.doc.DocID(), a.doc.Text()
	p := &annot.Proposal{DocID: doc}
	claim, actor := "", ""
	for i := 0; i < len(pairs); i += 2 {
		words, label := pairs[i], pairs[i+1]
		start := runeIndex(s, words)
		if start < 0 {
			t.Fatalf("%q is not in the sample", words)
		}
		id := words
		p.Suggestions = append(p.Suggestions, annot.Suggestion{ID: id, DocID: doc, Start: start, End: start + len([]rune(words)), Label: label, Origin: "rule:test"})
		if label == annot.Claim && claim == "" {
			claim = id
		}
		if label == annot.Actor && actor == "" {
			actor = id
		}
	}
	if claim != "" && actor != "" {
		p.Links = append(p.Links, annot.SuggestionLink{From: claim, To: actor, Type: annot.SaidBy, Origin: "rule:test"})
	}
	if _, err := db.AddSuggestions(context.Background(), func(emit func(*annot.Proposal) error) error { return emit(p) }); err != nil {
		t.Fatal(err)
	}
	a.sugg.reload()
	a.sugg.pending.Wait()
	out := map[string]annot.Suggestion{}
	for _, g := range a.sugg.layer.Open() {
		out[a.doc.Slice(g.Start, g.End)+" "+g.Label] = g
	}
	if len(out) != len(pairs)/2 {
		t.Fatalf("the window shows %d suggestions, want %d: %v", len(out), len(pairs)/2, out)
	}
	return out
}

// dashesOf counts the dashes drawn in a label's colour over suggestion
// g on its first line: its frame, as spans are never dashed. Only g's
// own extent counts, since another suggestion of the label may share
// the line.
func dashesOf(t *testing.T, a *App, g annot.Suggestion) int {
	t.Helper()
	v := a.view
	v.scrollToOffset(g.Start, true)
	v.Refresh()
	c := v.labelColor(g.Label)
	li := v.lay.LineOf(g.Start)
	top := float32(li) * v.metrics.height
	r := test.TempWidgetRenderer(t, v).(*spanRenderer)
	xs := r.ranges(v.lay.Line(li), g.Start, g.End)
	if len(xs) == 0 {
		t.Fatalf("suggestion %q is not on line %d", g.ID, li)
	}
	x0, x1 := sidePad+xs[0][0]-2, sidePad+xs[len(xs)-1][1]+2
	n := 0
	for _, o := range r.Objects() {
		r, ok := o.(*canvas.Rectangle)
		if !ok || r.FillColor != color.Color(c) || !r.Visible() {
			continue
		}
		p, s := r.Position(), r.Size()
		if s.Width <= 6.01 && s.Height <= 3 && p.Y >= top && p.Y < top+v.metrics.height && p.X >= x0-0.5 && p.X+s.Width <= x1+0.5 {
			n++
		}
	}
	return n
}

func spanWith(spans []annot.Span, start, end int, label string) (annot.Span, bool) {
	for _, s := range spans {
		if s.Start == start && s.End == end && s.Label == label {
			return s, true
		}
	}
	return annot.Span{}, false
}

func pressKey(a *App, k fyne.KeyName) { a.view.TypedKey(&fyne.KeyEvent{Name: k}) }

// The acceptance test of the window: suggestions drawn apart from spans;
// one accepted with Enter, one rejected with a click on the cross, one
// changed with a label key, all of a label accepted at once; the stored
// spans and their origins checked after each; Ctrl+Z restores each.
func TestSuggestions_AcceptRejectChangeUndo(t *testing.T) {
	a, db := newTestApp(t)
	g := suggestWords(t, a, db,
		"चीनी प्रधान मंत्री ली क़ियांग", annot.Actor,
		"चीनी राज्य मीडिया शिन्हुआ", annot.Source,
		"समाचार एजेंसी पीटीआई", annot.Source,
		"साउथ चाइना मॉर्निंग पोस्ट", annot.Source,
		"जियांग्शी प्रांत", annot.Actor,
		"डोनाल्ड ट्रम्प", annot.Actor,
		"उन्नत विनिर्माण और हरित, कम कार्बन परिवर्तन को बढ़ावा देने में दुर्लभ पृथ्वी का महत्व तेजी से बढ़ रहा है", annot.Claim,
	)
	undo := &fyne.ShortcutUndo{}
	actor := g["चीनी प्रधान मंत्री ली क़ियांग ACTOR"]
	if n := dashesOf(t, a, actor); n < 4 {
		t.Fatalf("the ACTOR suggestion is drawn with %d dashes", n)
	}
	if got := a.status.sugg.Text; got != "7 suggestions left" {
		t.Errorf("status bar: %q", got)
	}
	if len(storedSpans(t, a)) != 0 {
		t.Fatal("suggestions are stored as spans")
	}

	// Accept: click the suggestion, press Enter.
	test.Tap(a.view) // focus
	a.view.Tapped(&fyne.PointEvent{Position: posOf(a.view, actor.Start+2)})
	if sel, ok := a.sugg.layer.Selected(); !ok || sel.ID != actor.ID {
		t.Fatalf("a click selected %+v, want the ACTOR suggestion", sel)
	}
	pressKey(a, fyne.KeyReturn)
	s, ok := spanWith(storedSpans(t, a), actor.Start, actor.End, annot.Actor)
	if !ok || s.Annotator != "asha" || s.Origin != "rule:test" || s.Changed {
		t.Fatalf("after Enter: %+v", storedSpans(t, a))
	}
	if dashesOf(t, a, actor) != 0 {
		t.Error("the accepted suggestion is still drawn")
	}
	if got := a.status.sugg.Text; got != "6 suggestions left" {
		t.Errorf("status bar: %q", got)
	}

	// Reject: select one, click its cross.
	source := g["चीनी राज्य मीडिया शिन्हुआ SOURCE"]
	a.sugg.layer.Select(source.ID)
	a.view.Refresh()
	test.TempWidgetRenderer(t, a.view).Refresh()
	if !a.view.sg.buttonsShown {
		t.Fatal("no tick and cross after the selected suggestion")
	}
	a.view.Tapped(&fyne.PointEvent{Position: a.view.sg.crossAt.Add(fyne.NewPos(buttonSize/2, buttonSize/2))})
	if _, ok := spanWith(storedSpans(t, a), source.Start, source.End, annot.Source); ok {
		t.Fatal("a rejected suggestion became a span")
	}
	if got := a.status.sugg.Text; got != "5 suggestions left" {
		t.Errorf("after the cross: %q", got)
	}

	// Change: select one and press another label's key.
	pti := g["समाचार एजेंसी पीटीआई SOURCE"]
	a.sugg.layer.Select(pti.ID)
	test.Type(a.view, "2")
	if s, ok := spanWith(storedSpans(t, a), pti.Start, pti.End, annot.Actor); !ok || !s.Changed || s.Origin != "rule:test" {
		t.Fatalf("after pressing 2 on a SOURCE suggestion: %+v", storedSpans(t, a))
	}

	// All of a label: the ACTORs left, in one call, with the claim's link
	// once the claim is accepted too.
	trump := g["डोनाल्ड ट्रम्प ACTOR"]
	a.sugg.layer.Select(trump.ID)
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierAlt})
	spans := storedSpans(t, a)
	for _, w := range []string{"जियांग्शी प्रांत ACTOR", "डोनाल्ड ट्रम्प ACTOR"} {
		if _, ok := spanWith(spans, g[w].Start, g[w].End, annot.Actor); !ok {
			t.Errorf("Alt+Enter left %s unaccepted", w)
		}
	}
	if len(spans) != 4 {
		t.Fatalf("after accepting all ACTORs: %d spans", len(spans))
	}
	claim := g["उन्नत विनिर्माण और हरित, कम कार्बन परिवर्तन को बढ़ावा देने में दुर्लभ पृथ्वी का महत्व तेजी से बढ़ रहा है CLAIM"]
	a.sugg.layer.Select(claim.ID)
	pressKey(a, fyne.KeyReturn)
	if b := a.doc.Bundle(); len(b.Relations) != 1 || b.Relations[0].Type != annot.SaidBy {
		t.Fatalf("accepting the claim after its actor made relations %+v", b.Relations)
	}

	// Undo restores each, newest first.
	shortcut(a, undo) // the claim and its link
	if b := a.doc.Bundle(); len(b.Relations) != 0 || len(b.Spans) != 4 {
		t.Fatalf("undo of the claim: %d spans, %d relations", len(b.Spans), len(b.Relations))
	}
	shortcut(a, undo) // all ACTORs
	if n := len(storedSpans(t, a)); n != 2 {
		t.Fatalf("undo of accept all: %d spans", n)
	}
	if dashesOf(t, a, trump) == 0 {
		t.Error("undoing accept all does not draw the suggestion again")
	}
	shortcut(a, undo) // the change
	if _, ok := spanWith(storedSpans(t, a), pti.Start, pti.End, annot.Actor); ok {
		t.Fatal("undo left the changed span")
	}
	shortcut(a, undo) // the rejection
	open := map[string]bool{}
	for _, o := range a.sugg.layer.Open() {
		open[o.ID] = true
	}
	if !open[source.ID] || !open[pti.ID] || !open[trump.ID] {
		t.Errorf("after undoing the rejection, open: %v", open)
	}
	shortcut(a, undo) // the acceptance
	if n := len(storedSpans(t, a)); n != 0 {
		t.Fatalf("after undoing everything: %d spans", n)
	}
	if got := a.status.sugg.Text; got != "7 suggestions left" {
		t.Errorf("status bar after undoing everything: %q", got)
	}
}

func TestSuggestions_HiddenKeysAndReviewMode(t *testing.T) {
	a, db := newTestApp(t)
	g := suggestWords(t, a, db, "समाचार एजेंसी पीटीआई", annot.Source, "डोनाल्ड ट्रम्प", annot.Actor)
	// ] walks them in order.
	test.Type(a.view, "]")
	first, _ := a.sugg.layer.Selected()
	test.Type(a.view, "]")
	second, _ := a.sugg.layer.Selected()
	if first.ID == "" || second.ID == "" || first.Start > second.Start {
		t.Errorf("] selected %+v then %+v", first, second)
	}
	// Hidden: nothing drawn, keys do nothing, the count says hidden.
	a.sugg.toggle.SetChecked(false)
	if dashesOf(t, a, g["समाचार एजेंसी पीटीआई SOURCE"]) != 0 {
		t.Error("hidden suggestions are drawn")
	}
	pressKey(a, fyne.KeyReturn)
	if len(storedSpans(t, a)) != 0 {
		t.Error("Enter accepted a hidden suggestion")
	}
	if got := a.status.sugg.Text; got != "2 suggestions hidden" {
		t.Errorf("status bar: %q", got)
	}
	a.sugg.toggle.SetChecked(true)
	// Review mode shows none of them: a reviewer compares people.
	a.setMode(ModeReview)
	if len(a.sugg.layer.Visible()) != 0 || a.sugg.box.Visible() {
		t.Error("review mode shows suggestions")
	}
	a.setMode(ModeAnnotate)
	if len(a.sugg.layer.Visible()) != 2 {
		t.Error("back in annotate mode the suggestions are gone")
	}
	// Tagging a suggested span by hand takes it off the list.
	pti := g["समाचार एजेंसी पीटीआई SOURCE"]
	a.tag(pti.Start, pti.End, annot.Source)
	if len(a.sugg.layer.Open()) != 1 {
		t.Errorf("a span tagged by hand is still suggested: %+v", a.sugg.layer.Open())
	}
}

func TestSuggestions_TagAllOccurrences(t *testing.T) {
	a, db := newTestApp(t)
	importText(t, db, "other.txt", "ली ने कहा कि ली आएंगे। लीला नहीं।")
	a.reloadDocs()
	s := a.doc.Text()
	li := runeIndex(s, "ली ने")
	a.tag(li, li+2, annot.Actor)
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault})
	a.sugg.pending.Wait()
	open := a.sugg.layer.Open()
	if len(open) < 2 {
		t.Fatalf("Ctrl+D suggested %d other places of ली", len(open))
	}
	for _, g := range open {
		if a.doc.Slice(g.Start, g.End) != "ली" || g.Label != annot.Actor || g.Origin != annot.OriginOccurrence {
			t.Errorf("suggested %+v (%q)", g, a.doc.Slice(g.Start, g.End))
		}
	}
	if sel, ok := a.sugg.layer.Selected(); !ok || sel.Origin != annot.OriginOccurrence {
		t.Error("the batch's first is not selected")
	}
	// The batch at once: one call, one undo step.
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierAlt | fyne.KeyModifierShift})
	if n := len(storedSpans(t, a)); n != 1+len(open) {
		t.Fatalf("after accepting the batch: %d spans, want %d", n, 1+len(open))
	}
	for _, sp := range storedSpans(t, a) {
		if sp.Start != li && sp.Origin != annot.OriginOccurrence {
			t.Errorf("span %+v lacks its origin", sp)
		}
	}
	shortcut(a, &fyne.ShortcutUndo{})
	if n := len(storedSpans(t, a)); n != 1 {
		t.Fatalf("undo of the batch left %d spans", n)
	}
	// In the project: the other document gets its two ली, not लीला.
	a.doc.SelectSpan(storedSpans(t, a)[0].ID)
	a.sugg.occurrences(true)
	a.sugg.pending.Wait()
	var other string
	for _, d := range a.docs {
		if d.Source == "other.txt" {
			other = d.ID
		}
	}
	set, err := db.Suggested(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Suggestions) != 2 {
		t.Errorf("the other document has %d suggestions of ली, want 2", len(set.Suggestions))
	}
}
