package formats

import (
	"bytes"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Articles are files an analyst reads: plain text, Markdown and HTML. Each
// file is one document with no spans. Text and Markdown are stored as they
// are (after the BOM and CRLF normalisations), so that offsets match the
// file the analyst sees in an editor; HTML is reduced to its visible text
// (see ReadHTML).

// ReadText reads a plain-text article: the whole file is the document.
// Its title is its first non-empty line, else the file name.
func ReadText(name string, data []byte, opt Options, sink *Sink) error {
	return readArticle(name, data, sink, func(string) string { return "" })
}

// ReadMarkdown reads a Markdown article. The text is the Markdown source as
// it is, not rendered, so that offsets match the file. The title is the
// front matter's "title:", else the first level-1 heading, else the first
// heading of any level, else the first line of the body.
func ReadMarkdown(name string, data []byte, opt Options, sink *Sink) error {
	return readArticle(name, data, sink, markdownTitle)
}

func readArticle(name string, data []byte, sink *Sink, title func(string) string) error {
	if err := checkArticle(name, data); err != nil {
		return err
	}
	b := newBuilder(name, 0, string(data))
	if blank(b.rec.Doc.Text) {
		return annot.At(name, 0, annot.Errorf(annot.Invalid, "empty file: no text to annotate"))
	}
	rec, err := b.finish(title(b.rec.Doc.Text), nil)
	if err != nil {
		return annot.At(name, 0, err)
	}
	return sink.Record(rec)
}

// checkArticle refuses what is not UTF-8 text, with a message that says
// what the file is instead: UTF-16, invalid UTF-8 (at a line), or binary.
func checkArticle(name string, data []byte) error {
	if err := fromText(text.CheckUTF8(data)); err != nil {
		return annot.At(name, lineOf(err), stripLine(err))
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return annot.At(name, lineAt(data, i), annot.Errorf(annot.Invalid, "a NUL byte at file offset %d: this looks like a binary file, not text", i))
	}
	return nil
}

// blank reports whether s holds nothing visible.
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
	}) == ""
}

// markdownTitle finds a Markdown document's title (see ReadMarkdown).
func markdownTitle(src string) string {
	title, body := frontMatter(src)
	if title != "" {
		return cutAtWord(title, 120)
	}
	var other string
	lines := strings.Split(body, "\n")
	fence := ""
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if len(line)-len(trimmed) <= 3 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			fence = trimmed[:3]
			continue
		}
		level, h := atxHeading(line)
		if level == 0 && i+1 < len(lines) && strings.TrimSpace(line) != "" {
			level, h = setextHeading(line, lines[i+1])
		}
		if level == 1 && h != "" {
			return cutAtWord(h, 120)
		}
		if level > 1 && other == "" {
			other = h
		}
	}
	if other != "" {
		return cutAtWord(other, 120)
	}
	return TitleFromText(body)
}

// frontMatter splits a leading YAML block ("---" lines) from the body and
// returns its title, if it has one.
func frontMatter(src string) (title, body string) {
	if !strings.HasPrefix(src, "---\n") {
		return "", src
	}
	rest := src[4:]
	for off := 0; off < len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		if end < 0 {
			end = len(rest) - off
		}
		line := strings.TrimRight(rest[off:off+end], " \t")
		if line == "---" || line == "..." {
			return title, rest[min(off+end+1, len(rest)):]
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "title" && title == "" {
			title = strings.Trim(strings.TrimSpace(v), `"'`)
		}
		off += end + 1
	}
	return "", src // no closing line: not front matter
}

// atxHeading reads "## Heading ##" (up to three spaces of indent).
func atxHeading(line string) (int, string) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return 0, ""
	}
	level := len(t) - len(strings.TrimLeft(t, "#"))
	if level < 1 || level > 6 {
		return 0, ""
	}
	rest := t[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "" // "#hashtag" is not a heading
	}
	rest = strings.TrimSpace(rest)
	if closed := strings.TrimRight(rest, "#"); closed == "" || strings.HasSuffix(closed, " ") {
		rest = strings.TrimSpace(closed)
	}
	return level, rest
}

// setextHeading reads a line underlined with === (level 1) or --- (2).
func setextHeading(line, under string) (int, string) {
	u := strings.TrimSpace(under)
	if u == "" || len(under)-len(strings.TrimLeft(under, " ")) > 3 {
		return 0, ""
	}
	switch {
	case strings.Trim(u, "=") == "":
		return 1, strings.TrimSpace(line)
	case strings.Trim(u, "-") == "" && len(u) >= 2:
		return 2, strings.TrimSpace(line)
	}
	return 0, ""
}
