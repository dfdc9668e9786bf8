package transfer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// Merger is the part of a project that merges. *store.DB implements it:
// Merge reads another Spanmark database, MergeHistory the documents of a
// native export; each is one transaction.
type Merger interface {
	Merge(ctx context.Context, path string, progress annot.MergeProgress) (annot.MergeResult, error)
	MergeHistory(ctx context.Context, name string, read func(emit func(*annot.DocHistory) error) error, progress annot.MergeProgress) (annot.MergeResult, error)
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Merge brings the Spanmark database or native JSONL export at path into
// dst, all of it or nothing. Anything else is refused with a message that
// says what it is not, and nothing changes.
func Merge(ctx context.Context, dst Merger, path string, progress annot.MergeProgress) (annot.MergeResult, error) {
	head, err := readHead(path, len(sqliteHeader))
	if err != nil {
		return annot.MergeResult{}, err
	}
	if bytes.Equal(head, sqliteHeader) {
		return dst.Merge(ctx, path, progress)
	}
	data, err := readFile(path)
	if err != nil {
		return annot.MergeResult{}, err
	}
	if formats.DetectJSON(data) != formats.Native {
		return annot.MergeResult{}, &annot.Error{File: path, Kind: annot.Invalid,
			Msg: "neither a Spanmark database nor a native JSONL export (spanmark export --format native --history); bring other formats in with import; nothing was merged"}
	}
	return dst.MergeHistory(ctx, path, func(emit func(*annot.DocHistory) error) error {
		return formats.ReadNativeHistory(path, data, func(h *annot.DocHistory) error {
			if len(h.Doc.Text) > MaxDocument {
				return annot.At(path, h.Line, tooLarge(len(h.Doc.Text)))
			}
			return emit(h)
		})
	}, progress)
}

// databaseInUse reports whether path is a file with a write-ahead log
// beside it: a database that some program has open, perhaps this one
// (merging or importing the open project). Such a file is never opened
// here, since on Linux closing any descriptor of it would drop the locks
// this process's own connections hold on it.
func databaseInUse(path string) bool {
	if info, err := os.Stat(path); err != nil || info.IsDir() {
		return false
	}
	_, err := os.Stat(path + "-wal")
	return err == nil
}

// readHead reads the first n bytes of a file, fewer if it is shorter; of
// a database in use, its header, without opening it.
func readHead(path string, n int) ([]byte, error) {
	if databaseInUse(path) {
		return sqliteHeader[:min(n, len(sqliteHeader))], nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "is a folder, not a database or an export"}
	}
	head := make([]byte, n)
	k, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, &annot.Error{File: path, Kind: annot.Invalid, Msg: "cannot read", Err: err}
	}
	return head[:k], nil
}

// HistoryExporter is the part of a project that gives everything a merge
// needs. *store.DB implements it.
type HistoryExporter interface {
	History(ctx context.Context, fn func(*annot.DocHistory) error) error
}

// ExportHistory writes the native export with history (tombstones,
// verdicts, times, labels) to out, or to stdout for "" or "-", for an
// analyst to send instead of a database. A file is renamed into place
// once complete. progress, if not nil, is called after each document.
func ExportHistory(ctx context.Context, src HistoryExporter, out string, stdout io.Writer, progress func(int)) (int, error) {
	return writeOut(out, stdout, func(dst io.Writer) (int, error) {
		w := formats.NewNativeHistoryWriter(dst)
		n := 0
		err := src.History(ctx, func(h *annot.DocHistory) error {
			if err := ctx.Err(); err != nil {
				return cancelled(err)
			}
			if err := w.Write(h); err != nil {
				return err
			}
			n++
			if progress != nil {
				progress(n)
			}
			return nil
		})
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		// A cancel that SQLite noticed first comes back as the context's
		// own error: say it was a cancel all the same.
		if cerr := ctx.Err(); err != nil && cerr != nil && annot.ErrorKind(err) != annot.Cancelled {
			err = cancelled(cerr)
		}
		return n, err
	})
}

// DescribeMerge says what a merge did, for a line of output.
func DescribeMerge(r annot.MergeResult) string {
	s := fmt.Sprintf("%s (%d new, %d joined by their text), %s (%d new, %d updated, %d tombstones applied), %s (%d new), %s (%d new)",
		Count(r.Documents, "document"), r.NewDocuments, r.JoinedDocuments, Count(r.Spans, "span"), r.NewSpans, r.UpdatedSpans, r.Tombstones,
		Count(r.Relations, "relation"), r.NewRelations, Count(r.Verdicts, "verdict"), r.NewVerdicts)
	if r.Suggestions+r.Decisions > 0 {
		s += fmt.Sprintf(", %s (%d new), %s on them (%d new)", Count(r.Suggestions, "suggestion"), r.NewSuggestions, Count(r.Decisions, "decision"), r.NewDecisions)
	}
	return s
}
