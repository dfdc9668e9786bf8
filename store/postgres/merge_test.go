package postgres_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// nativeOf is the project's native export with history, as bytes.
func nativeOf(t *testing.T, p annot.Project) []byte {
	t.Helper()
	var b bytes.Buffer
	w := formats.NewNativeHistoryWriter(&b)
	if err := p.History(ctx, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMerge_LaptopAndServer merges a laptop's database into the server
// and the server's project into the laptop: both end the same, with
// every time and tombstone, and merging again adds nothing.
func TestMerge_LaptopAndServer(t *testing.T) {
	server := pgtest.Open(t)
	path := filepath.Join(t.TempDir(), "laptop.db")
	laptop, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	doc := storetest.NewDoc(t, laptop, storetest.Said)
	claim := storetest.MustSpan(t, laptop, doc, "asha", 0, 15, "CLAIM")
	actor := storetest.MustSpan(t, laptop, doc, "asha", 16, 18, "ACTOR")
	gone := storetest.MustSpan(t, laptop, doc, "asha", 30, 37, "SOURCE")
	storetest.MustRelation(t, laptop, "asha", claim, actor, annot.SaidBy)
	if _, err := laptop.DeleteSpan(ctx, gone.ID, "asha"); err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.SetVerdict(ctx, annot.Verdict{SpanID: actor.ID, Reviewer: "meera", Decision: annot.Accepted}); err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.SetState(ctx, doc, "asha", annot.StateDone); err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.CreateLabel(ctx, annot.Label{Name: "QUOTE", Color: "#123456", Hotkey: "4"}); err != nil {
		t.Fatal(err)
	}

	res, err := server.Merge(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.NewDocuments != 1 || res.NewSpans != 3 || res.NewRelations != 1 || res.NewVerdicts != 1 {
		t.Fatalf("merging the laptop into the server: %+v", res)
	}
	if a, b := nativeOf(t, laptop), nativeOf(t, server); !bytes.Equal(a, b) {
		t.Fatalf("after the merge, the laptop has\n%s\nthe server\n%s", a, b)
	}

	// A colleague tags on the server; the laptop takes it in.
	storetest.MustSpan(t, server, doc, "ravi", 0, 15, "CLAIM")
	res, err = laptop.MergeHistory(ctx, server.Path(), func(emit func(*annot.DocHistory) error) error {
		return server.History(ctx, emit)
	}, nil)
	if err != nil || res.NewSpans != 1 {
		t.Fatalf("merging the server into the laptop: %+v, %v", res, err)
	}
	if a, b := nativeOf(t, laptop), nativeOf(t, server); !bytes.Equal(a, b) {
		t.Fatalf("after pulling, the laptop has\n%s\nthe server\n%s", a, b)
	}
	again, err := server.Merge(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.NewSpans+again.UpdatedSpans+again.NewRelations+again.NewVerdicts+again.ChangedStates+again.NewDocuments != 0 {
		t.Fatalf("merging the laptop again changed the server: %+v", again)
	}
}
