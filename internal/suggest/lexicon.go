package suggest

import (
	"bufio"
	"strings"
)

// lexicon holds the named word lists of rules/words.txt.
type lexicon map[string]map[string]bool

func parseLexicon(data string) lexicon {
	lx := lexicon{}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		name, words, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		set := lx[name]
		if set == nil {
			set = map[string]bool{}
			lx[name] = set
		}
		for _, w := range strings.Fields(words) {
			set[lower(w)] = true
		}
	}
	return lx
}

func (lx lexicon) has(list, w string) bool { return lx[list][w] }
