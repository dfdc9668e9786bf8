package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/text"
)

// MaxDocument is the largest text Spanmark takes as one document. A file
// past it is refused with a message rather than stored and then too slow
// to annotate; a JSONL file may be larger, as long as each document is not.
const MaxDocument = 16 << 20

// Importer is the part of a project that imports. *store.DB implements it:
// read emits records; all of them are stored, or none.
type Importer interface {
	Import(ctx context.Context, read func(emit func(*annot.Record) error) error) (annot.ImportResult, error)
}

// Import reads one job's file(s) and stores them in one transaction. Problems
// that do not stop the import go to warn, placed at file and line.
func Import(ctx context.Context, dst Importer, job Job, opt formats.Options, warn func(error)) (annot.ImportResult, error) {
	data, err := readFile(job.Path)
	if job.Format == formats.Brat {
		return importBrat(ctx, dst, job, data, err, opt, warn)
	}
	if err != nil {
		return annot.ImportResult{}, err
	}
	format := job.Format
	if format == "" {
		format = formats.Detect(job.Path, data)
	}
	read := formats.ReaderFor(format)
	if read == nil {
		// Say what is wrong with the file (invalid UTF-8 on line 2, an
		// empty file) before saying that its records are of no known form.
		line, err := formats.FirstObject(job.Path, data)
		if err != nil {
			return annot.ImportResult{}, err
		}
		if formats.IsDoccanoLabels(data) {
			return annot.ImportResult{}, &annot.Error{File: job.Path, Kind: annot.Invalid,
				Msg: "is doccano's label list, not documents: give it with --labels to name the label ids of a doccano 1.x export"}
		}
		return annot.ImportResult{}, &annot.Error{File: job.Path, Line: line, Kind: annot.Invalid,
			Msg: "cannot tell its format: a JSON record needs \"text\" (doccano, native), \"spans\" (Prodigy) or \"data\" (Label Studio); name one with --format"}
	}
	sink := &formats.Sink{Warn: warn}
	var left annot.LeftOut
	res, err := dst.Import(ctx, func(emit func(*annot.Record) error) error {
		sink.Record = func(r *annot.Record) error {
			if len(r.Doc.Text) > MaxDocument {
				return annot.At(job.Path, r.Line, tooLarge(len(r.Doc.Text)))
			}
			relabel(r, job.Labels)
			if opt.AsSuggestions {
				left.Add(r.Suggest(annot.OriginPrediction, nil))
			}
			return emit(r)
		}
		return read(job.Path, data, opt, sink)
	})
	if err == nil {
		warnLeftOut(job.Path, left, warn)
	}
	return res, placed(ctx, job.Path, err)
}

// warnLeftOut says what --as-suggestions could not carry over from a
// file: suggestions are nobody's work, so they have no review, notes or
// states, and link only to each other.
func warnLeftOut(path string, l annot.LeftOut, warn func(error)) {
	if warn == nil {
		return
	}
	say := func(n int, what string) {
		if n > 0 {
			warn(&annot.Error{File: path, Kind: annot.Invalid, Msg: fmt.Sprintf("imported as suggestions: %d %s left out", n, what)})
		}
	}
	say(l.Verdicts, "review verdicts (a suggestion is reviewed once accepted)")
	say(l.Notes, "notes (a suggestion has none)")
	say(l.Relations, "relations between a suggestion and a span")
	say(l.States, "annotators' states and answers (suggestions are nobody's work)")
}

func importBrat(ctx context.Context, dst Importer, job Job, ann []byte, annErr error, opt formats.Options, warn func(error)) (annot.ImportResult, error) {
	txt, err := readFile(job.Text)
	if err != nil {
		return annot.ImportResult{}, err
	}
	if annErr != nil {
		if !errors.Is(annErr, fs.ErrNotExist) {
			return annot.ImportResult{}, annErr
		}
		ann = nil // a .txt with no .ann yet: a document without spans
	}
	sink := &formats.Sink{Warn: warn}
	var left annot.LeftOut
	res, err := dst.Import(ctx, func(emit func(*annot.Record) error) error {
		sink.Record = func(r *annot.Record) error {
			relabel(r, job.Labels)
			if opt.AsSuggestions {
				left.Add(r.Suggest(annot.OriginPrediction, nil))
			}
			return emit(r)
		}
		return formats.ReadBrat(job.Text, txt, job.Path, ann, opt, sink)
	})
	if err == nil {
		warnLeftOut(job.Path, left, warn)
	}
	return res, placed(ctx, job.Path, err)
}

