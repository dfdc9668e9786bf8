package ui

import (
	"image"
	"image/color"
	"math"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// English words used to be unevenly spaced: each word was an object of
// its own, placed on a whole pixel, so the gaps came out a pixel wider
// or narrower at random. A line of words is now one run of text, which
// the font engine spaces at fractions of a pixel, as a browser does: the
// columns of ink across the view's line are those of the whole line
// drawn by Fyne as one text.
func TestSpanView_WordsSpacedAsOneRun(t *testing.T) {
	const line = "Premier Li Qiang visited Ganzhou in Jiangxi province this week, one of the largest bases."
	v := newTestView(t, line)
	var texts []*canvas.Text
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) != 1 || texts[0].Text != line {
		t.Fatalf("the line is drawn as %d text objects", len(texts))
	}
	got := inkColumns(fyne.CurrentApp().Driver().CanvasForObject(v).Capture())

	ref := canvas.NewText(line, theme.Color(theme.ColorNameForeground))
	ref.TextSize = v.textSize
	ref.Move(fyne.NewPos(40, 10))
	ref.Resize(ref.MinSize())
	w := test.NewTempWindow(t, &fyne.Container{Objects: []fyne.CanvasObject{ref}})
	w.Resize(fyne.NewSize(800, 60))
	want := inkColumns(w.Canvas().Capture())
	if len(got) != len(want) {
		t.Fatalf("the view's line has %d columns of ink, one text of it %d", len(got), len(want))
	}
	for i := range got {
		if got[i]-got[0] != want[i]-want[0] {
			t.Fatalf("column %d of ink is at +%d in the view, +%d in one text: words spaced unlike the font engine's run",
				i, got[i]-got[0], want[i]-want[0])
		}
	}
}

// inkColumns lists the x of every column, in the first band of rows with
// ink, that holds a clearly inked pixel: the shape of the words and
// gaps, whatever the band's height or position.
func inkColumns(img image.Image) []int {
	b := img.Bounds()
	bg := color.NRGBAModel.Convert(img.At(b.Max.X-1, b.Max.Y-1)).(color.NRGBA)
	ink := func(x, y int) bool {
		c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
		d := int(c.R) - int(bg.R)
		return d > 100 || d < -100
	}
	top, bottom := -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := false
		for x := b.Min.X; x < b.Max.X && !row; x++ {
			row = ink(x, y)
		}
		if row && top < 0 {
			top = y
		}
		if !row && top >= 0 {
			bottom = y
			break
		}
	}
	var cols []int
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := top; y < bottom; y++ {
			if ink(x, y) {
				cols = append(cols, x)
				break
			}
		}
	}
	return cols
}

// A word that starts with a Latin letter used to lose the bottom of its
// g, p, y and commas: Fyne draws text into an image as tall as the
// theme font's line (the bundled Devanagari font's), with the baseline
// at the first letter's font's ascent (Noto Sans's, higher). The image
// now has room below the descenders (roomBelow).
func TestTheme_LatinDescendersNotCut(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	for _, s := range []string{"gjpqy, typography", "क्या gjpqy"} {
		txt := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
		txt.TextSize = 18
		txt.Move(fyne.NewPos(10, 10))
		txt.Resize(txt.MinSize())
		w := test.NewTempWindow(t, &fyne.Container{Objects: []fyne.CanvasObject{txt}})
		w.SetPadded(false)
		w.Resize(fyne.NewSize(400, 80))
		img := w.Canvas().Capture()
		last := int(math.Ceil(float64(10+txt.MinSize().Height))) - 1 // the last row of the text's image
		lowest := -1
		bg := color.NRGBAModel.Convert(img.At(399, 79)).(color.NRGBA)
		for y := 0; y < 80; y++ {
			for x := 0; x < 400; x++ {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				if d := int(c.R) - int(bg.R); d > 40 || d < -40 {
					lowest = y
				}
			}
		}
		if lowest >= last {
			t.Errorf("%q: ink reaches row %d, the last of its image: descenders cut", s, lowest)
		}
	}
}

func TestRoomBelow(t *testing.T) {
	patched := roomBelow(devanagariRegular, latinDepth)
	if len(patched) != len(devanagariRegular) {
		t.Fatal("roomBelow changed the font's size")
	}
	for _, bad := range [][]byte{nil, []byte("short"), make([]byte, 40)} {
		roomBelow(bad, latinDepth) // must not panic
	}
}

// The ZWJ emoji 👩‍🔬 was drawn as two glyphs, a woman and a microscope:
// Fyne's bundled EmojiOne has no glyph for the sequence. With a colour
// emoji font on the machine that has one (Noto Color Emoji: .ci/run
// installs it), the view draws the sequence with that font, as one
// glyph, in colour; flags are one glyph with either font.
func TestSpanView_EmojiSequencesAsOneGlyph(t *testing.T) {
	const s = "Dr 👩‍🔬 Asha, in 🇮🇳 today"
	v := newTestView(t, s)
	one := measureParts("👩", v.textSize)
	if flag := measureParts("🇮🇳", v.textSize); flag != one {
		t.Errorf("the flag is %v wide, one emoji %v: not joined", flag, one)
	}
	emoji.once.Do(emoji.init)
	if emoji.res == nil {
		if os.Getenv("SPANMARK_E2E") == "1" {
			t.Fatal("no colour emoji font on this machine; .ci/run installs fonts-noto-color-emoji")
		}
		t.Skip("no colour emoji font on this machine")
	}
	single, _ := fyne.CurrentApp().Driver().RenderedTextSize("👩", v.textSize, fyne.TextStyle{}, emoji.res)
	if got := measureParts("👩‍🔬", v.textSize); got != single.Width {
		t.Fatalf("👩‍🔬 is %v wide, one glyph of the colour font %v", got, single.Width)
	}
	var drawn *canvas.Text
	for _, o := range test.WidgetRenderer(v).Objects() {
		if txt, ok := o.(*canvas.Text); ok && txt.Text == "👩‍🔬" {
			drawn = txt
		}
	}
	if drawn == nil || drawn.FontSource != emoji.res {
		t.Fatal("👩‍🔬 is not drawn on its own with the colour emoji font")
	}
	// In colour: some pixel where it is drawn is neither grey nor the
	// background.
	img := fyne.CurrentApp().Driver().CanvasForObject(v).Capture()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(drawn)
	coloured := false
	for y := int(at.Y); y < int(at.Y+drawn.Size().Height)+8; y++ {
		for x := int(at.X); x < int(at.X+drawn.Size().Width)+8; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if d := int(c.R) - int(c.B); d > 60 || d < -60 {
				coloured = true
			}
		}
	}
	if !coloured {
		t.Fatal("👩‍🔬 is not drawn in colour")
	}
}
