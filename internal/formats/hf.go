package formats

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
)

// hfWriter writes Hugging Face token classification data into a folder:
//
//   - data.jsonl, one sentence a line, {"id", "document", "tokens",
//     "ner_tags"}: the words and their BIO tags as ids, cut into words and
//     sentences exactly as the CoNLL export is (overlapping spans are
//     chosen the same way, and reported the same way);
//
//   - labels.json, the tag names in id order ("O" first, then B- and I-
//     of each label as they first occur), which becomes the ClassLabel
//     of the "ner_tags" feature:
//
//     names = json.load(open("labels.json"))
//     ds = load_dataset("json", data_files="data.jsonl")
//     ds = ds.cast_column("ner_tags", Sequence(ClassLabel(names=names)))
//
// Like CoNLL, it holds only spans; the rest is counted in Losses.
type hfWriter struct {
	dir    string
	f      *os.File
	w      *bufio.Writer
	bio    *conllWriter // for its tokens, sentences and losses
	ids    map[string]int
	names  []string
	buf    []byte
	closed bool
}

// NewHFWriter returns a writer of data.jsonl and labels.json into dir,
// made if missing.
func NewHFWriter(dir string) (Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, annot.At(dir, 0, err)
	}
	path := filepath.Join(dir, "data.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return nil, annot.At(path, 0, err)
	}
	hw := &hfWriter{dir: dir, f: f, w: bufio.NewWriterSize(f, 256<<10), bio: &conllWriter{}, ids: map[string]int{"O": 0}, names: []string{"O"}}
	return hw, nil
}

// Losses reports what token classification cannot hold (see Lossy).
func (hw *hfWriter) Losses() []error {
	return append(hw.bio.losses, hw.bio.unheld.errors("Hugging Face token classification")...)
}

func (hw *hfWriter) WriteDoc(d *Doc) error {
	hw.bio.unheld.unheld(d, 0)
	for n, sent := range hw.bio.sentences(d) {
		b := hw.buf[:0]
		b = append(b, '{')
		b = appendKey(b, false, "id")
		b = appendString(b, d.Doc.ID+"-"+strconv.Itoa(n))
		b = appendKey(b, true, "document")
		b = appendString(b, d.Doc.ID)
		b = appendKey(b, true, "tokens")
		b = append(b, '[')
		for i, t := range sent {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, t.word)
		}
		b = append(b, ']')
		b = appendKey(b, true, "ner_tags")
		b = append(b, '[')
		for i, t := range sent {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendInt(b, hw.id(t.tag))
		}
		b = append(b, ']', '}', '\n')
		hw.buf = b
		if _, err := hw.w.Write(b); err != nil {
			return annot.At(hw.f.Name(), 0, err)
		}
	}
	return nil
}

// id numbers a tag, giving a new label its B- and I- ids together.
func (hw *hfWriter) id(tag string) int {
	if n, ok := hw.ids[tag]; ok {
		return n
	}
	label := tag[2:]
	for _, t := range []string{"B-" + label, "I-" + label} {
		if _, ok := hw.ids[t]; !ok {
			hw.ids[t] = len(hw.names)
			hw.names = append(hw.names, t)
		}
	}
	return hw.ids[tag]
}

func (hw *hfWriter) Close() error {
	if hw.closed {
		return nil
	}
	hw.closed = true
	err := hw.w.Flush()
	if cerr := hw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return annot.At(hw.f.Name(), 0, err)
	}
	b := []byte{'['}
	for i, n := range hw.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, n)
	}
	b = append(b, ']', '\n')
	path := filepath.Join(hw.dir, "labels.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return annot.At(path, 0, err)
	}
	return nil
}
