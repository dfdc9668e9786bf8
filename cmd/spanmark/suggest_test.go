package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nativeDocs reads a native export.
func nativeDocs(t *testing.T, out string) []map[string]any {
	t.Helper()
	var docs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var d map[string]any
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		docs = append(docs, d)
	}
	return docs
}

func list(d map[string]any, key string) []any {
	l, _ := d[key].([]any)
	return l
}

func TestSuggest(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "s.db")
	article := filepath.Join(dir, "said.txt")
	if err := os.WriteFile(article, []byte("\"Rare earths will run out,\" said Li Wei, a geologist.\nThe minister said that prices would rise, according to Xinhua.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSpanmark(t, "import", "--db", db, article)
	patterns := filepath.Join(dir, "people.jsonl")
	if err := os.WriteFile(patterns, []byte(`{"label":"ACTOR","pattern":"Li Wei"}`+"\n"+`{"label":"PLACE","pattern":[{"LOWER":"earths"}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("StoresOnceAndNobodysSpan", func(t *testing.T) {
		out := mustSpanmark(t, "suggest", "--db", db, "--builtin", "--patterns", patterns)
		if !strings.HasPrefix(out, "1 document: ") || strings.Contains(out, "(0 new)") {
			t.Fatalf("first run: %s", out)
		}
		again := mustSpanmark(t, "suggest", "--db", db, "--builtin", "--patterns", patterns)
		if !strings.Contains(again, "suggestions (0 new)") || !strings.Contains(again, "links (0 new)") {
			t.Errorf("second run added something: %s", again)
		}
		plain := nativeDocs(t, mustSpanmark(t, "export", "--db", db, "--format", "native"))
		if len(list(plain[0], "spans")) != 0 || plain[0]["suggestions"] != nil {
			t.Errorf("a plain export has suggestions or spans: %v", plain[0])
		}
		with := nativeDocs(t, mustSpanmark(t, "export", "--db", db, "--format", "native", "--suggestions"))
		origins := map[string]string{}
		for _, s := range list(with[0], "suggestions") {
			m := s.(map[string]any)
			origins[m["text"].(string)+" "+m["label"].(string)] = m["origin"].(string)
		}
		if origins["Li Wei ACTOR"] == "" || origins["earths PLACE"] != "pattern:people.jsonl" {
			t.Errorf("origins = %v", origins)
		}
		if len(list(with[0], "suggested_links")) == 0 {
			t.Errorf("no suggested links: %v", with[0])
		}
		if !strings.Contains(mustSpanmark(t, "stats", "--db", db), "spans:     0") {
			t.Error("stats count suggestions as spans")
		}
	})
	t.Run("BadPatternFileStoresNothing", func(t *testing.T) {
		fresh := filepath.Join(dir, "fresh.db")
		mustSpanmark(t, "import", "--db", fresh, article)
		bad := filepath.Join(dir, "bad.jsonl")
		if err := os.WriteFile(bad, []byte(`{"label":"ACTOR","pattern":"Li"}`+"\n"+`{"label":"ACTOR","pattern":[{"POS":"PROPN"}]}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := spanmark(t, "suggest", "--db", fresh, "--builtin", "--patterns", bad)
		if r.code != exitError || !strings.Contains(r.stderr, "bad.jsonl:2:") {
			t.Fatalf("bad pattern file: %v", r)
		}
		if strings.Contains(r.stderr, "suggest.") || strings.Contains(r.stderr, "*") {
			t.Errorf("message shows Go names: %s", r.stderr)
		}
		with := nativeDocs(t, mustSpanmark(t, "export", "--db", fresh, "--format", "native", "--suggestions"))
		if n := len(list(with[0], "suggestions")); n != 0 {
			t.Errorf("a failed run stored %d suggestions", n)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"suggest", "--db", db},
			{"suggest", "--db", db, "--builtin", "stray.jsonl"},
			{"export", "--db", db, "--format", "doccano", "--suggestions"},
		} {
			if r := spanmark(t, args...); r.code != exitUsage {
				t.Errorf("%q: %v", args, r)
			}
		}
		if r := spanmark(t, "suggest", "--db", db, "--builtin", "--doc", "no-such-doc"); r.code != exitError || !strings.Contains(r.stderr, "no document no-such-doc") {
			t.Errorf("unknown --doc: %v", r)
		}
		if r := spanmark(t, "suggest", "--db", db, "--patterns", filepath.Join(dir, "missing.jsonl")); r.code != exitError || !strings.Contains(r.stderr, "missing.jsonl: cannot read") {
			t.Errorf("missing pattern file: %v", r)
		}
	})
}

