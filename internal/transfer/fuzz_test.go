package transfer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

// fuzzSeeds are the JSON cases of cmd/spanmark's bad-input table
// (cli_bad_input_test.go) and a few good files of each JSON format.
var fuzzSeeds = []string{
	// Bad input.
	"{\"text\":\"fine\",\"label\":[]}\n{\"text\":\"bad \xff\",\"label\":[]}\n",
	"",
	"\n   \n\t\n",
	"{\"text\":\"one\",\"label\":[[0,3,\"ACTOR\"]]}\n{\"text\":\"two\",\"label\":[[0,3,\"ACTOR\"]]}\n{\"text\": \"three\", \"label\": [\n",
	"{\"text\":\"ok\",\"label\":[]}\n{\"text\":\"चीन\",\"label\":[[0,4,\"ACTOR\"]]}\n",
	"{\"text\":\"abc\",\"label\":[[2,1,\"ACTOR\"]]}\n",
	"{\"text\":\"abc\",\"label\":[[-1,2,\"ACTOR\"]]}\n",
	"{\"text\":\"a\\r\\nb\",\"label\":[[2,3,\"ACTOR\"]]}\n",
	"{\"text\":\"abc\",\"label\":[[0.5,2,\"ACTOR\"]]}\n",
	"{\"text\":\"abc\",\"label\":[[0,2,7]]}\n",
	"{\"text\":\"abc\",\"label\":[{\"label\":\"ACTOR\"}]}\n",
	"{\"text\":\"Great article\",\"label\":[\"positive\"]}\n",
	"[1, 2, 3]\n",
	"[\n  {\"name\": \"x\"},\n  {\"name\": \"y\"}\n]\n",
	"{\n  \"articles\": {\"count\": 2}\n}\n",
	"id,text\n1,hello\n",
	`[{"data":{"text":"abc"},"annotations":[{"result":[{"type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":9,"labels":["ACTOR"]}}]}]}]`,
	`{"id":"d1","title":"t","text":"Reuters said","spans":[{"start":0,"end":7,"text":"Reuter","label":"SOURCE"}],"relations":[]}` + "\n",
	// Good input: doccano dicts and relations, native with a relation and
	// a verdict, Prodigy with tokens, Label Studio in UTF-16 with an emoji.
	"\uFEFF{\"text\":\"a\\r\\nचीन ने कहा\",\"label\":[{\"start_offset\":3,\"end_offset\":6,\"label\":\"ACTOR\"}]}\r\n",
	`{"text":"Google was founded by Larry Page.","entities":[{"id":0,"start_offset":0,"end_offset":6,"label":"ORG"},{"id":1,"start_offset":22,"end_offset":32,"label":"PERSON"}],"relations":[{"from_id":0,"to_id":1,"type":"foundedBy"}]}`,
	threeDocs,
	`{"id":"d2","title":"t","source":"s.txt","text":"Reuters said so.","spans":[{"id":"a","start":0,"end":7,"text":"Reuters","label":"SOURCE","annotator":"asha","status":"accepted"},{"id":"b","start":8,"end":15,"label":"CLAIM"}],"relations":[{"from":"b","to":"a","type":"ACCORDING_TO"}],"states":{"asha":"done"}}`,
	`{"text":"Uber’s Lesson","tokens":[{"text":"Uber","start":0,"end":4,"id":0},{"text":"’s","start":4,"end":6,"id":1},{"text":"Lesson","start":7,"end":13,"id":2}],"spans":[{"start":0,"end":4,"token_start":0,"token_end":0,"label":"ORG"}],"answer":"accept","_annotator_id":"x"}`,
	`[{"id":1,"data":{"text":"😀 Reuters"},"annotations":[{"completed_by":3,"result":[{"id":"r1","type":"labels","from_name":"label","to_name":"text","value":{"start":3,"end":10,"text":"Reuters","labels":["SOURCE"]}}]}]}]`,
}

// FuzzImportJSONL imports arbitrary bytes as a .jsonl file into a real
// project. Whatever the bytes, the import must not panic, and either fail
// with a message that names the file, storing nothing, or store only text
// that follows the storage rules and spans that lie inside it.
func FuzzImportJSONL(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, name := range []string{"export_sequence_labeling.jsonl", "relation_extraction.jsonl", "export_relation_extraction.json", "sequence_labeling_overlapping.jsonl"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpora", "doccano", name)); err == nil {
			f.Add(data)
		}
	}
	ctx := context.Background()
	dir := f.TempDir()
	path := filepath.Join(dir, "fuzz.jsonl")
	var db *store.DB
	projects := 0
	f.Cleanup(func() {
		if db != nil {
			db.Close()
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		// One project serves many inputs, renewed before it grows slow.
		if db == nil || countDocs(t, db) > 200 {
			if db != nil {
				db.Close()
			}
			projects++
			var err error
			if db, err = store.Open(filepath.Join(dir, fmt.Sprintf("fuzz-%d.db", projects))); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		before := countDocs(t, db)
		var warnings []error
		_, err := transfer.Import(ctx, db, transfer.Job{Path: path}, formats.Options{Annotator: "fuzz"},
			func(w error) { warnings = append(warnings, w) })
		for _, w := range warnings {
			if !strings.HasPrefix(w.Error(), path+":") {
				t.Errorf("a warning that does not name the file: %v", w)
			}
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			if after := countDocs(t, db); after != before {
				t.Fatalf("a failed import stored %d documents: %v", after-before, err)
			}
			return
		}
		for _, b := range bundles(t, db) {
			text := b.Doc.Text
			if !utf8.ValidString(text) || strings.ContainsRune(text, '\r') || strings.HasPrefix(text, "\uFEFF") {
				t.Fatalf("stored text breaks the storage rules: %q", text)
			}
			n := utf8.RuneCountInString(text)
			for _, s := range b.Spans {
				if s.Start < 0 || s.Start >= s.End || s.End > n {
					t.Fatalf("span %d-%d stored in a text of %d code points: %q", s.Start, s.End, n, text)
				}
			}
		}
	})
}

func countDocs(t *testing.T, db *store.DB) int {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Documents
}
