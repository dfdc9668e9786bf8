package agree

// confusion counts items by the category each of two annotators gave
// them: cell [i*k+j] holds the items annotator a put in category i and
// annotator b in category j.
type confusion struct {
	k     int
	cells []int64
}

func newConfusion(k int) *confusion { return &confusion{k: k, cells: make([]int64, k*k)} }

func (c *confusion) add(i, j int) { c.cells[i*c.k+j]++ }

// kappa is Cohen's kappa, (po − pe) / (1 − pe), with po the share of
// items both put in the same category and pe the agreement expected from
// each annotator's own category shares. Written over counts,
// kappa = (N·Σdiag − Σ row·col) / (N² − Σ row·col), so that figures such
// as 47/67 come out exact.
func (c *confusion) kappa() Figure {
	k := c.k
	var n, diag, rc float64
	rows, cols := make([]float64, k), make([]float64, k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			v := float64(c.cells[i*k+j])
			rows[i] += v
			cols[j] += v
			n += v
			if i == j {
				diag += v
			}
		}
	}
	if n == 0 {
		return none("no tokens")
	}
	for i := range rows {
		rc += rows[i] * cols[i]
	}
	if rc == n*n {
		return none("both annotators gave every token the same single label, so chance agreement is already complete")
	}
	return value((n*diag - rc) / (n*n - rc))
}

// fleiss accumulates Fleiss' (1971) kappa for items that are each rated
// by the same number of raters n: per item, how many raters chose each
// category.
type fleiss struct {
	raters int
	items  int64
	sumSq  float64   // Σ over items and categories of n_ij²
	cols   []float64 // Σ over items of n_ij, by category
}

func newFleiss(raters, k int) *fleiss { return &fleiss{raters: raters, cols: make([]float64, k)} }

// addItem records one item; counts[j] raters chose category j. It
// clears counts for the next item.
func (f *fleiss) addItem(counts []int) {
	f.items++
	for j, c := range counts {
		if c != 0 {
			f.sumSq += float64(c * c)
			f.cols[j] += float64(c)
			counts[j] = 0
		}
	}
}

// kappa is (P̄ − P̄e) / (1 − P̄e), with P̄ the mean share of agreeing
// rater pairs per item and P̄e the sum of the squared category shares.
func (f *fleiss) kappa() Figure {
	if f.items == 0 {
		return none("no tokens")
	}
	if f.raters < 2 {
		return none("fewer than two annotators")
	}
	n, N := float64(f.raters), float64(f.items)
	pbar := (f.sumSq - N*n) / (N * n * (n - 1))
	var pe float64
	for _, c := range f.cols {
		p := c / (N * n)
		pe += p * p
	}
	if pe >= 1 {
		return none("every annotator gave every token the same single label, so chance agreement is already complete")
	}
	return value((pbar - pe) / (1 - pe))
}

// merge adds o's counts, whose categories are mapped by idx.
func (f *fleiss) merge(o *fleiss, idx []int) {
	f.items += o.items
	f.sumSq += o.sumSq
	for j, c := range o.cols {
		f.cols[idx[j]] += c
	}
}
