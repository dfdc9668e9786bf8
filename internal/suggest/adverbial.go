package suggest

// adverbial steps over what may stand between a reporting verb (and its
// speaker or listener) and the claim: a time ("on Friday", "last week",
// "yesterday"), a setting ("in a statement", "in an interview with CNN",
// "on Twitter", "to reporters"), up to 12 tokens. It returns the token the
// claim may start at: the one after "that" or a comma or colon that opens
// a quotation, or right after a time phrase; from itself when no adverbial
// is found. ls, le is the outlet of "in an interview with X", "to X",
// "on X", when there is one (le > ls).
func (e *engine) adverbial(from int) (next, ls, le int) {
	d, n := e.d, e.d.Len()
	if from >= n || !e.lex.has("advstart", d.lowers[from]) {
		return from, 0, 0
	}
	end := e.l.sentEnd[from]
	// A time alone ("on Friday the dam held", "yesterday it held"): the
	// claim starts after it.
	timeEnd := -1
	k := from
	if d.lowers[k] == "on" || d.lowers[k] == "late" || d.lowers[k] == "early" || d.lowers[k] == "last" || d.lowers[k] == "this" || d.lowers[k] == "earlier" {
		k++
	}
	for k < end && k-from < 3 && e.lex.has("time", d.lowers[k]) {
		k++
		timeEnd = k
	}
	for k := from; k < end && k-from < 12; k++ {
		w := d.lowers[k]
		switch {
		case w == "that":
			return k, ls, le
		case e.l.closeOf[k] >= 0:
			return k, ls, le // a quotation opens: the claim's finder takes it
		case w == "," || w == ":":
			if k+1 < end && e.l.closeOf[k+1] >= 0 {
				return k + 1, ls, le
			}
			return pick(timeEnd, from), ls, le
		case d.punct(k) && !e.joined(k):
			return pick(timeEnd, from), ls, le
		case w == "in" && k == from && k > 0 && e.lex.has("write", d.lowers[k-1]) && k+1 < end:
			// "wrote in The Atlantic that …": the publication, by
			// name ("wrote in a blog post" names the medium only).
			if s, t := e.phraseAfter(k + 1); t > s && e.labelOf(s, t) == "SOURCE" && e.named(s, t) {
				ls, le = s, t
			}
		case (w == "with" || w == "to" || w == "on") && k+1 < end:
			s, t := e.phraseAfter(k + 1)
			if t > s && (e.labelOf(s, t) == "SOURCE" || e.lex.has("setting", d.lowers[k-1]) && e.slotLabel(s, t) == "SOURCE") {
				ls, le = s, t
			}
		}
	}
	return pick(timeEnd, from), ls, le
}

func pick(a, b int) int {
	if a >= 0 {
		return a
	}
	return b
}
