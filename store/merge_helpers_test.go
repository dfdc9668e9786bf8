package store_test

import (
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// clockFrom makes db's clock start at start and advance by step per
// reading, so that two databases can be given interleaved times.
func clockFrom(db *store.DB, start time.Time, step time.Duration) {
	t := start.Add(-step)
	db.Now = func() time.Time {
		t = t.Add(step)
		return t
	}
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func openAt(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// copyFile copies a closed database, the way an analyst mails one.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

func fileSum(tb testing.TB, path string) [32]byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return sha256.Sum256(b)
}

// siblings lists the files in path's folder, to see that reading a
// database left nothing beside it.
func siblings(tb testing.TB, path string) []string {
	tb.Helper()
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func history(tb testing.TB, db *store.DB) []annot.DocHistory {
	tb.Helper()
	var out []annot.DocHistory
	if err := db.History(ctx, func(h *annot.DocHistory) error {
		out = append(out, *h)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// annotations is everything a merge must make the same in both
// directions: the history of every document, and the labels' names and
// IDs (their look is the receiver's by design).
func annotations(tb testing.TB, db *store.DB) ([]annot.DocHistory, []annot.LabelCopy) {
	tb.Helper()
	h := history(tb, db)
	var labels []annot.LabelCopy
	if len(h) > 0 {
		for _, l := range h[0].Labels {
			l.Color, l.Hotkey, l.Order = "", "", 0
			labels = append(labels, l)
		}
		sort.Slice(labels, func(i, j int) bool { return labels[i].Name < labels[j].Name })
		h[0].Labels = nil
	}
	return h, labels
}

func wantSameAnnotations(tb testing.TB, what string, a, b *store.DB) {
	tb.Helper()
	ha, la := annotations(tb, a)
	hb, lb := annotations(tb, b)
	if !reflect.DeepEqual(la, lb) {
		tb.Fatalf("%s: labels differ:\n%+v\n%+v", what, la, lb)
	}
	if len(ha) != len(hb) {
		tb.Fatalf("%s: %d documents against %d", what, len(ha), len(hb))
	}
	for i := range ha {
		if !reflect.DeepEqual(ha[i], hb[i]) {
			tb.Fatalf("%s: document %d differs:\n%+v\n%+v", what, i, ha[i], hb[i])
		}
	}
	if ea, eb := exportAll(tb, a, annot.ExportFilter{}), exportAll(tb, b, annot.ExportFilter{}); !reflect.DeepEqual(ea, eb) {
		tb.Fatalf("%s: exports differ:\n%+v\n%+v", what, ea, eb)
	}
}

func mustMerge(tb testing.TB, db *store.DB, path string) annot.MergeResult {
	tb.Helper()
	res, err := db.Merge(ctx, path, nil)
	if err != nil {
		tb.Fatalf("merge %s: %v", path, err)
	}
	return res
}

func spanByID(tb testing.TB, db *store.DB, id string) annot.SpanCopy {
	tb.Helper()
	for _, h := range history(tb, db) {
		for _, s := range h.Spans {
			if s.ID == id {
				return s
			}
		}
	}
	tb.Fatalf("no span %s", id)
	return annot.SpanCopy{}
}

func mustVerdict(tb testing.TB, db *store.DB, spanID, reviewer string, d annot.Status) {
	tb.Helper()
	if _, err := db.SetVerdict(ctx, annot.Verdict{SpanID: spanID, Reviewer: reviewer, Decision: d}); err != nil {
		tb.Fatal(err)
	}
}

func mustState(tb testing.TB, db *store.DB, docID, who string, st annot.DocState) {
	tb.Helper()
	if _, err := db.SetState(ctx, docID, who, st); err != nil {
		tb.Fatal(err)
	}
}

func note(s string) annot.SpanUpdate { return annot.SpanUpdate{Note: &s} }
