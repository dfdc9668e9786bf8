package transfer

import (
	"context"
	"errors"
	"io"
	"os"
	"sync/atomic"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// Exporter is the part of a project that exports. *store.DB implements it.
type Exporter interface {
	Export(ctx context.Context, f annot.ExportFilter, fn func(*annot.Bundle) error) error
}

// Export writes every document of src in format to out: a file, "" or "-"
// for stdout, or a folder for brat. A regular file is written beside its
// final name and renamed into place once complete, so a failed or
// cancelled export never leaves half a file where a pipeline expects a
// whole one; a device or a named pipe is written into (see writeOut).
// progress, if not nil, is called after each document. What the format
// cannot carry (overlapping spans in BIO) goes to warn. It returns the
// number of documents written.
func Export(ctx context.Context, src Exporter, format, out string, stdout io.Writer, f annot.ExportFilter, progress func(int), warn func(error)) (int, error) {
	if formats.WritesFolder(format) {
		if out == "" || out == "-" {
			return 0, annot.Errorf(annot.Invalid, "%s writes a folder of files: give --out a folder", format)
		}
		w, err := formats.NewFolderWriter(format, out)
		if err != nil {
			return 0, err
		}
		return run(ctx, src, w, f, progress, warn)
	}
	return writeOut(out, stdout, func(dst io.Writer) (int, error) {
		w, err := formats.NewWriter(format, dst)
		if err != nil {
			return 0, err
		}
		return run(ctx, src, w, f, progress, warn)
	})
}

// writeOut runs write on standard output ("" or "-") or on out (see
// output): over a regular file, a file beside it renamed into place once
// write has succeeded, so that a failed or cancelled export never leaves
// half a file; into a device or named pipe, directly.
func writeOut(out string, stdout io.Writer, write func(io.Writer) (int, error)) (int, error) {
	if out == "" || out == "-" {
		return write(stdout)
	}
	o, err := createOutput(out)
	if err != nil {
		return 0, err
	}
	n, err := write(o)
	if err != nil {
		o.abort()
		return 0, err
	}
	if err := o.commit(out); err != nil {
		return 0, err
	}
	return n, nil
}

// run reads documents on this goroutine and writes them on another, so
// that reading from SQLite and formatting JSON overlap on two cores.
func run(ctx context.Context, src Exporter, w formats.Writer, f annot.ExportFilter, progress func(int), warn func(error)) (int, error) {
	docs := make(chan *annot.Bundle, 64)
	done := make(chan error, 1)
	var failed atomic.Bool
	n := 0
	go func() {
		var err error
		for b := range docs {
			if err != nil {
				continue // drain, so the reader never blocks
			}
			// The reader may have queued every document before the user
			// cancelled: check here too, or a cancel is ignored.
			if cerr := ctx.Err(); cerr != nil {
				err = cancelled(cerr)
				failed.Store(true)
				continue
			}
			if err = w.WriteDoc(&formats.Doc{Doc: &b.Doc, Spans: b.Spans, Relations: b.Relations, States: b.States, Answers: b.Answers, Suggested: b.Suggested}); err != nil {
				failed.Store(true)
				continue
			}
			n++
			if progress != nil {
				progress(n)
			}
		}
		done <- err
	}()
	err := src.Export(ctx, f, func(b *annot.Bundle) error {
		if err := ctx.Err(); err != nil {
			return cancelled(err)
		}
		if failed.Load() {
			return errWriterFailed
		}
		docs <- b
		return nil
	})
	close(docs)
	if werr := <-done; werr != nil {
		err = werr // the writer's error says what went wrong
	}
	// A cancel that SQLite noticed first comes back as the context's own
	// error: say it was a cancel all the same.
	if cerr := ctx.Err(); err != nil && cerr != nil && annot.ErrorKind(err) != annot.Cancelled {
		err = cancelled(cerr)
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if l, ok := w.(formats.Lossy); ok && warn != nil && err == nil {
		for _, e := range l.Losses() {
			warn(e)
		}
	}
	return n, err
}

var errWriterFailed = errors.New("the output could not be written")

func cancelled(err error) error {
	return &annot.Error{Kind: annot.Cancelled, Msg: "export cancelled", Err: err}
}

// unwrapLinkError drops the two paths that os.Rename adds, since the
// message names the file the user gave, not the temporary one.
func unwrapLinkError(err error) error {
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
