package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// eachObject calls fn with every top-level JSON object in data and the
// line it starts on. It takes JSONL (one object a line, blank lines
// skipped), a JSON array of objects, or one object spread over many lines,
// which is how doccano and Label Studio write .json files. Errors are
// placed at file and line.
func eachObject(name string, data []byte, fn func(line int, obj []byte) error) error {
	if err := fromText(text.CheckUTF8(data)); err != nil {
		return annot.At(name, lineOf(err), stripLine(err))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	first := firstByte(data)
	switch first {
	case 0:
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return annot.At(name, lineAt(data, i), annot.Errorf(annot.Invalid, "not JSON: a NUL byte at file offset %d", i))
		}
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "empty file: no documents"))
	case '[':
		return eachInArray(name, data, fn)
	case '{':
	default:
		return annot.At(name, lineAt(data, bytes.IndexByte(data, first)),
			annot.Errorf(annot.Invalid, "not JSON: expected { or [ but found %q", first))
	}
	// JSONL, unless the first line is not a whole object: then the file
	// is one object over several lines.
	firstLine := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		firstLine = data[:i]
	}
	if !json.Valid(firstLine) && json.Valid(data) {
		return fn(lineAt(data, bytes.IndexByte(data, '{')), data)
	}
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		if l[0] != '{' {
			return annot.At(name, line, annot.Errorf(annot.Invalid, "expected a JSON object, found %q", clip(l)))
		}
		if err := fn(line, l); err != nil {
			return annot.At(name, line, err)
		}
	}
	return nil
}

// eachInArray walks a JSON array of objects. Lines are counted as the
// walk goes, never from the start of the file for each element: a 50 MB
// Label Studio export has hundreds of thousands of them.
func eachInArray(name string, data []byte, fn func(line int, obj []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := lineCounter{data: data, line: 1}
	if _, err := dec.Token(); err != nil {
		return annot.At(name, 1, jsonError(err))
	}
	n := 0
	for dec.More() {
		start := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return annot.At(name, lines.at(int(se.Offset)-1), jsonError(err))
			}
			return annot.At(name, lines.at(start), jsonError(err))
		}
		// InputOffset is where the previous value ended; step over the comma.
		skip := bytes.IndexAny(data[start:], "{[\"0123456789-tfn")
		line := lines.at(start + max(skip, 0))
		if firstByte(raw) != '{' {
			return annot.At(name, line, annot.Errorf(annot.Invalid, "array element %d is not an object", n+1))
		}
		if err := fn(line, raw); err != nil {
			return annot.At(name, line, err)
		}
		n++
	}
	if _, err := dec.Token(); err != nil {
		return annot.At(name, lines.at(int(dec.InputOffset())), jsonError(err))
	}
	if n == 0 {
		return annot.At(name, 1, annot.Errorf(annot.Invalid, "empty array: no documents"))
	}
	return nil
}

// lineCounter finds the lines of offsets that mostly grow, counting only
// the newlines between one offset and the next.
type lineCounter struct {
	data []byte
	off  int // newlines before off are counted in line
	line int
}

