package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// checks are what a release must do on its platform. Each returns what
// it saw, for the log.
var checks = []struct {
	name string
	fn   func(c *checker) (string, error)
}{
	{"version", checkVersion},
	{"help with examples", checkHelp},
	{"doccano round trip", func(c *checker) (string, error) {
		return c.roundTrip("doccano/export_sequence_labeling.jsonl", "doccano export.jsonl", "doccano", "doccano.db")
	}},
	{"doccano relations round trip", func(c *checker) (string, error) {
		return c.roundTrip("doccano/relation_extraction.jsonl", "doccano relations.jsonl", "doccano", "relations.db")
	}},
	{"prodigy round trip", func(c *checker) (string, error) {
		return c.roundTrip("prodigy/news_headlines-ner.jsonl", "prodigy headlines.jsonl", "prodigy", "prodigy.db")
	}},
	{"CRLF text file", checkCRLF},
	{"export to redirected stdout", checkStdout},
	{"bad input: exit 1, file:line", checkBadInput},
	{"usage error: exit 2", checkUsage},
	{"cmd.exe: > file and %ERRORLEVEL%", checkCmdExe},
}

func checkVersion(c *checker) (string, error) {
	r, err := c.must("--version")
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(r.stdout, "\n")
	if !strings.HasPrefix(first, "spanmark ") || !strings.Contains(r.stdout, "built    with go") {
		return "", fmt.Errorf("--version said %q", r.stdout)
	}
	return strings.TrimSpace(first), nil
}

func checkHelp(c *checker) (string, error) {
	for _, name := range []string{"import", "export", "stats"} {
		r, err := c.must("help", name)
		if err != nil {
			return "", err
		}
		if !strings.Contains(r.stdout, "examples:\n  spanmark "+name) || !strings.Contains(r.stdout, "--db PATH") {
			return "", fmt.Errorf("help %s has no examples or flags:\n%s", name, r.stdout)
		}
	}
	return "import, export, stats", nil
}

// roundTrip imports a corpus file into a new database and exports it in
// the same format: each document's text, spans and relations must come
// back as they went in.
func (c *checker) roundTrip(corpus, name, format, db string) (string, error) {
	if err := c.copyIn(corpus, name); err != nil {
		return "", err
	}
	in := filepath.ToSlash(filepath.Join(dir, name))
	dbPath := filepath.ToSlash(filepath.Join(dir, db))
	if _, err := c.must("import", "--db", dbPath, "--annotator", "checker", in); err != nil {
		return "", err
	}
	out := filepath.ToSlash(filepath.Join(dir, "out "+name))
	if _, err := c.must("export", "--db", dbPath, "--format", format, "--out", out); err != nil {
		return "", err
	}
	want, err := c.read(name)
	if err != nil {
		return "", err
	}
	got, err := c.read("out " + name)
	if err != nil {
		return "", err
	}
	wantDocs, err := readDocs(want)
	if err != nil {
		return "", fmt.Errorf("%s: %w", corpus, err)
	}
	gotDocs, err := readDocs(got)
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	if len(gotDocs) != len(wantDocs) {
		return "", fmt.Errorf("%d documents in, %d out", len(wantDocs), len(gotDocs))
	}
	spans, rels := 0, 0
	for i := range wantDocs {
		if !reflect.DeepEqual(gotDocs[i], wantDocs[i]) {
			return "", fmt.Errorf("document %d changed:\n in: %+v\nout: %+v", i+1, wantDocs[i], gotDocs[i])
		}
		spans += len(wantDocs[i].Spans)
		rels += wantDocs[i].Relations
	}
	return fmt.Sprintf("%d documents, %d spans, %d relations", len(wantDocs), spans, rels), nil
}

// doc is what a round trip must keep of a document, in any of the JSONL
// formats: its text, its spans as start-end:label, its relation count.
type doc struct {
	Text      string
	Spans     []string
	Relations int
}

