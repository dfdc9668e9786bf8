package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// team is a server and two analysts' laptops.
type team struct {
	server       annot.Project
	asha, ravi   *store.DB
	doc1, doc2   string
	ashaC, ashaA annot.Span
	raviC        annot.Span
	gone         annot.Span
}

func newTeam(t *testing.T) *team {
	t.Helper()
	tm := &team{server: pgtest.Open(t)}
	tm.doc1 = storetest.NewDoc(t, tm.server, "Rao said costs will fall, PTI reported on Monday.")
	tm.doc2 = storetest.NewDoc(t, tm.server, "The agency told the Herald that the plan works.")
	dir := t.TempDir()
	for _, p := range []**store.DB{&tm.asha, &tm.ravi} {
		db, err := store.Open(filepath.Join(dir, fmt.Sprintf("laptop%p.db", p)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		*p = db
		mustSync(t, db, tm.server) // first sync: the articles come down
	}
	return tm
}

// work is what both do offline, with overlapping edits.
func (tm *team) work(t *testing.T) {
	t.Helper()
	a, r := tm.asha, tm.ravi
	tm.ashaC = storetest.MustSpan(t, a, tm.doc1, "asha", 9, 24, "CLAIM")
	tm.ashaA = storetest.MustSpan(t, a, tm.doc1, "asha", 0, 3, "ACTOR")
	storetest.MustRelation(t, a, "asha", tm.ashaC, tm.ashaA, annot.SaidBy)
	tm.gone = storetest.MustSpan(t, a, tm.doc2, "asha", 4, 10, "SOURCE")
	if _, err := a.DeleteSpan(bg, tm.gone.ID, "asha"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetState(bg, tm.doc1, "asha", annot.StateDone); err != nil {
		t.Fatal(err)
	}
	tm.raviC = storetest.MustSpan(t, r, tm.doc1, "ravi", 9, 24, "CLAIM")
	storetest.MustSpan(t, r, tm.doc2, "ravi", 0, 10, "ACTOR")
	if _, err := r.SetVerdict(bg, annot.Verdict{SpanID: tm.raviC.ID, Reviewer: "ravi", Decision: annot.Accepted}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateLabel(bg, annot.Label{Name: "QUOTE", Color: "#aa00aa", Hotkey: "4"}); err != nil {
		t.Fatal(err)
	}
}

func mustSync(t *testing.T, local, server annot.Project) transfer.SyncResult {
	t.Helper()
	res, err := transfer.Sync(bg, local, server, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// native is a project's native export, and with history, as bytes.
func native(t *testing.T, p annot.Project) (plain, history string) {
	t.Helper()
	var a, b bytes.Buffer
	if _, err := transfer.Export(bg, p, formats.Native, "-", &a, annot.ExportFilter{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	hw := formats.NewNativeHistoryWriter(&b)
	if err := p.History(bg, hw.Write); err != nil {
		t.Fatal(err)
	}
	if err := hw.Close(); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String()
}

// converged fails unless every project exports the same, with history.
func converged(t *testing.T, what string, ps ...annot.Project) {
	t.Helper()
	want, wantH := native(t, ps[0])
	for _, p := range ps[1:] {
		got, gotH := native(t, p)
		if got != want {
			t.Fatalf("%s: %s exports\n%s\nwhile %s exports\n%s", what, p.Path(), got, ps[0].Path(), want)
		}
		if gotH != wantH {
			t.Fatalf("%s: the histories of %s and %s differ", what, p.Path(), ps[0].Path())
		}
	}
	if !strings.Contains(want, `"annotator":"asha"`) || !strings.Contains(want, `"annotator":"ravi"`) {
		t.Fatalf("%s: not everyone's work is there:\n%s", what, want)
	}
}

// TestSync_Converges has two analysts work offline and sync in every
// order: once everyone has synced after the last change, the laptops and
// the server export the same, byte for byte.
func TestSync_Converges(t *testing.T) {
	for _, order := range []string{"AR A", "RA R", "AAR A", "RRA R", "ARAR"} {
		t.Run(strings.ReplaceAll(order, " ", "_"), func(t *testing.T) {
			tm := newTeam(t)
			tm.work(t)
			for _, who := range strings.ReplaceAll(order, " ", "") {
				laptop := tm.asha
				if who == 'R' {
					laptop = tm.ravi
				}
				mustSync(t, laptop, tm.server)
			}
			if order == "ARAR" { // the last sync of the first to sync was before the other's push
				mustSync(t, tm.asha, tm.server)
			}
			converged(t, "after syncing "+order, tm.server, tm.asha, tm.ravi)
			b := storetest.MustBundle(t, tm.server, tm.doc1)
			if b.States["asha"] != annot.StateDone || len(b.Relations) != 1 {
				t.Fatalf("the server's first article: states %v, %d links", b.States, len(b.Relations))
			}
			for _, s := range storetest.MustBundle(t, tm.server, tm.doc2).Spans {
				if s.ID == tm.gone.ID {
					t.Fatal("the span asha deleted offline is live on the server")
				}
			}
		})
	}
}

// TestSync_Summary: the first sync after work says what moved each way,
// and one right after moves nothing.
func TestSync_Summary(t *testing.T) {
	tm := newTeam(t)
	tm.work(t)
	mustSync(t, tm.ravi, tm.server)
	res := mustSync(t, tm.asha, tm.server)
	if res.Pushed.NewSpans != 3 || res.Pushed.NewRelations != 1 || res.Pulled.NewSpans != 2 || res.Pulled.NewVerdicts != 1 {
		t.Fatalf("asha's sync: pushed %+v\npulled %+v", res.Pushed, res.Pulled)
	}
	again := mustSync(t, tm.asha, tm.server)
	for dir, r := range map[string]annot.MergeResult{"pushed": again.Pushed, "pulled": again.Pulled} {
		if r.NewDocuments+r.NewSpans+r.UpdatedSpans+r.Tombstones+r.NewRelations+r.DeadRelations+r.NewVerdicts+r.ChangedStates != 0 {
			t.Fatalf("a second sync %s %+v", dir, r)
		}
	}
}

// TestSync_Interrupted stops a sync halfway through each direction: the
// side that was receiving is as it was, and the next sync finishes the
// work and converges.
func TestSync_Interrupted(t *testing.T) {
	for _, where := range []string{"push", "pull"} {
		t.Run(where, func(t *testing.T) {
			tm := newTeam(t)
			tm.work(t)
			mustSync(t, tm.ravi, tm.server)
			serverBefore, _ := native(t, tm.server)
			ashaBefore, _ := native(t, tm.asha)
			ctx, cancel := context.WithCancel(bg)
			// Stop after the first document that the direction chosen
			// sends: the laptop's when pushing, the server's when pulling.
			var local, server annot.Project = tm.asha, tm.server
			if where == "push" {
				local = &stopping{Project: tm.asha, cancel: cancel}
			} else {
				server = &stopping{Project: tm.server, cancel: cancel}
			}
			_, err := transfer.Sync(ctx, local, server, nil)
			if err == nil || !(errors.Is(err, context.Canceled) || annot.ErrorKind(err) == annot.Cancelled) {
				t.Fatalf("the interrupted sync: %v", err)
			}
			switch where {
			case "push":
				if now, _ := native(t, tm.server); now != serverBefore {
					t.Fatal("a push stopped halfway changed the server")
				}
			case "pull":
				if now, _ := native(t, tm.asha); now != ashaBefore {
					t.Fatal("a pull stopped halfway changed the laptop")
				}
			}
			mustSync(t, tm.asha, tm.server)
			mustSync(t, tm.ravi, tm.server)
			converged(t, "after an interrupted sync and two more", tm.server, tm.asha, tm.ravi)
		})
	}
}

// stopping is a project whose History cancels the sync after giving its
// first document, as a laptop lid closing halfway would.
type stopping struct {
	annot.Project
	cancel context.CancelFunc
}

func (s *stopping) History(ctx context.Context, fn func(*annot.DocHistory) error) error {
	n := 0
	return s.Project.History(ctx, func(h *annot.DocHistory) error {
		if err := fn(h); err != nil {
			return err
		}
		if n++; n == 1 && s.cancel != nil {
			s.cancel()
		}
		return ctx.Err()
	})
}
