package formats

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// appendStringTable holds the cases appendString must write exactly as
// exports always have.
var appendStringTable = []struct{ in, want string }{
	{"", `""`},
	{"plain ascii", `"plain ascii"`},
	{`quote " and \ back`, `"quote \" and \\ back"`},
	{"tab\tnl\ncr\r", `"tab\tnl\ncr\r"`},
	{"\x00\x01\x08\x0c\x1f\x7f", `"\u0000\u0001\u0008\u000c\u001f` + "\x7f" + `"`},
	{"<a href='x'>&amp;</a>", `"<a href='x'>&amp;</a>"`},
	{"मंत्री ने कहा", `"मंत्री ने कहा"`},
	{"line\u2028sep\u2029end", `"line\u2028sep\u2029end"`},
	{"\u2020\u20ac\u2027\u202a", "\"\u2020\u20ac\u2027\u202a\""}, // 0xE2 leads that are no line end
	{"bad \xff byte", `"bad \ufffd byte"`},
	{"cut \xe2\x80", `"cut \ufffd\ufffd"`},
	{"cut \xe2\x80\xa8\xe0\xa4", `"cut \u2028\ufffd\ufffd"`},
	{"\xed\xa0\x80 surrogate", `"\ufffd\ufffd\ufffd surrogate"`},
	{"invalid \xc3 then \n and \u2029", `"invalid \ufffd then \n and \u2029"`},
	{"😀 emoji", "\"😀 emoji\""},
}

func TestAppendString(t *testing.T) {
	for _, c := range appendStringTable {
		if got := string(appendString(nil, c.in)); got != c.want {
			t.Errorf("appendString(%q) = %s, want %s", c.in, got, c.want)
		}
		checkAppendString(t, c.in)
	}
}

// FuzzAppendString checks appendString against the rune-by-rune
// encoder every export used before it (appendStringInvalid, which takes
// any string) and against encoding/json, which must read back the same
// text, with U+FFFD for each byte of invalid UTF-8.
func FuzzAppendString(f *testing.F) {
	for _, c := range appendStringTable {
		f.Add(c.in)
	}
	f.Fuzz(checkAppendString)
}

func checkAppendString(t *testing.T, s string) {
	got := appendString([]byte("x"), s)
	if want := appendStringInvalid([]byte("x"), s); !bytes.Equal(got, want) {
		t.Fatalf("appendString(%q) = %s, the rune-by-rune encoder %s", s, got, want)
	}
	got = got[1:]
	if bytes.ContainsAny(got, "\n\r\u2028\u2029") {
		t.Fatalf("appendString(%q) = %s: not one line", s, got)
	}
	var back string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("appendString(%q) = %s: %v", s, got, err)
	}
	var want []rune
	for _, r := range s { // one U+FFFD for each invalid byte
		want = append(want, r)
	}
	if back != string(want) {
		t.Fatalf("appendString(%q) = %s reads back as %q", s, got, back)
	}
	if utf8.ValidString(s) {
		// encoding/json writes the same, but for its \b and \f.
		var enc bytes.Buffer
		e := json.NewEncoder(&enc)
		e.SetEscapeHTML(false)
		e.Encode(s)
		if w := shortEscapesLong(bytes.TrimSuffix(enc.Bytes(), []byte("\n"))); !bytes.Equal(got, w) {
			t.Fatalf("appendString(%q) = %s, encoding/json %s", s, got, w)
		}
	}
}

// shortEscapesLong rewrites encoding/json's \b and \f as \u0008 and
// \u000c, as Spanmark's exports write them.
func shortEscapesLong(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case 'b':
			out = append(out, `\u0008`...)
		case 'f':
			out = append(out, `\u000c`...)
		default:
			out = append(out, '\\', b[i])
		}
	}
	return out
}
