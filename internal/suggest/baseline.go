package suggest

// Baseline is the naive approach the built-in rules are measured against:
// a cue word and up to four words before it (after it, for "according
// to"), quoted text as CLAIM, and the कि / "that" clause right after a cue
// to the end of the sentence. Every claim is linked to every cue phrase of
// its sentence. It exists so that the scores print side by side.
func Baseline(d *Doc) Suggestions {
	l := d.layout()
	var s Suggestions
	type cue struct{ span, sent int }
	var cues []cue
	add := func(sp Span) int {
		s.Spans = append(s.Spans, sp)
		return len(s.Spans) - 1
	}
	n := d.Len()
	for i := 0; i < n; i++ {
		w, next := d.lowers[i], ""
		if i+1 < n {
			next = d.lowers[i+1]
		}
		label, cs, ce := "", i, i+1
		switch {
		case w == "said" || w == "says" || w == "say" || w == "told" || w == "tells":
			label = "ACTOR"
		case w == "ने" && (next == "कहा" || next == "बताया"), w == "का" && next == "कहना":
			label, ce = "ACTOR", i+2
		case w == "के" && (next == "अनुसार" || next == "मुताबिक" || next == "हवाले"):
			label, ce = "SOURCE", i+2
		case w == "according" && next == "to":
			label, ce = "SOURCE", i+2
			if k := min(ce+4, n); k > ce {
				end := ce
				for end < k && !d.punct(end) {
					end++
				}
				if end > ce {
					cues = append(cues, cue{add(Span{Start: d.Tokens[ce].Start, End: d.Tokens[end-1].End, Label: label, Origin: "baseline"}), l.sentStart[i]})
				}
			}
			i = ce - 1
			continue
		default:
			continue
		}
		start := cs
		for start > 0 && cs-start < 4 && !d.punct(start-1) {
			start--
		}
		if start < cs {
			cues = append(cues, cue{add(Span{Start: d.Tokens[start].Start, End: d.Tokens[cs-1].End, Label: label, Origin: "baseline"}), l.sentStart[i]})
		}
		k := ce
		if k < n && d.lowers[k] == "कहा" {
			k++
		}
		if k < n && (d.lowers[k] == "कि" || d.lowers[k] == "that") && k+1 < l.sentEnd[k] {
			e := engine{d: d, l: l}
			c := e.trimmed(k+1, l.sentEnd[k])
			if c.End > c.Start {
				c.Origin = "baseline"
				add(c)
			}
		}
		i = ce - 1
	}
	for i := 0; i < n; i++ {
		if c := l.closeOf[i]; c > i+1 {
			e := engine{d: d, l: l}
			sp := e.trimmed(i+1, c)
			if sp.End > sp.Start {
				sp.Origin = "baseline"
				add(sp)
			}
		}
	}
	// Link each claim to the cue phrases of the sentence it starts in.
	sentOf := func(cp int) int {
		for i, t := range d.Tokens {
			if t.Start >= cp {
				return l.sentStart[i]
			}
		}
		return -1
	}
	for ci, sp := range s.Spans {
		if sp.Label != "CLAIM" {
			continue
		}
		sent := sentOf(sp.Start)
		for _, c := range cues {
			if c.sent == sent {
				typ := "SAID_BY"
				if s.Spans[c.span].Label == "SOURCE" {
					typ = "ACCORDING_TO"
				}
				s.Links = append(s.Links, Link{From: ci, To: c.span, Type: typ, Origin: "baseline"})
			}
		}
	}
	s.sort()
	return s
}
