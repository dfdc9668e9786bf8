package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

func TestOpen(t *testing.T) {
	t.Run("ReopenKeepsDataAndHistory", func(t *testing.T) {
		url := pgtest.URL(t)
		db := pgtest.OpenURL(t, url)
		doc := storetest.NewDoc(t, db, storetest.Said)
		storetest.MustSpan(t, db, doc, "asha", 0, 15, "CLAIM")
		storetest.MustSpan(t, db, doc, "asha", 16, 18, "ACTOR")
		storetest.MustUndo(t, db, doc, "asha", "create span")
		db.Close()
		db = pgtest.OpenURL(t, url)
		if db.Fresh() {
			t.Error("a reopened project is reported fresh")
		}
		storetest.MustRedo(t, db, doc, "asha", "create span")
		if b := storetest.MustBundle(t, db, doc); len(b.Spans) != 2 {
			t.Fatalf("after reopening and redoing: %+v", b.Spans)
		}
	})
	t.Run("GuidelinesStayAndAnUpgradeGetsTheDefaults", func(t *testing.T) {
		url := pgtest.URL(t)
		db := pgtest.OpenURL(t, url)
		if err := db.SetGuidelines(ctx, "# Ours"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if g, _ := pgtest.OpenURL(t, url).Guidelines(ctx); g != "# Ours" {
			t.Fatalf("after reopening, guidelines are %q", g)
		}
		// Take the project back to before migration 7, as a project made
		// before there were guidelines: opening brings it up to date,
		// with the default guidelines.
		for _, q := range []string{`DROP TABLE guidelines, label_merges`, `DROP FUNCTION spanmark_notify_guidelines()`,
			`ALTER TABLE suggestions DROP CONSTRAINT suggestions_key`,
			`CREATE UNIQUE INDEX suggestions_key ON suggestions(doc_id, off_start, off_end, label_id)`,
			`ALTER TABLE suggestion_links DROP CONSTRAINT suggestion_links_key`,
			`CREATE UNIQUE INDEX suggestion_links_key ON suggestion_links(from_id, to_id, type)`,
			`DELETE FROM migrations WHERE version = 7`} {
			pgtest.Exec(t, url, q)
		}
		if g, _ := pgtest.OpenURL(t, url).Guidelines(ctx); g != annot.DefaultGuidelines {
			t.Fatalf("an upgraded project's guidelines are %q", g)
		}
	})
	t.Run("ErrTooNew", func(t *testing.T) {
		url := pgtest.URL(t)
		pgtest.OpenURL(t, url).Close()
		pgtest.Exec(t, url, `INSERT INTO migrations(version, name, applied_at) VALUES (999, '999_future.sql', 'x')`)
		_, err := postgres.Open(ctx, url)
		if annot.ErrorKind(err) != annot.TooNew {
			t.Fatalf("Open of a newer project: %v, want a too-new error", err)
		}
		var e *annot.Error
		if !errors.As(err, &e) || e.File == "" {
			t.Fatalf("the error does not name the server: %v", err)
		}
	})
	t.Run("ErrOtherProgram", func(t *testing.T) {
		url := pgtest.URL(t)
		pgtest.Exec(t, url, `CREATE TABLE accounts(id integer PRIMARY KEY)`)
		if _, err := postgres.Open(ctx, url); err == nil || !strings.Contains(err.Error(), "another program") {
			t.Fatalf("another program's schema opened as a project: %v", err)
		}
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		_, err := postgres.Open(ctx, "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "cannot reach") {
			t.Fatalf("error = %v; want one that says the server cannot be reached, without the password", err)
		}
	})
	t.Run("TwoOpenAtOnce", func(t *testing.T) {
		url := pgtest.URL(t)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := postgres.Open(context.Background(), url)
				if err == nil {
					db.Close()
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("opening a new project from four programs at once: %v", err)
			}
		}
		db := pgtest.OpenURL(t, url)
		if ls, _ := db.Labels(ctx); len(ls) != 3 {
			t.Fatalf("labels after four first opens: %v", ls)
		}
	})
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://asha:s3cret@db.example/team": "postgres://asha@db.example/team",
		"postgres://asha@db.example/team":        "postgres://asha@db.example/team",
		"postgres:///team?host=/run/postgresql":  "postgres:///team?host=/run/postgresql",
	} {
		if got := postgres.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConcurrentWriters has analysts tag one document and their own
// documents at once, through handles of their own as separate windows
// would: nobody sees an error, and every span acknowledged is stored
// once, with one undo step each.
func TestConcurrentWriters(t *testing.T) {
	url := pgtest.URL(t)
	setup := pgtest.OpenURL(t, url)
	shared := storetest.NewDoc(t, setup, strings.Repeat("word ", 200))
	const analysts, each = 6, 25
	var wg sync.WaitGroup
	errs := make(chan error, analysts)
	for a := 0; a < analysts; a++ {
		db := pgtest.OpenURL(t, url)
		own := storetest.NewDoc(t, db, fmt.Sprintf("analyst %d's own article, %s", a, strings.Repeat("text ", 50)))
		wg.Add(1)
		go func(a int) {
			defer wg.Done()
			who := fmt.Sprintf("analyst%d", a)
			for i := 0; i < each; i++ {
				doc := shared
				if i%2 == 1 {
					doc = own
				}
				c, err := db.CreateSpan(ctx, annot.Span{DocID: doc, Annotator: who, Start: i * 5, End: i*5 + 4, Label: "CLAIM"})
				if err == nil && i%5 == 0 {
					_, err = db.DeleteSpan(ctx, c.SpansAdded[0].ID, who)
				}
				if err != nil {
					errs <- fmt.Errorf("%s, span %d: %w", who, i, err)
					return
				}
			}
		}(a)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := setup.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := analysts * (each - (each+4)/5); st.Spans != want {
		t.Fatalf("%d live spans after the rush, want %d", st.Spans, want)
	}
}
