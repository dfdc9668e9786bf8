// Package sample holds the Hindi news article that a new default
// database opens on, so that `spanmark` alone shows something real. It is
// a copy of ../shared/corpora/seed/rare-earths-hi.txt.
package sample

import (
	_ "embed"
	"strings"
)

// Name is the sample's file name, used as its source.
const Name = "rare-earths-hi.txt"

// Text is the article, as UTF-8 with LF line ends.
//
//go:embed rare-earths-hi.txt
var Text []byte

// english is a paragraph in a second script, so that a long article made
// from the sample mixes scripts as real Indian news does.
const english = `Official and media reports say China has stepped up efforts to tighten its grip on rare earth metals as the United States moves to build a broad international coalition to secure critical mineral supply chains. Premier Li Qiang visited Ganzhou in Jiangxi province this week, one of the world's largest bases for heavy rare earth production. State media said the visit underlined Beijing's strategic focus on advanced manufacturing and technology.`

// Sentences returns the sample's Hindi sentences and some English ones,
// each with its full stop, for building test corpora.
func Sentences() (hindi, eng []string) {
	for _, s := range strings.Split(string(Text), "।") {
		if s = strings.TrimSpace(s); s != "" {
			hindi = append(hindi, s+"।")
		}
	}
	for _, s := range strings.Split(english, ". ") {
		eng = append(eng, strings.TrimSuffix(s, ".")+".")
	}
	return hindi, eng
}

// Long returns an article of at least n bytes for speed tests: Hindi and
// English sentences in turn, in paragraphs of five, the same every time.
// Each sentence gains a made-up name, so that the article has a real
// article's thousands of distinct words rather than the sample's few
// hundred, since distinct words are what cost time to measure.
func Long(n int) string {
	hindi, eng := Sentences()
	var b strings.Builder
	b.Grow(n + 4096)
	for i := 0; b.Len() < n; i++ {
		if i%2 == 0 {
			b.WriteString(hindi[i%len(hindi)])
			b.WriteByte(' ')
			b.WriteString(name(3*i, devanagari) + " " + name(3*i+1, devanagari) + " " + name(3*i+2, devanagari))
		} else {
			b.WriteString(eng[i%len(eng)])
			b.WriteByte(' ')
			b.WriteString(name(3*i, latin) + " " + name(3*i+1, latin) + " " + name(3*i+2, latin))
		}
		b.WriteString(". ")
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

var (
	devanagari = []string{"क", "ख", "ग", "च", "ज", "त", "द", "न", "प", "ब", "म", "र", "ल", "व", "स", "ह", "क्ष", "त्र", "ज्ञ", "श्र"}
	latin      = []string{"ka", "ri", "to", "ma", "su", "le", "no", "ve", "da", "pi", "gu", "ha", "zo", "be", "fi", "lu", "xo", "qu", "ne", "wa"}
	matras     = []string{"", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ"}
)

// MadeUpName returns the i-th made-up name, in Devanagari or Latin letters; no
// two are alike for i below 160,000. Test corpora use it to make texts
// distinct.
func MadeUpName(i int, hindi bool) string {
	if hindi {
		return name(i, devanagari)
	}
	return name(i, latin)
}

// name makes the i-th made-up name from syllables of a script, a
// different one for every i below 20^4.
func name(i int, syl []string) string {
	var b strings.Builder
	for k := 0; k < 4; k++ {
		d := i % len(syl)
		b.WriteString(syl[d])
		if syl[0] == devanagari[0] {
			b.WriteString(matras[(d+k)%len(matras)])
		}
		i /= len(syl)
	}
	return b.String()
}
