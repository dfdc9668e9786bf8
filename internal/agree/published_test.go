package agree

import (
	"testing"
)

// Krippendorff (2004), Content Analysis: An Introduction to Its
// Methodology, 2nd ed., p. 254: two observers unitize the continuum
// 150–450 into units of categories c and k. Observer i: c at 225–295 and
// 370–400, k at 180–240 and 300–350; observer j: c at 220–300, 355–375
// and 400–420, k at 180–240 and 300–350. The book gives α(c) = 0.7286
// and αU = 0.8591 (with D_o(c) = 0.0144, D_e(c) = 0.0532, D_e(k) = 0.0490,
// as DKPro Agreement's test of the same example also checks).
func TestKrippendorff2004_Unitizing(t *testing.T) {
	const begin, end = 150, 450
	shift := func(s ...stretch) []stretch {
		out := make([]stretch, len(s))
		for i, x := range s {
			out[i] = stretch{x.start - begin, x.end - begin}
		}
		return out
	}
	n := end - begin
	unitize := func(a, b []stretch) *unitDoc { return newUnitDoc(sections(a, n), sections(b, n), n) }
	c := unitize(shift(stretch{225, 295}, stretch{370, 400}), shift(stretch{220, 300}, stretch{355, 375}, stretch{400, 420}))
	k := unitize(shift(stretch{180, 240}, stretch{300, 350}), shift(stretch{180, 240}, stretch{300, 350}))
	doC, deC, okC := disagreements(c.length, c.delta2, c.units, c.gaps)
	doK, deK, okK := disagreements(k.length, k.delta2, k.units, k.gaps)
	if !okC || !okK {
		t.Fatal("expected disagreement is 0")
	}
	near(t, "D_o(c)", value(doC), 0.0144, 0.0001)
	near(t, "D_e(c)", value(deC), 0.0532, 0.0001)
	near(t, "α(c)", alphaFrom(doC, deC, okC, ""), 0.7286, 0.0001)
	near(t, "D_o(k)", value(doK), 0, 1e-12)
	near(t, "D_e(k)", value(deK), 0.0490, 0.0001)
	near(t, "α(k)", alphaFrom(doK, deK, okK, ""), 1, 1e-12)
	near(t, "αU", alphaFrom(doC+doK, deC+deK, true, ""), 0.8591, 0.0005)
}

// The distances worked out beside the same example (p. 254): two units
// of c that overlap, and a unit inside the other observer's gap.
func TestKrippendorff2004_Distance(t *testing.T) {
	cases := []struct {
		name string
		g, h section
		want float64
	}{
		{"units 225+70 and 220+80", section{225, 295, true}, section{220, 300, true}, 50},
		{"units 370+30 and 355+20", section{370, 400, true}, section{355, 375, true}, 850},
		{"gap 400+50 holding unit 400+20", section{400, 450, false}, section{400, 420, true}, 400},
		{"unit inside a gap, either side", section{400, 420, true}, section{400, 450, false}, 400},
		{"unit only partly in a gap", section{395, 420, true}, section{400, 450, false}, 0},
		{"two gaps", section{0, 10, false}, section{5, 20, false}, 0},
		{"units that do not overlap", section{0, 10, true}, section{10, 20, true}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := delta2(tc.g, tc.h); got != tc.want {
				t.Fatalf("δ² = %v, want %v", got, tc.want)
			}
		})
	}
}

// The worked example of the "Fleiss' kappa" article in Wikipedia: 10
// subjects, 14 raters, 5 categories; each row counts the raters who put
// the subject in each category. κ = 0.20993 (P̄ = 0.378, P̄e = 0.2128).
// The issue cites this table as Fleiss (1971); the 1971 paper's own
// table is the 30 × 6 one of the next test.
var wikipediaFleiss = [][]int{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
}

func fleissOf(rows [][]int) *fleiss {
	n := 0
	for _, c := range rows[0] {
		n += c
	}
	f := newFleiss(n, len(rows[0]))
	for _, r := range rows {
		f.addItem(append([]int(nil), r...)) // addItem clears what it is given
	}
	return f
}

func TestFleiss_WikipediaExample(t *testing.T) {
	near(t, "Fleiss' kappa", fleissOf(wikipediaFleiss).kappa(), 0.20993, 0.000005)
}

// Fleiss, J. L. (1971). Measuring nominal scale agreement among many
// raters. Psychological Bulletin 76(5), 378–382, table 1 (p. 379): six
// psychiatrists each put 30 patients in one of five diagnoses
// (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis,
// 5 other). The paper gives P̄ = 0.5556, P̄e = 0.2201 and κ = 0.430.
var fleiss1971 = [][]int{ // each patient's six diagnoses
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
	{1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
	{1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
	{3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
	{2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

func TestFleiss_Fleiss1971(t *testing.T) {
	rows := make([][]int, len(fleiss1971))
	for i, ratings := range fleiss1971 {
		rows[i] = make([]int, 5)
		for _, d := range ratings {
			rows[i][d-1]++
		}
	}
	f := fleissOf(rows)
	n, N := float64(f.raters), float64(f.items)
	near(t, "P̄", value((f.sumSq-N*n)/(N*n*(n-1))), 0.5556, 0.00005)
	near(t, "κ", f.kappa(), 0.430, 0.0005)
}

// Fleiss' kappa with everyone agreeing on a varied table is 1, and a
// table where every item gets one category from everyone cannot be
// computed (chance agreement is complete).
func TestFleiss_Extremes(t *testing.T) {
	near(t, "full agreement", fleissOf([][]int{{3, 0}, {0, 3}, {3, 0}}).kappa(), 1, 1e-12)
	notComputable(t, "one category only", fleissOf([][]int{{3, 0}, {3, 0}}).kappa())
	notComputable(t, "no items", newFleiss(3, 2).kappa())
}