func (c *lineCounter) at(off int) int {
	off = max(0, min(off, len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// decodeObject decodes one object, turning encoding/json's errors into
// messages an analyst can act on.
func decodeObject(obj []byte, v any) error {
	if err := json.Unmarshal(obj, v); err != nil {
		return jsonError(err)
	}
	return nil
}

func jsonError(err error) error {
	var ae *annot.Error
	if errors.As(err, &ae) {
		return err // said in words already (see whole)
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return annot.Errorf(annot.Invalid, "broken JSON: %v (at byte %d of the record)", se, se.Offset)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "value"
		}
		return annot.Errorf(annot.Invalid, "%q is a JSON %s, expected %s", field, te.Value, jsonKind(te.Type))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return annot.Errorf(annot.Invalid, "broken JSON: the file ends inside a value")
	}
	return annot.Errorf(annot.Invalid, "broken JSON: %v", err)
}

// jsonKind names what a Go type reads, in JSON's words, so that no
// message shows a Go type.
func jsonKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a value"
	}
	if t == reflect.TypeOf(json.RawMessage(nil)) {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a value"
}

func firstByte(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

func lineOf(err error) int {
	var e *annot.Error
	if errors.As(err, &e) {
		return e.Line
	}
	return 0
}

// fromText makes an error of internal/text (bad UTF-8, an offset inside a
// character) what the readers report: invalid input, on its line.
func fromText(err error) error {
	var e *text.Error
	if errors.As(err, &e) {
		return &annot.Error{Line: e.Line, Kind: annot.Invalid, Err: e}
	}
	return err
}

// stripLine drops the place from an error so that At can set it anew.
func stripLine(err error) error {
	var e *annot.Error
	if errors.As(err, &e) {
		c := *e
		c.File, c.Line = "", 0
		return &c
	}
	return err
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// DetectJSON names the format of a JSON or JSONL file from the keys of its
// first object, or returns "" if it has none that Spanmark knows.
func DetectJSON(data []byte) string {
	var keys map[string]json.RawMessage
	found := false
	_ = eachObject("", data, func(_ int, obj []byte) error {
		found = json.Unmarshal(obj, &keys) == nil
		return errStop
	})
	if !found {
		return ""
	}
	return detectKeys(keys)
}

var errStop = errors.New("stop")

// FirstObject finds the first JSON object in data as every JSON reader
// would and returns the line it starts on, or the error that would stop a
// reader before it (invalid UTF-8, an empty file, text that is not JSON,
// broken JSON), placed at file and line. It lets an import that cannot
// tell a file's format say what is wrong with the file instead.
func FirstObject(name string, data []byte) (line int, err error) {
	err = eachObject(name, data, func(l int, obj []byte) error {
		line = l
		var keys map[string]json.RawMessage
		if err := decodeObject(obj, &keys); err != nil {
			return err
		}
		return errStop
	})
	if errors.Is(err, errStop) {
		return line, nil
	}
	return line, err
}

func detectKeys(k map[string]json.RawMessage) string {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := k[n]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("data") && has("annotations", "predictions", "id"):
		return LabelStudio
	case has("_input_hash", "_task_hash", "answer", "tokens", "_view_id", "_annotator_id", "_session_id"):
		return Prodigy
	case has("spans") && has("id", "title", "relations"):
		return Native
	case has("spans"):
		return Prodigy
	case has("text") && has("background_color", "suffix_key", "prefix_key", "text_color"):
		return "" // doccano's label list, not documents
	case has("text"):
		return Doccano
	case has("data"):
		return LabelStudio
	}
	return ""
}

// describe says what a JSON value is, for messages about unknown forms.
func describe(raw json.RawMessage) string {
	switch firstByte(raw) {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case 0:
		return "nothing"
	}
	return fmt.Sprintf("the number %s", clip(raw))
}

// hasOtherKeys reports whether a JSON object has a top-level key outside
// known, by scanning its bytes: much cheaper than decoding its members,
// which readers do only for the rare record that has such keys. A key
// written with escapes counts as other, which costs only that decoding.
func hasOtherKeys(obj []byte, known map[string]bool) bool {
	depth := 0
	for i := 0; i < len(obj); i++ {
		switch c := obj[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			j := i + 1
			escaped := false
			for j < len(obj) && obj[j] != '"' {
				if obj[j] == '\\' {
					escaped = true
					j++
				}
				j++
			}
			if depth == 1 {
				k := j + 1
				for k < len(obj) && (obj[k] == ' ' || obj[k] == '\t' || obj[k] == '\r' || obj[k] == '\n') {
					k++
				}
				if k < len(obj) && obj[k] == ':' && (escaped || !known[string(obj[i+1:min(j, len(obj))])]) {
					return true
				}
			}
			i = j
		}
	}
	return false
}
