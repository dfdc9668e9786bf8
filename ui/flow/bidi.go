package flow

// placePieces orders a line's pieces visually and gives each its x. It
// applies the Unicode bidirectional algorithm at word granularity: each
// word is shaped whole by the font engine (so Arabic letters join and run
// right to left inside it), and this orders the words: resolve a level
// per word from the paragraph direction and the word's own, then reverse
// runs from the highest level down (rule L2). A right-to-left paragraph is
// aligned to the right edge.
func placePieces(line *Line, width float32) {
	ps := line.Pieces
	base := 0
	if line.RTL {
		base = 1
	}
	levels := make([]int, len(ps))
	maxLevel := base
	for i := range ps {
		levels[i] = wordLevel(ps, i, base)
		maxLevel = max(maxLevel, levels[i])
	}
	if maxLevel > 0 {
		for lv := maxLevel; lv >= 1; lv-- {
			for i := 0; i < len(ps); {
				if levels[i] < lv {
					i++
					continue
				}
				j := i
				for j < len(ps) && levels[j] >= lv {
					j++
				}
				reverse(ps[i:j], levels[i:j])
				i = j
			}
		}
	}
	// A word's trailing space follows it in reading order: to its right
	// at an even (left-to-right) level, to its left at an odd one.
	var x, right float32
	for i := range ps {
		if levels[i]%2 == 1 {
			x += ps[i].gap
		}
		ps[i].X = x
		right = x + ps[i].W
		x = right
		if levels[i]%2 == 0 {
			x += ps[i].gap
		}
	}
	if line.RTL && len(ps) > 0 {
		shift := width - right
		for i := range ps {
			ps[i].X += shift
		}
	}
}

// wordLevel resolves the embedding level of piece i: strong words take
// their own direction; a neutral word (digits, punctuation) between two
// words of the same direction takes theirs, else the paragraph's.
func wordLevel(ps []Piece, i, base int) int {
	level := func(d Dir) int {
		switch {
		case d == RTL:
			return 1
		case d == LTR && base == 1:
			return 2
		}
		return base
	}
	if ps[i].Dir != Neutral {
		return level(ps[i].Dir)
	}
	before, after := Neutral, Neutral
	for k := i - 1; k >= 0 && before == Neutral; k-- {
		before = ps[k].Dir
	}
	for k := i + 1; k < len(ps) && after == Neutral; k++ {
		after = ps[k].Dir
	}
	if before == after && before != Neutral {
		return level(before)
	}
	return base
}

func reverse(ps []Piece, levels []int) {
	for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
		ps[i], ps[j] = ps[j], ps[i]
		levels[i], levels[j] = levels[j], levels[i]
	}
}
