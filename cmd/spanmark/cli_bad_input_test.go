package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/transfer"
)

// badInputs are files an analyst might hand to `spanmark import` by
// mistake. Each must fail with exit status 1, a message that names the file
// (and the line, for line-based formats), and leave the database as it was.
// internal/transfer's FuzzImportJSONL is seeded with the JSON ones.
var badInputs = []struct {
	name  string
	files map[string]string // written into a fresh folder
	path  string            // the file to import, in that folder
	args  []string          // before the path
	place string            // what the message starts with, after the folder
	msg   string            // a regular expression the message matches
}{
	{name: "InvalidUTF8Text", files: map[string]string{"a.txt": "Reuters said\nthe mine \xff\xfe closed\n"}, path: "a.txt", place: "a.txt:2:", msg: "invalid UTF-8"},
	{name: "InvalidUTF8JSONLLine2", files: map[string]string{"a.jsonl": "{\"text\":\"fine\",\"label\":[]}\n{\"text\":\"bad \xff\",\"label\":[]}\n"}, path: "a.jsonl", place: "a.jsonl:2:", msg: "invalid UTF-8"},
	{name: "EmptyText", files: map[string]string{"a.txt": ""}, path: "a.txt", place: "a.txt:", msg: "empty file"},
	{name: "EmptyJSONL", files: map[string]string{"a.jsonl": ""}, path: "a.jsonl", place: "a.jsonl:", msg: "empty file"},
	{name: "WhitespaceText", files: map[string]string{"a.txt": " \n\t\r\n  \u200b\n"}, path: "a.txt", place: "a.txt:", msg: "empty file"},
	{name: "WhitespaceJSONL", files: map[string]string{"a.jsonl": "\n   \n\t\n"}, path: "a.jsonl", place: "a.jsonl:", msg: "empty file"},
	{name: "BrokenJSONLine3", files: map[string]string{"a.jsonl": "{\"text\":\"one\",\"label\":[[0,3,\"ACTOR\"]]}\n{\"text\":\"two\",\"label\":[[0,3,\"ACTOR\"]]}\n{\"text\": \"three\", \"label\": [\n"}, path: "a.jsonl", place: "a.jsonl:3:", msg: "broken JSON"},
	{name: "OffsetsPastEnd", files: map[string]string{"a.jsonl": "{\"text\":\"ok\",\"label\":[]}\n{\"text\":\"चीन\",\"label\":[[0,4,\"ACTOR\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:2:", msg: `past the end of the text \(3 characters\)`},
	{name: "OffsetsReversed", files: map[string]string{"a.jsonl": "{\"text\":\"abc\",\"label\":[[2,1,\"ACTOR\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "start after end"},
	{name: "OffsetsNegative", files: map[string]string{"a.jsonl": "{\"text\":\"abc\",\"label\":[[-1,2,\"ACTOR\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "negative"},
	{name: "OffsetsInsideCRLF", files: map[string]string{"a.jsonl": "{\"text\":\"a\\r\\nb\",\"label\":[[2,3,\"ACTOR\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "CRLF"},
	{name: "OffsetsFractional", files: map[string]string{"a.jsonl": "{\"text\":\"abc\",\"label\":[[0.5,2,\"ACTOR\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "not a whole number"},
	{name: "LabelNumber", files: map[string]string{"a.jsonl": "{\"text\":\"abc\",\"label\":[[0,2,7]]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "expected a string"},
	{name: "LabelObjectWithoutOffsets", files: map[string]string{"a.jsonl": "{\"text\":\"abc\",\"label\":[{\"label\":\"ACTOR\"}]}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "start_offset"},
	{name: "DoccanoCatsNotAList", files: map[string]string{"a.jsonl": "{\"text\":\"Great article\",\"cats\":\"positive\"}\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: `"cats" is a string, expected a list of category names`},
	{name: "DoccanoEntityTripleBroken", files: map[string]string{"a.jsonl": "{\"text\":\"ok\"}\n{\"text\":\"Memphis\",\"entities\":[[0,\"x\",\"City\"]]}\n"}, path: "a.jsonl", place: "a.jsonl:2:", msg: "entity 1: offset"},
	{name: "CoNLLBadTag", files: map[string]string{"a.conll": "EU\tB-ORG\nrejects\tORG\n"}, path: "a.conll", place: "a.conll:2:", msg: `tag "ORG" is not O`},
	{name: "WebAnnoNotTSV3", files: map[string]string{"a.tsv": "id\tname\n1\tx\n"}, path: "a.tsv", place: "a.tsv:1:", msg: "expected #FORMAT=WebAnno TSV 3.x"},
	{name: "ArrayOfNumbers", files: map[string]string{"a.json": "[1, 2, 3]\n"}, path: "a.json", place: "a.json:1:", msg: "not an object"},
	{name: "ArrayNotLabelStudio", files: map[string]string{"a.json": "[\n  {\"name\": \"x\"},\n  {\"name\": \"y\"}\n]\n"}, path: "a.json", place: "a.json:2:", msg: "cannot tell its format"},
	{name: "UnknownJSONShape", files: map[string]string{"a.json": "{\n  \"articles\": {\"count\": 2}\n}\n"}, path: "a.json", place: "a.json:1:", msg: "cannot tell its format"},
	{name: "NotJSON", files: map[string]string{"a.jsonl": "id,text\n1,hello\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "not JSON"},
	{name: "LabelStudioOffsetsPastEnd", files: map[string]string{"a.json": `[{"data":{"text":"abc"},"annotations":[{"result":[{"type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":9,"labels":["ACTOR"]}}]}]}]`}, path: "a.json", place: "a.json:1:", msg: "outside the text"},
	{name: "NativeSpanTextWrong", files: map[string]string{"a.jsonl": `{"id":"d1","title":"t","text":"Reuters said","spans":[{"start":0,"end":7,"text":"Reuter","label":"SOURCE"}],"relations":[]}` + "\n"}, path: "a.jsonl", place: "a.jsonl:1:", msg: "not the document's text"},
	{name: "BratTextMismatch", files: map[string]string{"a.txt": "Hello world\n", "a.ann": "T1\tACTOR 0 5\tHello\nT2\tACTOR 6 11\tWorld\n"}, path: "a.ann", place: "a.ann:2:", msg: `"World" is not the .txt's text "world"`},
	{name: "BratWithoutText", files: map[string]string{"a.ann": "T1\tACTOR 0 5\tHello\n"}, path: "a.ann", place: "a.txt:", msg: "no such file"},
	{name: "BinaryAsText", files: map[string]string{"a.txt": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"}, path: "a.txt", place: "a.txt:", msg: "invalid UTF-8|binary"},
	{name: "ForcedWrongFormat", files: map[string]string{"a.txt": "Plain prose, not JSON.\n"}, args: []string{"--format", "doccano"}, path: "a.txt", place: "a.txt:1:", msg: "not JSON"},
}

// dbState is what a user could see of a database: its native export and
// its stats.
func dbState(t *testing.T, db string) string {
	t.Helper()
	return string(exportNative(t, db)) + mustSpanmark(t, "stats", "--db", db)
}

// seededDB is a database holding one good article, so that "unchanged"
// means more than "still empty".
func seededDB(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "project.db")
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", filepath.Join("testdata", "scripts.jsonl"))
	return db
}

func TestCLI_BadInput(t *testing.T) {
	for _, tt := range badInputs {
		t.Run(tt.name, func(t *testing.T) {
			dir := cliEnv(t)
			db := seededDB(t, dir)
			before := dbState(t, db)
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, tt.path)
			r := spanmark(t, append(append([]string{"import", "--db", db}, tt.args...), path)...)
			if r.code != exitError {
				t.Errorf("exit %d, want 1\n%v", r.code, r)
			}
			first, _, _ := strings.Cut(r.stderr, "\n")
			wantPlace := "spanmark: " + filepath.Join(dir, tt.place)
			if !strings.HasPrefix(first, wantPlace) {
				t.Errorf("the message does not start with %q:\n%s", wantPlace, r.stderr)
			}
			if !regexp.MustCompile(tt.msg).MatchString(first) {
				t.Errorf("the message does not say %q:\n%s", tt.msg, r.stderr)
			}
			if after := dbState(t, db); after != before {
				t.Errorf("the database changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			checkIntegrity(t, db)
		})
	}
}

// writeLines writes lines made by line(i) to path until it holds size
// bytes, and returns how many it wrote.
func writeLines(t *testing.T, path string, size int, line func(i int) string) int {
	t.Helper()
	var buf bytes.Buffer
	n := 0
	for buf.Len() < size {
		buf.WriteString(line(n))
		n++
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCLI_HugeArticleRefused(t *testing.T) {
	dir := cliEnv(t)
	db := seededDB(t, dir)
	before := dbState(t, db)
	path := filepath.Join(dir, "huge.txt")
	writeLines(t, path, 50<<20, func(i int) string {
		return fmt.Sprintf("Paragraph %d: the ministry said exports of rare earths would fall again.\n", i)
	})
	start := time.Now()
	r := spanmark(t, "import", "--db", db, path)
	took := time.Since(start)
	if r.code != exitError {
		t.Fatalf("a 50 MB article: exit %d, want 1 (over the %d MB limit)\n%v", r.code, transfer.MaxDocument>>20, r)
	}
	want := fmt.Sprintf("spanmark: %s: a document of 50.0 MB is over the %d MB limit", path, transfer.MaxDocument>>20)
	if !strings.HasPrefix(r.stderr, want) {
		t.Errorf("the message does not explain the size limit:\n%s", r.stderr)
	}
	if took > 20*time.Second {
		t.Errorf("refusing a 50 MB article took %v", took)
	}
	if after := dbState(t, db); after != before {
		t.Error("the database changed")
	}
}

func TestCLI_BigJSONLImports(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports 50 MB")
	}
	dir := cliEnv(t)
	db := filepath.Join(dir, "big.db")
	path := filepath.Join(dir, "big.jsonl")
	filler := strings.Repeat("रॉयटर्स के अनुसार the ministry said exports would fall. ", 30)
	n := writeLines(t, path, 50<<20, func(i int) string {
		return fmt.Sprintf(`{"text":"Report %06d: %s","label":[[0,13,"CLAIM"]]}`+"\n", i, filler)
	})
	r := spanmark(t, "import", "--db", db, "--annotator", "asha", path)
	if r.code != exitOK {
		t.Fatal(r)
	}
	if want := fmt.Sprintf("%d documents (%d new), %d spans (%d new)", n, n, n, n); !strings.Contains(r.stdout, want) {
		t.Errorf("stdout does not say %q:\n%s", want, r.stdout)
	}
	if got := docCount(t, db); got != n {
		t.Errorf("%d documents stored, want %d", got, n)
	}
	checkIntegrity(t, db)
}

func TestCLI_NotADatabase(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "notes.db")
	content := []byte("Meeting notes, not a database.\n")
	if err := os.WriteFile(db, content, 0o644); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("An article.\n"), 0o644)
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"import", "--db", db, article},
		{"export", "--db", db, "--format", "native"},
	} {
		r := spanmark(t, args...)
		if r.code != exitError {
			t.Errorf("%s: exit %d, want 1\n%v", args[0], r.code, r)
		}
		if !strings.Contains(r.stderr, db+": not a Spanmark database") {
			t.Errorf("%s: the message does not name the file:\n%s", args[0], r.stderr)
		}
		if got, _ := os.ReadFile(db); !bytes.Equal(got, content) {
			t.Fatalf("%s changed the file to %q", args[0], got)
		}
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(db + suffix); err == nil {
			t.Errorf("%s was left beside the file", db+suffix)
		}
	}
}

// TestCLI_ChildProcess is not a test: TestCLI_KilledImport runs the test
// binary again as a child that runs the command line from the arguments in
// $SPANMARK_CLI_CHILD, so that it can kill it mid-import.
func TestCLI_ChildProcess(t *testing.T) {
	spec := os.Getenv("SPANMARK_CLI_CHILD")
	if spec == "" {
		t.Skip("run by TestCLI_KilledImport")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

func TestCLI_KilledImport(t *testing.T) {
	dir := cliEnv(t)
	db := seededDB(t, dir)
	before := dbState(t, db)
	path := filepath.Join(dir, "many.jsonl")
	writeLines(t, path, 30<<20, func(i int) string {
		return fmt.Sprintf(`{"text":"Report %d: the ministry said exports of rare earths would fall.","label":[[0,6,"CLAIM"]]}`+"\n", i)
	})
	args, _ := json.Marshal([]string{"import", "--db", db, "--annotator", "ravi", path})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	child := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCLI_ChildProcess$")
	child.Env = append(os.Environ(), "SPANMARK_CLI_CHILD="+string(args))
	var out bytes.Buffer
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()

	// The import is one transaction: once its pages spill into the WAL,
	// it is well under way and not yet committed. A store that keeps them
	// in memory is killed after a few seconds instead.
	wal := db + "-wal"
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if info, err := os.Stat(wal); err == nil && info.Size() > 1<<20 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the import ended (%v) before it could be killed; make its input larger\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil || strings.Contains(out.String(), "documents (") {
		t.Fatalf("the import finished before it was killed (%v)\n%s", err, out.String())
	}

	if after := dbState(t, db); after != before {
		t.Errorf("a killed import left part of its file behind:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	checkIntegrity(t, db)
	// The database is still usable: no lock or journal left in the way.
	small := filepath.Join(dir, "small.txt")
	os.WriteFile(small, []byte("After the crash.\n"), 0o644)
	mustSpanmark(t, "import", "--db", db, small)
	checkIntegrity(t, db)
}

// A bad file among good ones fails alone: the others are imported, the
// summary says how many failed, and the exit status is still 1.
func TestCLI_BadFileAmongGood(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "mixed.db")
	folder := filepath.Join(dir, "inbox")
	os.MkdirAll(folder, 0o755)
	files := map[string]string{
		"a-good.txt":   "The ministry said exports would fall.\n",
		"b-bad.jsonl":  "{\"text\":\"one\",\"label\":[[0,3,\"ACTOR\"]]}\n{\"text\":\"two\",\"label\":[[0,9,\"ACTOR\"]]}\n",
		"c-good.jsonl": "{\"text\":\"Reuters reported it.\",\"label\":[[0,7,\"SOURCE\"]]}\n",
	}
	for name, content := range files {
		os.WriteFile(filepath.Join(folder, name), []byte(content), 0o644)
	}
	r := spanmark(t, "import", "--db", db, folder)
	if r.code != exitError {
		t.Fatalf("exit %d, want 1\n%v", r.code, r)
	}
	bad := filepath.Join(folder, "b-bad.jsonl")
	for _, want := range []string{bad + ":2: ", bad + ": nothing imported", "1 of 3 files failed"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "total: 2 documents (2 new), 1 span (1 new)") {
		t.Errorf("stdout does not sum up the two good files:\n%s", r.stdout)
	}
	var texts []string
	for _, d := range jsonLines[nativeDoc](t, exportNative(t, db)) {
		texts = append(texts, d.Text)
	}
	if want := "The ministry said exports would fall.\n|Reuters reported it."; strings.Join(texts, "|") != want {
		t.Errorf("stored %q, want the two good files in order", texts)
	}
}

// TestCLI_ImportEmptyFolder: a folder with nothing Spanmark can import
// is an error that says so (exit 1), not a silent success.
func TestCLI_ImportEmptyFolder(t *testing.T) {
	dir := cliEnv(t)
	empty := filepath.Join(dir, "articles")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	r := spanmark(t, "import", "--db", db, empty)
	if r.code != exitError || !strings.Contains(r.stderr, "no documents found in "+empty) {
		t.Fatalf("importing an empty folder: want exit 1 naming it: %v", r)
	}
	if err := os.WriteFile(filepath.Join(empty, "scan.pdf"), []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = spanmark(t, "import", "--db", db, empty)
	if r.code != exitError || !strings.Contains(r.stderr, "1 file of no known format") {
		t.Fatalf("importing a folder of unknown files: want exit 1 counting them: %v", r)
	}
}
