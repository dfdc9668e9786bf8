package transfer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

var bg = context.Background()

// twoAnalysts makes two closed databases from one base: both edit a span
// (B later), A deletes one that B then edits, both review, both import
// the same article separately, and each has labels the other lacks.
func twoAnalysts(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	x := openPath(t, base)
	tick := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	x.Now = clock
	mustImport(t, x, "base.jsonl", `{"id":"0190f0a8-0000-7000-8000-000000000001","title":"Rao","text":"Minister Rao said the plan will cut costs, PTI reported.",`+
		`"spans":[{"id":"0190f0a8-0000-7000-8000-0000000000a1","start":18,"end":41,"label":"CLAIM","annotator":"asha"},`+
		`{"id":"0190f0a8-0000-7000-8000-0000000000a2","start":0,"end":12,"label":"ACTOR","annotator":"asha"},`+
		`{"id":"0190f0a8-0000-7000-8000-0000000000a3","start":43,"end":46,"label":"SOURCE","annotator":"asha"}],`+
		`"relations":[{"id":"0190f0a8-0000-7000-8000-0000000000b1","from":"0190f0a8-0000-7000-8000-0000000000a1","to":"0190f0a8-0000-7000-8000-0000000000a2","type":"SAID_BY","annotator":"asha"}]}`)
	x.Close()
	a, b = filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	copyPath(t, base, a)
	copyPath(t, base, b)
	adb, bdb := openPath(t, a), openPath(t, b)
	adb.Now, bdb.Now = clock, clock
	const claim, actor, source = "0190f0a8-0000-7000-8000-0000000000a1", "0190f0a8-0000-7000-8000-0000000000a2", "0190f0a8-0000-7000-8000-0000000000a3"
	mustImport(t, bdb, "port.txt", "Officials said the port will reopen on Monday.")
	mustImport(t, adb, "port.txt", "Officials said the port will reopen on Monday.")
	for _, step := range []func() error{
		func() error { return update(adb, claim, "A's note") },
		func() error { return update(bdb, claim, "B's note") },
		func() error {
			_, err := adb.DeleteSpan(bg, actor, "asha")
			return err
		},
		func() error { return update(bdb, actor, "B keeps it") },
		func() error {
			_, err := adb.SetVerdict(bg, annot.Verdict{SpanID: source, Reviewer: "ravi", Decision: annot.Accepted, Comment: "PTI"})
			return err
		},
		func() error {
			_, err := bdb.SetVerdict(bg, annot.Verdict{SpanID: source, Reviewer: "ravi", Decision: annot.Rejected})
			return err
		},
		func() error {
			_, err := adb.SetState(bg, "0190f0a8-0000-7000-8000-000000000001", "asha", annot.StateDone)
			return err
		},
		func() error {
			_, err := bdb.CreateLabel(bg, annot.Label{Name: "QUOTE", Color: "#333333", Hotkey: "5"})
			return err
		},
		func() error {
			_, err := adb.CreateLabel(bg, annot.Label{Name: "HEDGE", Color: "#222222", Hotkey: "4"})
			return err
		},
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	mustImport(t, bdb, "mine.txt", "Reuters said the mine closed.")
	adb.Close()
	bdb.Close()
	return a, b
}

func update(db *store.DB, id, note string) error {
	_, err := db.UpdateSpan(bg, id, "asha", annot.SpanUpdate{Note: &note})
	return err
}

func openPath(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func copyPath(tb testing.TB, src, dst string) {
	tb.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// merged copies the database at into a new file, merges from into it and
// returns it open.
func merged(t *testing.T, into string, from ...string) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "merged.db")
	copyPath(t, into, path)
	db := openPath(t, path)
	for _, f := range from {
		if _, err := transfer.Merge(bg, db, f, nil); err != nil {
			t.Fatalf("merge %s: %v", f, err)
		}
	}
	return db
}

func exportNative(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var out bytes.Buffer
	if _, err := transfer.Export(bg, db, formats.Native, "-", &out, annot.ExportFilter{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func exportHistory(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var out bytes.Buffer
	if _, err := transfer.ExportHistory(bg, db, "-", &out, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func wantSameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differ:\n%s\n---\n%s", what, got, want)
	}
}

// TestMerge_BothWaysSameExport is the acceptance check: A merged into B
// and B into A export the same native JSONL, byte for byte.
func TestMerge_BothWaysSameExport(t *testing.T) {
	a, b := twoAnalysts(t)
	ab, ba := merged(t, a, b), merged(t, b, a)
	wantSameBytes(t, "native exports of A+B and B+A", exportNative(t, ab), exportNative(t, ba))
	if n := bytes.Count(exportNative(t, ab), []byte("\n")); n != 3 {
		t.Errorf("A+B has %d documents, want 3 (the port article once)", n)
	}
}

// TestMerge_HistoryFileIsTheDatabase: merging B's native export with
// history does what merging B's database does, to the byte, twice over.
func TestMerge_HistoryFileIsTheDatabase(t *testing.T) {
	a, b := twoAnalysts(t)
	file := filepath.Join(t.TempDir(), "b.jsonl")
	if _, err := transfer.ExportHistory(bg, openPath(t, b), file, nil, nil); err != nil {
		t.Fatal(err)
	}
	fromDB, fromFile := merged(t, a, b), merged(t, a, file)
	wantSameBytes(t, "history exports after merging the database and the file", exportHistory(t, fromFile), exportHistory(t, fromDB))
	labels := func(db *store.DB) []annot.Label {
		ls, err := db.Labels(bg)
		if err != nil {
			t.Fatal(err)
		}
		return ls
	}
	if la, lb := labels(fromDB), labels(fromFile); len(la) != len(lb) || la[len(la)-1] != lb[len(lb)-1] {
		t.Errorf("labels after the database %v, after the file %v", la, lb)
	}
	before := exportHistory(t, fromFile)
	res, err := transfer.Merge(bg, fromFile, file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.NewDocuments+res.NewSpans+res.UpdatedSpans+res.Tombstones+res.NewVerdicts+res.NewRelations+res.ChangedStates != 0 {
		t.Errorf("merging the file again changed %+v", res)
	}
	wantSameBytes(t, "history before and after merging the file again", exportHistory(t, fromFile), before)
}

// TestMerge_PlainExport: a native export without history merges too:
// what is new in it is added, once; where it differs from what is here,
// this database wins, since the file has no times.
func TestMerge_PlainExport(t *testing.T) {
	a, b := twoAnalysts(t)
	file := filepath.Join(t.TempDir(), "b-plain.jsonl")
	if _, err := transfer.Export(bg, openPath(t, b), formats.Native, file, nil, annot.ExportFilter{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	db := merged(t, a, file)
	once := exportNative(t, db)
	res, err := transfer.Merge(bg, db, file, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSameBytes(t, "native exports after one and two merges of a plain export", exportNative(t, db), once)
	if res.NewDocuments+res.NewSpans+res.NewVerdicts+res.NewRelations != 0 {
		t.Errorf("second merge of a plain export added %+v", res)
	}
	for _, want := range []string{`"note":"A's note"`, "Reuters said the mine closed.", `"status":"rejected"`} {
		if !bytes.Contains(once, []byte(want)) {
			t.Errorf("after merging B's plain export, A lacks %s", want)
		}
	}
	if bytes.Contains(once, []byte("B keeps it")) {
		t.Error("a span A deleted came back from B's plain export")
	}
}

// TestMerge_RefusedFiles: what is neither a Spanmark database nor a
// native export is refused, and neither file changes.
func TestMerge_RefusedFiles(t *testing.T) {
	cases := map[string]string{
		"notes.txt":     "just some notes\n",
		"doccano.jsonl": `{"text":"Li said so","label":[[0,2,"ACTOR"]]}` + "\n",
		"empty.db":      "",
		"broken.jsonl":  `{"id":"0190f0a8-0000-7000-8000-000000000001","text":"x","spans":[` + "\n",
		"ids.jsonl":     `{"text":"Li said so","title":"t","spans":[{"start":0,"end":2,"label":"ACTOR"}]}` + "\n",
		"twice.jsonl": `{"id":"0190f0a8-0000-7000-8000-000000000001","text":"Li said so","spans":[{"id":"0190f0a8-0000-7000-8000-0000000000a1","start":0,"end":2,"label":"ACTOR","annotator":"asha"}],` +
			`"suggestions":[{"id":"0190f0a8-0000-7000-8000-0000000000f1","start":0,"end":2,"label":"ACTOR","origin":"rule:en-said","decisions":[` +
			`{"id":"0190f0a8-0000-7000-8000-0000000000e1","annotator":"asha","decision":"rejected","at":"2025-03-01T09:00:00Z"},` +
			`{"id":"0190f0a8-0000-7000-8000-0000000000e2","annotator":"asha","decision":"accepted","span":"0190f0a8-0000-7000-8000-0000000000a1","at":"2025-03-01T09:00:01Z"}]}]}` + "\n",
		"nospan.jsonl": `{"id":"0190f0a8-0000-7000-8000-000000000001","text":"Li said so","spans":[],"suggestions":[{"id":"0190f0a8-0000-7000-8000-0000000000f1","start":0,"end":2,` +
			`"label":"ACTOR","origin":"rule:en-said","decisions":[{"id":"0190f0a8-0000-7000-8000-0000000000e1","annotator":"asha","decision":"accepted","span":"0190f0a8-0000-7000-8000-0000000000a9"}]}]}` + "\n",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			recv := filepath.Join(dir, "recv.db")
			db := openPath(t, recv)
			mustImport(t, db, "a.txt", "Some text.")
			db.Close()
			other := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(other, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			sumR, sumO := sum(t, recv), sum(t, other)
			db = openPath(t, recv)
			_, err := transfer.Merge(bg, db, other, nil)
			if annot.ErrorKind(err) != annot.Invalid {
				t.Fatalf("error %v, want a refusal", err)
			}
			db.Close()
			if sum(t, recv) != sumR || sum(t, other) != sumO {
				t.Error("a refused merge changed a file")
			}
		})
	}
}

func sum(tb testing.TB, path string) [32]byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		tb.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// TestMerge_CancelledFile: a merge of an export cancelled while the file
// is read changes nothing.
func TestMerge_CancelledFile(t *testing.T) {
	a, b := twoAnalysts(t)
	file := filepath.Join(t.TempDir(), "b.jsonl")
	if _, err := transfer.ExportHistory(bg, openPath(t, b), file, nil, nil); err != nil {
		t.Fatal(err)
	}
	recv := filepath.Join(t.TempDir(), "a.db")
	copyPath(t, a, recv)
	before := sum(t, recv)
	db := openPath(t, recv)
	ctx, cancel := context.WithCancel(bg)
	_, err := transfer.Merge(ctx, db, file, func(step string, _, _ int) {
		if strings.HasPrefix(step, "reading") {
			cancel()
		}
	})
	if annot.ErrorKind(err) != annot.Cancelled {
		t.Fatalf("error %v, want cancelled", err)
	}
	db.Close()
	if sum(t, recv) != before {
		t.Error("a cancelled merge changed the database")
	}
}

// TestDescribeMerge_OneIsSingular: a sync of one article said "1
// documents", "1 spans"; a merge's line counts as an import's does.
func TestDescribeMerge_OneIsSingular(t *testing.T) {
	got := transfer.DescribeMerge(annot.MergeResult{Documents: 1, JoinedDocuments: 1, Spans: 1, NewSpans: 1, Relations: 2, Verdicts: 1, Suggestions: 1, Decisions: 1})
	want := "1 document (0 new, 1 joined by their text), 1 span (1 new, 0 updated, 0 tombstones applied), 2 relations (0 new), 1 verdict (0 new), 1 suggestion (0 new), 1 decision on them (0 new)"
	if got != want {
		t.Errorf("DescribeMerge:\n got %s\nwant %s", got, want)
	}
}
