package postgres_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// next waits up to a second for a change that passes ok, skipping
// others, as a window would take them.
func next(t *testing.T, ch <-chan annot.RemoteChange, what string, ok func(annot.RemoteChange) bool) annot.RemoteChange {
	t.Helper()
	deadline := time.After(5 * time.Second) // the latency itself is measured by spanmark-load
	for {
		select {
		case c, open := <-ch:
			if !open {
				t.Fatalf("%s: the watch ended", what)
			}
			if ok(c) {
				return c
			}
		case <-deadline:
			t.Fatalf("%s: not heard within five seconds", what)
		}
	}
}

// TestWatch has two analysts on one server: what one writes reaches the
// other's watch within a second, as the rows now are, and applying it
// to the open document gives what reading it again gives.
func TestWatch(t *testing.T) {
	url := pgtest.URL(t)
	asha, ravi := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	doc := storetest.NewDoc(t, asha, storetest.Said)
	changes := asha.Watch(ctx)
	shown := storetest.MustBundle(t, asha, doc)
	time.Sleep(200 * time.Millisecond) // listening

	// A new document.
	other := storetest.NewDoc(t, ravi, "A second article.")
	next(t, changes, "a colleague's new document", func(c annot.RemoteChange) bool { return slices.Contains(c.Docs, other) })

	// Tags, a link, a verdict and a deletion, each applied as it comes.
	claim := storetest.MustSpan(t, ravi, doc, "ravi", 0, 15, "CLAIM")
	c := next(t, changes, "a colleague's tag", func(c annot.RemoteChange) bool { return len(c.SpansUpdated) > 0 })
	if c.SpansUpdated[0].ID != claim.ID || c.SpansUpdated[0].Annotator != "ravi" || c.SpansUpdated[0].Label != "CLAIM" {
		t.Fatalf("heard %+v, want ravi's claim %s", c.SpansUpdated, claim.ID)
	}
	shown.Apply(c.Change)
	actor := storetest.MustSpan(t, ravi, doc, "ravi", 16, 18, "ACTOR")
	shown.Apply(next(t, changes, "a second tag", func(c annot.RemoteChange) bool { return len(c.SpansUpdated) > 0 }).Change)
	link := storetest.MustRelation(t, ravi, "ravi", claim, actor, annot.SaidBy)
	c = next(t, changes, "a colleague's link", func(c annot.RemoteChange) bool { return len(c.RelationsAdded) > 0 })
	if c.RelationsAdded[0].ID != link.ID {
		t.Fatalf("heard %+v, want link %s", c.RelationsAdded, link.ID)
	}
	shown.Apply(c.Change)
	if _, err := ravi.SetVerdict(ctx, annot.Verdict{SpanID: actor.ID, Reviewer: "ravi", Decision: annot.Accepted}); err != nil {
		t.Fatal(err)
	}
	c = next(t, changes, "a verdict", func(c annot.RemoteChange) bool { return len(c.SpansUpdated) > 0 })
	if c.SpansUpdated[0].Status != annot.Accepted {
		t.Fatalf("heard %+v, want the actor accepted", c.SpansUpdated)
	}
	shown.Apply(c.Change)
	shown.Apply(c.Change) // twice: nothing more
	wantSame(t, "after tags, a link and a verdict", shown, storetest.MustBundle(t, asha, doc))

	// Asha's own writes are not reported back to her.
	storetest.MustSpan(t, asha, doc, "asha", 30, 37, "SOURCE")
	select {
	case c := <-changes:
		t.Fatalf("asha heard her own write: %+v", c)
	case <-time.After(300 * time.Millisecond):
	}
	shown = storetest.MustBundle(t, asha, doc)

	if _, err := ravi.DeleteSpan(ctx, claim.ID, "ravi"); err != nil {
		t.Fatal(err)
	}
	c = next(t, changes, "a deletion", func(c annot.RemoteChange) bool { return len(c.SpansRemoved) > 0 })
	shown.Apply(c.Change)
	wantSame(t, "after a deletion", shown, storetest.MustBundle(t, asha, doc))

	// New guidelines are news too; a label merge, which relabels spans in
	// every document, has the window read everything again.
	if err := ravi.SetGuidelines(ctx, "# Ours\n\nOnly quotes."); err != nil {
		t.Fatal(err)
	}
	next(t, changes, "new guidelines", func(c annot.RemoteChange) bool { return c.Guidelines })
	if _, err := ravi.MergeLabel(ctx, annot.LabelID("SOURCE"), annot.LabelID("ACTOR")); err != nil {
		t.Fatal(err)
	}
	next(t, changes, "a label merge", func(c annot.RemoteChange) bool { return c.Reload })
}

// TestWatch_Reconnects drops the listening connection from the server's
// side: the watch connects again, says to read everything again, and
// goes on reporting.
func TestWatch_Reconnects(t *testing.T) {
	url := pgtest.URL(t)
	asha, ravi := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	doc := storetest.NewDoc(t, asha, storetest.Said)
	changes := asha.Watch(ctx)
	time.Sleep(200 * time.Millisecond)
	pgtest.Exec(t, pgtest.Server(t), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query = 'LISTEN '||quote_ident($1) AND pid <> pg_backend_pid()`, postgres.Channel(asha))
	next(t, changes, "a reload after the connection dropped", func(c annot.RemoteChange) bool { return c.Reload })
	span := storetest.MustSpan(t, ravi, doc, "ravi", 0, 15, "CLAIM")
	next(t, changes, "a tag after reconnecting", func(c annot.RemoteChange) bool {
		return len(c.SpansUpdated) == 1 && c.SpansUpdated[0].ID == span.ID
	})
}

// TestWatch_EndsOnClose closes the project under a watch.
func TestWatch_EndsOnClose(t *testing.T) {
	db := pgtest.Open(t)
	changes := db.Watch(ctx)
	db.Close()
	select {
	case _, open := <-changes:
		if open {
			t.Fatal("a change after closing")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the watch did not end when the project closed")
	}
}

// wantSame compares two bundles without their times.
func wantSame(t *testing.T, what string, got, want *annot.Bundle) {
	t.Helper()
	strip := func(b *annot.Bundle) annot.Bundle {
		c := *b
		c.Spans = nil
		for _, s := range b.Spans {
			s.CreatedAt, s.UpdatedAt = time.Time{}, time.Time{}
			c.Spans = append(c.Spans, s)
		}
		c.Relations = nil
		for _, r := range b.Relations {
			r.CreatedAt = time.Time{}
			c.Relations = append(c.Relations, r)
		}
		return c
	}
	if g, w := strip(got), strip(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: applying what was heard gives\n%+v\nreading again gives\n%+v", what, g, w)
	}
}
