package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
)

// exportProfile, if not "", is where -export-only writes a CPU profile
// of its export runs (the import before them left out).
var exportProfile string

// benchExport imports the corpus once and times the doccano export of
// that database runs times beside Python's round trip py, printing every
// run. The export is left as out.jsonl in dir, so that with -dir two
// versions can be compared byte for byte.
func benchExport(dir, src string, runs int, py time.Duration) {
	dbPath := filepath.Join(dir, fmt.Sprintf("export-%d.db", time.Now().UnixNano()))
	imp := importFile(dbPath, src)
	fmt.Printf("spanmark import:          %v (once, untimed for the ratio)\n", imp.Round(time.Millisecond))
	if exportProfile != "" {
		f, err := os.Create(exportProfile)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var each []string
	exp := best(runs, func() time.Duration {
		d := exportFile(dbPath, filepath.Join(dir, "out.jsonl"))
		each = append(each, d.Round(time.Millisecond).String())
		return d
	})
	fmt.Printf("spanmark export, each run: %s\n", strings.Join(each, ", "))
	fmt.Printf("spanmark export doccano:  %v = %.2fx python (target <= 1.0x)\n", exp.Round(time.Millisecond), float64(exp)/float64(py))
}
