package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// benchMerge times merging the database that the import made into a new
// database, beside importing the corpus into a new database (imp): the
// issue asks that merging be no slower. It also times merging the same
// database again (nothing new: every row is compared) and merging its
// native export with --history. With twins, it imports the corpus once
// more, as a second analyst would, and times the worst case: merging two
// databases that hold the same spans under other IDs, into each other.
func benchMerge(dir, src string, runs int, imp time.Duration, twins bool) {
	n := 0
	fresh := func() string {
		n++
		return filepath.Join(dir, fmt.Sprintf("merge-%d.db", n))
	}
	var last string
	mrg := best(runs, func() time.Duration {
		last = fresh()
		return mergeInto(last, src)
	})
	again := best(runs, func() time.Duration { return mergeInto(last, src) })
	hist := filepath.Join(dir, "history.jsonl")
	db, err := store.Open(src)
	if err != nil {
		fail(err)
	}
	if _, err := transfer.ExportHistory(context.Background(), db, hist, nil, nil); err != nil {
		fail(err)
	}
	db.Close()
	file := best(runs, func() time.Duration { return mergeInto(fresh(), hist) })
	fmt.Printf("spanmark import of the corpus into a new database:     %v\n", imp.Round(time.Millisecond))
	fmt.Printf("spanmark merge of that database into a new database:   %v = %.2fx import (target <= 1.0x)\n",
		mrg.Round(time.Millisecond), float64(mrg)/float64(imp))
	fmt.Printf("spanmark merge of it again (nothing new):              %v\n", again.Round(time.Millisecond))
	fmt.Printf("spanmark merge of its native --history export:         %v\n", file.Round(time.Millisecond))
	if !twins {
		return
	}
	second := filepath.Join(dir, "second.db")
	importFile(second, filepath.Join(dir, "corpus.jsonl"))
	into := func(base, other string) time.Duration {
		return best(runs, func() time.Duration {
			dst := fresh()
			copyDB(base, dst)
			return mergeInto(dst, other)
		})
	}
	fmt.Printf("spanmark merge of a second import of the corpus:       %v (every span a twin, folded)\n", into(src, second).Round(time.Millisecond))
	fmt.Printf("spanmark merge of the first into the second:           %v (also every document takes the other's ID)\n", into(second, src).Round(time.Millisecond))
}

// copyDB copies a closed database file.
func copyDB(src, dst string) {
	data, err := os.ReadFile(src)
	if err == nil {
		err = os.WriteFile(dst, data, 0o644)
	}
	if err != nil {
		fail(err)
	}
}

// mergeInto opens (or creates) the database at dst and merges src into it.
func mergeInto(dst, src string) time.Duration {
	start := time.Now()
	db, err := store.Open(dst)
	if err != nil {
		fail(err)
	}
	defer db.Close()
	res, err := transfer.Merge(context.Background(), db, src, nil)
	if err != nil {
		fail(err)
	}
	d := time.Since(start)
	if res.Documents == 0 {
		fail(fmt.Errorf("nothing merged from %s", src))
	}
	return d
}

// benchMergeSuggested times merging a database that holds the built-in
// rules' suggestions (suggested, a copy of imported) into a new database,
// beside importing the corpus and suggesting (imp, sug), which made it;
// and the worst case for suggestions: two copies of one import that each
// ran the rules, so that every suggestion and link is held under two IDs
// and every document is decided suggestion by suggestion, merged into
// each other (the receiver's proposed first, then last).
func benchMergeSuggested(dir, imported, suggested string, runs int, imp, sug time.Duration) {
	n := 0
	fresh := func() string {
		n++
		return filepath.Join(dir, fmt.Sprintf("merge-suggested-%d.db", n))
	}
	into := best(runs, func() time.Duration { return mergeInto(fresh(), suggested) })
	second := filepath.Join(dir, "suggested-again.db")
	copyDB(imported, second)
	suggestIn(second)
	both := func(base, other string) time.Duration {
		return best(runs, func() time.Duration {
			dst := fresh()
			copyDB(base, dst)
			return mergeInto(dst, other)
		})
	}
	fmt.Printf("spanmark merge of the suggested database into a new one: %v = %.2fx import and suggest (%v)\n",
		into.Round(time.Millisecond), float64(into)/float64(imp+sug), (imp + sug).Round(time.Millisecond))
	fmt.Printf("spanmark merge of two copies that each ran the rules:  %v; %v when the other's were proposed first (every suggestion and link under two IDs)\n",
		both(suggested, second).Round(time.Millisecond), both(second, suggested).Round(time.Millisecond))
}
