package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// found is what one cue yields: a claim and who or what it is attributed
// to, in code points.
type found struct {
	claim   Span
	targets []Span
	quote   bool // the claim is a quotation
	last    int  // the last token of the cue, speaker or claim
}

// engine walks outwards from one cue match.
type engine struct {
	d        *Doc
	l        *layout
	lex      lexicon
	claimEnd int    // token after the last claim found
	between  [2]int // the claim between a document and a passive verb
	object   bool   // a plain object after the cue is a claim too
}

func attribute(d *Doc, l *layout, lex lexicon, m Match) found {
	e := engine{d: d, l: l, lex: lex}
	a := m.Pattern.Attrib
	cs, ce := m.Start, m.End
	var f found
	before := a.Speaker == "before" || a.Speaker == "auto"
	if k := cs - 1; k >= 0 && e.lex.has("det", d.lowers[k]) || k >= 0 && e.lex.has("poss", d.lowers[k]) {
		return f // "the stated goals", "his claimed win": not a verb
	}
	if e.l.inQuote(cs) {
		return f // a cue inside a quotation is part of the quoted claim
	}
	var ss, se int  // speaker, token range
	shared := false // the speaker is the subject of an earlier verb
	if k := e.skipAux(cs - 1); k >= 0 && before {
		// A cue after "is"/"was" is passive: "it is said that" names no
		// one. After "and" or "to" ("… and said", "went on to say") its
		// subject is another verb's: the sentence's subject when it can
		// be told ("She did not know the date and said …"), else none.
		if lex.has("passive", d.lowers[k]) {
			return e.passiveTold(k, cs, ce)
		}
		if lex.has("shared", d.lowers[k]) && !(a.Speaker == "auto" && e.invertedAt(cs, ce)) {
			if ss, se = e.sharedSubject(k); se <= ss {
				return f
			}
			shared = true
		}
	}
	var heard []Span // an outlet a Hindi statement was made to, before its speaker
	switch {
	case shared:
	case a.Speaker == "before":
		if e.havaleBeforeAgent(cs, ce) {
			return f // X के हवाले से Y ने कहा: the verb's rule credits X
		}
		ss, se = e.speakerBefore(cs)
	case a.Speaker == "after":
		ss, se = e.phraseAfter(ce)
		if e.cueAt(cs) == "according" {
			se = e.toComma(ss, se) // "According to a study published in The Lancet, …"
		}
	case a.Speaker == "auto":
		if e.invertedAt(cs, ce) {
			ss, se = e.phraseAfter(ce)
		} else {
			ss, se = e.speakerBefore(cs)
		}
	case a.Speaker == "agent":
		ss, se = e.agent(cs)
		if se > ss {
			ss, se, heard = e.hiSettingBefore(ss, se)
			heard = append(heard, e.havaleOf(ss, se)...)
		}
	case a.Speaker == "first":
		ss, se = cs, cs+1
	}
	if se <= ss {
		return f
	}
	past := se // the token after the speaker and any appositive after the cue
	label := e.labelOf(ss, se)
	if label == "ACTOR" && e.outletSlot(cs, ce, ss, se) && e.properName(ss, se) {
		label = "SOURCE"
	}
	if at := e.appositiveOutlet(ss, se); at > se {
		// "Kathimerini, a Greek daily, reported", "according to
		// Kathimerini, a Greek newspaper, …": the appositive says what
		// the name is.
		label = "SOURCE"
		if se > ce {
			past = at
		}
	} else if at := e.appositiveEnd(se); at > se && se > ce && e.cueAt(cs) == "according" && at < len(e.d.words) && e.d.words[at] == "," {
		past = at // "According to Smith, a Greek minister, …"
	}
	if label == "" || a.Only != "" && label != a.Only {
		return f
	}
	f.targets = append(f.targets, e.span(ss, se, label))
	f.targets = append(f.targets, heard...)
	if se <= cs {
		f.targets = append(f.targets, e.setting(ss, se, cs)...)
	}
	claimFrom := ce
	if se > ce {
		claimFrom = past
	}
	if a.Told {
		if os, oe, after, heard := e.toldOutlet(a.Speaker == "agent", cs, ce, ss, se); oe > os {
			if at := e.appositiveOutlet(os, oe); at > oe && after == oe {
				heard, after = true, at+1 // "told Stuff, a news website, that …"
			}
			if heard || e.labelOf(os, oe) == "SOURCE" {
				f.targets = append(f.targets, e.span(os, oe, "SOURCE"))
			}
			if after > claimFrom {
				claimFrom = after
			}
		}
	}
	if a.Cites {
		if os, oe := e.phraseAfter(claimFrom); oe > os && e.labelOf(os, oe) != "" {
			f.targets = append(f.targets, e.span(os, oe, e.labelOf(os, oe)))
			claimFrom = oe
			if e.asSaying(oe) {
				claimFrom = oe + 2 // "quoted the minister as saying …"
			}
		}
	}
	if a.Speaker == "after" && e.asSaying(se) {
		// "The minister was quoted by Kathimerini as saying …": the
		// subject before "was" said it.
		claimFrom = se + 2
		if k := cs - 1; k > 0 && e.lex.has("passive", d.lowers[k]) {
			if s, t := e.phraseBefore(k); t > s && e.labelOf(s, t) == "ACTOR" {
				f.targets = append(f.targets, e.span(s, t, "ACTOR"))
			}
		}
	}
	if os, oe := e.citingAfter(claimFrom); oe > os {
		// "…, the Kyiv Independent reported, citing officials."
		f.targets = append(f.targets, e.span(os, oe, e.labelOf(os, oe)))
		claimFrom = oe
	}
	if a.Speaker != "agent" {
		next, ls, le := e.adverbial(claimFrom)
		if le > ls {
			f.targets = append(f.targets, e.span(ls, le, "SOURCE"))
		}
		claimFrom = next
	}
	if a.Claim == "none" {
		f.claim = f.targets[0]
		return f
	}
	first := min(ss, cs)
	if shared {
		first = cs
	}
	e.object = a.Only != ""
	claim, kind := e.claim(first, claimFrom, cs)
	if b := e.between; kind == "" && b[1] > b[0] {
		claim, kind = e.claimed(b[0], b[1], "between")
	}
	if a.Claim == "clause" && kind != "quote" && kind != "that" {
		return found{}
	}
	f.claim, f.quote = claim, kind == "quote"
	f.last = max(ce, se, e.claimEnd) - 1
	return f
}

