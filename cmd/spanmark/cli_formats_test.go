package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The reproductions of the defects found on peer tools' files, each run
// as the report gives it.

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type nativeFull struct {
	Text  string `json:"text"`
	Meta  map[string]json.RawMessage
	Spans []struct {
		Start, End int
		Label      string
		Annotator  string
		Status     string
		Answer     string `json:"answer"`
	}
	Relations []struct{ Type string }
	States    map[string]string
	Answers   map[string]string
}

// Defect 1: a Prodigy round trip leaves unreviewed spans pending; the
// annotator's accept is kept as their answer, apart from any verdict.
// (A task that names nobody and has no answer is a model's input, and
// comes in as suggestions: see TestCLI_ProdigyInputIsSuggestions.)
func TestCLI_Defect1_ProdigyRoundTripMakesNoGold(t *testing.T) {
	dir := cliEnv(t)
	pre := writeFile(t, dir, "pre.jsonl", `{"text":"IRF-4 is expressed","spans":[{"start":0,"end":5,"label":"GGP"}],"_annotator_id":"asha"}`+"\n")
	a, b, rt := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "rt.jsonl")
	mustSpanmark(t, "import", "--db", a, "--annotator", "asha", pre)
	mustSpanmark(t, "export", "--db", a, "--format", "prodigy", "--out", rt)
	mustSpanmark(t, "import", "--db", b, "--annotator", "asha", rt)
	gold := jsonLines[nativeFull](t, exportNative(t, b, "--gold"))
	if len(gold) != 1 || len(gold[0].Spans) != 0 {
		t.Fatalf("--gold after a Prodigy round trip: %+v", gold)
	}
	all := jsonLines[nativeFull](t, exportNative(t, b))
	if s := all[0].Spans; len(s) != 1 || s[0].Status != "pending" || s[0].Answer != "" {
		t.Errorf("span after the round trip: %+v", s)
	}
	// An annotator's accept in Prodigy is kept as their answer, still not gold.
	acc := writeFile(t, dir, "acc.jsonl", `{"text":"IRF-4 is expressed","spans":[{"start":0,"end":5,"label":"GGP"}],"answer":"accept","_annotator_id":"ben"}`+"\n")
	mustSpanmark(t, "import", "--db", b, acc)
	all = jsonLines[nativeFull](t, exportNative(t, b))
	var benAnswer string
	for _, s := range all[0].Spans {
		if s.Annotator == "ben" {
			benAnswer = s.Answer + "/" + s.Status
		}
	}
	if benAnswer != "accept/pending" || all[0].Answers["ben"] != "accept" || all[0].States["ben"] != "done" {
		t.Errorf("ben's span %q, answers %v, states %v", benAnswer, all[0].Answers, all[0].States)
	}
	if g := jsonLines[nativeFull](t, exportNative(t, b, "--gold")); len(g[0].Spans) != 0 {
		t.Errorf("an annotator's accept made gold: %+v", g[0].Spans)
	}
}

// Defect 2: doccano 1.x "JSONL (with user)" imports its spans.
func TestCLI_Defect2_Doccano1WithUser(t *testing.T) {
	dir := cliEnv(t)
	v1 := writeFile(t, dir, "v1.jsonl", `{"id":1,"text":"Nadim Ladki","annotations":[{"label":13,"start_offset":0,"end_offset":11,"user":1}],"meta":{},"annotation_approver":null}`+"\n")
	db := filepath.Join(dir, "x.db")
	r := spanmark(t, "import", "--db", db, v1)
	if r.code != exitOK || !strings.Contains(r.stdout, "1 span (1 new)") || !strings.Contains(r.stderr, "v1.jsonl:1: label id 13 cannot be named") {
		t.Fatalf("%v", r)
	}
	labels := writeFile(t, dir, "labels.json", `[{"id":13,"text":"PER","prefix_key":null,"suffix_key":"p","background_color":"#209cee","text_color":"#ffffff"}]`)
	db2 := filepath.Join(dir, "y.db")
	mustSpanmark(t, "import", "--db", db2, "--labels", labels, v1)
	docs := jsonLines[nativeFull](t, exportNative(t, db2))
	if s := docs[0].Spans; len(s) != 1 || s[0].Label != "PER" || s[0].Annotator != "doccano-user-1" {
		t.Errorf("spans %+v", s)
	}
	// The label list named as a file to import is not taken for documents.
	if r := spanmark(t, "import", "--db", db2, labels); r.code != exitError || !strings.Contains(r.stderr, "doccano's label list") {
		t.Errorf("importing the label list: %v", r)
	}
}

