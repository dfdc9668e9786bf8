package agree

import "sort"

// Krippendorff's unitizing alpha (αU), as defined in Krippendorff (2004),
// Content Analysis, 2nd ed., pp. 251–256, and implemented by DKPro
// Agreement's KrippendorffAlphaUnitizingAgreement (which INCEpTION
// offers). Each annotator divides the continuum [0, L) of code points,
// for one label, into units (stretches they gave that label) and gaps
// (everything else). For two annotators:
//
//	D_o = Σ δ²(g, h) / L²  over every section g of one and h of the other
//
// where δ² of two overlapping units is (start difference)² + (end
// difference)², δ² of a unit and a gap that contains it whole is the
// unit's length squared, and every other pair counts 0; and
//
//	D_e = (2/L) Σ_u [ (N−1)/3 · (2u³ − 3u² + u) + u² Σ_{gaps g ≥ u} (g − u + 1) ]
//	      / ( mL(mL − 1) − Σ_u u(u − 1) )
//
// over the lengths u of all N units of the label by both annotators and
// the lengths g of all their gaps, m = 2. αU of a label is 1 − D_o/D_e;
// over all labels it is 1 − Σ D_o / Σ D_e (DKPro averages both sums over
// the labels, which gives the same ratio).
//
// Units of one label by one annotator may not overlap in this model, so
// overlapping or duplicate spans of one label by one annotator count as
// their union; spans that only touch stay two units.

// stretch is a half-open range of code points.
type stretch struct{ start, end int }

// mergeStretches sorts s and joins the stretches that overlap.
func mergeStretches(s []stretch) []stretch {
	if len(s) < 2 {
		return s
	}
	sort.Slice(s, func(i, j int) bool { return s[i].start < s[j].start })
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.start < last.end {
			if x.end > last.end {
				last.end = x.end
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// section is a unit or a gap of one annotator's division of the continuum.
type section struct {
	start, end int
	unit       bool
}

// sections lays the merged units and the gaps between them over [0, n).
func sections(units []stretch, n int) []section {
	out := make([]section, 0, 2*len(units)+1)
	pos := 0
	for _, u := range units {
		if u.start > pos {
			out = append(out, section{pos, u.start, false})
		}
		out = append(out, section{u.start, u.end, true})
		pos = u.end
	}
	if pos < n {
		out = append(out, section{pos, n, false})
	}
	return out
}

// delta2 is Krippendorff's squared distance between two sections.
func delta2(g, h section) float64 {
	switch {
	case g.unit && h.unit:
		if g.start < h.end && h.start < g.end {
			ds, de := float64(g.start-h.start), float64(g.end-h.end)
			return ds*ds + de*de
		}
	case g.unit && !h.unit:
		if h.start <= g.start && g.end <= h.end {
			l := float64(g.end - g.start)
			return l * l
		}
	case !g.unit && h.unit:
		if g.start <= h.start && h.end <= g.end {
			l := float64(h.end - h.start)
			return l * l
		}
	}
	return 0
}

// observedSum adds δ² over every pair of sections of a and b that share a
// code point. Both partition the same continuum, so walking them side by
// side meets each such pair exactly once.
func observedSum(a, b []section) float64 {
	sum := 0.0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		sum += delta2(a[i], b[j])
		switch {
		case a[i].end < b[j].end:
			i++
		case b[j].end < a[i].end:
			j++
		default:
			i++
			j++
		}
	}
	return sum
}

// unitDoc is what αU needs from one document, for one label and one pair
// of annotators: the δ² sum, the lengths of both annotators' units and
// those of their gaps.
type unitDoc struct {
	length int
	delta2 float64
	units  []int
	gaps   []int
}

// newUnitDoc measures one label for annotators a and b, given their
// sections (see sections), on a text of n code points.
func newUnitDoc(sa, sb []section, n int) *unitDoc {
	u := &unitDoc{length: n, delta2: observedSum(sa, sb)}
	lengths := make([]int, 0, len(sa)+len(sb))
	for _, s := range sa {
		if s.unit {
			lengths = append(lengths, s.end-s.start)
		}
	}
	for _, s := range sb {
		if s.unit {
			lengths = append(lengths, s.end-s.start)
		}
	}
	nu := len(lengths)
	for _, ss := range [][]section{sa, sb} {
		for _, s := range ss {
			if !s.unit {
				lengths = append(lengths, s.end-s.start)
			}
		}
	}
	u.units, u.gaps = lengths[:nu:nu], lengths[nu:]
	return u
}

// unitPool lays documents end to end as one continuum, the way DKPro
// Agreement is handed several documents, with one difference: a gap ends
// where its document ends instead of running on into the next document's
// first gap. Units cannot straddle two articles, so chance should not
// place them there, and the figure then does not depend on the order of
// the documents (which differs between two merged copies of a project).
type unitPool struct {
	length int
	delta2 float64
	units  []int
	gaps   []int
}

func (p *unitPool) add(u *unitDoc) {
	p.length += u.length
	p.delta2 += u.delta2
	p.units = append(p.units, u.units...)
	p.gaps = append(p.gaps, u.gaps...)
}

// addBlank adds a document of n code points where neither annotator
// used the label: one gap each.
func (p *unitPool) addBlank(n int) {
	p.length += n
	if n > 0 {
		p.gaps = append(p.gaps, n, n)
	}
}

// disagreements returns D_o and D_e for two annotators on a continuum of
// n code points; ok is false when D_e is 0 (no units, or nothing could
// differ by chance), where αU is undefined. It sorts units and gaps in
// place.
func disagreements(n int, delta2 float64, units, gaps []int) (do, de float64, ok bool) {
	if n == 0 || len(units) == 0 {
		return 0, 0, false
	}
	const m = 2.0
	L := float64(n)
	do = delta2 * 2 / (m * (m - 1) * L * L)

	sort.Ints(units)
	sort.Ints(gaps)
	var gapSum float64
	for _, g := range gaps {
		gapSum += float64(g)
	}
	// Walking units from the shortest, the gaps shorter than the unit
	// drop out of reach one by one: k gaps of total length above remain.
	i, k, above := 0, float64(len(gaps)), gapSum
	N := float64(len(units))
	var cubic, within, sameUnit float64
	for _, ui := range units {
		for i < len(gaps) && gaps[i] < ui {
			above -= float64(gaps[i])
			k--
			i++
		}
		u := float64(ui)
		cubic += 2*u*u*u - 3*u*u + u
		sameUnit += u * (u - 1)
		within += u * u * (above - k*(u-1))
	}
	num := (2 / L) * ((N-1)/3*cubic + within)
	den := m*L*(m*L-1) - sameUnit
	if num <= 0 || den <= 0 {
		return do, 0, false
	}
	return do, num / den, true
}

// alphaFrom turns summed disagreements into αU.
func alphaFrom(do, de float64, ok bool, reason string) Figure {
	if !ok || de == 0 {
		return none(reason)
	}
	return value(1 - do/de)
}
