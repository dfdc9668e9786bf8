package ui

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
)

// coverage answers whether any font the window can use draws a
// character: the bundled Devanagari font, Fyne's own text and emoji fonts,
// then the system's fonts, in the order Fyne itself falls back. It keeps
// its own font map, so checking on a goroutine never touches the faces
// that the renderer is using.
type coverage struct {
	once    sync.Once // the bundled faces
	sysOnce sync.Once // the system's fonts, scanned only when needed
	mu      sync.Mutex
	faces   []*font.Face
	system  *fontscan.FontMap
	checked map[rune]bool
}

var fonts coverage

func (c *coverage) init() {
	for _, res := range []fyne.Resource{fontRegular, theme.DefaultTextFont(), theme.DefaultEmojiFont()} {
		if res == nil {
			continue
		}
		if f, err := font.ParseTTF(bytes.NewReader(res.Content())); err == nil {
			c.faces = append(c.faces, f)
		}
	}
	c.checked = map[rune]bool{}
}

// systemFonts scans the system's fonts the first time a character is
// not in the bundled ones. The first scan on a machine can take a second,
// so it is kept off the path of the first frame, which needs only the
// bundled Devanagari and Latin faces.
func (c *coverage) systemFonts() *fontscan.FontMap {
	c.sysOnce.Do(func() {
		fm := fontscan.NewFontMap(nil)
		if err := fm.UseSystemFonts(""); err == nil {
			c.system = fm
		}
	})
	return c.system
}

// covered reports whether some font draws r.
func (c *coverage) covered(r rune) bool {
	c.once.Do(c.init)
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok, seen := c.checked[r]; seen {
		return ok
	}
	ok := false
	for _, f := range c.faces {
		if _, has := f.NominalGlyph(r); has {
			ok = true
			break
		}
	}
	if !ok {
		if sys := c.systemFonts(); sys != nil {
			if f := sys.ResolveFace(r); f != nil {
				_, ok = f.NominalGlyph(r)
			}
		}
	}
	c.checked[r] = ok
	return ok
}

// faceFor returns the face that draws r, in Fyne's order of fallback,
// or nil if none does.
func (c *coverage) faceFor(r rune) *font.Face {
	c.once.Do(c.init)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.faces {
		if _, has := f.NominalGlyph(r); has {
			return f
		}
	}
	if sys := c.systemFonts(); sys != nil {
		if f := sys.ResolveFace(r); f != nil {
			if _, has := f.NominalGlyph(r); has {
				return f
			}
		}
	}
	return nil
}

// ascent is the ascender, as a fraction of the text size, of the font
// that draws r. Fyne places a text's baseline by the font of its first
// character, so words that start in different fonts need shifting to
// share a line's baseline.
func ascent(r rune) float32 {
	f := fonts.faceFor(r)
	if f == nil {
		return 0
	}
	ext, ok := f.FontHExtents()
	if !ok || f.Upem() == 0 {
		return 0
	}
	return ext.Ascender / float32(f.Upem())
}

// missingGlyphs lists the distinct visible characters of s that no
// available font draws, in order.
func missingGlyphs(s string) []rune {
	seen := map[rune]bool{}
	var missing []rune
	for _, r := range s {
		if r < 0x80 || seen[r] || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.IsControl(r) {
			continue
		}
		seen[r] = true
		if !fonts.covered(r) {
			missing = append(missing, r)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
	return missing
}

// describeMissing names up to five missing characters by code point.
func describeMissing(rs []rune) string {
	var parts []string
	for i, r := range rs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-5))
			break
		}
		parts = append(parts, fmt.Sprintf("U+%04X", r))
	}
	return strings.Join(parts, ", ")
}

// checkFonts warns, in the status bar, about characters of the document
// that would show as boxes. It runs on a goroutine: scanning the
// system's fonts the first time takes a moment.
func (a *App) checkFonts(docID, text string) {
	missing := missingGlyphs(text)
	if len(missing) == 0 {
		return
	}
	fyne.Do(func() {
		if a.doc.DocID() != docID {
			return
		}
		a.status.setWarning(fmt.Sprintf("no font on this machine draws %d characters of this document (%s): install a font for that script", len(missing), describeMissing(missing)))
	})
}
