package suggest

import "strings"

// attributed is one attribution found from a cue, with the pattern's id.
type attributed struct {
	found
	id string
}

// continued finds quotations that no cue attributes but that carry on an
// attributed one: the next sentence of the same paragraph opens another
// quotation ("…," Lam said. "Our citizens …"), or the quotation is split
// around its speaker ("We stand ready" tweeted Johnson "to provide …").
// Each takes the speaker and outlet of the quotation before it.
func continued(d *Doc, l *layout, quotes []attributed, spans []Span) []attributed {
	e := engine{d: d, l: l}
	var out []attributed
	claimed := func(sp Span) bool {
		for _, x := range spans {
			if x.Label == "CLAIM" && x.Start < sp.End && sp.Start < x.End {
				return true
			}
		}
		for _, x := range out {
			if x.claim.Start < sp.End && sp.Start < x.claim.End {
				return true
			}
		}
		return false
	}
	qi := 0
	for o := 0; o < d.Len(); o++ {
		c := l.closeOf[o]
		if c <= o+1 {
			continue
		}
		sp := e.trimmed(o+1, c)
		if sp.End <= sp.Start || claimed(sp) {
			o = c
			continue
		}
		// The latest attributed quotation that ends before this one.
		for qi+1 < len(quotes) && quotes[qi+1].last < o {
			qi++
		}
		q := quotes[qi]
		if q.last >= o || !near(d, l, q.last, o) {
			o = c
			continue
		}
		out = append(out, attributed{found{claim: sp, targets: q.targets, quote: true, last: c}, q.id})
		o = c
	}
	return out
}

// near reports whether token o is in the same sentence as token last or
// in the next one, with no paragraph break between them.
func near(d *Doc, l *layout, last, o int) bool {
	if l.sentStart[o] != l.sentStart[last] && (l.sentEnd[last] != l.sentStart[o]) {
		return false
	}
	for k := last + 1; k <= o; k++ {
		if strings.Contains(d.gap(k), "\n") {
			return false
		}
	}
	return true
}