// relabel renames a record's span labels as the job's map says.
func relabel(r *annot.Record, m map[string]string) {
	if len(m) == 0 {
		return
	}
	for i := range r.Spans {
		if to, ok := m[r.Spans[i].Label]; ok {
			r.Spans[i].Label = to
		}
	}
}

// LabelsIn reads a job's file as Import would, storing nothing, and
// counts the spans of each label it brings (after the job's map), so
// that the window can offer to map labels the project does not have.
func LabelsIn(ctx context.Context, job Job, opt formats.Options) (map[string]int, error) {
	n := map[string]int{}
	_, err := Import(ctx, counter(func(r *annot.Record) {
		for _, s := range r.Spans {
			n[s.Label]++
		}
	}), job, opt, nil)
	return n, err
}

// counter is an Importer that only looks at the records.
type counter func(*annot.Record)

func (c counter) Import(_ context.Context, read func(emit func(*annot.Record) error) error) (annot.ImportResult, error) {
	return annot.ImportResult{}, read(func(r *annot.Record) error { c(r); return nil })
}

// ParseMap reads import --map values, FROM=TO each, into a job's label
// map. A label mapped twice, or an empty side, is an error naming it.
func ParseMap(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, p := range pairs {
		from, to, ok := strings.Cut(p, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		switch {
		case !ok || from == "" || to == "":
			return nil, annot.Errorf(annot.Invalid, "--map %q: give it as FROM=TO, such as ORG=ACTOR", p)
		case m[from] != "" && m[from] != to:
			return nil, annot.Errorf(annot.Invalid, "--map maps %s twice, to %s and to %s", from, m[from], to)
		}
		m[from] = to
	}
	return m, nil
}

// placed names the file in an import's error, since the store places its
// own at a line only, and marks the error of a cancelled import as such
// whichever layer noticed first, so that callers stop instead of trying
// the next file.
func placed(ctx context.Context, path string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && annot.ErrorKind(err) != annot.Cancelled {
		err = &annot.Error{Kind: annot.Cancelled, Msg: "import cancelled", Err: err}
	}
	return annot.At(path, 0, err)
}

// notAnImport refuses a database given to import.
func notAnImport(path string) error {
	return &annot.Error{File: path, Kind: annot.Invalid,
		Msg: "is a database, not a file to import: a Spanmark database comes in with merge (spanmark merge, or Merge… in the window's File menu); nothing was imported"}
}

// readFile reads a whole file, refusing one too large to be sensible
// before reading it.
func readFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	if info.IsDir() {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "is a folder, not a file"}
	}
	if databaseInUse(path) {
		return nil, notAnImport(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	if bytes.HasPrefix(data, sqliteHeader) {
		return nil, notAnImport(path)
	}
	// A file saved as UTF-16 (with or without a byte-order mark) is read
	// as the text it holds; the readers themselves take UTF-8 only.
	if data, err = text.DecodeUTF16(data); err != nil {
		var te *text.Error
		if errors.As(err, &te) {
			return nil, &annot.Error{File: path, Line: te.Line, Kind: annot.Invalid, Msg: te.Msg}
		}
		return nil, err
	}
	return data, nil
}

func tooLarge(n int) error {
	return annot.Errorf(annot.Invalid, "a document of %.1f MB is over the %d MB limit for one article; split it into several files",
		float64(n)/(1<<20), MaxDocument>>20)
}

// Describe says what an import did, for a line of output. A file may
// hold one text several times (Prodigy writes a task per annotator), so
// records and the documents they hold are counted apart when they differ.
func Describe(r annot.ImportResult) string {
	docs := fmt.Sprintf("%s (%d new)", Count(r.Documents, "document"), r.NewDocuments)
	if r.Records > 0 && r.Records != r.Documents {
		docs = fmt.Sprintf("%s of %s (%d new)", Count(r.Records, "record"), Count(r.Documents, "document"), r.NewDocuments)
	}
	s := fmt.Sprintf("%s, %s (%d new), %s (%d new)", docs, Count(r.Spans, "span"), r.NewSpans, Count(r.Relations, "relation"), r.NewRelations)
	if r.Suggestions > 0 {
		s += fmt.Sprintf(", %s (%d new)", Count(r.Suggestions, "suggestion"), r.NewSuggestions)
	}
	return s
}

// Count says how many of noun there are, in the singular for one: "1
// span", "2 spans".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
