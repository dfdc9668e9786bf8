// Command spanmark-rules measures the built-in attribution rules on the
// annotated news in internal/suggest/testdata/eval and prints precision and
// recall per label, language and split (dev, held-out), by overlap and
// exact, with the links, beside the naive baseline.
//
//	go run ./cmd/spanmark-rules            # the table
//	go run ./cmd/spanmark-rules -misses    # what the rules miss or add
//	go run ./cmd/spanmark-rules -misses -context -set news-dev-en
//	                                       # each with its sentence, one set
//	go run ./cmd/spanmark-rules -make-gold # NAME.txt + NAME.ann -> NAME.jsonl
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/suggest/eval"
)

// sets are the annotated files, dev before held-out: the PUD sentences and
// the news articles (see testdata/eval/SOURCES.md).
var sets = []string{"dev-en", "dev-hi", "heldout-en", "heldout-hi",
	"news-dev-en", "news-dev-hi", "news-heldout-en", "news-heldout-hi"}

func main() {
	dir := flag.String("data", "internal/suggest/testdata/eval", "folder of the annotated sets")
	make := flag.Bool("make-gold", false, "write NAME.jsonl from NAME.txt and NAME.ann")
	misses := flag.Bool("misses", false, "list gold spans the rules miss and suggestions no gold span overlaps")
	context := flag.Bool("context", false, "with -misses: print each one's sentence, the span in [[brackets]]")
	only := flag.String("set", "", "score or list only this set (dev-en, news-dev-en, ...)")
	flag.Parse()
	if *only != "" && !known(*only) {
		fmt.Fprintf(os.Stderr, "spanmark-rules: no set %q (known: %v)\n", *only, sets)
		os.Exit(2)
	}
	if err := run(*dir, *only, *make, *misses, *context); err != nil {
		fmt.Fprintln(os.Stderr, "spanmark-rules:", err)
		os.Exit(1)
	}
}

func known(set string) bool {
	for _, s := range sets {
		if s == set {
			return true
		}
	}
	return false
}

func run(dir, only string, makeGold, misses, context bool) error {
	rules := suggest.Builtin()
	for _, set := range sets {
		if only != "" && set != only {
			continue
		}
		base := filepath.Join(dir, set)
		if makeGold {
			if err := writeGold(base); err != nil {
				return err
			}
		}
		data, err := os.ReadFile(base + ".jsonl")
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		gold, err := eval.ReadGold(base+".jsonl", data)
		if err != nil {
			return err
		}
		if misses {
			for _, m := range eval.MissesIn(gold, rules.Suggest, context) {
				fmt.Println(set, m)
			}
			continue
		}
		r := eval.Score(gold, rules.Suggest)
		b := eval.Score(gold, suggest.Baseline)
		eval.Print(os.Stdout, fmt.Sprintf("%s (%d documents)", set, len(gold)), r, b)
	}
	return nil
}

func writeGold(base string) error {
	txt, err := os.ReadFile(base + ".txt")
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	ann, err := os.ReadFile(base + ".ann")
	if os.IsNotExist(err) {
		return nil // a set not annotated yet
	}
	if err != nil {
		return err
	}
	ids, texts, err := eval.Texts(string(txt))
	if err != nil {
		return fmt.Errorf("%s.txt: %w", base, err)
	}
	recs, err := eval.MakeGold(filepath.Base(base)+".ann", ids, texts, string(ann))
	if err != nil {
		return err
	}
	f, err := os.Create(base + ".jsonl")
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := formats.NewWriter(formats.Native, f)
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		d := r.Doc
		if err := w.WriteDoc(&formats.Doc{Doc: &d, Spans: r.Spans, Relations: r.Relations, States: map[string]annot.DocState{}}); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Close()
}
