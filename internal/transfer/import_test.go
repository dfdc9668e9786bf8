package transfer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

// A JSON file whose format cannot be told must still say what is wrong
// with it, at the line, before falling back to "cannot tell".
func TestImport_UndetectedJSONSaysWhy(t *testing.T) {
	tests := []struct {
		name, content string
		place, msg    string
	}{
		{"InvalidUTF8Line2", "{\"text\":\"a\"}\n{\"text\":\"\xc3(\"}\n", ":2: ", "invalid UTF-8"},
		{"InvalidUTF8Line1", "{\"te\xffxt\":\"a\"}\n", ":1: ", "invalid UTF-8"},
		{"Empty", "", ": ", "empty file"},
		{"OnlyBlankLines", "\n\n \n", ": ", "empty file"},
		{"NotJSON", "\n\ntext,label\n", ":3: ", "not JSON"},
		{"BrokenFirstLine", "{\"text\": \n{\"text\":\"b\"}\n", ":1: ", "broken JSON"},
		{"ArrayOfStrings", "[\"a\", \"b\"]", ":1: ", "array element 1 is not an object"},
		{"EmptyArray", "[]", ":1: ", "empty array"},
		{"UnknownKeys", "\n{\"headline\":\"x\"}\n", ":2: ", "cannot tell its format"},
		{"UnknownKeysArray", "[\n\n  {\"headline\":\"x\"}]", ":3: ", "cannot tell its format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openStore(t)
			path, _, err := importFile(t, db, "tasks.jsonl", tt.content)
			if err == nil {
				t.Fatal("imported")
			}
			if !strings.HasPrefix(err.Error(), path+tt.place) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want %q then %q", err, path+tt.place, tt.msg)
			}
			if annot.ErrorKind(err) != annot.Invalid {
				t.Errorf("kind %v, want invalid", annot.ErrorKind(err))
			}
		})
	}
}

func TestImport_DocumentSizeLimit(t *testing.T) {
	db := openStore(t)
	line := strings.Repeat("x", 1023) + "\n"
	big := strings.Repeat(line, transfer.MaxDocument/len(line)+1)
	path, _, err := importFile(t, db, "huge.txt", big)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), "MB limit") {
		t.Errorf("an article over MaxDocument: %v", err)
	}
	if n := countDocs(t, db); n != 0 {
		t.Errorf("%d documents stored", n)
	}
	// The limit is per document: a JSONL file past it is fine.
	body := strings.Repeat("y", 1<<20)
	var many strings.Builder
	n := 0
	for ; many.Len() <= transfer.MaxDocument; n++ {
		fmt.Fprintf(&many, `{"text":"%d %s","label":[[0,1,"ACTOR"]]}`+"\n", n, body)
	}
	if _, res, err := importFile(t, db, "many.jsonl", many.String()); err != nil || res.NewDocuments != n {
		t.Errorf("a JSONL file over MaxDocument of %d 1 MB documents: %+v, %v", n, res, err)
	}
}

func TestImport_CancelledStoresNothing(t *testing.T) {
	db := openStore(t)
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	os.WriteFile(path, []byte(threeDocs), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := transfer.Import(ctx, db, transfer.Job{Path: path}, formats.Options{Annotator: "asha"}, nil)
	if annot.ErrorKind(err) != annot.Cancelled || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("a cancelled import: %v (kind %v), want a cancellation naming the file", err, annot.ErrorKind(err))
	}
	if n := countDocs(t, db); n != 0 {
		t.Errorf("%d documents stored", n)
	}
}

func TestImport_Brat(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pair.txt":     "Reuters said the mine closed.\n",
		"pair.ann":     "T1\tSOURCE 0 7\tReuters\nT2\tCLAIM 13 28\tthe mine closed\nR1\tACCORDING_TO Arg1:T2 Arg2:T1\t\n",
		"alone.txt":    "No annotations yet.\n",
		"orphan.ann":   "T1\tACTOR 0 1\tx\n",
		"mismatch.txt": "Hello world\n",
		"mismatch.ann": "T1\tACTOR 0 5\tWorld\n",
	})
	in := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name      string
		path      string
		forced    string
		spans     int
		relations int
		err       string // prefix of the error, after the folder
	}{
		{name: "Pair", path: "pair.txt", spans: 2, relations: 1},
		{name: "TextWithoutAnnForced", path: "alone.txt", forced: "brat"},
		{name: "AnnWithoutText", path: "orphan.ann", err: "orphan.txt: cannot read"},
		{name: "TextMismatch", path: "mismatch.ann", err: "mismatch.ann:1: T1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openStore(t)
			jobs, _, err := transfer.Plan([]string{in(tt.path)}, tt.forced)
			if err != nil {
				t.Fatal(err)
			}
			res, err := transfer.Import(context.Background(), db, jobs[0], formats.Options{Annotator: "asha"}, nil)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), in(tt.err)) {
					t.Errorf("error %v, want one starting %q", err, in(tt.err))
				}
				if n := countDocs(t, db); n != 0 {
					t.Errorf("%d documents stored", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.NewDocuments != 1 || res.NewSpans != tt.spans || res.NewRelations != tt.relations {
				t.Errorf("imported %+v, want 1 document, %d spans, %d relations", res, tt.spans, tt.relations)
			}
		})
	}
}
