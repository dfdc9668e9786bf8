package text

import "fmt"

// Error is text that cannot be taken as it is: bytes that are not UTF-8,
// or an offset that falls outside the text or inside a character. It is
// always the input's fault; callers give it their own kind and place
// (the format readers wrap it as an invalid-input error of the file).
type Error struct {
	Line int // 1-based line of the problem, 0 if it has none
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func errorf(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}
