// Command spanmark-bench measures import and export of a large doccano
// file against the time Python's json module takes merely to parse the
// same file and write it back out, on the same machine, side by side.
//
//	go run ./cmd/spanmark-bench [-docs 20000] [-spans 10] [-runs 3] [-twins]
//	go run ./cmd/spanmark-bench -export-only [-export-cpuprofile FILE] [-dir DIR]
//
// It prints the best of -runs for each and the ratios the core issue sets
// (import within 2.5x, export within 1.0x of Python), then merging the
// imported database into a new one beside that import (no slower).
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// pythonRoundTrip is the baseline: parse each line and write it back, the
// least any tool that reads and writes this JSONL must do.
const pythonRoundTrip = `
import json, sys, time
src, dst, ascii = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
t = time.perf_counter()
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    for line in f:
        out.write(json.dumps(json.loads(line), ensure_ascii=ascii) + "\n")
print(time.perf_counter() - t)
`

func main() {
	docs := flag.Int("docs", 20000, "documents")
	spans := flag.Int("spans", 10, "spans per document")
	runs := flag.Int("runs", 3, "runs of each; the best counts")
	keep := flag.String("dir", "", "work folder (default: a temporary one, removed after)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the Spanmark runs to this file")
	twins := flag.Bool("twins", false, "also time merging two separate imports of the corpus (the worst case)")
	importOnly := flag.Bool("import-only", false, "time only the Python round trip and the import, side by side")
	suggestOnly := flag.Bool("suggest-only", false, "time only the import and suggesting, side by side")
	exportOnly := flag.Bool("export-only", false, "time only the Python round trip, one import and the doccano export, each export's time printed")
	flag.StringVar(&exportProfile, "export-cpuprofile", "", "write a CPU profile of the export runs alone to this file")
	flag.StringVar(&suggestProfile, "suggest-cpuprofile", "", "write a CPU profile of each suggest run to this file, with the run's number appended")
	flag.Parse()
	dir := *keep
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "spanmark-bench"); err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
	}
	src := filepath.Join(dir, "corpus.jsonl")
	size, nspans, err := generate(src, *docs, *spans)
	if err != nil {
		fail(err)
	}
	fmt.Printf("corpus: %d documents, %d spans, %.1f MB of doccano JSONL\n", *docs, nspans, float64(size)/1e6)
	if *suggestOnly {
		benchSuggest(dir, src, *runs)
		return
	}

	pyUTF8 := best(*runs, func() time.Duration { return python(src, filepath.Join(dir, "py.jsonl"), false) })
	pyASCII := best(*runs, func() time.Duration { return python(src, filepath.Join(dir, "py.jsonl"), true) })
	py := min(pyUTF8, pyASCII)
	fmt.Printf("python json parse+write:  %v (ensure_ascii=False), %v (default ensure_ascii=True); baseline %v\n",
		pyUTF8.Round(time.Millisecond), pyASCII.Round(time.Millisecond), py.Round(time.Millisecond))

	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *exportOnly {
		benchExport(dir, src, *runs, py)
		return
	}
	var dbPath string
	var each []string
	imp := best(*runs, func() time.Duration {
		dbPath = filepath.Join(dir, fmt.Sprintf("bench-%d.db", time.Now().UnixNano()))
		d := importFile(dbPath, src)
		each = append(each, d.Round(time.Millisecond).String())
		return d
	})
	fmt.Printf("spanmark import, each run: %s\n", strings.Join(each, ", "))
	fmt.Printf("spanmark import:          %v = %.2fx python (target <= 2.5x)\n", imp.Round(time.Millisecond), float64(imp)/float64(py))
	if *importOnly {
		return
	}
	exp := best(*runs, func() time.Duration { return exportFile(dbPath, filepath.Join(dir, "out.jsonl")) })
	pyImp := best(*runs, func() time.Duration { return pythonImport(dir, src) })
	fmt.Printf("python json+sqlite3 import into the same schema: %v; spanmark takes %.2fx its time\n", pyImp.Round(time.Millisecond), float64(imp)/float64(pyImp))
	fmt.Printf("spanmark export doccano:  %v = %.2fx python (target <= 1.0x)\n", exp.Round(time.Millisecond), float64(exp)/float64(py))
	benchMerge(dir, dbPath, *runs, imp, *twins)
	imported, suggested, sugImp, sug := benchSuggest(dir, src, *runs)
	benchMergeSuggested(dir, imported, suggested, *runs, sugImp, sug)
}

func best(n int, f func() time.Duration) time.Duration {
	b := time.Duration(1<<63 - 1)
	for i := 0; i < n; i++ {
		b = min(b, f())
	}
	return b
}

func python(src, dst string, ascii bool) time.Duration {
	flag := "0"
	if ascii {
		flag = "1"
	}
	out, err := exec.Command("python3", "-c", pythonRoundTrip, src, dst, flag).Output()
	if err != nil {
		fail(fmt.Errorf("python3: %v", err))
	}
	var secs float64
	fmt.Sscan(string(out), &secs)
	return time.Duration(secs * float64(time.Second))
}

// pythonImportScript is a plain Python importer into the same schema
// (see the file), timed beside Spanmark's.
//
//go:embed python_import.py
var pythonImportScript string

func pythonImport(dir, src string) time.Duration {
	db := filepath.Join(dir, fmt.Sprintf("py-%d.db", time.Now().UnixNano()))
	d, err := store.Open(db) // the schema and labels, as Spanmark makes them
	if err != nil {
		fail(err)
	}
	d.Close()
	out, err := exec.Command("python3", "-c", pythonImportScript, db, src).Output()
	if err != nil {
		fail(fmt.Errorf("python3 importer: %v", err))
	}
	var secs float64
	fmt.Sscan(string(out), &secs)
	return time.Duration(secs * float64(time.Second))
}

func importFile(dbPath, src string) time.Duration {
	start := time.Now()
	db, err := store.Open(dbPath)
	if err != nil {
		fail(err)
	}
	res, err := transfer.Import(context.Background(), db, transfer.Job{Path: src, Format: formats.Doccano},
		formats.Options{Annotator: "bench"}, func(error) {})
	if err != nil {
		fail(err)
	}
	db.Close() // what a `spanmark import` also waits for: the checkpoint
	d := time.Since(start)
	if res.NewSpans == 0 {
		fail(fmt.Errorf("nothing imported"))
	}
	return d
}

func exportFile(dbPath, dst string) time.Duration {
	start := time.Now()
	db, err := store.Open(dbPath)
	if err != nil {
		fail(err)
	}
	defer db.Close()
	if _, err := transfer.Export(context.Background(), db, formats.Doccano, dst, nil, annot.ExportFilter{}, nil, nil); err != nil {
		fail(err)
	}
	return time.Since(start)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "spanmark-bench:", err)
	os.Exit(1)
}
