package ui

import (
	"maps"
	"slices"

	"app.spanmark.org/spanmark/internal/annot"
)

// summariesSum is a checksum of a document list as read (every field of
// every row, and the whole project's rows when a search narrows the
// list), so that a Reload that finds the list as it was leaves it alone.
// Another program's import commits a chunk at a time, each hidden until
// its last, and the window hears of every commit: it used to list the
// documents again for each of them, on its UI goroutine.
func summariesSum(lists ...[]annot.DocSummary) uint64 {
	h := sum64(fnvOffset)
	for _, list := range lists {
		h.num(int64(len(list)))
		for i := range list {
			d := &list[i]
			h.str(d.ID)
			h.num(d.Seq)
			h.str(d.Title)
			h.str(d.Source)
			h.num(int64(d.Length))
			h.num(int64(d.Undecided))
			h.counts(d.Spans)
			h.counts(d.Curated)
			h.num(int64(len(d.States)))
			for _, k := range slices.Sorted(maps.Keys(d.States)) {
				h.str(k)
				h.str(string(d.States[k]))
			}
			h.num(int64(len(d.Assigned)))
			for _, s := range d.Assigned {
				h.str(s)
			}
		}
	}
	return uint64(h)
}

// sum64 is FNV-1a, fed without allocating.
type sum64 uint64

const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func (h *sum64) byte(b byte) { *h = (*h ^ sum64(b)) * fnvPrime }

func (h *sum64) num(v int64) {
	for i := 0; i < 8; i++ {
		h.byte(byte(v >> (8 * i)))
	}
}

func (h *sum64) str(s string) {
	h.num(int64(len(s)))
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
}

func (h *sum64) counts(m map[string]int) {
	h.num(int64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		h.str(k)
		h.num(int64(m[k]))
	}
}
