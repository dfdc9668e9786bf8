package agree

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// newsCorpus makes n news-sized documents (about 2,000 characters, with
// curly quotes and dashes as real copy has) annotated by three analysts
// with about ten spans each: the same attributions, with the edges,
// labels and links of some of them differing as they do between people.
func newsCorpus(n int) []*annot.Bundle {
	r := rand.New(rand.NewPCG(7, 11))
	sentences := []string{
		"Prime Minister John Key said on Tuesday that the government would not change its position on the trade deal.",
		"“We have been clear from the start,” the minister told reporters in Wellington after the cabinet meeting.",
		"According to the New Zealand Herald, officials had warned that the costs could rise by a third before 2027.",
		"The opposition leader called the plan “reckless” and said voters deserved a full account of the risks.",
		"A spokesperson for the ministry — speaking on condition of anonymity — said talks would resume next week.",
		"Analysts at the central bank expect growth to slow to 1.5 per cent, a report released on Monday showed.",
		"Police said three people were arrested near the port, where protesters had gathered since early morning.",
		"The company’s chief executive told The Huffington Post that the factory would close by the end of the year.",
	}
	labels := []string{"ACTOR", "CLAIM", "SOURCE"}
	docs := make([]*annot.Bundle, n)
	for d := range docs {
		var sb strings.Builder
		for sb.Len() < 2000 {
			sb.WriteString(sentences[r.IntN(len(sentences))])
			sb.WriteString(" ")
		}
		txt := sb.String()
		toks := text.Tokens(txt)
		b := &annot.Bundle{Doc: annot.Document{ID: fmt.Sprint("doc", d), Title: fmt.Sprint("Article ", d), Text: txt}}
		type base struct{ from, to, label int }
		var truth []base
		for i := 0; i < 10; i++ {
			from := r.IntN(len(toks) - 20)
			truth = append(truth, base{from, from + 1 + r.IntN(15), i % 3})
		}
		for _, who := range []string{"asha", "ravi", "meera"} {
			first := len(b.Spans)
			for i, s := range truth {
				if r.IntN(10) == 0 {
					continue // missed
				}
				from, to, l := s.from, s.to, s.label
				if r.IntN(5) == 0 {
					from += r.IntN(3) // a word more or less
				}
				if r.IntN(10) == 0 {
					l = (l + 1) % 3
				}
				if to <= from {
					to = from + 1
				}
				b.Spans = append(b.Spans, annot.Span{ID: fmt.Sprint(d, who, i), DocID: b.Doc.ID, Annotator: who,
					Start: toks[from].Start, End: toks[to-1].End, Label: labels[l]})
			}
			own := b.Spans[first:]
			for i := 0; i+1 < len(own); i += 3 {
				if r.IntN(6) != 0 {
					b.Relations = append(b.Relations, annot.Relation{ID: fmt.Sprint("r", d, who, i), Annotator: who,
						From: own[i].ID, To: own[i+1].ID, Type: annot.SaidBy})
				}
			}
		}
		docs[d] = b
	}
	return docs
}

// BenchmarkReport is the whole report (every pair, per document, pooled
// and mean of documents, per label, Fleiss) over 10,000 documents by
// three annotators, tokenising every document.
func BenchmarkReport(b *testing.B) {
	docs := newsCorpus(10000)
	b.ResetTimer()
	cpu0 := cpuTime()
	defer func() { b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		rep := Compute(docs, Options{})
		if len(rep.Pairs) != 3 || !rep.Fleiss.Pooled.OK {
			b.Fatalf("report: %d pairs, Fleiss %+v", len(rep.Pairs), rep.Fleiss.Pooled)
		}
	}
}

// cpuTime is the processor time this process has used, user and system:
// on a machine shared with other work, the figure that says how much the
// report costs, where the wall time also says how busy the machine was.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
