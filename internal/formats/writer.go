package formats

import (
	"bufio"
	"io"
	"sort"

	"app.spanmark.org/spanmark/internal/annot"
)

// Doc is one document ready for export. Spans are already filtered (gold,
// one annotator) and sorted by start, end and label; Relations hold only
// relations between those spans.
type Doc struct {
	Doc       *annot.Document
	Spans     []annot.Span
	Relations []annot.Relation
	// States says how far each annotator got with the document.
	States map[string]annot.DocState
	// Answers holds each annotator's own answer on the document as a
	// whole, from the tool the work came from (see annot.Record).
	Answers map[string]annot.Answer
	// Suggested holds the document's suggestions when the export asks
	// for them (export --suggestions), else nil.
	Suggested *annot.Suggested
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Writer writes documents in one format, in the order given. Close
// finishes the output (a closing bracket, a flush) and must be called once
// all documents are written; output is not complete before it.
type Writer interface {
	WriteDoc(*Doc) error
	Close() error
}

// Lossy is implemented by writers whose format cannot carry everything a
// document holds (overlapping spans in BIO, a span of nothing but line
// breaks in brat). Losses lists what was left out, one error per item,
// naming the document; callers should show them as warnings once the
// export is done. The Writer interface has no other way to warn.
type Lossy interface {
	Losses() []error
}

// NewWriter returns a writer of format to w. brat writes a folder and is
// made by NewBratWriter instead.
func NewWriter(format string, w io.Writer) (Writer, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	switch format {
	case Native:
		return &nativeWriter{w: bw}, nil
	case Doccano:
		return &doccanoWriter{w: bw}, nil
	case Prodigy:
		return newProdigyWriter(bw), nil
	case LabelStudio:
		return newLabelStudioWriter(bw), nil
	case CoNLL:
		return newCoNLLWriter(bw), nil
	case Brat, WebAnno, HF:
		return nil, annot.Errorf(annot.Invalid, "%s writes a folder of files: give --out a folder", format)
	}
	return nil, annot.Errorf(annot.Invalid, "unknown export format %q (one of %v)", format, ExportFormats())
}