// Defect 3: Prodigy relations come in, and go out again.
func TestCLI_Defect3_ProdigyRelations(t *testing.T) {
	dir := cliEnv(t)
	rel := writeFile(t, dir, "rel.jsonl", `{"text":"GATA3 binds FOXP3","spans":[{"start":0,"end":5,"label":"GGP"},{"start":12,"end":17,"label":"GGP"}],"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":5,"label":"GGP"},"child_span":{"start":12,"end":17,"label":"GGP"},"label":"Binds"}],"answer":"accept"}`+"\n")
	db := filepath.Join(dir, "x.db")
	r := spanmark(t, "import", "--db", db, rel)
	if r.code != exitOK || !strings.Contains(r.stdout, "1 relation (1 new)") {
		t.Fatalf("%v", r)
	}
	out := mustSpanmark(t, "export", "--db", db, "--format", "prodigy")
	if !strings.Contains(out, `"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":5,"text":"GATA3","label":"GGP","token_start":0,"token_end":0},"child_span":{"start":12,"end":17,"text":"FOXP3","label":"GGP","token_start":2,"token_end":2},"label":"Binds"}]`) {
		t.Errorf("export lost the relation:\n%s", out)
	}
	// The real rel.manual file: its relations come through.
	real := filepath.Join("..", "..", "internal", "formats", "testdata", "prodigy-decide-madrid-rel.jsonl")
	r = spanmark(t, "import", "--db", db, "--annotator", "andres", real)
	if r.code != exitOK || !strings.Contains(r.stdout, "2 relations (2 new)") || r.stderr != "" {
		t.Errorf("%v", r)
	}
}

// Defect 4: doccano's intent-and-slot export imports, and a bad record
// is named at its own line, without Go type names.
func TestCLI_Defect4_DoccanoIntent(t *testing.T) {
	dir := cliEnv(t)
	line := `{"text":"Find a flight from Memphis to Tacoma","entities":[[19,26,"City"],[30,36,"City"]],"cats":["flight"]}` + "\n"
	i := writeFile(t, dir, "i.jsonl", line)
	db := filepath.Join(dir, "x.db")
	r := spanmark(t, "import", "--db", db, i)
	if r.code != exitOK || !strings.Contains(r.stdout, "2 spans (2 new)") {
		t.Fatalf("%v", r)
	}
	docs := jsonLines[nativeFull](t, exportNative(t, db))
	if string(docs[0].Meta["categories"]) == "" || !strings.Contains(string(docs[0].Meta["categories"]), `"flight"`) {
		t.Errorf("intent lost: meta %v", docs[0].Meta)
	}
	if out := mustSpanmark(t, "export", "--db", db, "--format", "doccano"); !strings.Contains(out, `"entities":[[19,26,"City"],[30,36,"City"]],"cats":["flight"]`) {
		t.Errorf("doccano export %s", out)
	}
	bad := writeFile(t, dir, "bad.jsonl", strings.Repeat(line, 4)+`{"entities":[],"cats":["x"]}`+"\n")
	r = spanmark(t, "import", "--db", db, bad)
	if r.code != exitError || !strings.Contains(r.stderr, "bad.jsonl:5: ") || strings.Contains(r.stderr, "formats.") {
		t.Errorf("%v", r)
	}
}

// Defect 5: a brat T line with a trailing space after its text.
func TestCLI_Defect5_BratTrailingSpace(t *testing.T) {
	dir := cliEnv(t)
	writeFile(t, dir, "d.txt", "dislodge the cells\n")
	ann := writeFile(t, dir, "d.ann", "T1\tAction 0 8\tdislodge \n")
	r := spanmark(t, "import", "--db", filepath.Join(dir, "x.db"), ann)
	if r.code != exitOK || !strings.Contains(r.stdout, "1 span (1 new)") {
		t.Fatalf("%v", r)
	}
}

// Defect 6: CoNLL export warns about the relations it cannot hold.
func TestCLI_Defect6_CoNLLWarnsRelations(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "x.db")
	mustSpanmark(t, "import", "--db", db, corpus(t, "doccano/relation_extraction.jsonl"))
	r := spanmark(t, "export", "--db", db, "--format", "conll", "--out", filepath.Join(dir, "out.conll"))
	if r.code != exitOK || !strings.Contains(r.stderr, "warning: CoNLL cannot hold") || !strings.Contains(r.stderr, " relations;") {
		t.Errorf("%v", r)
	}
}

