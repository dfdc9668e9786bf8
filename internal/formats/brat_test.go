package formats_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
)

// bratCorpus is brat's own tutorial collection (MIT licence beside it).
const bratCorpus = "../../../shared/corpora/brat-news"

// bratRead reads one pair named doc.txt and doc.ann.
func bratRead(txt, ann string) (*annot.Record, []error, error) {
	var rec *annot.Record
	var warns []error
	sink := &formats.Sink{
		Record: func(r *annot.Record) error { rec = r; return nil },
		Warn:   func(err error) { warns = append(warns, err) },
	}
	err := formats.ReadBrat("doc.txt", []byte(txt), "doc.ann", []byte(ann), formats.Options{Annotator: "asha"}, sink)
	return rec, warns, err
}

// bratDoc turns a record into what the store hands a writer: spans sorted
// by start, end and label.
func bratDoc(rec *annot.Record) *formats.Doc {
	doc := rec.Doc
	spans := append([]annot.Span(nil), rec.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Label < b.Label
	})
	return &formats.Doc{Doc: &doc, Spans: spans, Relations: rec.Relations}
}

// bratTLine is a T line without its id: what must survive a round trip.
type bratTLine struct{ typ, offs, text string }

// bratParse indexes an .ann file: T lines by id, and the other lines.
func bratParse(t *testing.T, ann string) (map[string]bratTLine, [][]string) {
	t.Helper()
	ts := map[string]bratTLine{}
	var rest [][]string
	for _, line := range strings.Split(ann, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if f[0][0] == 'T' {
			typ, offs, _ := strings.Cut(f[1], " ")
			ts[f[0]] = bratTLine{typ, offs, f[2]}
			continue
		}
		rest = append(rest, f)
	}
	return ts, rest
}

