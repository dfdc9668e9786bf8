package transfer_test

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, big, bom bool) string {
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
	return string(out)
}

// Reproduction of issue 9.6: UTF-16 JSONL, BE or LE, with or without a
// byte-order mark, was called empty or invalid UTF-8. The import reads it
// as the text it holds, offsets as the format counts them.
func TestImport_UTF16(t *testing.T) {
	const jsonl = `{"text": "राज्य सरकार ने कहा 👩‍🔬", "label": [[0, 11, "ACTOR"]]}` + "\n"
	for _, big := range []bool{true, false} {
		for _, bom := range []bool{true, false} {
			db := openStore(t)
			_, res, err := importFile(t, db, "doccano.jsonl", utf16Bytes(jsonl, big, bom))
			if err != nil || res.NewDocuments != 1 || res.NewSpans != 1 {
				t.Fatalf("big=%v bom=%v: %+v, %v", big, bom, res, err)
			}
			b := bundles(t, db)
			if len(b) != 1 || b[0].Doc.Text != "राज्य सरकार ने कहा 👩‍🔬" || b[0].Spans[0].End != 11 {
				t.Fatalf("big=%v bom=%v: stored %+v", big, bom, b)
			}
		}
	}
	// A broken one is refused, naming UTF-16 and the line.
	db := openStore(t)
	broken := utf16Bytes("{\"text\": \"a\"}\n{\"text\": \"", false, true) + "\x00\xd8" + utf16Bytes("\"}\n", false, false)
	path, _, err := importFile(t, db, "broken.jsonl", broken)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2:") || !strings.Contains(err.Error(), "UTF-16") {
		t.Fatalf("broken UTF-16: %v", err)
	}
}
