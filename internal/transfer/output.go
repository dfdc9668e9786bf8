package transfer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"app.spanmark.org/spanmark/internal/annot"
)

// output is where an export writes one file. Over a regular file, or
// where nothing is yet, it writes a temporary file beside it and renames
// that into place once complete, so a pipeline never reads half an
// export. Anything else (a terminal, /dev/null, a named pipe a pipeline
// reads from) is written into as it is: renaming over it would replace
// the device or the pipe with a regular file.
type output struct {
	f      *os.File
	target string // the file the rename replaces; "" when writing in place
}

// createOutput opens out for an export (see output).
func createOutput(out string) (*output, error) {
	info, err := os.Stat(out) // through links: what the user means is what they point to
	switch {
	case err == nil && info.IsDir():
		return nil, &annot.Error{File: out, Kind: annot.Invalid, Msg: "is a folder: give the name of a file to write (only brat, webanno and hf write a folder)"}
	case err == nil && !info.Mode().IsRegular():
		f, err := os.OpenFile(out, os.O_WRONLY, 0)
		if err != nil {
			return nil, cannotWrite(out, err)
		}
		return &output{f: f}, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, cannotWrite(out, err)
	}
	target := out
	if err == nil {
		// Replace the file a link points to, not the link.
		if real, lerr := filepath.EvalSymlinks(out); lerr == nil {
			target = real
		}
	}
	var suffix [6]byte
	rand.Read(suffix[:])
	tmp := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+"."+hex.EncodeToString(suffix[:])+".part")
	// 0666 less the umask, as any program that creates a file gets; a file
	// replaced keeps the mode (and, where allowed, the owner) it had.
	f, ferr := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if ferr != nil {
		return nil, cannotWrite(out, ferr)
	}
	if err == nil {
		f.Chmod(info.Mode().Perm())
		keepOwner(f, info)
	}
	return &output{f: f, target: target}, nil
}

func (o *output) Write(p []byte) (int, error) { return o.f.Write(p) }

// commit makes the export visible: synced and renamed into place, or, for
// a device or pipe, closed.
func (o *output) commit(out string) error {
	if o.target == "" {
		if err := o.f.Close(); err != nil {
			return cannotWrite(out, err)
		}
		return nil
	}
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.target)
	}
	if err != nil {
		os.Remove(o.f.Name())
		return cannotWrite(out, err)
	}
	return nil
}

// abort drops a failed export: the temporary file goes, and the file it
// would have replaced stays as it was.
func (o *output) abort() {
	o.f.Close()
	if o.target != "" {
		os.Remove(o.f.Name())
	}
}

func cannotWrite(out string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &annot.Error{File: out, Kind: annot.Invalid, Msg: "cannot write", Err: unwrapLinkError(err)}
}