// Defect 7: Prodigy text classification and review versions and doccano
// cats are kept, said so on import, and come back out.
func TestCLI_Defect7_CategoriesAndVersionsKept(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "x.db")
	tc := writeFile(t, dir, "tc.jsonl", `{"text":"Great flight","options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"accept":["POS"],"answer":"accept","_annotator_id":"asha"}`+"\n"+
		`{"text":"Great flight","options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"accept":["NEG"],"answer":"accept","_annotator_id":"ben"}`+"\n")
	r := spanmark(t, "import", "--db", db, tc)
	if r.code != exitOK || !strings.Contains(r.stderr, `tc.jsonl:1: text classification`) || !strings.Contains(r.stdout, "2 records of 1 document") {
		t.Fatalf("%v", r)
	}
	docs := jsonLines[nativeFull](t, exportNative(t, db))
	if got := string(docs[0].Meta["categories"]); got != `{"asha":["POS"],"ben":["NEG"]}` {
		t.Errorf("categories %s", got)
	}
	out := mustSpanmark(t, "export", "--db", db, "--format", "prodigy")
	if !strings.Contains(out, `"accept":["POS"],"answer":"accept","_annotator_id":"asha"`) || !strings.Contains(out, `"accept":["NEG"],"answer":"accept","_annotator_id":"ben"`) {
		t.Errorf("prodigy export %s", out)
	}
	rev := writeFile(t, dir, "rev.jsonl", `{"text":"Rao said costs rise","spans":[{"start":0,"end":3,"label":"ACTOR"}],"answer":"accept","_view_id":"review","_annotator_id":"rita",`+
		`"versions":[{"text":"Rao said costs rise","spans":[{"start":0,"end":3,"label":"ACTOR"},{"start":4,"end":8,"label":"CLAIM"}],"answer":"accept","sessions":["news-asha"]}]}`+"\n")
	mustSpanmark(t, "import", "--db", db, rev)
	gold := jsonLines[nativeFull](t, exportNative(t, db, "--gold"))
	last := gold[len(gold)-1]
	if len(last.Spans) != 1 || last.Spans[0].Label != "ACTOR" || last.Spans[0].Annotator != "news-asha" {
		t.Errorf("gold from the review: %+v", last.Spans)
	}
}

// Defect 8: .conll files import, doccano's fixtures among them.
func TestCLI_Defect8_CoNLLImport(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "x.db")
	src := filepath.Join("..", "..", "internal", "formats", "testdata", "doccano-conll-labeling.conll")
	r := spanmark(t, "import", "--db", db, src)
	if r.code != exitOK || !strings.Contains(r.stdout, "3 documents (3 new), 5 spans (5 new)") {
		t.Fatalf("%v", r)
	}
}

// Defect 9: the summary tells records from documents, and doccano's
// export writes two annotators' identical span once.
func TestCLI_Defect9_SummaryAndDoccanoDuplicates(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "x.db")
	tasks := writeFile(t, dir, "t.jsonl", `{"text":"Rao spoke","spans":[{"start":0,"end":3,"label":"ACTOR"}],"answer":"accept","_annotator_id":"asha"}`+"\n"+
		`{"text":"Rao spoke","spans":[{"start":0,"end":3,"label":"ACTOR"}],"answer":"accept","_annotator_id":"ben"}`+"\n")
	r := spanmark(t, "import", "--db", db, tasks)
	if r.code != exitOK || !strings.Contains(r.stdout, "2 records of 1 document (1 new), 2 spans (2 new)") {
		t.Fatalf("%v", r)
	}
	if out := mustSpanmark(t, "export", "--db", db, "--format", "doccano"); !strings.Contains(out, `"label":[[0,3,"ACTOR"]]`) {
		t.Errorf("doccano export %s", out)
	}
}

// New formats from the command line: WebAnno TSV in and out, and the
// Hugging Face export.
func TestCLI_WebAnnoAndHF(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "x.db")
	src := filepath.Join("..", "..", "internal", "formats", "testdata", "inception-example2.tsv")
	r := spanmark(t, "import", "--db", db, "--annotator", "asha", src)
	if r.code != exitOK || !strings.Contains(r.stdout, "95 spans (95 new)") {
		t.Fatalf("%v", r)
	}
	out := filepath.Join(dir, "tsv")
	r = spanmark(t, "export", "--db", db, "--format", "webanno", "--out", out)
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.tsv"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	db2 := filepath.Join(dir, "y.db")
	r = spanmark(t, "import", "--db", db2, files[0])
	if r.code != exitOK || !strings.Contains(r.stdout, "95 spans (95 new)") {
		t.Errorf("re-import: %v", r)
	}
	hf := filepath.Join(dir, "hf")
	r = spanmark(t, "export", "--db", db, "--format", "hf", "--out", hf)
	if r.code != exitOK || !strings.Contains(r.stderr, "Hugging Face token classification cannot hold") {
		t.Errorf("hf: %v", r)
	}
	if _, err := os.Stat(filepath.Join(hf, "labels.json")); err != nil {
		t.Error(err)
	}
	if r := spanmark(t, "export", "--db", db, "--format", "webanno"); r.code != exitUsage {
		t.Errorf("webanno to stdout: %v", r)
	}
}
