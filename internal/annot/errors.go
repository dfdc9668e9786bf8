package annot

import (
	"errors"
	"fmt"
)

// Kind says what sort of failure an error is, so that callers can decide
// (exit status 1 for invalid input, a dialog in the window) without
// matching message text.
type Kind int

// Error kinds.
const (
	Other     Kind = iota
	Invalid        // the input is wrong: bad offsets, broken JSON, unknown form
	NotFound       // no such document, span or label
	Conflict       // the change clashes with what is stored
	TooNew         // the database was made by a newer Spanmark
	Cancelled      // the user stopped a long operation
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not found"
	case Conflict:
		return "conflict"
	case TooNew:
		return "too new"
	case Cancelled:
		return "cancelled"
	}
	return "error"
}

// Error is a failure with a place (file and line where it has them), a
// kind and a cause.
type Error struct {
	File string // file name as the user gave it, "" if none
	Line int    // 1-based line, 0 if the format has no lines
	Kind Kind
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	s := ""
	switch {
	case e.File != "" && e.Line > 0:
		s = fmt.Sprintf("%s:%d: ", e.File, e.Line)
	case e.File != "":
		s = e.File + ": "
	}
	s += e.Msg
	if e.Err != nil {
		if s != "" && e.Msg != "" {
			s += ": "
		}
		s += e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of the first *Error in err's chain, or Other.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Other
}

// At places err at a file and line, keeping its kind. An error already
// placed in a file is returned as it is, so that the innermost, most exact
// place wins; line 0 keeps a line the error already has.
func At(file string, line int, err error) error {
	if err == nil {
		return nil
	}
	var inner *Error
	if errors.As(err, &inner) && inner.File != "" {
		return err
	}
	if e, ok := err.(*Error); ok {
		c := *e
		c.File = file
		if line > 0 {
			c.Line = line
		}
		return &c
	}
	return &Error{File: file, Line: line, Kind: ErrorKind(err), Err: err}
}
