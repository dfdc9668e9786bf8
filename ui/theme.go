// Package ui is Spanmark's window: the document list, the annotation
// view, the spans panel, label bar and status bar, and the dialogs for
// import, export and labels. It talks to the project only through the
// annot.Service and the transfer interfaces that main hands it.
package ui

import (
	_ "embed"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The bundled fonts let Hindi render on a machine with no Devanagari font
// installed. Noto Sans Devanagari has no Latin letters, so Fyne falls back
// to its own Noto Sans for those, and to system fonts for other scripts.
var (
	//go:embed fonts/NotoSansDevanagari-Regular.ttf
	devanagariRegular []byte
	//go:embed fonts/NotoSansDevanagari-Bold.ttf
	devanagariBold []byte

	fontRegular = fyne.NewStaticResource("NotoSansDevanagari-Regular.ttf", roomBelow(devanagariRegular, latinDepth))
	fontBold    = fyne.NewStaticResource("NotoSansDevanagari-Bold.ttf", roomBelow(devanagariBold, latinDepth))
)

// latinDepth is the descent, in the bundled fonts' units (1000 an em),
// that leaves room below a Latin word: Noto Sans's ascent and descent
// less Noto Sans Devanagari's ascent (see roomBelow), and a pixel's
// worth more, since the baseline is rounded down to a whole pixel.
const latinDepth = 1069 + 293 - 896 + 60

// appTheme is Fyne's default theme, following the system's light or dark
// variant, with the bundled Devanagari font first in line.
type appTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return &appTheme{Theme: theme.DefaultTheme()} }

func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace, s.Symbol, s.Italic:
		return t.Theme.Font(s)
	case s.Bold:
		return fontBold
	}
	return fontRegular
}

func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, v)
}
