package formats_test

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// readAll runs a reader over data and returns its records or its error.
func readAll(read formats.Reader, name string, data []byte) ([]*annot.Record, error) {
	var recs []*annot.Record
	err := read(name, data, formats.Options{Annotator: "asha"}, &formats.Sink{Record: func(r *annot.Record) error {
		recs = append(recs, r)
		return nil
	}})
	return recs, err
}

// encodeUTF16 writes s as UTF-16 in the given order, with a byte-order
// mark if bom.
func encodeUTF16(s string, big, bom bool) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	if big {
		order = binary.BigEndian
	}
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		order.PutUint16(out[2*i:], u)
	}
	return out
}

// Reproduction of issue 9.6: UTF-16 JSONL without a mark was called an
// empty file, and with one, invalid UTF-8. Every reader that takes bytes
// names UTF-16 instead (the import decodes it before, see transfer).
func TestReaders_NameUTF16(t *testing.T) {
	jsonl := `{"text": "राज्य सरकार said so", "label": [[0, 11, "ACTOR"]]}` + "\n"
	readers := map[string]formats.Reader{
		"doccano": formats.ReadDoccano, "native": formats.ReadNative, "prodigy": formats.ReadProdigy,
		"labelstudio": formats.ReadLabelStudio, "txt": formats.ReadText, "md": formats.ReadMarkdown,
		"conll": formats.ReadCoNLL, "webanno": formats.ReadWebAnno,
	}
	for _, big := range []bool{true, false} {
		for _, bom := range []bool{true, false} {
			data := encodeUTF16(jsonl, big, bom)
			for name, read := range readers {
				t.Run(fmt.Sprintf("%s/big=%v/bom=%v", name, big, bom), func(t *testing.T) {
					_, err := readAll(read, "in.jsonl", data)
					if err == nil || !strings.Contains(err.Error(), "UTF-16") {
						t.Fatalf("error %v, want it to name UTF-16", err)
					}
					for _, wrong := range []string{"empty", "invalid UTF-8"} {
						if strings.Contains(err.Error(), wrong) {
							t.Fatalf("error %q calls UTF-16 %s", err, wrong)
						}
					}
				})
			}
		}
	}
}

