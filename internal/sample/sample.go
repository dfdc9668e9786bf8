// Package sample holds the Hindi news article that a new default
// database opens on, so that `spanmark` alone shows something real. It is
// a copy of ../shared/corpora/seed/rare-earths-hi.txt.
package sample

import _ "embed"

// Name is the sample's file name, used as its source.
const Name = "rare-earths-hi.txt"

// Text is the article, as UTF-8 with LF line ends.
//
//go:embed rare-earths-hi.txt
var Text []byte