// invertedAt reports whether the speaker follows the cue: after a
// quotation (`"…," said X`, `"…" tweeted X`) or after a comma when the
// name after the cue ends the sentence (`…, said the minister.`). A comma
// before the cue otherwise closes an appositive (`X, a spokesman, said`).
func (e *engine) invertedAt(cs, ce int) bool {
	d, l := e.d, e.l
	p := cs - 1
	if p < 0 {
		return false
	}
	// Right after a quotation the speaker follows, whatever its case:
	// `"…," said police`, `"…," wrote student protester Joshua Wong`.
	if q := p; l.openOf[q] >= 0 || (d.words[q] == "," || d.words[q] == "—") && q > 0 && l.openOf[q-1] >= 0 {
		s, t := e.phraseAfter(ce)
		return t > s && !e.lex.has("prep", d.lowers[s]) && !e.lex.has("advstart", d.lowers[s])
	}
	if !e.nameAt(ce) {
		return false
	}
	if d.words[p] != "," && d.words[p] != "—" {
		return false
	}
	if p > 0 && l.openOf[p-1] >= 0 {
		return true
	}
	_, t := e.phraseAfter(ce)
	end := l.sentEnd[ce]
	return t >= end || t == end-1 && d.punct(t)
}

// speakerBefore returns the noun phrase before a cue, stepping over
// "has also" and over a time phrase set off by a comma ("Neil Basu, on
// Sunday said").
func (e *engine) speakerBefore(cs int) (int, int) {
	s, t := e.phraseBefore(e.skipAux(cs-1) + 1)
	if t > s && e.timeAt(s) && s > 0 && e.d.words[s-1] == "," {
		return e.phraseBefore(s)
	}
	return s, t
}

