package suggest

import (
	"strings"
	"unicode"
)

// Outlets the word lists do not know are told by their form and by where
// they stand. By form: a word of a title after the name's first word
// ("Kamloops This Week", "The Hollywood Reporter", "इंडिया टुडे"), or a
// capitalised "The" inside a sentence ("told The Kathimerini"). By place:
// a proper name in a slot that only outlets fill in news attribution
// ("in an interview with X", "quoted by X", "X quoted Y as saying", "X,
// citing Y,", "X reported that …") is an outlet unless it holds a role or
// names a body that speaks for itself (a ministry, a court, a company).

// outletWord reports whether token k, inside a phrase starting at s, is a
// word that names an outlet there: a capitalised English title word after
// the first word ("the Toronto Star", "Kamloops This Week"), or a Hindi
// transliterated one after a word that is not itself an outlet or "एक"
// ("ग्रीक रिपोर्टर" but not "बीबीसी रिपोर्टर", "एक रिपोर्टर").
func (e *engine) outletWord(s, k int) bool {
	if k <= s {
		return false
	}
	w := e.d.lowers[k]
	if e.lex.has("outlet", w) {
		return unicode.IsUpper(firstRune(e.d.words[k])) && unicode.IsUpper(firstRune(e.d.words[k-1]))
	}
	if e.lex.has("hioutlet", w) {
		p := e.d.lowers[k-1]
		return p != "एक" && !e.lex.has("media", p) && !e.lex.has("hioutlet", p)
	}
	return false
}

// titled reports whether the phrase [s, t) opens with a capitalised "The"
// that does not start its sentence, before a capitalised word: the way
// titles of newspapers and programmes are written ("told The Kathimerini",
// "according to The Hindu").
func (e *engine) titled(s, t int) bool {
	d := e.d
	if t-s < 2 || d.words[s] != "The" || s == e.l.sentStart[s] || strings.Contains(d.gap(s), "\n") || !unicode.IsUpper(firstRune(d.words[s+1])) {
		return false
	}
	if p := s - 1; d.punct(p) && d.words[p] != "," {
		return false // after a colon, a dash or a quotation a new clause may start
	}
	return e.properName(s, t)
}

// properName reports whether the phrase [s, t) is a name and nothing
// else: capitalised English words (with "the", "of", "and", "&" or a
// hyphen between them), or Devanagari words, with no role ("Reuters
// reporter"), no body that speaks for itself ("Health Ministry", "Apple
// Inc") and no plural person (पत्रकारों, "reporters").
func (e *engine) properName(s, t int) bool {
	d := e.d
	if t <= s {
		return false
	}
	for k := s; k < t; k++ {
		w, lw := d.words[k], d.lowers[k]
		if e.lex.has("role", lw) || e.lex.has("body", lw) || e.lex.has("fused", lw) {
			return false
		}
		r := firstRune(w)
		switch {
		case unicode.In(r, unicode.Devanagari):
			if k == t-1 && (strings.HasSuffix(w, "ों") || strings.HasSuffix(w, "ओं")) {
				return false // पत्रकारों, संवाददाताओं: people
			}
		case unicode.IsUpper(r):
			if lw == "i" || lw == "he" || lw == "she" || lw == "we" || lw == "they" || lw == "it" {
				return false
			}
		case k == s && lw == "the", k > s && k < t-1 && (lw == "of" || lw == "and" || lw == "the"):
		case d.punct(k) && e.joined(k):
		default:
			return false
		}
	}
	return true
}

// slotLabel is labelOf for a phrase in a place only outlets fill: a
// proper name there is an outlet too ("in an interview with Kathimerini",
// "Kathimerini quoted the minister as saying").
func (e *engine) slotLabel(s, t int) string {
	l := e.labelOf(s, t)
	if l == "ACTOR" && e.properName(s, t) {
		return "SOURCE"
	}
	return l
}

// innerCapital reports whether token k is a capitalised word between two
// capitalised words, so a word that would end a phrase is part of a name
// there ("Kamloops This Week", "Voice Of America").
func (e *engine) innerCapital(k int) bool {
	d := e.d
	return k > 0 && k+1 < d.Len() && unicode.IsUpper(firstRune(d.words[k])) &&
		unicode.IsUpper(firstRune(d.words[k-1])) && unicode.IsUpper(firstRune(d.words[k+1])) &&
		d.gap(k) == " " && d.gap(k+1) == " "
}

// outletSlot reports whether the speaker [ss, se) of the cue [cs, ce)
// stands where news names an outlet: the one after "reported by",
// "quoted by", "cited by" or "published by", the one who "quoted" someone
// "as saying", or the one who speaks "citing" someone (Kathimerini, citing
// officials, reported …). The plain subject of "reported" is not such a
// place: institutes and agencies report their own findings ("Phivolcs
// reported the magnitude was 5.5").
func (e *engine) outletSlot(cs, ce, ss, se int) bool {
	d := e.d
	switch d.lowers[cs] {
	case "reported", "quoted", "quotes", "cited", "published":
		if ce-cs == 2 && d.lowers[cs+1] == "by" {
			return true
		}
		if d.lowers[cs] == "quoted" || d.lowers[cs] == "quotes" {
			if s, t := e.phraseAfter(ce); t > s && e.asSaying(t) {
				return true
			}
		}
	}
	return se+2 < cs && d.words[se] == "," && e.lex.has("citing", d.lowers[se+1])
}

