package suggest

import (
	"strings"
	"unicode"
)

// sharedSubject finds who speaks when a reporting verb shares its subject
// with an earlier verb: k is the "and", "but" or "to" before the cue. It
// is the sentence's opening noun phrase, when a verb the rules recognise
// (a finite or auxiliary word, a past tense) follows it within a few
// words: "She did not know the date and said …", "Duda also
// characterised the deaths as … and wrote …", "The agency did not
// mention casualties, but said …", "Schwartz went on to say …".
func (e *engine) sharedSubject(k int) (int, int) {
	d := e.d
	if d.lowers[k] == "to" {
		// "X went on to say": only this one; "declined to say", "is
		// expected to say" report nothing yet.
		if k >= 2 && d.lowers[k-1] == "on" && e.lex.has("goon", d.lowers[k-2]) {
			s, t := e.phraseBefore(e.skipAux(k-3) + 1)
			return s, t
		}
		return 0, 0
	}
	lo := e.l.sentStart[k]
	s := lo
	for s < k && (e.lex.has("lead", d.lowers[s]) || d.words[s] == ",") {
		s++
	}
	if s >= k || e.lex.has("prep", d.lowers[s]) || e.lex.has("advstart", d.lowers[s]) || !e.nameAt(s) && !unicode.IsUpper(firstRune(d.words[s])) {
		return 0, 0
	}
	for t := s + 1; t < k && t-s <= 7; t++ {
		w := d.lowers[t]
		if e.lex.has("aux", w) || e.lex.has("finite", w) || len(w) >= 4 && strings.HasSuffix(w, "ed") && !unicode.IsUpper(firstRune(d.words[t])) {
			return s, t
		}
		if d.punct(t) && !e.joined(t) || e.lex.has("stop", w) || e.lex.has("say", w) {
			return 0, 0
		}
	}
	return 0, 0
}