func TestReadBrat_CorpusRoundTrip(t *testing.T) {
	anns, err := filepath.Glob(filepath.Join(bratCorpus, "*.ann"))
	if err != nil || len(anns) == 0 {
		t.Fatalf("no brat corpus at %s: %v", bratCorpus, err)
	}
	out := t.TempDir()
	w, err := formats.NewBratWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string]*annot.Record{}
	for _, annPath := range anns {
		txtPath, _, ok := formats.BratPair(annPath)
		if !ok {
			t.Fatalf("BratPair(%s): no pair", annPath)
		}
		txt, ann := mustRead(t, txtPath), mustRead(t, annPath)
		var warns []error
		sink := &formats.Sink{
			Record: func(r *annot.Record) error { recs[annPath] = r; return nil },
			Warn:   func(err error) { warns = append(warns, err) },
		}
		if err := formats.ReadBrat(txtPath, []byte(txt), annPath, []byte(ann), formats.Options{Annotator: "brat"}, sink); err != nil {
			t.Fatalf("ReadBrat: %v", err)
		}
		if len(warns) > 0 {
			t.Errorf("%s: unexpected warnings %v", annPath, warns)
		}
		if err := w.WriteDoc(bratDoc(recs[annPath])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, annPath := range anns {
		t.Run(filepath.Base(annPath), func(t *testing.T) {
			name := strings.TrimSuffix(filepath.Base(annPath), ".ann")
			orig := mustRead(t, annPath)
			got := mustRead(t, filepath.Join(out, name+".ann"))
			if txt := mustRead(t, filepath.Join(out, name+".txt")); txt != mustRead(t, strings.TrimSuffix(annPath, ".ann")+".txt") {
				t.Errorf("the .txt changed on the way through")
			}
			bratCheckRoundTrip(t, orig, got)
			bratCheckReimport(t, recs[annPath], filepath.Join(out, name))
		})
	}
}

// bratCheckRoundTrip checks that every line of orig comes back in got: T
// lines as they were (bar their number), R and * lines as R lines between
// the same T lines, and E, A, M, N and # lines as notes.
func bratCheckRoundTrip(t *testing.T, orig, got string) {
	t.Helper()
	ots, orest := bratParse(t, orig)
	gts, grest := bratParse(t, got)
	have := map[bratTLine]int{}
	for _, tl := range gts {
		have[tl]++
	}
	for id, tl := range ots {
		if have[tl] == 0 {
			t.Errorf("%s %v did not come back", id, tl)
		}
		have[tl]--
	}
	rels := map[string]bool{}
	var notes []string
	for _, f := range grest {
		switch f[0][0] {
		case 'R':
			a := strings.Fields(f[1])
			rels[a[0]+" "+fmt.Sprint(gts[strings.TrimPrefix(a[1], "Arg1:")])+" "+fmt.Sprint(gts[strings.TrimPrefix(a[2], "Arg2:")])] = true
		case '#':
			notes = append(notes, f[2])
		default:
			t.Errorf("unexpected line %q in the export", f)
		}
	}
	allNotes := strings.Join(notes, "\n")
	for _, f := range orest {
		a := strings.Fields(f[1])
		switch f[0][0] {
		case 'R':
			key := a[0] + " " + fmt.Sprint(ots[strings.TrimPrefix(a[1], "Arg1:")]) + " " + fmt.Sprint(ots[strings.TrimPrefix(a[2], "Arg2:")])
			if !rels[key] {
				t.Errorf("%s %s did not come back as a relation", f[0], f[1])
			}
		case '*':
			for _, other := range a[2:] {
				if key := a[0] + " " + fmt.Sprint(ots[a[1]]) + " " + fmt.Sprint(ots[other]); !rels[key] {
					t.Errorf("equivalence %s %s-%s did not come back as a relation", a[0], a[1], other)
				}
			}
		case 'E':
			bratWantNote(t, allNotes, "event "+f[0]+" "+strings.Split(a[0], ":")[0])
		case 'A', 'M':
			bratWantNote(t, allNotes, "attribute "+a[0])
		case 'N':
			bratWantNote(t, allNotes, "normalization "+a[0]+" "+a[2])
		case '#':
			bratWantNote(t, allNotes, f[2])
		default:
			t.Errorf("unexpected line %q in the corpus", f)
		}
	}
}

func bratWantNote(t *testing.T, notes, want string) {
	t.Helper()
	if !strings.Contains(notes, want) {
		t.Errorf("no note holds %q; notes:\n%s", want, notes)
	}
}

// bratCheckReimport reads an exported pair back and finds the same spans,
// notes and relations as the first import.
func bratCheckReimport(t *testing.T, first *annot.Record, base string) {
	t.Helper()
	var again *annot.Record
	sink := &formats.Sink{Record: func(r *annot.Record) error { again = r; return nil }}
	if err := formats.ReadBrat(base+".txt", []byte(mustRead(t, base+".txt")), base+".ann", []byte(mustRead(t, base+".ann")), formats.Options{Annotator: "brat"}, sink); err != nil {
		t.Fatalf("reading the export back: %v", err)
	}
	if a, b := bratSpanSet(first), bratSpanSet(again); a != b {
		t.Errorf("spans differ after a round trip:\nfirst:\n%s\nagain:\n%s", a, b)
	}
	if a, b := bratRelSet(first), bratRelSet(again); a != b {
		t.Errorf("relations differ after a round trip:\nfirst:\n%s\nagain:\n%s", a, b)
	}
	if first.Doc.Title != again.Doc.Title {
		t.Errorf("title %q, then %q", first.Doc.Title, again.Doc.Title)
	}
}

func bratSpanSet(r *annot.Record) string {
	var lines []string
	for _, s := range r.Spans {
		lines = append(lines, fmt.Sprintf("%d %d %s %q", s.Start, s.End, s.Label, s.Note))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func bratRelSet(r *annot.Record) string {
	at := map[string]string{}
	for _, s := range r.Spans {
		at[s.ID] = fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label)
	}
	var lines []string
	for _, rel := range r.Relations {
		lines = append(lines, at[rel.From]+" "+rel.Type+" "+at[rel.To])
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func mustRead(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bratGood are pairs that read; each names the spans it must give, as
// "start-end LABEL note".
var bratGood = []struct {
	name, txt, ann string
	spans          []string
	rels           []string // "from-span TYPE to-span", spans as start-end
	warns          int
}{
	{name: "Empty", txt: "Nothing tagged.\n", ann: ""},
	{
		name:  "Simple",
		txt:   "Sony formed a venture with Ericsson.",
		ann:   "T1\tOrganization 0 4\tSony\nT2\tOrganization 27 35\tEricsson\nR1\tPartner Arg1:T1 Arg2:T2\t\n",
		spans: []string{"0-4 Organization", "27-35 Organization"},
		rels:  []string{"0-4 Partner 27-35"},
	},
	{
		name:  "CRLFCountsCR",
		txt:   "One line.\r\nTwo words here.\r\n",
		ann:   "T1\tACTOR 11 14\tTwo\r\nT2\tCLAIM 15 25\twords here\r\n",
		spans: []string{"10-13 ACTOR", "14-24 CLAIM"},
	},
	{
		name:  "BOMCounts",
		txt:   "\uFEFFचीन ने कहा।",
		ann:   "T1\tACTOR 1 4\tचीन\n",
		spans: []string{"0-3 ACTOR"},
	},
	{
		name:  "HindiAndEmoji",
		txt:   "🇮🇳 भारत ने कहा।",
		ann:   "T1\tACTOR 3 7\tभारत\nT2\tFLAG 0 2\t🇮🇳\n",
		spans: []string{"3-7 ACTOR", "0-2 FLAG"},
	},
	{
		name:  "DiscontinuousOverLineBreak",
		txt:   "the claim goes\non here",
		ann:   "T1\tCLAIM 4 14;15 22\tclaim goes on here\n",
		spans: []string{"4-22 CLAIM"},
	},
	{
		name:  "DiscontinuousWithWords",
		txt:   "Put the spoon on the brown table",
		ann:   "T1\tLocation 14 16;27 32\ton table\n#1\tAnnotatorNotes T1\tcheck\n",
		spans: []string{"14-16 Location fragment 1 of 2 of discontinuous T1 Location 14 16;27 32|check", "27-32 Location fragment 2 of 2 of discontinuous T1 Location 14 16;27 32"},
		warns: 1,
	},
	{
		name: "EventsAttributesNotes",
		txt:  "Google merged with YouTube, Wikinews reported.",
		ann: "T1\tOrganization 0 6\tGoogle\nT2\tMerge-org 7 13\tmerged\nT3\tOrganization 19 26\tYouTube\n" +
			"E1\tMerge-org:T2 Org-Arg:T1 Org-Arg2:T3\nA1\tConfidence E1 Low\nA2\tIndividual T1\n" +
			"#1\tAnnotatorNotes E1\tone event or two?\nN1\tReference T3 Wikipedia:1\tYouTube\n" +
			"R1\tRival Arg1:T1 Arg2:T3\n#2\tAnnotatorNotes R1\tnot stated\n*\tAlias T1 T3\n",
		spans: []string{
			`0-6 Organization attribute Individual|note on relation R1 Rival: not stated`,
			`7-13 Merge-org event E1 Merge-org: Org-Arg "Google", Org-Arg2 "YouTube"|attribute Confidence=Low (on event E1 Merge-org)|note on event E1 Merge-org: one event or two?`,
			`19-26 Organization normalization Reference Wikipedia:1 "YouTube"`,
		},
		rels: []string{"0-6 Rival 19-26", "0-6 Alias 19-26"},
	},
	{
		name:  "ForwardReferences",
		txt:   "A said B did it.",
		ann:   "E1\tSay:T2 Speaker:T1 What:E2\nE2\tDo:T3\nT1\tP 0 1\tA\nT2\tSay 2 6\tsaid\nT3\tDo 9 12\tdid\nA1\tNeg E2\n",
		spans: []string{"0-1 P", `2-6 Say event E1 Say: Speaker "A", What E2 "did"`, "9-12 Do event E2 Do|attribute Neg (on event E2 Do)"},
	},
	{
		// Defect 5: brat takes the characters the offsets cover; a stray
		// space after the text does not refuse the document.
		name:  "TrailingSpaceInText",
		txt:   "dislodge the cells\n",
		ann:   "T1\tAction 0 8\tdislodge \nT2\tThing 13 18\t cells\n",
		spans: []string{"0-8 Action", "13-18 Thing"},
	},
}

func TestReadBrat_Good(t *testing.T) {
	for _, tc := range bratGood {
		t.Run(tc.name, func(t *testing.T) {
			rec, warns, err := bratRead(tc.txt, tc.ann)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			at := map[string]string{}
			for _, s := range rec.Spans {
				at[s.ID] = fmt.Sprintf("%d-%d", s.Start, s.End)
				got = append(got, strings.TrimSpace(fmt.Sprintf("%d-%d %s %s", s.Start, s.End, s.Label, strings.ReplaceAll(s.Note, "\n", "|"))))
				if s.Annotator != "asha" {
					t.Errorf("annotator %q", s.Annotator)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.spans, "\n") {
				t.Errorf("spans:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.spans, "\n"))
			}
			var rels []string
			for _, r := range rec.Relations {
				rels = append(rels, at[r.From]+" "+r.Type+" "+at[r.To])
			}
			if strings.Join(rels, "\n") != strings.Join(tc.rels, "\n") {
				t.Errorf("relations %q, want %q", rels, tc.rels)
			}
			if len(warns) != tc.warns {
				t.Errorf("warnings %v, want %d", warns, tc.warns)
			}
			for _, w := range warns {
				if !strings.HasPrefix(w.Error(), "doc.ann:") {
					t.Errorf("warning %q does not name the .ann file and line", w)
				}
			}
			if rec.Doc.Source != "doc.txt" {
				t.Errorf("source %q", rec.Doc.Source)
			}
		})
	}
}

func TestReadBrat_Title(t *testing.T) {
	rec, _, err := bratRead("\n\nHeadline here\nbody", "")
	if err != nil || rec.Doc.Title != "Headline here" {
		t.Fatalf("title %q, %v", rec.Doc.Title, err)
	}
	// A blank text is no document, as for a .txt article or "text": "".
	if _, _, err = bratRead(" \n", ""); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("blank text: %v, want it refused as empty", err)
	}
}

// bratBad are pairs that must be refused with the place and reason given.
var bratBad = []struct {
	name, txt, ann string
	want           string // the start of the message
	reason         string // part of the message
}{
	{"PastEnd", "short", "T1\tX 2 9\tort", "doc.ann:1:", "past the end"},
	{"TextMismatch", "Google bought YouTube", "T1\tOrg 0 6\tGoogle\nT2\tOrg 14 21\tYuoTube\n", "doc.ann:2:", "is not the .txt's text"},
	{"NoTab", "abc", "T1\tX 0 1\ta\nT2 X 1 2 b\n", "doc.ann:2:", "broken line"},
	{"UnknownType", "abc", "\nX1\tfoo\n", "doc.ann:2:", "unknown annotation"},
	{"RMissingT", "abc", "T1\tX 0 1\ta\nR1\tRel Arg1:T1 Arg2:T9\n", "doc.ann:2:", `"T9", which is not in the file`},
	{"RNoArgs", "abc", "T1\tX 0 1\ta\nR1\tRel T1 T1\n", "doc.ann:2:", "Arg1:ID Arg2:ID"},
	{"InvalidUTF8Ann", "abc", "T1\tX 0 1\ta\nT2\tX 1 2\t\xff\n", "doc.ann:2:", "invalid UTF-8"},
	{"InvalidUTF8Txt", "ok\n\xfe", "", "doc.txt:2:", "invalid UTF-8"},
	{"BadOffset", "abc", "T1\tX 0 one\ta", "doc.ann:1:", "not a whole number"},
	{"NegativeOffset", "abc", "T1\tX -1 2\ta", "doc.ann:1:", "not a whole number"},
	{"StartAfterEnd", "abc", "T1\tX 2 1\t", "doc.ann:1:", "start after end"},
	{"Empty", "abc", "T1\tX 1 1\t", "doc.ann:1:", "empty"},
	{"NoText", "abc", "T1\tX 0 1", "doc.ann:1:", "no text"},
	{"NoOffsets", "abc", "T1\tX\ta", "doc.ann:1:", "type and offsets"},
	{"BadFragments", "abc", "T1\tX 0 1;2\ta", "doc.ann:1:", "START END"},
	{"DuplicateID", "abc", "T1\tX 0 1\ta\nT1\tX 1 2\tb", "doc.ann:2:", "used twice"},
	{"InsideCRLF", "a\r\nb", "T1\tX 0 2\ta\r\r\n", "doc.ann:1:", "CRLF"},
	{"EventNoTrigger", "abc", "T1\tX 0 1\ta\nE1\tDo Arg:T1", "doc.ann:2:", "TYPE:TRIGGER"},
	{"EventMissingArg", "abc", "T1\tX 0 1\ta\nE1\tDo:T1 Arg:T7", "doc.ann:2:", `"T7"`},
	{"EventBadArg", "abc", "T1\tX 0 1\ta\nE1\tDo:T1 Arg", "doc.ann:2:", "ROLE:ID"},
	{"AttrMissing", "abc", "A1\tNeg E4", "doc.ann:1:", `"E4"`},
	{"AttrShape", "abc", "T1\tX 0 1\ta\nA1\tNeg", "doc.ann:2:", "NAME ID"},
	{"NoteMissing", "abc", "#1\tAnnotatorNotes T3\thm", "doc.ann:1:", `"T3"`},
	{"NoteShape", "abc", "#1\tAnnotatorNotes\thm", "doc.ann:1:", "AnnotatorNotes ID"},
	{"NormShape", "abc", "T1\tX 0 1\ta\nN1\tReference T1", "doc.ann:2:", "DB:ENTRY"},
	{"EquivMissing", "abc", "T1\tX 0 1\ta\n*\tAlias T1 T2", "doc.ann:2:", `"T2"`},
	{"BareID", "abc", "T\tX 0 1\ta", "doc.ann:1:", "no number"},
}

func TestReadBrat_Bad(t *testing.T) {
	for _, tc := range bratBad {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, err := bratRead(tc.txt, tc.ann)
			if err == nil {
				t.Fatalf("no error; spans %v", rec.Spans)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tc.want) || !strings.Contains(msg, tc.reason) {
				t.Errorf("error %q, want %q… with %q", msg, tc.want, tc.reason)
			}
			if annot.ErrorKind(err) != annot.Invalid {
				t.Errorf("kind %v, want invalid", annot.ErrorKind(err))
			}
		})
	}
}

func TestBratPair(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.txt", "a.ann", "b.txt", "annotation.conf"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		path string
		ok   bool
	}{{"a.ann", true}, {"a.txt", true}, {"a", true}, {"b.txt", false}, {"annotation.conf", false}} {
		txt, ann, ok := formats.BratPair(filepath.Join(dir, tc.path))
		if ok != tc.ok {
			t.Errorf("BratPair(%s) ok=%v", tc.path, ok)
		}
		if ok && (txt != filepath.Join(dir, "a.txt") || ann != filepath.Join(dir, "a.ann")) {
			t.Errorf("BratPair(%s) = %s, %s", tc.path, txt, ann)
		}
	}
}

func TestBratWriter(t *testing.T) {
	text := "भारत ने कहा।\nThe claim goes\non here.\n\n"
	doc := func(id, source, title string, spans ...annot.Span) *formats.Doc {
		return &formats.Doc{Doc: &annot.Document{ID: id, Source: source, Title: title, Text: text}, Spans: spans}
	}
	span := func(id string, start, end int, label, note string) annot.Span {
		return annot.Span{ID: id, Start: start, End: end, Label: label, Note: note}
	}
	dir := filepath.Join(t.TempDir(), "out")
	w, err := formats.NewBratWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	d1 := doc("id-1", "news/रिपोर्ट.html", "First",
		span("a", 0, 4, "PUBLIC FIGURE", ""),
		span("b", 13, 36, "CLAIM", "two\nlines"),
		span("c", 36, 38, "GAP", ""))
	d1.Relations = []annot.Relation{{From: "b", To: "a", Type: "SAID BY"}}
	docs := []*formats.Doc{
		d1,
		doc("id-2", "news/रिपोर्ट.txt", "Second"),
		doc("id-3", "", "../../etc/passwd"),
		doc("id-4", "", ""),
		doc("", "", ""),
		doc("", "CON.txt", ""),
	}
	for _, d := range docs {
		if err := w.WriteDoc(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := "CON_.ann CON_.txt Second.ann Second.txt document.ann document.txt etc_passwd.ann etc_passwd.txt id-4.ann id-4.txt रिपोर्ट.ann रिपोर्ट.txt"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files:\n%s\nwant:\n%s", got, want)
	}
	ann := mustRead(t, filepath.Join(dir, "रिपोर्ट.ann"))
	wantAnn := "T1\tPUBLIC_FIGURE 0 4\tभारत\n" +
		"T2\tCLAIM 13 27;28 36\tThe claim goes on here.\n" +
		"R1\tSAID_BY Arg1:T2 Arg2:T1\n" +
		"#1\tAnnotatorNotes T2\ttwo\n" +
		"#2\tAnnotatorNotes T2\tlines\n"
	if ann != wantAnn {
		t.Errorf("ann:\n%s\nwant:\n%s", ann, wantAnn)
	}
	if got := mustRead(t, filepath.Join(dir, "रिपोर्ट.txt")); got != text {
		t.Errorf("txt %q", got)
	}
	losses := w.(formats.Lossy).Losses()
	if len(losses) != 1 || !strings.Contains(losses[0].Error(), "only line breaks") {
		t.Errorf("losses %v", losses)
	}

	// What was written reads back: the span over a line break is whole
	// again, and the note has both its lines.
	rec, _, err := bratRead(text, ann)
	if err != nil {
		t.Fatal(err)
	}
	if got := bratSpanSet(rec); got != "0 4 PUBLIC_FIGURE \"\"\n13 36 CLAIM \"two\\nlines\"" {
		t.Errorf("read back:\n%s", got)
	}
}

func TestBratWriter_BadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := formats.NewBratWriter(filepath.Join(file, "sub")); err == nil {
		t.Fatal("made a folder inside a file")
	}
}

func FuzzBrat(f *testing.F) {
	for _, tc := range bratGood {
		f.Add(tc.txt, tc.ann)
	}
	for _, tc := range bratBad {
		f.Add(tc.txt, tc.ann)
	}
	f.Fuzz(func(t *testing.T, txt, ann string) {
		rec, _, err := bratRead(txt, ann)
		if err != nil {
			var e *annot.Error
			if !errors.As(err, &e) || (e.File != "doc.ann" && e.File != "doc.txt") {
				t.Fatalf("error %q names no file", err)
			}
			return
		}
		n := len([]rune(rec.Doc.Text))
		ids := map[string]bool{}
		for _, s := range rec.Spans {
			if s.Start < 0 || s.Start >= s.End || s.End > n {
				t.Fatalf("span %d-%d outside a text of %d", s.Start, s.End, n)
			}
			ids[s.ID] = true
		}
		for _, r := range rec.Relations {
			if !ids[r.From] || !ids[r.To] {
				t.Fatalf("relation %v joins unknown spans", r)
			}
		}
	})
}

// FuzzBratRoundTrip writes one span as brat and reads it back: it must
// come back with the same offsets, label and note, unless the writer
// reported that brat could not hold it as it was.
func FuzzBratRoundTrip(f *testing.F) {
	f.Add("The claim goes\non here.", 4, 20, "CLAIM", "two\nlines")
	f.Add("भारत ने कहा।\n\n🇮🇳", 0, 4, "PUBLIC FIGURE", "")
	f.Add("a\u2028b\x1cc", 0, 5, "X", "n")
	f.Add("\n\nx\n", 0, 3, "X", "")
	f.Fuzz(func(t *testing.T, txt string, start, end int, label, note string) {
		n := utf8.RuneCountInString(txt)
		// Only texts Spanmark stores: no NUL, something to read.
		if !utf8.ValidString(txt) || strings.ContainsAny(txt, "\r\x00") || strings.HasPrefix(txt, "\uFEFF") ||
			strings.TrimFunc(txt, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("\u200b\u200c\u200d\ufeff", r) }) == "" ||
			start < 0 || start >= end || end > n || strings.TrimSpace(label) == "" ||
			!utf8.ValidString(label) || !utf8.ValidString(note) || strings.ContainsFunc(note, func(r rune) bool { return r != '\n' && r < ' ' || r == 0x85 || r == 0x2028 || r == 0x2029 }) {
			t.Skip()
		}
		dir := t.TempDir()
		w, err := formats.NewBratWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		span := annot.Span{ID: "s", Start: start, End: end, Label: label, Note: note}
		doc := &formats.Doc{Doc: &annot.Document{ID: "d", Source: "d.txt", Text: txt}, Spans: []annot.Span{span}}
		if err := w.WriteDoc(doc); err != nil {
			t.Fatal(err)
		}
		lost := len(w.(formats.Lossy).Losses()) > 0
		rec, _, err := bratRead(mustRead(t, filepath.Join(dir, "d.txt")), mustRead(t, filepath.Join(dir, "d.ann")))
		if err != nil {
			t.Fatalf("reading back: %v", err)
		}
		if lost {
			return
		}
		if len(rec.Spans) != 1 {
			t.Fatalf("spans %v", rec.Spans)
		}
		got := rec.Spans[0]
		if got.Start != start || got.End != end || got.Label != strings.Join(strings.Fields(label), "_") || got.Note != note {
			t.Fatalf("got %d-%d %q %q, want %d-%d %q %q", got.Start, got.End, got.Label, got.Note, start, end, label, note)
		}
	})
}