// timeAt reports whether a time or place phrase starts at token s: "on
// Sunday", "in Kabul", "yesterday", "last week", but not "this person".
func (e *engine) timeAt(s int) bool {
	w := e.d.lowers[s]
	if !e.lex.has("prep", w) {
		return false
	}
	switch w {
	case "this", "last", "late", "early":
		return s+1 < e.d.Len() && e.lex.has("time", e.d.lowers[s+1])
	}
	return true
}

// joined reports whether punctuation token k joins the words on either
// side into one ("Agence France-Presse", "PG&E").
func (e *engine) joined(k int) bool {
	w := e.d.words[k]
	return (w == "-" || w == "&" || w == "‐") && k > 0 && k+1 < e.d.Len() && e.d.gap(k) == "" && e.d.gap(k+1) == ""
}

// hasClause reports whether tokens [s, t) hold a finite verb, so that
// they may be a reported clause rather than a plain object ("announced a
// new plan", "claimed responsibility").
func (e *engine) hasClause(s, t int) bool {
	for k := s; k < t && k < e.d.Len(); k++ {
		w := e.d.lowers[k]
		if k > s && e.lex.has("relative", w) {
			// "announced a coalition which was joined by …": a verb
			// of a relative clause makes no claim of the object.
			return false
		}
		if e.lex.has("finite", w) || k > s && len(w) >= 4 && strings.HasSuffix(w, "ed") && e.d.lowers[k-1] != "be" {
			return true
		}
	}
	return false
}

func (e *engine) span(s, t int, label string) Span {
	return Span{Start: e.d.Tokens[s].Start, End: e.d.Tokens[t-1].End, Label: label}
}

// skipAux steps left from token k over words such as "has" and "also"
// that stand between a speaker and its verb.
func (e *engine) skipAux(k int) int {
	for k >= 0 && e.lex.has("aux", e.d.lowers[k]) {
		k--
	}
	return k
}

// nameAt reports whether a noun phrase starts at token k: a capitalised
// word or a determiner (`"…," said the minister`).
func (e *engine) nameAt(k int) bool {
	if k >= e.d.Len() {
		return false
	}
	w := e.d.words[k]
	r, _ := utf8.DecodeRuneInString(w)
	switch e.d.lowers[k] {
	case "the", "a", "an", "one", "his", "her", "their", "its":
		return true
	}
	return unicode.IsUpper(r) || unicode.In(r, unicode.Devanagari)
}

// phraseBefore returns the noun phrase that ends right before token end:
// leftwards until punctuation, a quotation, the sentence's start or a word
// that ends phrases, at most 12 tokens.
func (e *engine) phraseBefore(end int) (int, int) {
	if end <= 0 || end > e.d.Len() {
		return 0, 0
	}
	lo := e.l.sentStart[end-1]
	k := end - 1
	for k >= lo && end-k <= 16 && !e.lex.has("stop", e.d.lowers[k]) {
		if e.d.punct(k) {
			if e.joined(k) || e.d.words[k] == "%" {
				k--
				continue
			}
			if o := e.openParen(k, lo); o >= 0 {
				k = o - 1 // "the Institute (Phivolcs)", "परिषद (एनडीआरआरएमसी)"
				continue
			}
			break
		}
		k--
	}
	start := k + 1
	if start == end && k >= 0 && e.d.words[k] == "," {
		// "Seagal, whose grandmother was …, has": skip the appositive
		// between commas and take the name before it.
		for j := k - 1; j >= lo && k-j < 25; j-- {
			if e.d.words[j] == "," {
				return e.phraseBefore(j)
			}
			if e.l.openOf[j] >= 0 || e.l.closeOf[j] >= 0 {
				break
			}
		}
	}
	for start < end && e.lex.has("lead", e.d.lowers[start]) {
		start++
	}
	return start, end
}

