package ui

import (
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/text"
)

// newTestView shows s in a view in a test window of a fixed size.
func newTestView(t *testing.T, s string) *SpanView {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	v := NewSpanView(NewDocModel(), 16)
	v.manualLayout = true
	w := test.NewTempWindow(t, v.Scroller())
	w.Resize(fyne.NewSize(700, 500))
	v.m.Open(&annot.Bundle{Doc: annot.Document{ID: "d", Text: s}})
	v.m.SetLabels(annot.DefaultLabels())
	return v
}

// setSpans gives the view's document these spans and relations, in the
// order given, by start: overlapping bands are drawn in that order.
func setSpans(v *SpanView, spans []annot.Span, rels []annot.Relation) {
	b := *v.m.Bundle()
	b.Spans, b.Relations = append([]annot.Span(nil), spans...), rels
	sort.SliceStable(b.Spans, func(i, j int) bool { return b.Spans[i].Start < b.Spans[j].Start })
	v.m.Reload(&b)
}

// posOf is a point inside the character at code point off, in the view's
// coordinates: a quarter of the way into its cluster.
func posOf(v *SpanView, off int) fyne.Position {
	v.lay.EnsureOffset(off)
	li := v.lay.LineOf(off)
	line := v.lay.Line(li)
	b := v.clusterBounds()
	x1, x2 := v.lay.XOf(line, int32(off)), v.lay.XOf(line, int32(text.SnapUp(b, off+1)))
	if x1 > x2 {
		x1, x2 = x2, x1
	}
	y := v.lineTop(li) + v.metrics.pad + v.metrics.textH/2
	return fyne.NewPos(sidePad+x1+(x2-x1)/4, y)
}

// drag presses at from, moves to to and releases, as the driver does.
func drag(v *SpanView, from, to fyne.Position, mod fyne.KeyModifier) {
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary, Modifier: mod})
	mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
	v.DragEnd()
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

// runeIndex is the code-point offset of the first occurrence of sub.
func runeIndex(s, sub string) int {
	b := strings.Index(s, sub)
	if b < 0 {
		return -1
	}
	return text.NewIndex(s).Rune(b)
}

func TestSpanView_DragSelectsWholeWordsAndTags(t *testing.T) {
	s := string(sample.Text)
	v := newTestView(t, s)
	words := "दुर्लभ पृथ्वी धातुओं"
	start := runeIndex(s, words)
	end := start + len([]rune(words))
	var tagged [3]any
	v.OnTag = func(s, e int, label string) { tagged = [3]any{s, e, label} }

	// From the middle of the first word to the middle of the last.
	drag(v, posOf(v, start+2), posOf(v, end-3), 0)
	if got := v.m.SelectedText(); got != words {
		t.Fatalf("selected %q, want %q", got, words)
	}
	test.Type(v, "1")
	if tagged != [3]any{start, end, "CLAIM"} {
		t.Fatalf("tagged %v, want [%d %d CLAIM]", tagged, start, end)
	}
	if got := text.NewIndex(s).Slice(start, end); got != words {
		t.Fatalf("offsets slice to %q", got)
	}

	// Backwards gives the same words.
	drag(v, posOf(v, end-3), posOf(v, start+2), 0)
	if got := v.m.SelectedText(); got != words {
		t.Fatalf("backward drag selected %q", got)
	}
}

