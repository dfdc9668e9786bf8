package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// benchSuggest times `spanmark suggest --builtin` over the corpus beside
// importing it, as the issue asks that suggesting take no longer: each
// round imports the corpus into a new database, then suggests on a copy
// of it, so that both see the same load on a shared machine; the best
// round of each counts.
// It returns the last round's databases, the import and its copy with
// the suggestions, and the best times of importing and suggesting.
func benchSuggest(dir, corpus string, runs int) (imported, suggested string, imp, sug time.Duration) {
	imp, sug = time.Duration(1<<63-1), time.Duration(1<<63-1)
	var res transfer.SuggestResult
	for i := 0; i < runs; i++ {
		imported = filepath.Join(dir, fmt.Sprintf("suggest-import-%d.db", i))
		imp = min(imp, importFile(imported, corpus))
		suggested = filepath.Join(dir, fmt.Sprintf("suggest-%d.db", i))
		copyDB(imported, suggested)
		var d time.Duration
		d, res = suggestIn(suggested)
		sug = min(sug, d)
	}
	fmt.Printf("spanmark import of the corpus, beside suggesting:      %v\n", imp.Round(time.Millisecond))
	fmt.Printf("spanmark suggest --builtin over it:                    %v = %.2fx import (target <= 1.0x); %d suggestions, %d links\n",
		sug.Round(time.Millisecond), float64(sug)/float64(imp), res.Suggestions, res.Links)
	return imported, suggested, imp, sug
}

// suggestProfile, when set (-suggest-cpuprofile), names the files that
// each suggest run writes its CPU profile to; profiles counts them.
var (
	suggestProfile string
	profiles       int
)

// suggestIn opens the database at path and stores the built-in rules'
// suggestions for every document, as the command does.
func suggestIn(path string) (time.Duration, transfer.SuggestResult) {
	if suggestProfile != "" {
		profiles++
		f, err := os.Create(fmt.Sprintf("%s.%d", suggestProfile, profiles))
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	db, err := store.Open(path)
	if err != nil {
		fail(err)
	}
	defer db.Close()
	r := suggest.Builtin()
	res, _, err := transfer.Suggest(context.Background(), db, nil, func(t string) suggest.Suggestions {
		return r.Suggest(suggest.NewDoc(t))
	}, nil)
	if err != nil {
		fail(err)
	}
	if res.NewSuggestions == 0 {
		fail(fmt.Errorf("nothing suggested"))
	}
	return time.Since(start), res
}
