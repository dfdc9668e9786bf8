package transfer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/transfer"
)

const raoText = "Minister Rao said the plan will cut costs, PTI reported."

// answeringAnalysts makes two databases that got asha's work separately.
// A imports her file first: her answers on two spans and on the document,
// and a second article she ignored. B imports later the same article from
// another file, with asha's ACTOR again but no answer on it, her changed
// mind on the document (reject), ben's answered CLAIM and other meta.
func answeringAnalysts(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	adb, bdb := openPath(t, a), openPath(t, b)
	tick := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	adb.Now, bdb.Now = clock, clock
	mustImport(t, adb, "asha.jsonl", `{"title":"Rao","text":"`+raoText+`","meta":{"url":"x","categories":{"asha":["politics"]}},`+
		`"spans":[{"start":0,"end":12,"label":"ACTOR","annotator":"asha","answer":"accept"},`+
		`{"start":18,"end":41,"label":"CLAIM","annotator":"asha","answer":"reject"}],"states":{"asha":"done"},"answers":{"asha":"accept"}}`+"\n"+
		`{"title":"Mine","text":"Reuters said the mine closed.","spans":[{"start":0,"end":7,"label":"SOURCE","annotator":"asha","answer":"ignore"}],`+
		`"states":{"asha":"done"},"answers":{"asha":"ignore"}}`)
	mustImport(t, bdb, "ben.jsonl", `{"title":"Rao (wire)","text":"`+raoText+`","meta":{"url":"y","categories":{"ben":["economy"]},"section":"biz"},`+
		`"spans":[{"start":0,"end":12,"label":"ACTOR","annotator":"asha"},{"start":18,"end":41,"label":"CLAIM","annotator":"ben","answer":"ignore"}],`+
		`"states":{"asha":"done","ben":"done"},"answers":{"asha":"reject","ben":"ignore"}}`)
	adb.Close()
	bdb.Close()
	return a, b
}

// TestMerge_AnswersBothWays: answers on spans and documents travel in a
// merge, and A+B and B+A export the same bytes: the span kept from two
// twins keeps its own answer, the later document record its answer, and
// the article the meta of both.
func TestMerge_AnswersBothWays(t *testing.T) {
	a, b := answeringAnalysts(t)
	ab, ba := merged(t, a, b), merged(t, b, a)
	exp := exportNative(t, ab)
	wantSameBytes(t, "native exports of A+B and B+A", exp, exportNative(t, ba))
	wantSameBytes(t, "history exports of A+B and B+A", exportHistory(t, ab), exportHistory(t, ba))
	docs := bundles(t, ab)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	rao := docs[0]
	answers := map[string]annot.Answer{}
	for _, s := range rao.Spans {
		answers[s.Annotator+" "+s.Label] = s.Answer
	}
	want := map[string]annot.Answer{"asha ACTOR": annot.AnswerAccept, "asha CLAIM": annot.AnswerReject, "ben CLAIM": annot.AnswerIgnore}
	if len(rao.Spans) != 3 || !sameMap(answers, want) {
		t.Errorf("span answers %v, want %v (asha's ACTOR once)", answers, want)
	}
	if want := map[string]annot.Answer{"asha": annot.AnswerReject, "ben": annot.AnswerIgnore}; !sameMap(rao.Answers, want) {
		t.Errorf("document answers %v, want %v (asha's later answer)", rao.Answers, want)
	}
	if got, want := string(rao.Doc.Meta), `{"url":"x","categories":{"asha":["politics"],"ben":["economy"]},"section":"biz"}`; got != want || rao.Doc.Title != "Rao" {
		t.Errorf("title %q meta %s, want A's (imported first) with B's meta added: %s", rao.Doc.Title, got, want)
	}
	mine := docs[1]
	if len(mine.Spans) != 1 || mine.Spans[0].Answer != annot.AnswerIgnore || mine.Answers["asha"] != annot.AnswerIgnore {
		t.Errorf("the article only A had: spans %+v, answers %v", mine.Spans, mine.Answers)
	}
	for _, s := range rao.Spans {
		if s.Status != annot.Pending {
			t.Errorf("an answer became a review status: %+v", s)
		}
	}
}

func sameMap[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestMerge_AnswersTwiceIsOnce: merging either source again changes
// nothing, answers and meta included.
func TestMerge_AnswersTwiceIsOnce(t *testing.T) {
	a, b := answeringAnalysts(t)
	ab := merged(t, a, b)
	before := exportHistory(t, ab)
	for _, src := range []string{b, a} {
		res, err := transfer.Merge(bg, ab, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := changes(res); n != 0 {
			t.Errorf("merging %s again changed %d rows: %+v", filepath.Base(src), n, res)
		}
		wantSameBytes(t, "history before and after merging "+filepath.Base(src)+" again", exportHistory(t, ab), before)
	}
}

func changes(r annot.MergeResult) int {
	return r.NewDocuments + r.NewSpans + r.UpdatedSpans + r.Tombstones + r.FoldedSpans + r.NewRelations +
		r.DeadRelations + r.FoldedLinks + r.NewVerdicts + r.ChangedStates + len(r.NewLabels) + len(r.NewAnnotators)
}

// TestMerge_AnswersHistoryFile: a native --history export carries the
// answers, and merging it does what merging its database does, either
// way round and twice.
func TestMerge_AnswersHistoryFile(t *testing.T) {
	a, b := answeringAnalysts(t)
	for _, tc := range []struct{ name, into, from string }{{"B into A", a, b}, {"A into B", b, a}} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "history.jsonl")
			if _, err := transfer.ExportHistory(bg, openPath(t, tc.from), file, nil, nil); err != nil {
				t.Fatal(err)
			}
			data := readAll(t, file)
			for _, key := range [][]byte{[]byte(`"answer":"`), []byte(`"answers":{`)} {
				if !bytes.Contains(data, key) {
					t.Fatalf("the history file has no %s:\n%s", key, data)
				}
			}
			fromDB, fromFile := merged(t, tc.into, tc.from), merged(t, tc.into, file)
			wantSameBytes(t, "history exports after merging the database and the file", exportHistory(t, fromFile), exportHistory(t, fromDB))
			wantSameBytes(t, "native exports after merging the database and the file", exportNative(t, fromFile), exportNative(t, fromDB))
			before := exportHistory(t, fromFile)
			res, err := transfer.Merge(bg, fromFile, file, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := changes(res); n != 0 {
				t.Errorf("merging the file again changed %d rows: %+v", n, res)
			}
			wantSameBytes(t, "history before and after merging the file again", exportHistory(t, fromFile), before)
		})
	}
}

func readAll(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