// Reproduction of issue 9.9: "\u0000" in JSON was stored while a raw NUL
// in a text file is refused as binary; "text": "" was stored while an
// empty text file is refused. The rules are the same for every format.
func TestReaders_TextRulesAsForTextFiles(t *testing.T) {
	cases := []struct {
		name, format, data, want string
	}{
		{"doccano NUL", "doccano", `{"text": "a\u0000b"}`, "NUL"},
		{"native NUL", "native", `{"id": "x", "title": "t", "text": "ab\u0000", "spans": []}`, "NUL"},
		{"prodigy NUL", "prodigy", `{"text": "\u0000", "spans": []}`, "NUL"},
		{"labelstudio NUL", "labelstudio", `[{"data": {"text": "x\u0000"}, "annotations": []}]`, "NUL"},
		{"txt NUL", "txt", "a\x00b", "NUL"},
		{"doccano empty", "doccano", `{"text": ""}`, "empty"},
		{"doccano blank", "doccano", `{"text": " \n "}`, "empty"},
		{"prodigy empty", "prodigy", `{"text": "", "spans": []}`, "empty"},
		{"native empty", "native", `{"id": "x", "title": "t", "text": "", "spans": []}`, "empty"},
		{"txt empty", "txt", "", "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(formats.ReaderFor(tc.format), "in", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// Reproduction of issue 9.9: "offset 3.0 is not a whole number". A
// number with a zero fraction is a whole number; a true fraction is still
// refused, never rounded.
func TestReaders_WholeNumbersWithAFraction(t *testing.T) {
	good := []struct{ format, data string }{
		{"doccano", `{"text": "abc def", "label": [[0.0, 3e0, "X"]]}`},
		{"doccano", `{"text": "abc def", "entities": [{"start_offset": 0.0, "end_offset": 3.00, "label": "X"}]}`},
		{"prodigy", `{"text": "abc def", "spans": [{"start": 0.0, "end": 3.0, "label": "X"}]}`},
		{"labelstudio", `[{"data": {"text": "abc def"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0.0, "end": 3.0, "labels": ["X"]}}]}]}]`},
	}
	for _, tc := range good {
		recs, err := readAll(formats.ReaderFor(tc.format), "in", []byte(tc.data))
		if err != nil || len(recs) != 1 {
			t.Errorf("%s %s: %v", tc.format, tc.data, err)
			continue
		}
		// A Prodigy task nobody answered is a prediction: a suggestion.
		ends := []int{}
		for _, s := range recs[0].Spans {
			ends = append(ends, s.End)
		}
		for _, s := range recs[0].Suggestions {
			ends = append(ends, s.End)
		}
		if len(ends) != 1 || ends[0] != 3 {
			t.Errorf("%s %s: span ends %v, want one at 3", tc.format, tc.data, ends)
		}
	}
	bad := []struct{ format, data string }{
		{"doccano", `{"text": "abc def", "label": [[0, 2.5, "X"]]}`},
		{"doccano", `{"text": "abc def", "entities": [{"start_offset": 0.5, "end_offset": 3, "label": "X"}]}`},
		{"prodigy", `{"text": "abc def", "spans": [{"start": 0, "end": 1e300, "label": "X"}]}`},
	}
	for _, tc := range bad {
		_, err := readAll(formats.ReaderFor(tc.format), "in", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), "whole number") || strings.Contains(err.Error(), "formats.") {
			t.Errorf("%s %s: %v, want it refused as not a whole number", tc.format, tc.data, err)
		}
	}
}

// A file that starts with two BOMs (the fuzzer's "\ufeff\ufeff0") keeps
// none: stored text never starts with a BOM, so storing it again changes
// nothing, and a span after the marks still covers its characters.
func TestReaders_EveryLeadingBOMDropped(t *testing.T) {
	recs, err := readAll(formats.ReadText, "a.txt", []byte("\ufeff\ufeff0"))
	if err != nil || recs[0].Doc.Text != "0" {
		t.Fatalf("text %q, %v", recs[0].Doc.Text, err)
	}
	recs, err = readAll(formats.ReadDoccano, "a.jsonl", []byte(`{"text": "\ufeff\ufeffराज्य x", "label": [[2, 7, "ACTOR"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if r := recs[0]; r.Doc.Text != "राज्य x" || r.Spans[0].Start != 0 || r.Spans[0].End != 5 {
		t.Fatalf("text %q spans %+v", r.Doc.Text, r.Spans)
	}
}

// arrayOf makes a Label Studio export of n tasks, each over three lines.
func arrayOf(n int, bad int) []byte {
	var b strings.Builder
	b.WriteString("[\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		if i == bad {
			fmt.Fprintf(&b, "  {\n    \"data\": {\"text\": \"task %d\"},\n    \"annotations\": 7\n  }", i)
			continue
		}
		fmt.Fprintf(&b, "  {\n    \"data\": {\"text\": \"task %d\"},\n    \"annotations\": []\n  }", i)
	}
	b.WriteString("\n]\n")
	return []byte(b.String())
}

// Each element of a JSON array is placed on its own line, as counted
// while walking the array (issue 9.2 made this quadratic; see
// BenchmarkReadJSONArray for its speed).
func TestReadJSONArray_Lines(t *testing.T) {
	const n, bad = 3000, 2345
	_, err := readAll(formats.ReadLabelStudio, "tasks.json", arrayOf(n, bad))
	want := fmt.Sprintf("tasks.json:%d:", 2+4*bad)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want it at %s", err, want)
	}
}

// BenchmarkReadJSONArray reads Label Studio exports of growing size; the
// time per task stays flat (it grew with the file before issue 9.2).
func BenchmarkReadJSONArray(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		data := arrayOf(n, -1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for range b.N {
				if _, err := readAll(formats.ReadLabelStudio, "tasks.json", data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/task")
		})
	}
}
