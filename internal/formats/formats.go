// Package formats reads and writes the files analysts already have:
// Spanmark's native JSONL, doccano, Prodigy, Label Studio, brat, CoNLL
// (BIO) and plain articles in .txt, .md and .html.
//
// Readers turn a file into annot.Records, one per document, with offsets
// already moved onto the stored text (code points, BOM dropped, CRLF as
// LF). They never write anything: the store imports a file's records in
// one transaction, so a reader that fails half-way leaves nothing behind.
// Writers turn stored documents into a format, converting offsets at the
// edge for tools that count differently.
package formats

import (
	"path/filepath"
	"sort"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// Format names, as given to --format.
const (
	Native      = "native"
	Doccano     = "doccano"
	Prodigy     = "prodigy"
	LabelStudio = "labelstudio"
	Brat        = "brat"
	CoNLL       = "conll"
	WebAnno     = "webanno"
	HF          = "hf"
	Text        = "txt"
	Markdown    = "md"
	HTML        = "html"
)

// Options tell a reader what the file itself does not say.
type Options struct {
	// Annotator owns spans whose format names no annotator.
	Annotator string
	// Labels names the numeric label ids of doccano 1.x exports (id to
	// label name), as read by ReadDoccanoLabels; nil when none was given.
	Labels map[string]string
	// AsSuggestions takes every span of the file as a suggestion, of
	// origin "import:prediction": model output (spaCy, an LLM pipeline) in
	// any format. Readers leave it to the importer (transfer.Import),
	// which turns each record's spans over (annot.Record.Suggest).
	AsSuggestions bool
}

// Sink receives what a reader finds. Record is called once per document,
// in file order; its error stops the read. Warn receives problems that do
// not stop the import (a brat event line kept only as a note, a Label
// Studio annotation the annotator cancelled), placed at file and line.
type Sink struct {
	Record func(*annot.Record) error
	Warn   func(error)
}

func (s *Sink) warn(file string, line int, format string, args ...any) {
	if s.Warn != nil {
		s.Warn(annot.At(file, line, annot.Errorf(annot.Invalid, format, args...)))
	}
}

// Reader reads one file's bytes. name is the file's path as the user gave
// it, used in messages and as the documents' source.
type Reader func(name string, data []byte, opt Options, sink *Sink) error

// readers maps each importable format to its reader. brat is absent: it
// reads a pair of files (see ReadBrat).
var readers = map[string]Reader{
	Native:      ReadNative,
	Doccano:     ReadDoccano,
	Prodigy:     ReadProdigy,
	LabelStudio: ReadLabelStudio,
	CoNLL:       ReadCoNLL,
	WebAnno:     ReadWebAnno,
	Text:        ReadText,
	Markdown:    ReadMarkdown,
	HTML:        ReadHTML,
}

// ReaderFor returns the reader of a format name, or nil.
func ReaderFor(format string) Reader { return readers[format] }

// ImportFormats lists the formats --format accepts for import.
func ImportFormats() []string {
	names := []string{Brat}
	for k := range readers {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// ExportFormats lists the formats --format accepts for export.
func ExportFormats() []string {
	return []string{Native, Doccano, Prodigy, LabelStudio, Brat, CoNLL, WebAnno, HF}
}

// SuggestionFormats lists the export formats that hold suggestions:
// native, Label Studio (as predictions) and Prodigy (as an unanswered
// task).
func SuggestionFormats() []string { return []string{Native, LabelStudio, Prodigy} }

// WritesFolder reports whether a format's export is a folder of files
// (brat, WebAnno TSV, Hugging Face) rather than one file.
func WritesFolder(format string) bool {
	return format == Brat || format == WebAnno || format == HF
}

// NewFolderWriter returns the writer of a format that writes a folder.
func NewFolderWriter(format, dir string) (Writer, error) {
	switch format {
	case Brat:
		return NewBratWriter(dir)
	case WebAnno:
		return NewWebAnnoWriter(dir)
	case HF:
		return NewHFWriter(dir)
	}
	return nil, annot.Errorf(annot.Invalid, "%s writes one file, not a folder", format)
}

// Detect names the format of a file from its extension and, for JSON,
// its first record. It returns "" for a file that is no known format.
func Detect(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return Text
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".ann":
		return Brat
	case ".conll", ".bio", ".iob", ".iobes", ".bilou":
		return CoNLL
	case ".tsv":
		return WebAnno
	case ".jsonl", ".json", ".ndjson":
		return DetectJSON(data)
	}
	return ""
}