// asSaying reports whether "as saying" (or "as telling", "as writing")
// starts at token k.
func (e *engine) asSaying(k int) bool {
	d := e.d
	if k+1 >= d.Len() || d.lowers[k] != "as" {
		return false
	}
	switch d.lowers[k+1] {
	case "saying", "telling", "writing", "stating":
		return true
	}
	return false
}

// citingAfter finds ", citing X" or ", quoting X" right after a cue and
// its speaker: X is who the statement came from, an ACTOR or SOURCE by
// what it names.
func (e *engine) citingAfter(k int) (int, int) {
	d := e.d
	if k+2 >= d.Len() || d.words[k] != "," || !e.lex.has("citing", d.lowers[k+1]) {
		return 0, 0
	}
	s, t := e.phraseAfter(k + 2)
	if t <= s || e.labelOf(s, t) == "" {
		return 0, 0
	}
	return s, t
}

// toComma carries the phrase [s, t) after "according to" on to a comma
// a few words on, when only a modifier stands between: "According to a
// study published in The Lancet, …", "according to a report by the BBC,".
// Anything with a finite verb, a quotation or other punctuation is left
// as it was.
func (e *engine) toComma(s, t int) int {
	d := e.d
	end := e.l.sentEnd[min(s, d.Len()-1)]
	if t <= s || t >= end || d.punct(t) || !e.lex.has("stopafter", d.lowers[t]) {
		return t
	}
	for k := t; k < end && k-s < 16; k++ {
		w := d.lowers[k]
		if w == "," {
			return k
		}
		if d.punct(k) && !e.joined(k) || e.lex.has("finite", w) || e.lex.has("stop", w) || e.lex.has("time", w) || unicode.IsDigit(firstRune(w)) {
			return t
		}
	}
	return t
}

// topicAt reports whether a topic ("reported on a distress call", "wrote
// of his fears") starts at token k; "about" before a number is no topic
// ("Estimates state about 350 thousand …").
func (e *engine) topicAt(k int) bool {
	d := e.d
	if !e.lex.has("topic", d.lowers[k]) {
		return false
	}
	return !(k+1 < d.Len() && (d.lowers[k] == "about" || d.lowers[k] == "over") && unicode.IsDigit(firstRune(d.words[k+1])))
}

// appositiveOutlet reports where an appositive after the name [s, t)
// ends when it says the name is an outlet ("Kathimerini, a Greek daily,",
// "Stuff, a local news website,"): a phrase opened by a determiner,
// holding a media word and no role, closed by a comma or the sentence's
// end. It returns the token after the appositive, or t.
func (e *engine) appositiveOutlet(s, t int) int {
	d := e.d
	if t <= s || !e.properName(s, t) {
		return t
	}
	at := e.appositiveEnd(t)
	if at <= t || e.labelOf(t+1, at) != "SOURCE" {
		return t
	}
	for k := t + 1; k < at; k++ {
		if e.lex.has("role", d.lowers[k]) {
			return t
		}
	}
	return at
}

// appositiveEnd returns the end of an appositive that opens with a comma
// and a determiner at token t (", a Greek daily,"), closed by a comma or
// the sentence's end; or t when there is none.
func (e *engine) appositiveEnd(t int) int {
	d := e.d
	if t+2 >= d.Len() || d.words[t] != "," || !e.lex.has("det", d.lowers[t+1]) {
		return t
	}
	as, at := e.phraseAfter(t + 1)
	if at <= as || e.hasClause(as, at) || at < e.l.sentEnd[t] && d.words[at] != "," && !(d.punct(at) && at == e.l.sentEnd[t]-1) {
		return t // "…, the suicide bomber wore a veil, …" is a clause
	}
	return at
}

// passiveTold reads "X was told (by Y) that …" with k the "was" before
// the cue [cs, ce): an outlet X was told it, by Y if named. Any other
// passive cue ("it is said that") names no one.
func (e *engine) passiveTold(k, cs, ce int) found {
	d := e.d
	var f found
	if w := d.lowers[cs]; w != "told" || ce-cs != 1 {
		return f
	}
	ls, lt := e.phraseBefore(k)
	if lt <= ls || e.labelOf(ls, lt) != "SOURCE" {
		return f
	}
	from := ce
	if from+1 < d.Len() && d.lowers[from] == "by" {
		s, t := e.phraseAfter(from + 1)
		if t <= s || e.labelOf(s, t) == "" {
			return f
		}
		f.targets = append(f.targets, e.span(s, t, e.labelOf(s, t)))
		from = t
	}
	f.targets = append(f.targets, e.span(ls, lt, "SOURCE"))
	next, _, _ := e.adverbial(from)
	claim, kind := e.claim(ls, next, cs)
	if kind != "that" && kind != "quote" && kind != "rest" {
		return found{}
	}
	f.claim, f.quote = claim, kind == "quote"
	f.last = max(ce, e.claimEnd) - 1
	return f
}

// named reports whether the phrase [s, t) starts with a capitalised word
// after an optional "the": a publication by name ("the Guardian", "The
// Atlantic"), not a medium ("a blog post").
func (e *engine) named(s, t int) bool {
	if s < t && e.d.lowers[s] == "the" {
		s++
	}
	return s < t && unicode.IsUpper(firstRune(e.d.words[s]))
}