func readDocs(data []byte) ([]doc, error) {
	var docs []doc
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var rec struct {
			Text     string            `json:"text"`
			Label    [][3]any          `json:"label"`
			Entities []json.RawMessage `json:"entities"`
			Spans    []struct {
				Start, End int
				Label      string
			} `json:"spans"`
			Relations []json.RawMessage `json:"relations"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		d := doc{Text: rec.Text, Relations: len(rec.Relations), Spans: []string{}}
		for _, l := range rec.Label {
			d.Spans = append(d.Spans, fmt.Sprintf("%v-%v:%v", l[0], l[1], l[2]))
		}
		for _, e := range rec.Entities {
			var ent struct {
				Start int    `json:"start_offset"`
				End   int    `json:"end_offset"`
				Label string `json:"label"`
			}
			if err := json.Unmarshal(e, &ent); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			d.Spans = append(d.Spans, fmt.Sprintf("%d-%d:%s", ent.Start, ent.End, ent.Label))
		}
		for _, s := range rec.Spans {
			d.Spans = append(d.Spans, fmt.Sprintf("%d-%d:%s", s.Start, s.End, s.Label))
		}
		sort.Strings(d.Spans)
		docs = append(docs, d)
	}
	return docs, nil
}

// checkCRLF imports a Windows text file (CRLF line ends): the stored and
// exported text has LF line ends and is otherwise the file's.
func checkCRLF(c *checker) (string, error) {
	seed, err := os.ReadFile(filepath.Join(c.corpora, "seed", "rare-earths-hi.txt"))
	if err != nil {
		return "", err
	}
	// One sentence a line, a blank line between paragraphs, as a
	// Windows editor saves it.
	lf := strings.ReplaceAll(strings.TrimSpace(string(seed)), "। ", "।\n")
	lf = "Rare earths / दुर्लभ पृथ्वी\n\n" + lf + "\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	name := "समाचार crlf.txt"
	if err := os.WriteFile(filepath.Join(c.work, dir, name), []byte(crlf), 0o644); err != nil {
		return "", err
	}
	db := filepath.ToSlash(filepath.Join(dir, "crlf.db"))
	if _, err := c.must("import", "--db", db, filepath.ToSlash(filepath.Join(dir, name))); err != nil {
		return "", err
	}
	r, err := c.must("export", "--db", db, "--format", "native")
	if err != nil {
		return "", err
	}
	var got struct{ Text, Source string }
	if err := json.Unmarshal([]byte(strings.TrimSpace(r.stdout)), &got); err != nil {
		return "", fmt.Errorf("export: %w\n%s", err, r.stdout)
	}
	if got.Text != lf {
		return "", fmt.Errorf("text changed beyond its line ends (%d characters in, %d out; CR left: %v)",
			len([]rune(lf)), len([]rune(got.Text)), strings.Contains(got.Text, "\r"))
	}
	if !strings.Contains(got.Source, "समाचार crlf.txt") {
		return "", fmt.Errorf("source %q does not name the file", got.Source)
	}
	return fmt.Sprintf("%d lines, %d characters, LF only", strings.Count(lf, "\n"), len([]rune(lf))), nil
}

// checkStdout: what export writes to a redirected standard output is
// what it writes to --out, byte for byte (CRLF would be a Windows bug).
func checkStdout(c *checker) (string, error) {
	db := filepath.ToSlash(filepath.Join(dir, "prodigy.db"))
	r, err := c.must("export", "--db", db, "--format", "native")
	if err != nil {
		return "", err
	}
	out := filepath.ToSlash(filepath.Join(dir, "native.jsonl"))
	if _, err := c.must("export", "--db", db, "--format", "native", "--out", out); err != nil {
		return "", err
	}
	file, err := c.read("native.jsonl")
	if err != nil {
		return "", err
	}
	if r.stdout != string(file) {
		return "", fmt.Errorf("standard output (%d bytes) differs from --out (%d bytes)", len(r.stdout), len(file))
	}
	if strings.Contains(r.stderr, "\r") {
		return "", fmt.Errorf("a progress bar was drawn on a standard error that is not a terminal: %q", r.stderr)
	}
	return fmt.Sprintf("%d bytes, %d lines", len(file), bytes.Count(file, []byte("\n"))), nil
}

func checkBadInput(c *checker) (string, error) {
	name := "bad.jsonl"
	bad := "{\"text\": \"fine\", \"label\": []}\n{\"text\": \"broken\", \"label\": [[0, 99, \"CLAIM\"]]}\n"
	if err := os.WriteFile(filepath.Join(c.work, dir, name), []byte(bad), 0o644); err != nil {
		return "", err
	}
	db := filepath.ToSlash(filepath.Join(dir, "bad.db"))
	r, err := c.run("import", "--db", db, filepath.ToSlash(filepath.Join(dir, name)))
	if err != nil {
		return "", err
	}
	if r.code != 1 || !strings.Contains(r.stderr, name+":2:") {
		return "", fmt.Errorf("exit %d, stderr %q; want 1 and a message naming %s:2", r.code, r.stderr, name)
	}
	return strings.TrimSpace(strings.Split(r.stderr, "\n")[0]), nil
}

func checkUsage(c *checker) (string, error) {
	r, err := c.run("export", "--format", "xml")
	if err != nil {
		return "", err
	}
	if r.code != 2 || !strings.Contains(r.stderr, "usage: spanmark export") {
		return "", fmt.Errorf("exit %d, stderr %q; want 2 and the usage", r.code, r.stderr)
	}
	return "exit 2 with the export usage", nil
}

// checkCmdExe runs a batch file in cmd.exe, under Wine only: cmd.exe
// waits for spanmark.exe, its "> file" gets the export, and %ERRORLEVEL%
// is the exit status, 0 and then 2 for a usage error.
func checkCmdExe(c *checker) (string, error) {
	if filepath.Base(c.cmd[0]) != "wine" || len(c.cmd) != 2 {
		return "skipped: not spanmark.exe under Wine", nil
	}
	exe, err := output("", "winepath", "-w", c.cmd[1])
	if err != nil {
		return "", err
	}
	if err := c.copyIn("prodigy/news_headlines-ner.jsonl", "../cmd input.jsonl"); err != nil {
		return "", err
	}
	bat := strings.ReplaceAll(`@echo off
"EXE" import --db "cmd test.db" "cmd input.jsonl" > nul
echo import=%ERRORLEVEL%
"EXE" export --db "cmd test.db" --format prodigy > "cmd out.jsonl"
echo export=%ERRORLEVEL%
"EXE" export --db "cmd test.db" --format xml 2> nul
echo usage=%ERRORLEVEL%
`, "EXE", strings.TrimSpace(exe))
	if err := os.WriteFile(filepath.Join(c.work, "check.bat"), []byte(strings.ReplaceAll(bat, "\n", "\r\n")), 0o644); err != nil {
		return "", err
	}
	r, err := (&checker{cmd: []string{"wine", "cmd", "/c"}, work: c.work}).run("check.bat")
	if err != nil {
		return "", err
	}
	said := strings.Fields(strings.ReplaceAll(r.stdout, "\r", ""))
	if want := []string{"import=0", "export=0", "usage=2"}; strings.Join(said, " ") != strings.Join(want, " ") {
		return "", fmt.Errorf("cmd.exe said %q, want %q", said, want)
	}
	out, err := os.ReadFile(filepath.Join(c.work, "cmd out.jsonl"))
	if err != nil {
		return "", err
	}
	docs, err := readDocs(out)
	if err != nil || len(docs) != 373 {
		return "", fmt.Errorf("cmd.exe's > file holds %d documents (%v), want 373", len(docs), err)
	}
	return "import=0 export=0 usage=2, 373 documents in the redirected file", nil
}
