package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/text"
	"app.spanmark.org/spanmark/store"
)

// runScale makes a project of -docs documents and -spans spans from three
// annotators (one native JSONL file), and times what an analyst and a
// pipeline do with it, each in its own process, with its peak memory.
func runScale(args []string) error {
	fs := flag.NewFlagSet("scale", flag.ExitOnError)
	bin := fs.String("bin", "spanmark", "the spanmark binary")
	docs := fs.Int("docs", 100000, "documents")
	spans := fs.Int("spans", 1000000, "spans, shared out among the annotators")
	dir := fs.String("dir", "", "work folder, kept (default: a temporary one, removed after)")
	window := fs.Bool("window", os.Getenv("DISPLAY") != "", "also open the window (needs $DISPLAY and xdotool)")
	fs.Parse(args)
	work := *dir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "spanmark-scale"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	corpus := filepath.Join(work, "project.jsonl")
	db := filepath.Join(work, "project.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(db + suffix)
		os.Remove(filepath.Join(work, "merged.db") + suffix)
	}
	start := time.Now()
	size, err := generateProject(corpus, *docs, *spans)
	if err != nil {
		return err
	}
	fmt.Printf("generated %d documents, %d spans by 3 annotators: %.0f MB of native JSONL in %v\n", *docs, *spans, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
	steps := []struct {
		name string
		args []string
	}{
		{"import", []string{"import", "--db", db, corpus}},
		{"export native", []string{"export", "--db", db, "--format", "native", "--out", filepath.Join(work, "out.native.jsonl")}},
		{"export doccano", []string{"export", "--db", db, "--format", "doccano", "--out", filepath.Join(work, "out.doccano.jsonl")}},
		{"merge", []string{"merge", "--db", filepath.Join(work, "merged.db"), db}},
		{"merge again", []string{"merge", "--db", filepath.Join(work, "merged.db"), db}},
		{"agree --json", []string{"agree", "--db", db, "--json"}},
		{"stats", []string{"stats", "--db", db}},
	}
	for _, s := range steps {
		took, rss, err := timed(*bin, s.args...)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Printf("%-15s %8v  peak %4d MB\n", s.name, took.Round(time.Millisecond), rss>>20)
	}
	if err := storeOpen(db); err != nil {
		return err
	}
	if *window {
		return windowOpen(*bin, db)
	}
	return nil
}

// timed runs the binary and returns its wall time and peak resident size.
func timed(bin string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = nil, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%v\n%s", err, out.String())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss << 10
	}
	return took, rss, nil
}

// storeOpen times what the window asks of the store when it opens: the
// document list without counts, the counts of the rows on screen, the
// first document and one in the middle; and, for comparison, the whole
// list with every count.
func storeOpen(path string) error {
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	list, err := db.Documents(ctx, annot.DocFilter{NoCounts: true})
	if err != nil {
		return err
	}
	listTook := time.Since(start)
	runtime.ReadMemStats(&after)
	ids := make([]string, 0, 64)
	for _, d := range list[:min(64, len(list))] {
		ids = append(ids, d.ID)
	}
	start = time.Now()
	if _, err := db.Documents(ctx, annot.DocFilter{IDs: ids}); err != nil {
		return err
	}
	counts := time.Since(start)
	start = time.Now()
	if _, err := db.Bundle(ctx, list[0].ID); err != nil {
		return err
	}
	first := time.Since(start)
	start = time.Now()
	if _, err := db.Bundle(ctx, list[len(list)/2].ID); err != nil {
		return err
	}
	mid := time.Since(start)
	start = time.Now()
	if _, err := db.Documents(ctx, annot.DocFilter{}); err != nil {
		return err
	}
	whole := time.Since(start)
	fmt.Printf("store: document list of %d in %v (%d MB of Go heap), counts of 64 rows in %v; first document in %v, one in the middle in %v; the whole list with every count %v\n",
		len(list), listTook.Round(time.Millisecond), (after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))>>20, counts.Round(100*time.Microsecond),
		first.Round(100*time.Microsecond), mid.Round(100*time.Microsecond), whole.Round(time.Millisecond))
	return nil
}

// windowOpen starts the window on the project and waits for its title to
// name the first document (it does once the list and the document are
// shown), then reads its memory.
func windowOpen(bin, db string) error {
	if _, err := exec.LookPath("xdotool"); err != nil {
		return fmt.Errorf("the window figures need xdotool: %w", err)
	}
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Dir(db))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("xdotool", "search", "--pid", strconv.Itoa(cmd.Process.Pid), "--name", " — Spanmark").Output()
		if len(strings.TrimSpace(string(out))) > 0 {
			took := time.Since(start)
			time.Sleep(2 * time.Second) // let it settle: the rest of the article is laid out between frames
			status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
			fmt.Printf("window: first document shown %v after start; %s, %s\n", took.Round(time.Millisecond), field(status, "VmRSS"), field(status, "VmHWM"))
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("the window did not show a document within 2 minutes")
}

func field(status []byte, name string) string {
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, name+":") {
			return name + " " + strings.Join(strings.Fields(l[len(name)+1:]), " ")
		}
	}
	return name + " ?"
}

// generateProject writes native JSONL: docs texts of about 1.9 KB mixing
// Hindi and English sentences, and spans on word boundaries shared out
// among three annotators, most documents annotated by all three.
func generateProject(path string, docs, spans int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	hindi, eng := sample.Sentences()
	labels := []string{"CLAIM", "ACTOR", "SOURCE"}
	who := []string{"asha", "ravi", "meera"}
	var b strings.Builder
	line := make([]byte, 0, 1<<14)
	for i := 0; i < docs; i++ {
		b.Reset()
		b.WriteString(sample.MadeUpName(i, i%2 == 0) + " ")
		for b.Len() < 1900 {
			if rng.IntN(2) == 0 {
				b.WriteString(hindi[rng.IntN(len(hindi))] + " ")
			} else {
				b.WriteString(eng[rng.IntN(len(eng))] + " ")
			}
		}
		doc := strings.TrimSpace(b.String())
		toks := text.Tokens(doc)
		n := spans / docs
		if i < spans%docs {
			n++
		}
		line = append(line[:0], `{"id":"","title":"`...)
		line = strconv.AppendInt(append(line, "Article "...), int64(i+1), 10)
		line = append(line, `","source":"scale.jsonl","text":`...)
		line = strconv.AppendQuote(line, doc)
		line = append(line, `,"meta":{},"spans":[`...)
		for k := 0; k < n; k++ {
			a := rng.IntN(len(toks))
			e := min(a+rng.IntN(5), len(toks)-1)
			if k > 0 {
				line = append(line, ',')
			}
			line = fmt.Appendf(line, `{"start":%d,"end":%d,"label":%q,"annotator":%q}`, toks[a].Start, toks[e].End, labels[rng.IntN(3)], who[k%3])
		}
		line = append(line, "],\"relations\":[]}\n"...)
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}