func TestImportAsSuggestions(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "p.db")
	model := filepath.Join(dir, "model.jsonl")
	// spaCy or an LLM pipeline's output, as doccano JSONL.
	if err := os.WriteFile(model, []byte(`{"text":"Li Wei said prices would rise.","label":[[0,6,"ACTOR"],[12,29,"CLAIM"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustSpanmark(t, "import", "--db", db, "--as-suggestions", "--annotator", "model", model)
	if !strings.Contains(out, "0 spans (0 new)") || !strings.Contains(out, "2 suggestions (2 new)") {
		t.Fatalf("import: %s", out)
	}
	if again := mustSpanmark(t, "import", "--db", db, "--as-suggestions", model); !strings.Contains(again, "2 suggestions (0 new)") {
		t.Errorf("second import: %s", again)
	}
	with := nativeDocs(t, mustSpanmark(t, "export", "--db", db, "--format", "native", "--suggestions"))
	if len(list(with[0], "spans")) != 0 || len(list(with[0], "suggestions")) != 2 || with[0]["states"] != nil {
		t.Errorf("export: %v", with[0])
	}
	for _, s := range list(with[0], "suggestions") {
		if o := s.(map[string]any)["origin"]; o != "import:prediction" {
			t.Errorf("origin %v", o)
		}
	}
	// Label Studio's predictions come in as suggestions without the flag.
	ls := filepath.Join(dir, "ls.json")
	if err := os.WriteFile(ls, []byte(`[{"id":1,"data":{"text":"Xinhua reported it."},"predictions":[{"model_version":"ner-7","result":[{"id":"r1","type":"labels","value":{"start":0,"end":6,"text":"Xinhua","labels":["SOURCE"]}}]}]}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := mustSpanmark(t, "import", "--db", db, ls); !strings.Contains(out, "0 spans (0 new)") || !strings.Contains(out, "1 suggestion (1 new)") {
		t.Errorf("Label Studio predictions: %s", out)
	}
	// What a suggestion cannot hold is said, not dropped in silence.
	reviewed := filepath.Join(dir, "reviewed.jsonl")
	if err := os.WriteFile(reviewed, []byte(`{"text":"Asha spoke.","spans":[{"start":0,"end":4,"label":"ACTOR","annotator":"ravi","status":"accepted","note":"sure"}],"relations":[],"states":{"ravi":"done"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := spanmark(t, "import", "--db", db, "--as-suggestions", reviewed)
	if r.code != exitOK {
		t.Fatal(r)
	}
	for _, want := range []string{"1 review verdicts", "1 notes", "states and answers"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("warnings lack %q:\n%s", want, r.stderr)
		}
	}
}

// A Prodigy task with no answer that names nobody is what ner.manual
// shows pre-highlighted: a model's suggestions. They come in as such,
// make no gold, and go back out (export --suggestions) as the same input.
func TestCLI_ProdigyInputIsSuggestions(t *testing.T) {
	dir := cliEnv(t)
	pre := writeFile(t, dir, "pre.jsonl", `{"text":"IRF-4 is expressed","spans":[{"start":0,"end":5,"label":"GGP"}]}`+"\n")
	a, b, rt := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "rt.jsonl")
	if out := mustSpanmark(t, "import", "--db", a, "--annotator", "asha", pre); !strings.Contains(out, "0 spans (0 new)") || !strings.Contains(out, "1 suggestion (1 new)") {
		t.Fatalf("import: %s", out)
	}
	mustSpanmark(t, "export", "--db", a, "--format", "prodigy", "--suggestions", "--out", rt)
	mustSpanmark(t, "import", "--db", b, rt)
	for _, args := range [][]string{{"--gold"}, {}} {
		if d := jsonLines[nativeFull](t, exportNative(t, b, args...)); len(d) != 1 || len(d[0].Spans) != 0 {
			t.Errorf("export %v after the round trip: %+v", args, d)
		}
	}
	with := nativeDocs(t, mustSpanmark(t, "export", "--db", b, "--format", "native", "--suggestions"))
	if s := list(with[0], "suggestions"); len(s) != 1 || s[0].(map[string]any)["text"] != "IRF-4" {
		t.Errorf("suggestions after the round trip: %v", s)
	}
}
