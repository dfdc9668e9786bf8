package main

import (
	"bufio"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/sample"
	"app.spanmark.org/spanmark/internal/text"
)

// generate writes docs doccano records of about 2 KB each, mixing Hindi
// sentences from the sample with English ones, with spans on word
// boundaries, and returns the file size and span count.
func generate(path string, docs, spansPer int) (int64, int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewSource(1))
	hindi, eng := sample.Sentences()
	labels := []string{"CLAIM", "ACTOR", "SOURCE"}
	total := 0
	var b strings.Builder
	for i := 0; i < docs; i++ {
		b.Reset()
		// A made-up name makes every document's text its own, as in a
		// real corpus, where the same article rarely comes twice.
		b.WriteString(sample.MadeUpName(i, i%2 == 0) + " ")
		for b.Len() < 1500 {
			if rng.Intn(2) == 0 {
				b.WriteString(hindi[rng.Intn(len(hindi))] + " ")
			} else {
				b.WriteString(eng[rng.Intn(len(eng))] + " ")
			}
		}
		doc := strings.TrimSpace(b.String())
		toks := text.Tokens(doc)
		line := make([]byte, 0, 4096)
		line = append(line, `{"text":`...)
		line = appendJSON(line, doc)
		line = append(line, `,"label":[`...)
		for k := 0; k < spansPer; k++ {
			a := rng.Intn(len(toks))
			e := min(a+rng.Intn(4), len(toks)-1)
			if k > 0 {
				line = append(line, ',')
			}
			line = append(line, '[')
			line = strconv.AppendInt(line, int64(toks[a].Start), 10)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(toks[e].End), 10)
			line = append(line, `,"`...)
			line = append(line, labels[rng.Intn(len(labels))]...)
			line = append(line, `"]`...)
			total++
		}
		line = append(line, `],"meta":{"n":`...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, "}}\n"...)
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	return info.Size(), total, nil
}

// appendJSON quotes s as JSON with UTF-8 kept as is.
func appendJSON(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
