package suggest

import (
	"math/rand"
	"runtime"
	"strings"
	"sync"
	"testing"

	"app.spanmark.org/spanmark/internal/sample"
)

// corpus makes the texts of the import benchmark (cmd/spanmark-bench):
// 20,000 documents of about 1.5 KB, Hindi and English sentences of the
// sample with a made-up name each, from the same seed.
func corpus(docs int) []string {
	rng := rand.New(rand.NewSource(1))
	hindi, eng := sample.Sentences()
	out := make([]string, docs)
	var b strings.Builder
	for i := range out {
		b.Reset()
		b.WriteString(sample.MadeUpName(i, i%2 == 0) + " ")
		for b.Len() < 1500 {
			if rng.Intn(2) == 0 {
				b.WriteString(hindi[rng.Intn(len(hindi))] + " ")
			} else {
				b.WriteString(eng[rng.Intn(len(eng))] + " ")
			}
		}
		out[i] = strings.TrimSpace(b.String())
		// The benchmark's generator also draws span offsets; keep the
		// random stream in step so the texts are the same.
		for k := 0; k < 10; k++ {
			rng.Intn(2)
			rng.Intn(4)
			rng.Intn(3)
		}
	}
	return out
}

// BenchmarkBuiltin20k suggests with the built-in rules over the import
// benchmark's 20,000 documents, tokenizing each, on every core.
func BenchmarkBuiltin20k(b *testing.B) {
	texts := corpus(20000)
	r := Builtin()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		spans := make([]int, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(texts); i += workers {
					spans[w] += len(r.Suggest(NewDoc(texts[i])).Spans)
				}
			}(w)
		}
		wg.Wait()
		total := 0
		for _, s := range spans {
			total += s
		}
		b.ReportMetric(float64(total), "spans")
	}
}
