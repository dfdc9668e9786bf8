package main

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"golang.org/x/image/vector"
)

// The icon is drawn, not painted, so that every size the packages need
// (16 px in a menu to 512 px in a store) is sharp: a dark tile with three
// lines of "text", on which one span in each label's colour is marked,
// as the annotation view marks CLAIM, ACTOR and SOURCE.
var (
	iconTile   = color.RGBA{0x1f, 0x2a, 0x44, 0xff}
	iconWords  = color.RGBA{0xd8, 0xde, 0xea, 0xff}
	iconClaim  = color.RGBA{0xf2, 0xa9, 0x3b, 0xff} // the default labels' colours
	iconActor  = color.RGBA{0x4a, 0x90, 0xd9, 0xff}
	iconSource = color.RGBA{0x3f, 0xae, 0x6a, 0xff}
)

// iconBar is one rounded bar on a line of the icon, in units of its size.
type iconBar struct {
	x0, x1 float64
	span   bool // a marked span: taller than a word, in a label's colour
	c      color.RGBA
}

var iconLines = []struct {
	y    float64 // centre
	bars []iconBar
}{
	{0.31, []iconBar{{0.19, 0.33, false, iconWords}, {0.40, 0.81, true, iconClaim}}},
	{0.50, []iconBar{{0.19, 0.52, true, iconActor}, {0.59, 0.81, false, iconWords}}},
	{0.69, []iconBar{{0.19, 0.37, false, iconWords}, {0.44, 0.70, true, iconSource}}},
}

// drawIcon draws the icon at size×size pixels.
func drawIcon(size int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	fill := func(x0, y0, x1, y1, radius float64, c color.RGBA) {
		r := vector.NewRasterizer(size, size)
		roundedRect(r, x0*s, y0*s, x1*s, y1*s, radius*s)
		r.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{})
	}
	fill(0.04, 0.04, 0.96, 0.96, 0.2, iconTile)
	for _, l := range iconLines {
		for _, b := range l.bars {
			h := 0.07
			if b.span {
				h = 0.13
			}
			// At small sizes, whole pixels keep the bars crisp.
			y0, y1 := snap((l.y-h/2)*s)/s, snap((l.y+h/2)*s)/s
			fill(b.x0, y0, b.x1, y1, h/2, b.c)
		}
	}
	return img
}

func snap(v float64) float64 { return math.Round(v) }

// roundedRect adds a rectangle with quarter-circle corners to r.
func roundedRect(r *vector.Rasterizer, x0, y0, x1, y1, rad float64) {
	rad = min(rad, (x1-x0)/2, (y1-y0)/2)
	const k = 0.5523 // control point distance of a cubic quarter circle
	f := func(v float64) float32 { return float32(v) }
	r.MoveTo(f(x0+rad), f(y0))
	r.LineTo(f(x1-rad), f(y0))
	r.CubeTo(f(x1-rad+k*rad), f(y0), f(x1), f(y0+rad-k*rad), f(x1), f(y0+rad))
	r.LineTo(f(x1), f(y1-rad))
	r.CubeTo(f(x1), f(y1-rad+k*rad), f(x1-rad+k*rad), f(y1), f(x1-rad), f(y1))
	r.LineTo(f(x0+rad), f(y1))
	r.CubeTo(f(x0+rad-k*rad), f(y1), f(x0), f(y1-rad+k*rad), f(x0), f(y1-rad))
	r.LineTo(f(x0), f(y0+rad))
	r.CubeTo(f(x0), f(y0+rad-k*rad), f(x0+rad-k*rad), f(y0), f(x0+rad), f(y0))
	r.ClosePath()
}

// iconPNG encodes the icon at size as PNG.
func iconPNG(size int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, drawIcon(size)); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return b.Bytes()
}

var _ draw.Image = (*image.RGBA)(nil)
