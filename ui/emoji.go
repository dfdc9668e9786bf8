package ui

import (
	"bytes"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"app.spanmark.org/spanmark/internal/text"
)

// What Fyne 2.7 does with colour emoji: it bundles EmojiOne Color (an
// SVG-in-OpenType font, drawn by go-text/render) after the theme's text
// fonts, and HarfBuzz joins a cluster into one glyph when the font has a
// ligature for it. EmojiOne has flags (🇮🇳), skin tones, families and the
// rainbow flag, but not the newer ZWJ sequences such as 👩‍🔬 (woman +
// ZWJ + microscope), which it draws as two glyphs. Fyne falls back to the
// system's fonts only for characters its own fonts lack, so it never
// reaches a system colour font such as Noto Color Emoji (bitmaps, which
// go-text/render also draws) for 👩 or 🔬.
//
// The view does: a cluster that the system's colour emoji font draws as
// one glyph and EmojiOne does not is measured and drawn with that font
// (canvas.Text.FontSource); everything else is Fyne's as before. Without
// such a font on the machine, such a cluster stays as EmojiOne draws it:
// its parts side by side, never boxes.
type colourEmoji struct {
	once    sync.Once
	res     fyne.Resource // the system's colour emoji font, nil if none
	face    *font.Face
	bundled *font.Face
	ascent  float32 // of face, a fraction of the size

	mu     sync.Mutex
	better map[string]bool // by cluster: draw it with res
}

var emoji colourEmoji

func (e *colourEmoji) init() {
	e.better = map[string]bool{}
	if f, err := font.ParseTTF(bytes.NewReader(theme.DefaultEmojiFont().Content())); err == nil {
		e.bundled = f
	}
	fm := fontscan.NewFontMap(nil)
	if err := fm.UseSystemFonts(""); err != nil {
		return
	}
	fm.SetQuery(fontscan.Query{Families: []string{fontscan.Emoji}})
	face := fm.ResolveFace('👩')
	if face == nil {
		return
	}
	if gid, ok := face.NominalGlyph('👩'); !ok || !colourGlyph(face, gid) {
		return // a black-and-white or text font: no better than EmojiOne
	}
	loc := fm.FontLocation(face.Font)
	data, err := os.ReadFile(loc.File)
	if err != nil || loc.Index != 0 {
		return
	}
	e.face = face
	e.res = fyne.NewStaticResource("system-emoji.ttf", data)
	if ext, ok := face.FontHExtents(); ok && face.Upem() > 0 {
		e.ascent = ext.Ascender / float32(face.Upem())
	}
}

func colourGlyph(f *font.Face, gid font.GID) bool {
	switch f.GlyphData(gid).(type) {
	case font.GlyphBitmap, font.GlyphSVG:
		return true
	}
	return false
}

// prepareFor finds the system's colour emoji font, once, when text has a
// character that may need it; it runs on a goroutine of its own, since
// scanning the system's fonts takes a moment. It used to run at every
// start: the font, its file and the scan held 40-50 MB of a window that
// showed no emoji (the window of a 100,000-document project went from 265
// to 305-320 MB).
func (e *colourEmoji) prepareFor(text string) {
	for _, r := range text {
		if pictographic(r) {
			e.once.Do(e.init)
			return
		}
	}
}

func pictographic(r rune) bool {
	return r >= 0x1F000 || r == 0x200D || (r >= 0x2600 && r < 0x2800)
}

// mayJoin reports whether a cluster could be an emoji that EmojiOne does
// not join: more than one code point, one of them an emoji or ZWJ.
func mayJoin(cluster string) bool {
	n := 0
	pict := false
	for _, r := range cluster {
		n++
		pict = pict || pictographic(r)
	}
	return n > 1 && pict
}

// drawsBetter reports whether the system's colour emoji font draws
// cluster as one glyph where EmojiOne draws it as several.
func (e *colourEmoji) drawsBetter(cluster string) bool {
	if !mayJoin(cluster) {
		return false
	}
	e.once.Do(e.init)
	if e.face == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if b, ok := e.better[cluster]; ok {
		return b
	}
	b := glyphs(e.face, cluster) == 1 && (e.bundled == nil || glyphs(e.bundled, cluster) > 1)
	e.better[cluster] = b
	return b
}

// glyphs is how many visible glyphs a face shapes s into; a missing
// glyph counts as many.
func glyphs(f *font.Face, s string) int {
	r := []rune(s)
	out := (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{Text: r, RunEnd: len(r), Direction: di.DirectionLTR,
		Face: f, Size: fixed.I(16), Script: language.Common})
	n := 0
	for _, g := range out.Glyphs {
		if g.GlyphID == 0 {
			return len(r) + 1
		}
		if g.XAdvance != 0 {
			n++
		}
	}
	return n
}

// textPart is a stretch of a word drawn with one font: the theme's
// (res nil) or the system's colour emoji font.
type textPart struct {
	text string
	res  fyne.Resource
}

// emojiParts splits s where the system's colour emoji font draws a
// cluster better; nil when it draws none of them better, which is almost
// always, and costs one pass over s.
func emojiParts(s string) []textPart {
	if !hasPictograph(s) {
		return nil
	}
	var parts []textPart
	bounds := text.Graphemes(s)
	idx := text.NewIndex(s)
	start := 0 // byte where the current theme-font part began
	found := false
	for i := 0; i+1 < len(bounds); i++ {
		a, b := idx.Byte(bounds[i]), idx.Byte(bounds[i+1])
		if !emoji.drawsBetter(s[a:b]) {
			continue
		}
		found = true
		if a > start {
			parts = append(parts, textPart{text: s[start:a]})
		}
		parts = append(parts, textPart{text: s[a:b], res: emoji.res})
		start = b
	}
	if !found {
		return nil
	}
	if start < len(s) {
		parts = append(parts, textPart{text: s[start:]})
	}
	return parts
}

// hasPictograph is a quick test for a character that may start an emoji
// sequence.
func hasPictograph(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x1F000 || (r >= 0x2600 && r < 0x2800) })
}

// measureParts is the width of s at size, its emoji parts measured with
// the font that draws them.
func measureParts(s string, size float32) float32 {
	parts := emojiParts(s)
	if parts == nil {
		return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
	}
	var w float32
	for _, p := range parts {
		w += partWidth(p, size)
	}
	return w
}

func partWidth(p textPart, size float32) float32 {
	if p.res == nil {
		return fyne.MeasureText(p.text, size, fyne.TextStyle{}).Width
	}
	s, _ := fyne.CurrentApp().Driver().RenderedTextSize(p.text, size, fyne.TextStyle{}, p.res)
	return s.Width
}
