package ui

import (
	"encoding/binary"
)

// roomBelow gives a TrueType font a descent of at least desc font units,
// in the tables that text layout reads the line's height from (hhea,
// and OS/2's typographic and Windows descents), and returns the patched
// copy.
//
// Fyne sizes the image a text object is drawn into by the line height of
// the theme's font, and puts the baseline at the ascent of the font of
// the text's first character. The bundled Noto Sans Devanagari is the
// theme's font (ascent 0.896 em, descent 0.408 em), and Latin letters
// come from Noto Sans (ascent 1.069 em, descent 0.293 em): a word that
// starts with a Latin letter got its baseline 0.173 em lower in an image
// no taller, and lost the bottom of g, p, y and the comma. A descent of
// 1.069 + 0.293 - 0.896 em leaves room for both; the glyphs and their
// advances are untouched.
func roomBelow(font []byte, desc int16) []byte {
	out := append([]byte(nil), font...)
	if len(out) < 12 {
		return font
	}
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(out) {
			return font
		}
		tag := string(out[rec : rec+4])
		off := int(binary.BigEndian.Uint32(out[rec+8:]))
		length := int(binary.BigEndian.Uint32(out[rec+12:]))
		if off+length > len(out) {
			return font
		}
		table := out[off : off+length]
		switch {
		case tag == "hhea" && length >= 8:
			if int16(binary.BigEndian.Uint16(table[6:])) > -desc {
				binary.BigEndian.PutUint16(table[6:], uint16(-desc))
			}
		case tag == "OS/2" && length >= 78:
			if int16(binary.BigEndian.Uint16(table[70:])) > -desc {
				binary.BigEndian.PutUint16(table[70:], uint16(-desc))
			}
			if binary.BigEndian.Uint16(table[76:]) < uint16(desc) {
				binary.BigEndian.PutUint16(table[76:], uint16(desc))
			}
		default:
			continue
		}
		binary.BigEndian.PutUint32(out[rec+4:], checksum(table))
	}
	return out
}

// checksum is a TrueType table checksum: the sum of its big-endian
// 32-bit words, the last padded with zeros.
func checksum(table []byte) uint32 {
	var sum uint32
	for i := 0; i < len(table); i += 4 {
		var w [4]byte
		copy(w[:], table[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
