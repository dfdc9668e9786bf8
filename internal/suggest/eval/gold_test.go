package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// TestCommittedGoldMatchesAnn rebuilds every NAME.jsonl of the annotated
// sets from NAME.txt and NAME.ann and compares it with the committed file,
// so that an edit of the annotations that was not turned into gold (or a
// hand edit of the gold) is caught.
func TestCommittedGoldMatchesAnn(t *testing.T) {
	anns, err := filepath.Glob("../testdata/eval/*.ann")
	if err != nil || len(anns) == 0 {
		t.Fatalf("no annotated sets found: %v", err)
	}
	for _, ann := range anns {
		base := strings.TrimSuffix(ann, ".ann")
		t.Run(filepath.Base(base), func(t *testing.T) {
			txt, err := os.ReadFile(base + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			annText, err := os.ReadFile(ann)
			if err != nil {
				t.Fatal(err)
			}
			ids, texts, err := Texts(string(txt))
			if err != nil {
				t.Fatal(err)
			}
			recs, err := MakeGold(filepath.Base(ann), ids, texts, string(annText))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			w, err := formats.NewWriter(formats.Native, &buf)
			if err != nil {
				t.Fatal(err)
			}
			for i := range recs {
				d := recs[i].Doc
				if err := w.WriteDoc(&formats.Doc{Doc: &d, Spans: recs[i].Spans, Relations: recs[i].Relations, States: map[string]annot.DocState{}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(base + ".jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), committed) {
				t.Errorf("%s.jsonl does not match %s: run go run ./cmd/spanmark-rules -make-gold", filepath.Base(base), filepath.Base(ann))
			}
			// Every ACTOR and SOURCE is the end of a link, every CLAIM the start of one.
			for _, r := range recs {
				from, to := map[string]bool{}, map[string]bool{}
				for _, l := range r.Relations {
					from[l.From], to[l.To] = true, true
				}
				for _, s := range r.Spans {
					if s.Label == "CLAIM" && !from[s.ID] || s.Label != "CLAIM" && !to[s.ID] {
						t.Errorf("%s: %s %s is in no link", r.Doc.ID, s.Label, s.ID)
					}
				}
			}
		})
	}
}

func TestTextsMultiLine(t *testing.T) {
	ids, texts, err := Texts("## a\nfirst line\n\nsecond\n\n## b\none\n")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "a,b" || texts["a"] != "first line\n\nsecond" || texts["b"] != "one" {
		t.Errorf("got %v %q", ids, texts)
	}
	if _, _, err := Texts("## a\n\n## b\nx\n"); err == nil || !strings.Contains(err.Error(), "a has no text") {
		t.Errorf("empty document: got %v", err)
	}
	if _, _, err := Texts("## a\nx\n## a\ny\n"); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate id: got %v", err)
	}
}
