package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// These tests drive the command line through run, as a script would, on
// temporary databases and the real corpora in /work/shared/corpora.

// cliEnv points every default (settings, data directory, $SPANMARK_DB) into
// a fresh folder, so that no test reads or writes the user's files, and
// returns that folder.
func cliEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("SPANMARK_DB", filepath.Join(dir, "default.db"))
	return dir
}

// cliResult is what a run of the command line printed and returned.
type cliResult struct {
	stdout, stderr string
	code           int
}

func (r cliResult) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// spanmark runs the command line with args. Never call it without a
// subcommand: that opens the window.
func spanmark(t *testing.T, args ...string) cliResult {
	t.Helper()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		t.Fatalf("spanmark %q would open the window", args)
	}
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return cliResult{out.String(), errOut.String(), code}
}

// mustSpanmark runs the command line and fails the test unless it exits 0.
func mustSpanmark(t *testing.T, args ...string) string {
	t.Helper()
	r := spanmark(t, args...)
	if r.code != exitOK {
		t.Fatalf("spanmark %s: %v", strings.Join(args, " "), r)
	}
	return r.stdout
}

// corpus is the path of a file in the shared corpora; the test is skipped
// where they are not installed.
func corpus(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "corpora", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return p
}

var documentsLine = regexp.MustCompile(`(?m)^documents: +(\d+)$`)

