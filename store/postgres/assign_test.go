package postgres_test

import (
	"fmt"
	"sync"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

func TestAssign(t *testing.T) {
	db := pgtest.Open(t)
	for i := 0; i < 6; i++ {
		storetest.NewDoc(t, db, fmt.Sprintf("Article %d says something.", i))
	}
	res, err := db.Assign(ctx, 2, []string{"asha", "ravi", "meera"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dealt != 12 || res.Short != 0 || res.Load["asha"] != 4 || res.Load["ravi"] != 4 || res.Load["meera"] != 4 {
		t.Fatalf("dealt %+v, want 12 evenly", res)
	}
	list, err := db.Documents(ctx, annot.DocFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if len(d.Assigned) != 2 {
			t.Fatalf("%s dealt to %v", d.Title, d.Assigned)
		}
	}
	if again, err := db.Assign(ctx, 2, []string{"asha", "ravi", "meera"}); err != nil || again.Dealt != 0 {
		t.Fatalf("dealing again: %+v, %v; want nothing new", again, err)
	}
	storetest.WantKind(t, errOfAssign(db.Assign(ctx, 4, []string{"asha", "ravi"})), annot.Invalid)

	// asha's next documents are hers, in order, until she has done them.
	var mine []string
	for _, d := range list {
		for _, n := range d.Assigned {
			if n == "asha" {
				mine = append(mine, d.ID)
			}
		}
	}
	for _, want := range mine {
		got, ok, err := db.NextDocument(ctx, "asha")
		if err != nil || !ok || got != want {
			t.Fatalf("next for asha: %s, %v, %v; want %s", got, ok, err, want)
		}
		if _, err := db.SetState(ctx, got, "asha", annot.StateDone); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok, err := db.NextDocument(ctx, "asha"); ok || err != nil {
		t.Fatalf("asha's next after all are covered twice: %s, %v, %v; want none", got, ok, err)
	}
}

func errOfAssign(_ annot.AssignResult, err error) error { return err }

// TestNextDocument_Concurrent has analysts, each on a handle of their
// own, ask for their next document at the same moment, again and again:
// no document is dealt to more analysts than the overlap, and with an
// overlap of one no two analysts ever get the same document.
func TestNextDocument_Concurrent(t *testing.T) {
	for _, overlap := range []int{1, 2} {
		t.Run(fmt.Sprintf("Overlap%d", overlap), func(t *testing.T) {
			url := pgtest.URL(t)
			owner := pgtest.OpenURL(t, url)
			const ndocs, analysts = 40, 8
			for i := 0; i < ndocs; i++ {
				storetest.NewDoc(t, owner, fmt.Sprintf("Article %d.", i))
			}
			names := make([]string, analysts)
			for i := range names {
				names[i] = fmt.Sprintf("analyst%d", i)
			}
			if _, err := owner.Assign(ctx, overlap, names[:overlap]); err != nil {
				t.Fatal(err)
			}
			// Undeal: the analysts deal to themselves as they ask.
			pgtest.Exec(t, url, `DELETE FROM assignments`)
			var mu sync.Mutex
			got := map[string][]string{} // document -> analysts
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make(chan error, analysts)
			for _, name := range names {
				db := pgtest.OpenURL(t, url)
				wg.Add(1)
				go func(name string) {
					defer wg.Done()
					<-start
					for {
						doc, ok, err := db.NextDocument(ctx, name)
						if err != nil {
							errs <- err
							return
						}
						if !ok {
							return
						}
						mu.Lock()
						got[doc] = append(got[doc], name)
						mu.Unlock()
						if _, err := db.SetState(ctx, doc, name, annot.StateDone); err != nil {
							errs <- err
							return
						}
					}
				}(name)
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if len(got) != ndocs {
				t.Fatalf("%d documents dealt, want all %d", len(got), ndocs)
			}
			for doc, who := range got {
				if len(who) != overlap {
					t.Fatalf("document %s dealt to %v, want %d analysts", doc, who, overlap)
				}
				if overlap == 2 && who[0] == who[1] {
					t.Fatalf("document %s dealt twice to %s", doc, who[0])
				}
			}
		})
	}
}