// phraseAfter returns the noun phrase that starts at token start:
// rightwards until punctuation or a word that ends phrases, at most 8
// tokens. An appositive after a comma is left out.
func (e *engine) phraseAfter(start int) (int, int) {
	if start >= e.d.Len() {
		return 0, 0
	}
	hi := e.l.sentEnd[start]
	k := start
	for k < hi && k-start < 8 && (!e.d.punct(k) || e.joined(k)) && !e.lex.has("stop", e.d.lowers[k]) {
		// "told Agence France-Presse the victim …": a determiner after a
		// name starts the next phrase.
		if k > start && e.lex.has("det", e.d.lowers[k]) && unicode.IsUpper(firstRune(e.d.words[k-1])) {
			break
		}
		if e.lex.has("stopafter", e.d.lowers[k]) && !e.innerCapital(k) {
			break
		}
		k++
	}
	return start, k
}

// openParen returns the "(" that a ")" at token k closes, within a few
// tokens and not before token lo, or -1.
func (e *engine) openParen(k, lo int) int {
	if e.d.words[k] != ")" {
		return -1
	}
	for j := k - 1; j >= lo && k-j <= 8; j-- {
		switch e.d.words[j] {
		case "(":
			if j < k-1 {
				return j
			}
			return -1
		case ")", ",", ".", "।":
			return -1
		}
	}
	return -1
}

// agent finds who a Hindi reporting verb at token cue is said by: the
// phrase before the nearest ने to its left in the sentence, or a pronoun
// with ने fused in. Quotations are not crossed.
func (e *engine) agent(cue int) (int, int) {
	lo := e.l.sentStart[cue]
	if cue+1 < e.d.Len() && e.lex.has("hipassive", e.d.lowers[cue+1]) {
		// बताया गया, कहा गया: passive, no speaker, unless a document
		// says it: "कुछ रिपोर्टों में इसे … बताया गया है".
		for k := cue - 1; k > lo && cue-k <= 20; k-- {
			if e.l.openOf[k] >= 0 || e.l.closeOf[k] >= 0 || e.d.words[k] == "," {
				break
			}
			if e.d.lowers[k] == "में" {
				if s, t := e.phraseBefore(k); t > s && e.labelOf(s, t) == "SOURCE" {
					e.between = [2]int{k + 1, cue}
					return s, t
				}
				break
			}
		}
		return 0, 0
	}
	for k, n := cue-1, 0; k >= lo && n <= 30; k, n = k-1, n+1 {
		w := e.d.lowers[k]
		switch {
		case e.l.openOf[k] >= lo:
			// X ने इस हमले को “…” बताया: step over the quotation.
			k = e.l.openOf[k]
		case e.l.openOf[k] >= 0 || e.l.closeOf[k] >= 0 || w == "।":
			return 0, 0
		case w == "ने":
			return e.phraseBefore(k)
		case e.lex.has("fused", w):
			return k, k + 1
		}
	}
	return 0, 0
}

// toldOutlet finds the listener of a statement between the speaker and
// the cue, or right after the cue: "ने बीबीसी से कहा", "told the BBC". It
// returns the listener's phrase, where the claim may start after it, and
// whether an interview setting already showed the listener an outlet.
func (e *engine) toldOutlet(agent bool, cs, ce, ss, se int) (int, int, int, bool) {
	if agent { // Hindi: speaker ने … listener से/को … verb
		for k := cs - 1; k > se; k-- {
			if ok, s, t := e.hiSettingAt(k, se); ok {
				// ने X से बातचीत में कहा, ने X के साथ एक साक्षात्कार में कहा
				if t > s && s >= se && e.slotLabel(s, t) == "SOURCE" {
					return s, t, 0, true
				}
				return 0, 0, 0, false
			}
			if w := e.d.lowers[k]; w == "से" || w == "को" {
				s, t := e.phraseBefore(k)
				return s, t, 0, false
			}
		}
		return 0, 0, 0, false
	}
	s, t := e.phraseAfter(ce)
	if ss == ce { // "told X": the speaker came after the cue, no listener
		return 0, 0, 0, false
	}
	return s, t, t, false
}