func TestSpanView_NeverSplitsClusters(t *testing.T) {
	s := "राज्य सरकार ने क्षेत्र में 👩‍👩‍👧‍👦 परिवार और cafe\u0301 देखा।"
	cases := []struct {
		name string
		word string
		alt  bool
	}{
		{"conjunct word drag", "क्षेत्र", false},
		{"conjunct alt drag", "क्षेत्र", true},
		{"zwj emoji alt drag", "👩‍👩‍👧‍👦", true},
		{"combining mark alt drag", "cafe\u0301", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newTestView(t, s)
			b := v.clusterBounds()
			start := runeIndex(s, tc.word)
			end := start + len([]rune(tc.word))
			var mod fyne.KeyModifier
			if tc.alt {
				mod = fyne.KeyModifierAlt
			}
			// Press inside the first cluster and release inside the last.
			drag(v, posOf(v, start), posOf(v, text.SnapDown(b, end-1)), mod)
			a, e := v.m.Selection()
			if a == e {
				t.Fatal("nothing selected")
			}
			if !text.IsBoundary(b, a) || !text.IsBoundary(b, e) {
				t.Fatalf("selection [%d,%d) %q splits a cluster", a, e, v.m.SelectedText())
			}
			if tc.alt && (a < start || e > end) {
				t.Fatalf("alt drag inside %q selected %q", tc.word, v.m.SelectedText())
			}
			if !tc.alt && v.m.SelectedText() != tc.word {
				t.Fatalf("word drag selected %q, want %q", v.m.SelectedText(), tc.word)
			}
		})
	}
	t.Run("double click on a conjunct selects its word", func(t *testing.T) {
		v := newTestView(t, s)
		start := runeIndex(s, "क्षेत्र")
		v.DoubleTapped(&fyne.PointEvent{Position: posOf(v, start+1)})
		if got := v.m.SelectedText(); got != "क्षेत्र" {
			t.Fatalf("double click selected %q", got)
		}
	})
	t.Run("double click in grapheme mode selects one cluster", func(t *testing.T) {
		v := newTestView(t, s)
		v.SetGrapheme(true)
		start := runeIndex(s, "👩‍👩‍👧‍👦")
		v.DoubleTapped(&fyne.PointEvent{Position: posOf(v, start)})
		if got := v.m.SelectedText(); got != "👩‍👩‍👧‍👦" {
			t.Fatalf("double click on the emoji selected %q", got)
		}
	})
}

func TestSpanView_ClickSelectsInnermostSpan(t *testing.T) {
	s := "Li Qiang said the plan works."
	v := newTestView(t, s)
	claim := annot.Span{ID: "c", Start: 0, End: 28, Label: "CLAIM", Annotator: "asha"}
	actor := annot.Span{ID: "a", Start: 0, End: 8, Label: "ACTOR", Annotator: "asha"}
	setSpans(v, []annot.Span{claim, actor}, nil)
	test.TapAt(v, posOf(v, 3))
	if v.m.SelectedSpan() != "a" {
		t.Fatalf("click on the nested actor selected %q", v.m.SelectedSpan())
	}
	var deleted string
	v.OnDelete = func(id string) { deleted = id }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if deleted != "a" {
		t.Fatalf("Delete asked to delete %q", deleted)
	}
	test.TapAt(v, posOf(v, 15))
	if v.m.SelectedSpan() != "c" {
		t.Fatalf("click on the claim selected %q", v.m.SelectedSpan())
	}
	var link [2]string
	v.OnLink = func(from, to string) { link = [2]string{from, to} }
	test.Type(v, "l")
	test.TapAt(v, posOf(v, 1))
	if link != [2]string{"c", "a"} {
		t.Fatalf("link = %v, want claim to actor", link)
	}
}

func TestSpanView_ShiftClickExtendsSelection(t *testing.T) {
	s := string(sample.Text)
	v := newTestView(t, s)
	first := runeIndex(s, "चीनी प्रधान मंत्री")
	last := runeIndex(s, "उत्पादन अड्डों")
	v.DoubleTapped(&fyne.PointEvent{Position: posOf(v, first+1)})
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: posOf(v, last+1)}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	test.TapAt(v, posOf(v, last+1))
	a, e := v.m.Selection()
	if a != first || e != last+len([]rune("उत्पादन")) {
		t.Fatalf("selection %d-%d %q, want from चीनी to उत्पादन", a, e, v.m.SelectedText())
	}
}

func TestSpanView_DragPastTheBottomScrolls(t *testing.T) {
	s := sample.Long(40 << 10)
	v := newTestView(t, s)
	v.lay.Ensure(1 << 30)
	v.scroll.Refresh()
	start := posOf(v, 2)
	h := v.scroll.Size().Height
	drag(v, start, fyne.NewPos(start.X+40, h-2), 0)
	if v.scroll.Offset.Y <= 0 {
		t.Fatal("dragging to the bottom edge did not scroll")
	}
	a, e := v.m.Selection()
	if a != 0 || e <= a {
		t.Fatalf("selection %d-%d after dragging down from the first word", a, e)
	}
}
