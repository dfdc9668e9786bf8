// Package suggest proposes spans and links that an analyst then accepts or
// rejects: matches of pattern files in the format of spaCy's EntityRuler
// and Prodigy (phrase patterns and token patterns), the built-in
// attribution rules for English and Hindi news, and "tag all occurrences"
// of a span the analyst has just made.
//
// It is pure Go: no SQL, no window. It works on a document's text and
// Spanmark's own tokens (internal/text: UAX #29 words, the danda a token
// of its own), and answers in code-point offsets, half-open, like every
// other package. The store keeps what it returns as suggestions, which are
// nobody's annotation until accepted.
//
// Compile pattern files once (ReadPatterns, Compile) and reuse the Matcher
// for every document: it indexes patterns by what their first token must
// be, so a document costs one pass over its tokens plus the few patterns
// each token can start.
package suggest
