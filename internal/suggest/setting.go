package suggest

// setting finds who else a statement is credited to in the words around
// its speaker (tokens [ss, se), the cue at cs):
//   - an outlet it was made to or on, at the sentence's start: "Speaking
//     to Agence France-Presse, X said", "Speaking on al-Masirah TV, X
//     said", "In an interview with CNN, X said";
//   - whom the speaker cites, in an appositive between the speaker and
//     the cue: "Reuters, citing anonymous sources, reported …".
func (e *engine) setting(ss, se, cs int) []Span {
	d := e.d
	var out []Span
	lo := e.l.sentStart[cs]
	for k := lo; k < ss && k-lo < 6; k++ {
		w := d.lowers[k]
		if d.punct(k) {
			break
		}
		if k > lo && (w == "to" || w == "with" || w == "on" || w == "in" && e.lex.has("write", d.lowers[k-1])) && e.lex.has("setting", d.lowers[k-1]) {
			if s, t := e.phraseAfter(k + 1); t > s && e.slotLabel(s, t) == "SOURCE" && (w != "in" || e.named(s, t)) {
				out = append(out, e.span(s, t, "SOURCE"))
			}
			break
		}
	}
	if se+2 < cs && d.words[se] == "," && d.words[cs-1] == "," && e.lex.has("citing", d.lowers[se+1]) {
		if s, t := e.phraseAfter(se + 2); t > s && t <= cs && e.labelOf(s, t) != "" {
			out = append(out, e.span(s, t, e.labelOf(s, t)))
		}
	}
	return out
}