// labelOf says whether the phrase names an outlet or document (SOURCE),
// someone who speaks (ACTOR), or nothing that attributes ("").
func (e *engine) labelOf(s, t int) string {
	if e.lex.has("nonsource", e.d.lowers[t-1]) {
		return ""
	}
	label := "ACTOR"
	for k := s; k < t; k++ {
		if k > s && e.lex.has("of", e.d.lowers[k]) && label == "ACTOR" {
			// "participants in her study", "a spokesperson for the
			// BBC": a media word after a preposition does not name
			// what speaks, the words before it do.
			return label
		}
		switch {
		case e.outletWord(s, k):
			// "Kamloops This Week", "The Hollywood Reporter", "इंडिया
			// टुडे": a word of a title after the name's first word.
			label = "SOURCE"
		case e.lex.has("role", e.d.lowers[k]):
			// "Police press officer Monika Kosiec", "a Reuters
			// reporter", "the report's author": a person.
			label = "ACTOR"
		case e.lex.has("media", e.d.lowers[k]):
			label = "SOURCE"
		}
	}
	if label == "ACTOR" && e.titled(s, t) {
		label = "SOURCE"
	}
	return label
}

// claim finds what a cue attributes. first is the first token of the
// speaker or cue, from the first token after them, cue the cue's start.
// It says what kind of claim it found: "quote", "that", "comma" (the
// clause after "According to X," or before ", X said") or "rest" (the
// rest of the sentence after the cue), and keeps its end in e.claimEnd.
func (e *engine) claim(first, from, cue int) (Span, string) {
	d, l := e.d, e.l
	n := d.Len()
	for from < n && e.lex.has("hiaux", d.lowers[from]) {
		from++
	}
	// A quotation between the speaker and the verb: X ने इसे “…” बताया.
	if k := cue - 1; k > first && l.openOf[k] > first {
		return e.claimed(l.openOf[k]+1, k, "quote")
	}
	// A quotation that closes right before the speaker: “…,” X said; or
	// ends the sentence before one that only names who said it
	// ("…!" Macron told the world on Thursday via Twitter.).
	k := first - 1
	for k >= 0 && (d.words[k] == "," || d.words[k] == "—") {
		k--
	}
	if k >= 0 && l.openOf[k] >= 0 && (l.sentStart[k] == l.sentStart[first] ||
		l.sentStart[first] == first && k == first-1 && !strings.Contains(d.gap(first), "\n") && !e.hasClause(from, l.sentEnd[cue]) && !e.thatAt(from)) {
		return e.claimed(l.openOf[k]+1, k, "quote")
	}
	// A quotation that opens right after: X said: “…”, ने कहा, “…”.
	k = from
	for k < n && (d.words[k] == "," || d.words[k] == ":") {
		k++
	}
	if k < n && l.closeOf[k] >= 0 && l.sentStart[k] == l.sentStart[cue] {
		return e.claimed(k+1, l.closeOf[k], "quote")
	}
	// A कि / that clause to the end of the sentence.
	k = from
	for k < n && e.lex.has("hiaux", d.lowers[k]) {
		k++
	}
	if k < n && (d.lowers[k] == "कि" || d.lowers[k] == "that") && l.sentEnd[k] > k+1 {
		return e.claimed(k+1, l.sentEnd[k], "that")
	}
	if from >= n || l.sentStart[min(from, n-1)] != l.sentStart[cue] {
		from = l.sentEnd[cue] // the cue ends its sentence
	}
	end := l.sentEnd[cue]
	for j := from + 1; j < end; j++ {
		if w := d.words[j]; w == "—" || w == "--" {
			end = j // a dash closes the clause
			break
		}
	}
	rest := from < end && !d.punct(from) && !e.topicAt(from)
	if rest && !e.hasClause(from, end) && !unicode.In(firstRune(d.words[from]), unicode.Devanagari) && !unicode.In(firstRune(d.words[cue]), unicode.Devanagari) &&
		!((e.object || e.lex.has("say", d.lowers[cue])) && !e.lex.has("advstart", d.lowers[from]) && end-from > 2) {
		// "said on Friday", "reported Friday morning", "announced a new
		// plan": no clause follows. After "said" and "stated" one does
		// ("said police believe him …"), unless a setting starts there.
		rest = false
	}
	comma := from < end && (d.words[from] == "," || d.words[from] == ":")
	if comma && (first == l.sentStart[cue] || e.onlyLeadBefore(first)) {
		// "According to X, …", "X के अनुसार, …", "उसने कहा, …".
		return e.claimed(from+1, end, "comma")
	}
	// ", X said." or ", according to X." closing a sentence: the clause
	// before; in the middle of one (", X said, when …"): the sentence.
	if k := first - 1; k >= l.sentStart[cue] && (d.words[k] == "," || d.words[k] == "—" || d.words[k] == "--") {
		start := l.sentStart[cue]
		for j := k - 1; j > start; j-- {
			if d.words[j] == "—" || d.words[j] == "--" || d.words[j] == ";" {
				start = j + 1
				break
			}
		}
		if comma {
			return e.claimed(start, end, "comma")
		}
		if !rest && e.tailEmpty(from, end) {
			return e.claimed(start, k, "comma")
		}
	}
	// "… yesterday according to state media.": a sentence that ends in a
	// SOURCE cue with no comma before it is what the cue attributes.
	if k := first - 1; !rest && !comma && e.cueAt(cue) == "according" && k > l.sentStart[cue] && e.tailEmpty(from, end) {
		return e.claimed(l.sentStart[cue], k+1, "comma")
	}
	if rest || comma {
		if comma {
			from++
		}
		return e.claimed(from, end, "rest")
	}
	return Span{}, ""
}

