package formats_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// articleRead runs an article reader and returns its one record.
func articleRead(read formats.Reader, name, data string) (*annot.Record, []error, error) {
	var recs []*annot.Record
	var warns []error
	sink := &formats.Sink{
		Record: func(r *annot.Record) error { recs = append(recs, r); return nil },
		Warn:   func(err error) { warns = append(warns, err) },
	}
	err := read(name, []byte(data), formats.Options{Annotator: "asha"}, sink)
	if err == nil && len(recs) != 1 {
		return nil, warns, errors.New("not one record")
	}
	if err != nil {
		return nil, warns, err
	}
	return recs[0], warns, nil
}

var articleTextCases = []struct {
	name, data, text, title string
}{
	{"Plain", "Headline\n\nBody text.\n", "Headline\n\nBody text.\n", "Headline"},
	{"BOMAndCRLF", "\uFEFFTitle line\r\nBody\r\n", "Title line\nBody\n", "Title line"},
	{"LeadingBlankLines", "\n\n   \n  Real title  \nmore", "\n\n   \n  Real title  \nmore", "Real title"},
	{"LongFirstLine", strings.Repeat("word ", 40), strings.Repeat("word ", 40), strings.TrimSpace(strings.Repeat("word ", 16)) + "…"},
	{"Hindi", "भारत ने कहा है।चीनी कंपनियां\n", "भारत ने कहा है।चीनी कंपनियां\n", "भारत ने कहा है।चीनी कंपनियां"},
}

func TestReadText(t *testing.T) {
	for _, tc := range articleTextCases {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, err := articleRead(formats.ReadText, "dir/a.txt", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Doc.Text != tc.text || rec.Doc.Title != tc.title || rec.Doc.Source != "a.txt" {
				t.Errorf("text %q title %q source %q; want %q, %q", rec.Doc.Text, rec.Doc.Title, rec.Doc.Source, tc.text, tc.title)
			}
			if len(rec.Spans) != 0 || len(rec.Doc.Meta) != 0 {
				t.Errorf("spans %v meta %s", rec.Spans, rec.Doc.Meta)
			}
		})
	}
}

func TestReadText_Seed(t *testing.T) {
	data := mustRead(t, "../../../shared/corpora/seed/rare-earths-hi.txt")
	rec, _, err := articleRead(formats.ReadText, "rare-earths-hi.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Doc.Text != strings.ReplaceAll(data, "\r\n", "\n") {
		t.Error("the stored text differs from the file")
	}
	if !strings.HasPrefix(rec.Doc.Title, "आधिकारिक और मीडिया") {
		t.Errorf("title %q", rec.Doc.Title)
	}
}

// articleBad are inputs every article reader refuses, with the start of
// the message and a part of it.
var articleBad = []struct {
	name, data, where, reason string
}{
	{"Empty", "", "a:", "empty file"},
	{"OnlyWhiteSpace", " \n\t\r\n\u200b\n", "a:", "empty file"},
	{"InvalidUTF8", "fine\nfine\nbad \xc3\x28 here", "a:3:", "invalid UTF-8"},
	{"UTF16", "\xff\xfeH\x00i\x00", "a:", "UTF-16"},
	{"NUL", "text\nwith\x00nul", "a:2:", "binary"},
	{"Binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a:1:", "invalid UTF-8"},
}

func TestArticles_Bad(t *testing.T) {
	readers := map[string]formats.Reader{"txt": formats.ReadText, "md": formats.ReadMarkdown, "html": formats.ReadHTML}
	for kind, read := range readers {
		for _, tc := range articleBad {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				_, _, err := articleRead(read, "a", tc.data)
				if err == nil {
					t.Fatal("no error")
				}
				if msg := err.Error(); !strings.HasPrefix(msg, tc.where) || !strings.Contains(msg, tc.reason) {
					t.Errorf("error %q, want %q… with %q", msg, tc.where, tc.reason)
				}
				if annot.ErrorKind(err) != annot.Invalid {
					t.Errorf("kind %v", annot.ErrorKind(err))
				}
			})
		}
	}
}

var articleMarkdownCases = []struct {
	name, data, title string
}{
	{"H1", "# The title\n\nBody", "The title"},
	{"ClosingHashes", "#   The title ##\nBody", "The title"},
	{"H1AfterH2", "## Section\n\n# Main\n", "Main"},
	{"OnlyH2", "Intro line\n## Section\n", "Section"},
	{"Setext", "Big Title\n=========\n\ntext", "Big Title"},
	{"FrontMatter", "---\ndate: 2024-01-01\ntitle: \"From the front\"\n---\n# Heading\n", "From the front"},
	{"FrontMatterNoTitle", "---\ndate: 2024-01-01\n---\n\nFirst line\n", "First line"},
	{"FenceHidesHeading", "```sh\n# not a heading\n```\n\n# Real\n", "Real"},
	{"HashtagIsNoHeading", "#hashtag first\nthen text", "#hashtag first"},
	{"NoHeading", "Plain first line\nmore", "Plain first line"},
	{"CRLF", "# Windows\r\nbody\r\n", "Windows"},
}

func TestReadMarkdown(t *testing.T) {
	for _, tc := range articleMarkdownCases {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, err := articleRead(formats.ReadMarkdown, "notes.md", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Doc.Title != tc.title {
				t.Errorf("title %q, want %q", rec.Doc.Title, tc.title)
			}
			if want := strings.ReplaceAll(tc.data, "\r\n", "\n"); rec.Doc.Text != want {
				t.Errorf("text %q: the source must be kept as it is", rec.Doc.Text)
			}
		})
	}
}

func TestArticles_Registered(t *testing.T) {
	for _, f := range []string{formats.Text, formats.Markdown, formats.HTML} {
		if formats.ReaderFor(f) == nil {
			t.Errorf("no reader for %s", f)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, tc := range articleTextCases {
		f.Add(tc.data, false)
	}
	for _, tc := range articleMarkdownCases {
		f.Add(tc.data, true)
	}
	for _, tc := range articleBad {
		f.Add(tc.data, false)
	}
	f.Fuzz(func(t *testing.T, data string, md bool) {
		read := formats.ReadText
		if md {
			read = formats.ReadMarkdown
		}
		rec, _, err := articleRead(read, "a.txt", data)
		if err != nil {
			return
		}
		text := rec.Doc.Text
		if !utf8.ValidString(text) || strings.ContainsAny(text, "\r\x00") || strings.HasPrefix(text, "\uFEFF") {
			t.Fatalf("stored text %q", text)
		}
		if want := strings.ReplaceAll(strings.ReplaceAll(strings.TrimLeft(data, "\uFEFF"), "\r\n", "\n"), "\r", "\n"); text != want {
			t.Fatalf("text %q, want %q", text, want)
		}
		if rec.Doc.Title == "" || !utf8.ValidString(rec.Doc.Title) {
			t.Fatalf("title %q", rec.Doc.Title)
		}
	})
}