// docCount is the number of documents `spanmark stats` reports.
func docCount(t *testing.T, db string) int {
	t.Helper()
	out := mustSpanmark(t, "stats", "--db", db)
	m := documentsLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("stats printed no document count:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// checkIntegrity fails the test unless SQLite finds db sound.
func checkIntegrity(t *testing.T, db string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var res string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		t.Fatalf("integrity_check on %s: %v", db, err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check on %s: %s", db, res)
	}
}

// Native export, as a pipeline would parse it.
type nativeDoc struct {
	ID        string           `json:"id"`
	Source    string           `json:"source"`
	Text      string           `json:"text"`
	Spans     []nativeSpan     `json:"spans"`
	Relations []nativeRelation `json:"relations"`
}

type nativeSpan struct {
	ID        string `json:"id"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	Label     string `json:"label"`
	Annotator string `json:"annotator"`
	Status    string `json:"status"`
}

type nativeRelation struct {
	From, To, Type string
}

// jsonLines decodes one JSON value a line into a slice of T.
func jsonLines[T any](t *testing.T, data []byte) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %d: %v\n%s", n, err, sc.Bytes())
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func exportNative(t *testing.T, db string, extra ...string) []byte {
	t.Helper()
	return []byte(mustSpanmark(t, append([]string{"export", "--db", db, "--format", "native"}, extra...)...))
}

// spanKey is a span as every format can say it.
type spanKey struct {
	Start, End int
	Label      string
}

func sortKeys(k []spanKey) []spanKey {
	sort.Slice(k, func(i, j int) bool {
		a, b := k[i], k[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Label < b.Label
	})
	return k
}

type prodigyTask struct {
	Text   string `json:"text"`
	Answer string `json:"answer"`
	Spans  []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	} `json:"spans"`
}

func TestCLI_ProdigyRoundTrip(t *testing.T) {
	dir := cliEnv(t)
	src := corpus(t, "prodigy/news_headlines-ner.jsonl")
	db := filepath.Join(dir, "p.db")
	out := filepath.Join(dir, "out.jsonl")
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", src)
	mustSpanmark(t, "export", "--db", db, "--format", "prodigy", "--out", out)

	orig, _ := os.ReadFile(src)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string][]prodigyTask{}
	for _, task := range jsonLines[prodigyTask](t, got) {
		exported[task.Text] = append(exported[task.Text], task)
	}
	accepted := 0
	for i, task := range jsonLines[prodigyTask](t, orig) {
		tasks, ok := exported[task.Text]
		if !ok {
			t.Errorf("task %d (%q) is missing from the export", i+1, task.Text)
			continue
		}
		if task.Answer != "accept" {
			for _, e := range tasks {
				if e.Answer == "accept" {
					t.Errorf("task %d was answered %q but is exported accepted", i+1, task.Answer)
				}
			}
			continue
		}
		accepted++
		var want, have []spanKey
		for _, s := range task.Spans {
			want = append(want, spanKey{s.Start, s.End, s.Label})
		}
		for _, e := range tasks {
			if e.Answer != "accept" {
				t.Errorf("task %d: exported answer %q, want accept", i+1, e.Answer)
			}
			for _, s := range e.Spans {
				have = append(have, spanKey{s.Start, s.End, s.Label})
			}
		}
		if fmt.Sprint(sortKeys(want)) != fmt.Sprint(sortKeys(have)) {
			t.Errorf("task %d (%q): spans %v came back as %v", i+1, task.Text, want, have)
		}
	}
	if accepted < 300 {
		t.Fatalf("only %d accepted tasks compared; is the corpus the right one?", accepted)
	}
}

// bratTLines reads the T lines of an .ann as "type offsets<TAB>text",
// sorted, since an export may number them differently.
func bratTLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "T") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("%s: malformed T line %q", path, line)
		}
		out = append(out, parts[1]+"\t"+parts[2])
	}
	sort.Strings(out)
	return out
}

func TestCLI_BratRoundTrip(t *testing.T) {
	dir := cliEnv(t)
	src := corpus(t, "brat-news")
	db := filepath.Join(dir, "b.db")
	outDir := filepath.Join(dir, "out")
	r := spanmark(t, "import", "--db", db, src)
	if r.code != exitOK {
		t.Fatal(r)
	}
	if !strings.Contains(r.stderr, "LICENSE.md") {
		t.Errorf("the licence beside the corpus is not reported as skipped:\n%s", r.stderr)
	}
	mustSpanmark(t, "export", "--db", db, "--format", "brat", "--out", outDir)

	anns, _ := filepath.Glob(filepath.Join(src, "*.ann"))
	if len(anns) < 10 {
		t.Fatalf("only %d .ann files in %s", len(anns), src)
	}
	lines := 0
	for _, ann := range anns {
		name := filepath.Base(ann)
		want := bratTLines(t, ann)
		got := bratTLines(t, filepath.Join(outDir, name))
		lines += len(want)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%s: T lines differ\nwant:\n%s\ngot:\n%s", name, strings.Join(want, "\n"), strings.Join(got, "\n"))
		}
		txt := strings.TrimSuffix(name, ".ann") + ".txt"
		a, _ := os.ReadFile(filepath.Join(src, txt))
		b, err := os.ReadFile(filepath.Join(outDir, txt))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: the exported text differs from the original (%v)", txt, err)
		}
	}
	if lines == 0 {
		t.Fatal("no T lines compared")
	}
	if extra, _ := filepath.Glob(filepath.Join(outDir, "LICENSE*")); len(extra) > 0 {
		t.Errorf("the licence was exported as a document: %v", extra)
	}
}

// doccanoDoc reads both forms doccano writes.
type doccanoDoc struct {
	Text     string            `json:"text"`
	Label    [][3]any          `json:"label"`
	Entities []doccanoEntity   `json:"entities"`
	Rels     []doccanoRelation `json:"relations"`
}

type doccanoEntity struct {
	ID    int    `json:"id"`
	Start int    `json:"start_offset"`
	End   int    `json:"end_offset"`
	Label string `json:"label"`
}

type doccanoRelation struct {
	From int    `json:"from_id"`
	To   int    `json:"to_id"`
	Type string `json:"type"`
}

// spans lists a doccano record's spans, in either form, sorted.
func (d doccanoDoc) spans() []spanKey {
	var k []spanKey
	for _, l := range d.Label {
		k = append(k, spanKey{int(l[0].(float64)), int(l[1].(float64)), l[2].(string)})
	}
	for _, e := range d.Entities {
		k = append(k, spanKey{e.Start, e.End, e.Label})
	}
	return sortKeys(k)
}

// relations lists a record's relations by the spans they join, sorted.
func (d doccanoDoc) relations() []string {
	byID := map[int]spanKey{}
	for _, e := range d.Entities {
		byID[e.ID] = spanKey{e.Start, e.End, e.Label}
	}
	var out []string
	for _, r := range d.Rels {
		out = append(out, fmt.Sprintf("%v -%s-> %v", byID[r.From], r.Type, byID[r.To]))
	}
	sort.Strings(out)
	return out
}

// readDoccano reads JSONL, or one JSON object over several lines.
func readDoccano(t *testing.T, data []byte) []doccanoDoc {
	t.Helper()
	var one doccanoDoc
	if json.Unmarshal(data, &one) == nil {
		return []doccanoDoc{one}
	}
	return jsonLines[doccanoDoc](t, data)
}

func TestCLI_DoccanoRoundTrip(t *testing.T) {
	for _, name := range []string{"export_sequence_labeling.jsonl", "relation_extraction.jsonl", "export_relation_extraction.json"} {
		t.Run(name, func(t *testing.T) {
			dir := cliEnv(t)
			src := corpus(t, "doccano/"+name)
			db := filepath.Join(dir, "d.db")
			mustSpanmark(t, "import", "--db", db, "--annotator", "asha", src)
			out := mustSpanmark(t, "export", "--db", db, "--format", "doccano")

			orig, _ := os.ReadFile(src)
			want, got := readDoccano(t, orig), jsonLines[doccanoDoc](t, []byte(out))
			if len(want) != len(got) {
				t.Fatalf("%d records in, %d out:\n%s", len(want), len(got), out)
			}
			for i := range want {
				if got[i].Text != want[i].Text {
					t.Errorf("record %d: text %q came back as %q", i+1, want[i].Text, got[i].Text)
				}
				if fmt.Sprint(want[i].spans()) != fmt.Sprint(got[i].spans()) {
					t.Errorf("record %d: spans %v came back as %v", i+1, want[i].spans(), got[i].spans())
				}
				if len(want[i].Rels) > 0 && len(got[i].Entities) == 0 {
					t.Errorf("record %d: relations exported without the entities form", i+1)
				}
				if fmt.Sprint(want[i].relations()) != fmt.Sprint(got[i].relations()) {
					t.Errorf("record %d: relations %v came back as %v", i+1, want[i].relations(), got[i].relations())
				}
			}
		})
	}
}

func TestCLI_DoccanoRecordWithoutText(t *testing.T) {
	dir := cliEnv(t)
	src := corpus(t, "doccano/sequence_labeling.jsonl")
	db := filepath.Join(dir, "d.db")
	r := spanmark(t, "import", "--db", db, src)
	if r.code != exitError {
		t.Fatalf("want exit 1: %v", r)
	}
	if !strings.Contains(r.stderr, src+":3:") || !strings.Contains(r.stderr, `no "text"`) {
		t.Errorf("the message does not place the missing text at line 3:\n%s", r.stderr)
	}
	if n := docCount(t, db); n != 0 {
		t.Errorf("%d documents stored from a file that failed; want none", n)
	}
}

func TestCLI_ImportTwiceAddsNothing(t *testing.T) {
	for _, src := range []string{"prodigy/news_headlines-ner.jsonl", "brat-news", "doccano/relation_extraction.jsonl"} {
		t.Run(src, func(t *testing.T) {
			dir := cliEnv(t)
			path := corpus(t, src)
			db := filepath.Join(dir, "twice.db")
			mustSpanmark(t, "import", "--db", db, "--annotator", "asha", path)
			stats := mustSpanmark(t, "stats", "--db", db)
			before := exportNative(t, db)
			again := mustSpanmark(t, "import", "--db", db, "--annotator", "asha", path)
			if !strings.Contains(again, "(0 new)") || regexp.MustCompile(`\((?:[1-9]\d*) new\)`).MatchString(again) {
				t.Errorf("the second import reports new items:\n%s", again)
			}
			if after := mustSpanmark(t, "stats", "--db", db); after != stats {
				t.Errorf("stats changed:\nbefore:\n%s\nafter:\n%s", stats, after)
			}
			if after := exportNative(t, db); !bytes.Equal(before, after) {
				t.Error("the native export changed after importing the same file again")
			}
		})
	}
}

func TestCLI_AnotherAnnotatorJoins(t *testing.T) {
	dir := cliEnv(t)
	src := corpus(t, "doccano/export_sequence_labeling.jsonl")
	db := filepath.Join(dir, "j.db")
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", src)
	mustSpanmark(t, "import", "--db", db, "--annotator", "ravi", src)

	docs := jsonLines[nativeDoc](t, exportNative(t, db))
	if len(docs) != 3 {
		t.Fatalf("%d documents, want the 3 texts joined", len(docs))
	}
	for _, d := range docs {
		by := map[string][]spanKey{}
		for _, s := range d.Spans {
			by[s.Annotator] = append(by[s.Annotator], spanKey{s.Start, s.End, s.Label})
		}
		if len(by) != 2 || fmt.Sprint(by["asha"]) != fmt.Sprint(by["ravi"]) || len(by["asha"]) == 0 {
			t.Errorf("%q: want the same spans from asha and ravi, got %v", d.Text, by)
		}
	}

	for _, who := range []string{"asha", "ravi"} {
		for _, d := range jsonLines[nativeDoc](t, exportNative(t, db, "--annotator", who)) {
			for _, s := range d.Spans {
				if s.Annotator != who {
					t.Errorf("--annotator %s exported a span by %s", who, s.Annotator)
				}
			}
		}
	}
}

func TestCLI_ExportGold(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "g.db")
	// A reviewer's verdicts (in native JSONL) on two annotators' copies of
	// Prodigy's accepted tasks give accepted spans; Prodigy's own accept
	// and doccano's spans stay pending.
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", corpus(t, "prodigy/news_headlines-ner.jsonl"))
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", corpus(t, "doccano/export_sequence_labeling.jsonl"))
	orig, _ := os.ReadFile(corpus(t, "prodigy/news_headlines-ner.jsonl"))
	var reviewed bytes.Buffer
	for _, task := range jsonLines[prodigyTask](t, orig) {
		if task.Answer != "accept" {
			continue
		}
		var spans []map[string]any
		for _, who := range []string{"asha", "ravi"} {
			for _, s := range task.Spans {
				spans = append(spans, map[string]any{"start": s.Start, "end": s.End, "label": s.Label,
					"annotator": who, "status": "accepted", "reviewer": "rita"})
			}
		}
		line, _ := json.Marshal(map[string]any{"text": task.Text, "spans": spans, "relations": []any{}, "title": "t"})
		reviewed.Write(append(line, '\n'))
	}
	rev := filepath.Join(dir, "reviewed.jsonl")
	if err := os.WriteFile(rev, reviewed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSpanmark(t, "import", "--db", db, "--format", "native", rev)

	all := jsonLines[nativeDoc](t, exportNative(t, db))
	gold := jsonLines[nativeDoc](t, exportNative(t, db, "--gold"))
	if len(gold) != len(all) {
		t.Fatalf("--gold wrote %d documents, want all %d", len(gold), len(all))
	}
	pending, goldSpans := 0, 0
	for i := range all {
		accepted := map[spanKey]bool{}
		for _, s := range all[i].Spans {
			if s.Status == "accepted" {
				accepted[spanKey{s.Start, s.End, s.Label}] = true
			} else {
				pending++
			}
		}
		seen := map[spanKey]bool{}
		for _, s := range gold[i].Spans {
			k := spanKey{s.Start, s.End, s.Label}
			switch {
			case s.Status != "accepted" || !accepted[k]:
				t.Errorf("%q: --gold wrote %v, which is not accepted", all[i].Text, k)
			case seen[k]:
				t.Errorf("%q: --gold wrote %v twice; duplicates should fold", all[i].Text, k)
			}
			seen[k] = true
		}
		if len(seen) != len(accepted) {
			t.Errorf("%q: --gold wrote %d spans, want the %d accepted", all[i].Text, len(seen), len(accepted))
		}
		goldSpans += len(gold[i].Spans)
	}
	if pending == 0 || goldSpans == 0 {
		t.Fatalf("the test needs both pending (%d) and gold (%d) spans", pending, goldSpans)
	}
}

func TestCLI_ExportToStdout(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "s.db")
	mustSpanmark(t, "import", "--db", db, corpus(t, "doccano/relation_extraction.jsonl"), filepath.Join("testdata", "scripts.jsonl"))
	file := filepath.Join(dir, "out.jsonl")
	for _, format := range []string{"native", "doccano", "prodigy", "labelstudio", "conll"} {
		t.Run(format, func(t *testing.T) {
			dash := mustSpanmark(t, "export", "--db", db, "--format", format, "--out", "-")
			none := mustSpanmark(t, "export", "--db", db, "--format", format)
			r := spanmark(t, "export", "--db", db, "--format", format, "--out", file)
			if r.code != exitOK || r.stdout != "" {
				t.Fatalf("export to a file: %v", r)
			}
			written, _ := os.ReadFile(file)
			if dash == "" || dash != none || dash != string(written) {
				t.Errorf("--out -, no --out and --out FILE differ (%d, %d, %d bytes)", len(dash), len(none), len(written))
			}
		})
	}
}

func TestCLI_ExportIsStable(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "st.db")
	mustSpanmark(t, "import", "--db", db, "--annotator", "asha", corpus(t, "brat-news"))
	mustSpanmark(t, "import", "--db", db, "--annotator", "ravi", corpus(t, "prodigy/news_headlines-ner.jsonl"), filepath.Join("testdata", "scripts.jsonl"))
	for _, format := range []string{"native", "doccano", "prodigy", "labelstudio", "conll"} {
		first := mustSpanmark(t, "export", "--db", db, "--format", format)
		if second := mustSpanmark(t, "export", "--db", db, "--format", format); first != second {
			t.Errorf("%s: two exports of the same database differ", format)
		}
	}

	docs := jsonLines[nativeDoc](t, exportNative(t, db))
	// Documents in import order: the brat folder first, in name order.
	if len(docs) < 13 || docs[0].Source != "000-introduction.txt" || docs[12].Source != "999-complete.txt" {
		t.Errorf("documents are not in import order: first %q", docs[0].Source)
	}
	for _, d := range docs {
		for i := 1; i < len(d.Spans); i++ {
			a, b := d.Spans[i-1], d.Spans[i]
			if a.Start > b.Start || a.Start == b.Start && (a.End > b.End || a.End == b.End && a.Label > b.Label) {
				t.Errorf("%s: span %v before %v: not sorted by start, end, label", d.Source,
					spanKey{a.Start, a.End, a.Label}, spanKey{b.Start, b.End, b.Label})
			}
		}
	}
}

func TestCLI_NativeSpanTextIsCodePoints(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "n.db")
	mustSpanmark(t, "import", "--db", db, filepath.Join("testdata", "scripts.jsonl"), corpus(t, "prodigy/news_headlines-ner.jsonl"))
	var texts []string
	spans := 0
	for _, d := range jsonLines[nativeDoc](t, exportNative(t, db)) {
		if strings.ContainsRune(d.Text, '\r') {
			t.Errorf("%q: CR kept in the stored text", d.Text)
		}
		runes := []rune(d.Text)
		for _, s := range d.Spans {
			spans++
			if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
				t.Errorf("%q: span %d-%d outside the text", d.Text, s.Start, s.End)
				continue
			}
			if want := string(runes[s.Start:s.End]); s.Text != want {
				t.Errorf("span %d-%d: text %q, want text[start:end] = %q", s.Start, s.End, s.Text, want)
			}
			if d.Source == "scripts.jsonl" {
				texts = append(texts, s.Label+":"+s.Text)
			}
		}
	}
	// The spans of the fixture cover exactly the words it was made from,
	// in Devanagari, with a ZWJ emoji, in Arabic and after CRLF line breaks.
	want := []string{
		"ACTOR:चीन", "CLAIM:चीनी कंपनियाँ दुर्लभ खनिजों का निर्यात रोकेंगी", "SOURCE:रॉयटर्स",
		"ACTOR:The minister 👩🏽\u200d🔬", "CLAIM:exports fall", "SOURCE:Reuters",
		"ACTOR:الوزير", "CLAIM:الصادرات ستنخفض",
		"ACTOR:Café owners", "CLAIM:prices rose",
	}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("fixture spans:\n got %q\nwant %q", texts, want)
	}
	if spans < 300 {
		t.Errorf("only %d spans checked", spans)
	}
}

func TestCLI_SampleOnlyInDefaultDatabase(t *testing.T) {
	dir := cliEnv(t)
	if n := docCount(t, filepath.Join(dir, "given.db")); n != 0 {
		t.Errorf("a new database named with --db has %d documents; want none (no sample)", n)
	}
	out := mustSpanmark(t, "stats") // $SPANMARK_DB: the default database
	if m := documentsLine.FindStringSubmatch(out); m == nil || m[1] != "1" {
		t.Errorf("a new default database should hold the sample article:\n%s", out)
	}
	if !strings.Contains(out, filepath.Join(dir, "default.db")) {
		t.Errorf("stats does not name $SPANMARK_DB:\n%s", out)
	}
	if n := docCount(t, filepath.Join(dir, "default.db")); n != 1 {
		t.Errorf("opening the default database again changed it: %d documents", n)
	}
}

func TestCLI_ExitStatus(t *testing.T) {
	dir := cliEnv(t)
	db := filepath.Join(dir, "e.db")
	missing := filepath.Join(dir, "no-such-article.txt")
	tests := []struct {
		name string
		args []string
		code int
		msg  string // in stderr
	}{
		{"UnknownCommand", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"UnknownFlag", []string{"stats", "--db", db, "--verbose"}, exitUsage, "verbose"},
		{"ExportWithoutFormat", []string{"export", "--db", db}, exitUsage, "export needs --format"},
		{"ExportUnknownFormat", []string{"export", "--db", db, "--format", "xml"}, exitUsage, `unknown export format "xml"`},
		{"ExportPaths", []string{"export", "--db", db, "--format", "native", "out.jsonl"}, exitUsage, "use --out"},
		{"BratWithoutFolder", []string{"export", "--db", db, "--format", "brat"}, exitUsage, "give --out a folder"},
		{"ImportNothing", []string{"import", "--db", db}, exitUsage, "at least one file"},
		{"ImportUnknownFormat", []string{"import", "--db", db, "--format", "xml", missing}, exitUsage, `unknown import format "xml"`},
		{"ImportEmptyAnnotator", []string{"import", "--db", db, "--annotator", " ", missing}, exitUsage, "--annotator is empty"},
		{"ImportMissingFile", []string{"import", "--db", db, missing}, exitError, missing},
		{"ExportUnknownAnnotator", []string{"export", "--db", db, "--format", "native", "--annotator", "nobody"}, exitError, `"nobody"`},
		{"ExportIntoMissingFolder", []string{"export", "--db", db, "--format", "native", "--out", filepath.Join(dir, "no", "out.jsonl")}, exitError, filepath.Join(dir, "no", "out.jsonl")},
		{"ExportOntoFolder", []string{"export", "--db", db, "--format", "native", "--out", dir}, exitError, dir + ": is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spanmark(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%v", r.code, tt.code, r)
			}
			if !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr does not say %q:\n%s", tt.msg, r.stderr)
			}
			if tt.code == exitUsage && !strings.Contains(r.stderr, "usage:") {
				t.Errorf("a usage error without the usage:\n%s", r.stderr)
			}
		})
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.part")); len(leftovers) > 0 {
		t.Errorf("failed exports left temporary files: %v", leftovers)
	}
	t.Run("Help", func(t *testing.T) {
		r := spanmark(t, "help")
		if r.code != exitOK || !strings.Contains(r.stdout, "spanmark import") {
			t.Errorf("help: %v", r)
		}
	})
}
