// Package agree measures how far annotators agree on the same documents:
// span F1 (exact and overlapping), Cohen's kappa over word tokens,
// Krippendorff's unitizing alpha (αU) on the code-point continuum, the F1
// of the links on claims both annotators marked, and Fleiss' kappa when
// three or more annotators share documents.
//
// Every figure is computed per document and for the whole project, both
// pooled (the counts of every document added up before the figure is
// taken) and as the mean of the per-document figures. A figure that
// cannot be computed (no shared documents, no spans, a kappa whose chance
// agreement is already complete) is reported with the reason, never as 0
// or NaN.
//
// The package knows nothing of SQL or the window: it reads documents as
// annot.Bundle values, so the command line, the window and the tests feed
// it alike.
package agree

import "math"

// Figure is one agreement figure, or the reason it cannot be computed.
type Figure struct {
	Value  float64
	OK     bool   // false: Value means nothing, Reason says why
	Reason string // why the figure cannot be computed; "" when OK
}

func value(v float64) Figure {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return none("the figure is not a number for these counts")
	}
	return Figure{Value: v, OK: true}
}

func none(reason string) Figure { return Figure{Reason: reason} }

// meanOf averages the computable figures among fs; documents whose figure
// cannot be computed are left out of the mean.
func meanOf(fs []Figure) Figure {
	sum, n := 0.0, 0
	for _, f := range fs {
		if f.OK {
			sum += f.Value
			n++
		}
	}
	if n == 0 {
		if len(fs) == 0 {
			return none("no shared documents")
		}
		return none("not computable in any of the documents")
	}
	return value(sum / float64(n))
}

// f1 is the harmonic mean of precision and recall where each side's
// matched count may differ (overlap matching is not one to one):
// recall = matchedA/nA and precision = matchedB/nB, so
// F1 = 2·matchedA·matchedB / (matchedA·nB + matchedB·nA), which with
// exact matching (matchedA = matchedB = m) is 2m / (nA + nB). Counts stay
// integers to the last division, so 0.4 prints as 0.4.
func f1(nA, nB, matchedA, matchedB int) Figure {
	if nA+nB == 0 {
		return none("neither annotator marked a span")
	}
	if matchedA == 0 || matchedB == 0 {
		return value(0)
	}
	a, b := int64(matchedA), int64(matchedB)
	return value(float64(2*a*b) / float64(a*int64(nB)+b*int64(nA)))
}
