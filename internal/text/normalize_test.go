package text_test

import (
	"errors"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/text"
)

func TestNormalize_RemapsSpans(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want string // stored text
		span string // a span's text in raw; it must map onto the same text
	}{
		{"crlf", "line one\r\nराज्य सरकार\r\nend", "line one\nराज्य सरकार\nend", "राज्य सरकार"},
		{"bom", "\ufeffक्षेत्र में 👩‍👩‍👧", "क्षेत्र में 👩‍👩‍👧", "👩‍👩‍👧"},
		{"two boms", "\ufeff\ufeffa \ufeffb", "a \ufeffb", "a \ufeffb"},
		{"bom and crlf", "\ufeffa\r\n\r\nb 🇮🇳 c", "a\n\nb 🇮🇳 c", "🇮🇳 c"},
		{"lone cr", "old mac\rtext é\u0301", "old mac\ntext é\u0301", "text é\u0301"},
		{"span over a line break", "one\r\ntwo", "one\ntwo", "one\r\ntwo"},
		{"tabs and double spaces kept", "a\t\tb  c", "a\t\tb  c", "b  c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := text.Normalize([]byte(tc.raw))
			if err != nil {
				t.Fatal(err)
			}
			if n.Text != tc.want {
				t.Fatalf("text = %q, want %q", n.Text, tc.want)
			}
			rx := text.NewIndex(tc.raw)
			b := strings.Index(tc.raw, tc.span)
			start, end := rx.Rune(b), rx.Rune(b+len(tc.span))
			ns, ne, err := n.MapSpan(start, end)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(tc.span)
			if got := runeSlice(n.Text, ns, ne); got != want {
				t.Fatalf("mapped span [%d,%d) = %q, want %q", ns, ne, got, want)
			}
		})
	}
}

func TestNormalize_OffsetInsideCRLF(t *testing.T) {
	n, err := text.Normalize([]byte("ab\r\ncd"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Map(3); err == nil {
		t.Fatal("offset between CR and LF mapped without error")
	}
	if got, err := n.Map(2); err != nil || got != 2 {
		t.Fatalf("Map(2) = %d, %v", got, err)
	}
	if got, err := n.Map(4); err != nil || got != 3 {
		t.Fatalf("Map(4) = %d, %v", got, err)
	}
}

func TestNormalize_InvalidUTF8NamesLine(t *testing.T) {
	_, err := text.Normalize([]byte("fine\nstill fine\nbad \xff here"))
	if err == nil {
		t.Fatal("invalid UTF-8 accepted")
	}
	var e *text.Error
	if !errors.As(err, &e) || e.Line != 3 || !strings.Contains(e.Msg, "invalid UTF-8") {
		t.Fatalf("error = %#v, want line 3, invalid UTF-8", err)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"a\r\nb", "\ufeffx\ry", "क्षेत्र\r\n", "\xff", "", "\r\r\n\n"} {
		f.Add([]byte(s), 1, 3)
	}
	f.Fuzz(func(t *testing.T, raw []byte, start, end int) {
		n, err := text.Normalize(raw)
		if err != nil {
			return
		}
		body := strings.TrimLeft(string(raw), "\ufeff") // every leading BOM is dropped
		if want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(body); n.Text != want {
			t.Fatalf("normalised %q to %q, want %q", raw, n.Text, want)
		}
		total := len([]rune(string(raw)))
		if start < 0 || end > total || start > end {
			return
		}
		s, e, err := n.MapSpan(start, end)
		if err != nil {
			return
		}
		if s < 0 || e < s || e > len([]rune(n.Text)) {
			t.Fatalf("MapSpan(%d,%d) = %d,%d outside %d", start, end, s, e, len([]rune(n.Text)))
		}
		boms := len([]rune(string(raw))) - len([]rune(strings.TrimLeft(string(raw), "\ufeff")))
		orig := []rune(string(raw))[max(start, min(boms, end)):end] // leading BOMs are dropped
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(orig))
		if got := runeSlice(n.Text, s, e); got != want {
			t.Fatalf("span %q mapped to %q", want, got)
		}
	})
}