// thatAt reports whether a कि / "that" clause starts at token k, after
// words such as है or था ("उनका कहना था कि …", "उन्होंने जोड़ा कि …").
func (e *engine) thatAt(k int) bool {
	for k < e.d.Len() && e.lex.has("hiaux", e.d.lowers[k]) {
		k++
	}
	return k < e.d.Len() && (e.d.lowers[k] == "कि" || e.d.lowers[k] == "that")
}

// tailEmpty reports whether nothing but a setting or time ("on Friday",
// "in a statement") follows a cue up to the sentence's end at token end,
// so that the cue closes the sentence: "…, the AU announced." but not
// "…, the AU announced an electronic payment system.".
func (e *engine) tailEmpty(from, end int) bool {
	return from >= end || e.d.punct(from) || e.lex.has("advstart", e.d.lowers[from]) || e.lex.has("time", e.d.lowers[from])
}

func (e *engine) cueAt(k int) string { return e.d.lowers[k] }

// claimed is trimmed for claim, which also keeps where the claim ends.
func (e *engine) claimed(s, t int, kind string) (Span, string) {
	e.claimEnd = t
	return e.trimmed(s, t), kind
}

func firstRune(w string) rune {
	r, _ := utf8.DecodeRuneInString(w)
	return r
}

// onlyLeadBefore reports whether nothing but a conjunction stands between
// the sentence's start and token first.
func (e *engine) onlyLeadBefore(first int) bool {
	for k := e.l.sentStart[first]; k < first; k++ {
		if !e.lex.has("lead", e.d.lowers[k]) {
			return false
		}
	}
	return true
}

// trimmed returns tokens [s, t) as a span without leading or trailing
// punctuation (a final danda, period or comma) other than quotation marks.
func (e *engine) trimmed(s, t int) Span {
	d := e.d
	for s < t && d.punct(s) && e.l.closeOf[s] < 0 {
		s++
	}
	for t > s && d.punct(t-1) && e.l.openOf[t-1] < 0 {
		t--
	}
	if t <= s {
		return Span{}
	}
	return Span{Start: d.Tokens[s].Start, End: d.Tokens[t-1].End, Label: "CLAIM"}
}
