// Package text owns how Spanmark counts text: the two import
// normalisations and the span remapping they need, conversion between
// code-point, byte and UTF-16 offsets, word tokens (UAX #29 with the
// Devanagari danda as a token of its own) and grapheme clusters.
//
// Offsets that leave this package are code points, half-open, as in Python's
// text[start:end], spaCy, doccano, Prodigy and brat. Go indexes strings by
// bytes, so every conversion goes through an Index instead of being done ad
// hoc at the call site.
package text
