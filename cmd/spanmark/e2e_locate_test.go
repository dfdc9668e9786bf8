package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"strconv"
	"strings"
)

// The window tests find what they click in screenshots of the window
// instead of at fixed pixels, which every change of layout moved: words
// through the find bar and the selection it draws, the toolbar's buttons
// by their background.

// capture is a screenshot of the window alone, in the coordinates that
// `xdotool mousemove --window` takes (Xvfb has no window manager, so no
// frame).
func (w *window) capture() image.Image {
	w.t.Helper()
	cmd := exec.Command("import", "-window", w.id, "png:-")
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		w.t.Fatalf("screenshot of the window: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		w.t.Fatalf("screenshot of the window: %v", err)
	}
	return img
}

// Fyne's dark theme (FYNE_THEME=dark) as the window draws it: selected
// text's background, the selection colour (the primary blue #006cff at a
// quarter) over the background #171718; and a button's background.
var (
	darkSelection = color.NRGBA{R: 0x11, G: 0x2c, B: 0x52, A: 0xff}
	darkButton    = color.NRGBA{R: 0x28, G: 0x29, B: 0x2e, A: 0xff}
)

// near reports whether c is within 3 of want in each channel.
func near(c color.Color, want color.NRGBA) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) bool { return int(a)-int(b) <= 3 && int(b)-int(a) <= 3 }
	return d(n.R, want.R) && d(n.G, want.G) && d(n.B, want.B)
}

// findOnScreen selects the first match of words in the open document with
// the find bar (Ctrl+F, the words over what it held, Enter, Esc), which scrolls it into
// view if it is not, and returns where the window draws the selection: the
// pixels in the selection's colour that were not before. The window must
// use the dark theme. words must occur once in the document.
func (w *window) findOnScreen(words string) image.Rectangle {
	w.t.Helper()
	before := w.capture()
	w.key("ctrl+f")
	w.key("ctrl+a") // the box keeps what was last found
	w.typeText(words)
	w.key("Return")
	w.key("Escape")
	after := w.capture()
	want := darkSelection
	var box image.Rectangle
	b := after.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(after.At(x, y), want) && !near(before.At(x, y), want) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Dx() < 10 || box.Dy() < 10 {
		w.shot("failed-find-" + strings.ReplaceAll(words, " ", "-"))
		w.t.Fatalf("find %q: no selection drawn on screen (%v)\napp said:\n%s", words, box, w.out.String())
	}
	return box
}

// toolbarButtons are the buttons at the top right of the window, left to
// right: in a row of the button colour just inside their top edge, as
// the "Done, next" button at the window's right edge finds it. The
// Clusters box between them has no button background.
func (w *window) toolbarButtons() []image.Rectangle {
	w.t.Helper()
	img := w.capture()
	b := img.Bounds()
	button := darkButton
	top, bottom := -1, -1
	for y := b.Min.Y; y < b.Min.Y+200 && bottom < 0; y++ {
		in := near(img.At(b.Max.X-12, y), button)
		if in && top < 0 {
			top = y
		}
		if !in && top >= 0 {
			bottom = y
		}
	}
	if top < 0 || bottom < 0 {
		w.t.Fatal("no button at the top right of the window")
	}
	var out []image.Rectangle
	row, end := top+3, -1
	for x := b.Max.X - 1; x >= b.Min.X-1; x-- {
		in := x >= b.Min.X && near(img.At(x, row), button)
		switch {
		case in && end < 0:
			end = x + 1
		case !in && end >= 0:
			if end-x-1 >= 16 {
				out = append([]image.Rectangle{image.Rect(x+1, top, end, bottom)}, out...)
			}
			end = -1
		}
	}
	return out
}

// focusText gives the article the keys without clicking anything in it:
// the find bar, opened and closed, leaves the focus there.
func (w *window) focusText() {
	w.t.Helper()
	w.key("ctrl+f")
	w.key("Escape")
}

// clickAt clicks the middle of r.
func (w *window) clickAt(r image.Rectangle) {
	w.t.Helper()
	c := r.Min.Add(r.Max).Div(2)
	w.click(strconv.Itoa(c.X), strconv.Itoa(c.Y))
}
