package text_test

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"app.spanmark.org/spanmark/internal/text"
)

func encode16(s string, big, bom bool) []byte {
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

func TestDecodeUTF16(t *testing.T) {
	const s = "{\"text\": \"राज्य 👩‍🔬 x\"}\n{\"text\": \"b\"}\n"
	for _, big := range []bool{false, true} {
		for _, bom := range []bool{false, true} {
			data := encode16(s, big, bom)
			name, ok := text.UTF16(data)
			if !ok || (big != strings.HasSuffix(name, "BE")) {
				t.Fatalf("big=%v bom=%v: UTF16 = %q, %v", big, bom, name, ok)
			}
			got, err := text.DecodeUTF16(data)
			want := s
			if bom {
				want = "\ufeff" + s
			}
			if err != nil || string(got) != want {
				t.Fatalf("big=%v bom=%v: %q, %v", big, bom, got, err)
			}
			if err := text.CheckUTF8(data); err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("CheckUTF8 of %s: %v", name, err)
			}
		}
	}
}

func TestDecodeUTF16_NotUTF16(t *testing.T) {
	for _, s := range []string{"", "{}", "a\x00b", "plain text", "राज्य", "\x00"} {
		if name, ok := text.UTF16([]byte(s)); ok {
			t.Errorf("%q taken for %s", s, name)
		}
		if got, err := text.DecodeUTF16([]byte(s)); err != nil || string(got) != s {
			t.Errorf("%q decoded to %q, %v", s, got, err)
		}
	}
}

func TestDecodeUTF16_Broken(t *testing.T) {
	lone := append(encode16("{\"a\":\n\"", false, true), 0x00, 0xD8, '"', 0, '}', 0)
	odd := append(encode16("{}", true, true), 0)
	for name, data := range map[string][]byte{"lone surrogate": lone, "odd length": odd} {
		if _, err := text.DecodeUTF16(data); err == nil {
			t.Errorf("%s decoded without error", name)
		}
	}
	var e *text.Error
	_, err := text.DecodeUTF16(lone)
	if !asError(err, &e) || e.Line != 2 {
		t.Errorf("lone surrogate: %v, want it on line 2", err)
	}
}

func asError(err error, e **text.Error) bool {
	te, ok := err.(*text.Error)
	*e = te
	return ok
}

func FuzzDecodeUTF16(f *testing.F) {
	f.Add(encode16("{\"text\": \"x\"}", false, true))
	f.Add(encode16("{\"text\": \"राज्य\"}", true, false))
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := text.DecodeUTF16(data)
		if err != nil {
			return
		}
		if _, ok := text.UTF16(data); ok {
			if err := text.CheckUTF8(out); err != nil && !strings.Contains(err.Error(), "UTF-16") {
				t.Fatalf("decoded %q to invalid UTF-8 %q: %v", data, out, err)
			}
		} else if string(out) != string(data) {
			t.Fatalf("changed non-UTF-16 input %q", data)
		}
	})
}
