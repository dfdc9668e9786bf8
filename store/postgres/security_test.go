package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
	"app.spanmark.org/spanmark/store/postgres"
	"app.spanmark.org/spanmark/store/postgres/pgtest"
	"app.spanmark.org/spanmark/store/storetest"
)

// newRole makes a login role in the given groups for the rest of the
// test and returns its name and a URL of projectURL that logs in as it.
func newRole(t *testing.T, projectURL, prefix string, groups ...string) (string, string) {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	name := prefix + "_" + hex.EncodeToString(b[:])
	server := pgtest.Server(t)
	q := `CREATE ROLE ` + pgx.Identifier{name}.Sanitize() + ` LOGIN`
	for i, g := range groups {
		if i == 0 {
			q += ` IN ROLE `
		} else {
			q += `, `
		}
		q += g
	}
	pgtest.Exec(t, server, q)
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), server)
		if err == nil {
			conn.Exec(context.Background(), `DROP ROLE `+pgx.Identifier{name}.Sanitize())
			conn.Close(context.Background())
		}
	})
	u, _ := url.Parse(projectURL)
	u.User = url.User(name)
	return name, u.String()
}

// sqlAs connects straight to the server as the role in roleURL, as a
// colleague with psql could.
func sqlAs(t *testing.T, roleURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, roleURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// wantRefused fails unless err is the server's refusal for lack of
// privilege (SQLSTATE 42501).
func wantRefused(t *testing.T, what string, err error) {
	t.Helper()
	var pe *pgconn.PgError
	if err == nil {
		t.Errorf("%s: allowed, want refused", what)
	} else if !(asPg(err, &pe) && pe.Code == "42501") {
		t.Errorf("%s: %v, want refused for lack of privilege", what, err)
	}
}

func asPg(err error, pe **pgconn.PgError) bool {
	e, ok := err.(*pgconn.PgError)
	if ok {
		*pe = e
	}
	return ok
}

// wantUntouched fails unless an UPDATE that others' rows hide from the
// role changed nothing.
func wantUntouched(t *testing.T, what string, tag pgconn.CommandTag, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
	} else if tag.RowsAffected() != 0 {
		t.Errorf("%s: changed %d rows of another analyst's", what, tag.RowsAffected())
	}
}

// TestRowLevelSecurity has two analysts and a reviewer, each logged in as
// their own role, and tries through SQL, as a colleague with psql could,
// everything row-level security must refuse; then the same through the
// store.
func TestRowLevelSecurity(t *testing.T) {
	project := pgtest.URL(t)
	owner := pgtest.OpenURL(t, project) // makes the project
	ashaName, ashaURL := newRole(t, project, "asha", "spanmark_analyst")
	raviName, raviURL := newRole(t, project, "ravi", "spanmark_analyst")
	meeraName, meeraURL := newRole(t, project, "meera", "spanmark_reviewer")
	asha, ravi, meera := pgtest.OpenURL(t, ashaURL), pgtest.OpenURL(t, raviURL), pgtest.OpenURL(t, meeraURL)
	if asha.Annotator() != ashaName || owner.Annotator() != "" {
		t.Fatalf("Annotator() = %q for asha, %q for the owner", asha.Annotator(), owner.Annotator())
	}

	doc := storetest.NewDoc(t, asha, storetest.Said) // an analyst may add articles
	claim := storetest.MustSpan(t, asha, doc, ashaName, 0, 15, "CLAIM")
	actor := storetest.MustSpan(t, asha, doc, ashaName, 16, 18, "ACTOR")
	ashaLink := storetest.MustRelation(t, asha, ashaName, claim, actor, annot.SaidBy)
	if _, err := asha.SetState(ctx, doc, ashaName, annot.StateDone); err != nil {
		t.Fatal(err)
	}
	source := storetest.MustSpan(t, ravi, doc, raviName, 30, 37, "SOURCE")
	raviLink := storetest.MustRelation(t, ravi, raviName, claim, source, annot.AccordingTo) // to asha's claim: allowed

	var ashaID string
	if err := sqlAs(t, project).QueryRow(ctx, `SELECT id FROM annotators WHERE name = $1`, ashaName).Scan(&ashaID); err != nil {
		t.Fatal(err)
	}
	now := "2030-01-01T00:00:00.000000000Z"
	r := sqlAs(t, raviURL)
	t.Run("SQL", func(t *testing.T) {
		tag, err := r.Exec(ctx, `UPDATE spans SET note = 'mine now' WHERE id = $1`, claim.ID)
		wantUntouched(t, "ravi edits asha's span", tag, err)
		tag, err = r.Exec(ctx, `UPDATE spans SET deleted_at = $1 WHERE id = $2`, now, claim.ID)
		wantUntouched(t, "ravi tombstones asha's span", tag, err)
		_, err = r.Exec(ctx, `DELETE FROM spans WHERE id = $1`, claim.ID)
		wantRefused(t, "ravi deletes asha's span", err)
		_, err = r.Exec(ctx, `INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, created_at, updated_at)
			VALUES ($1, $2, $3, 0, 5, $4, $5, $5)`, annot.NewID(), doc, ashaID, annot.LabelID("CLAIM"), now)
		wantRefused(t, "ravi tags in asha's name", err)
		tag, err = r.Exec(ctx, `UPDATE relations SET deleted_at = $1 WHERE id = $2`, now, ashaLink.ID)
		wantUntouched(t, "ravi removes asha's link", tag, err)
		_, err = r.Exec(ctx, `INSERT INTO relations(id, doc_id, annotator_id, from_id, to_id, type, created_at)
			VALUES ($1, $2, $3, $4, $5, 'SAID_BY', $6)`, annot.NewID(), doc, ashaID, claim.ID, source.ID, now)
		wantRefused(t, "ravi links in asha's name", err)
		tag, err = r.Exec(ctx, `UPDATE doc_status SET state = 'new' WHERE annotator_id = $1`, ashaID)
		wantUntouched(t, "ravi moves asha's state back", tag, err)
		_, err = r.Exec(ctx, `INSERT INTO doc_status(doc_id, annotator_id, state, updated_at) VALUES ($1, $2, 'reviewed', $3)
			ON CONFLICT (doc_id, annotator_id) DO UPDATE SET state = 'reviewed'`, doc, ashaID, now)
		wantRefused(t, "ravi sets asha's state", err)
		_, err = r.Exec(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, at)
			SELECT $1, $2, id, 'rejected', $3 FROM annotators WHERE name = $4`, annot.NewID(), claim.ID, now, raviName)
		wantRefused(t, "ravi, no reviewer, records a verdict", err)
		_, err = r.Exec(ctx, `UPDATE labels SET name = 'MINE' WHERE name = 'CLAIM'`)
		wantRefused(t, "ravi renames a label", err)
		_, err = r.Exec(ctx, `INSERT INTO annotators(id, name) VALUES ($1, 'mallory')`, annot.NewID())
		wantRefused(t, "ravi adds another annotator", err)
		var unlinked int
		if err := r.QueryRow(ctx, `SELECT count(*) FROM spanmark_unlink($1, $2)`, claim.ID, now).Scan(&unlinked); err != nil || unlinked != 0 {
			t.Errorf("ravi unlinks asha's span through the function: %d links, %v", unlinked, err)
		}
		tag, err = r.Exec(ctx, `DELETE FROM actions WHERE annotator_id = $1`, ashaID)
		wantUntouched(t, "ravi clears asha's undo history", tag, err)
		_, err = r.Exec(ctx, `UPDATE guidelines SET text = 'tag anything'`)
		wantRefused(t, "ravi, no reviewer, rewrites the guidelines", err)
		_, err = r.Exec(ctx, `INSERT INTO label_merges(from_label, into_label, payload, at) VALUES ($1, $2, '{}', $3)`,
			annot.LabelID("SOURCE"), annot.LabelID("ACTOR"), now)
		wantRefused(t, "ravi records a label merge", err)

		m := sqlAs(t, meeraURL)
		_, err = m.Exec(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, at)
			VALUES ($1, $2, $3, 'rejected', $4)`, annot.NewID(), claim.ID, ashaID, now)
		wantRefused(t, "meera records a verdict in asha's name", err)
		if _, err := m.Exec(ctx, `INSERT INTO annotators(id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, annot.AnnotatorID(meeraName), meeraName); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Exec(ctx, `INSERT INTO verdicts(id, span_id, reviewer_id, decision, at)
			SELECT $1, $2, id, 'accepted', $3 FROM annotators WHERE name = $4`, annot.NewID(), actor.ID, now, meeraName); err != nil {
			t.Errorf("meera, a reviewer, records a verdict: %v", err)
		}
	})

	// Nothing of asha's moved.
	b := storetest.MustBundle(t, owner, doc)
	if len(b.Spans) != 3 || len(b.Relations) != 2 || b.States[ashaName] != annot.StateDone {
		t.Fatalf("after ravi's attempts: %d spans, %d links, asha %q", len(b.Spans), len(b.Relations), b.States[ashaName])
	}
	for _, s := range b.Spans {
		if s.ID == claim.ID && s.Note != "" {
			t.Fatalf("asha's claim was edited: %+v", s)
		}
	}

	t.Run("Store", func(t *testing.T) {
		storetest.WantKind(t, errOf(ravi.DeleteSpan(ctx, claim.ID, ashaName)), annot.Conflict)
		storetest.WantKind(t, errOf(ravi.DeleteSpan(ctx, claim.ID, raviName)), annot.Conflict)
		storetest.WantKind(t, errOf(ravi.SetVerdict(ctx, annot.Verdict{SpanID: claim.ID, Reviewer: raviName, Decision: annot.Rejected})), annot.Conflict)
		storetest.WantKind(t, errOf(ravi.UpdateLabel(ctx, annot.LabelID("CLAIM"), annot.LabelUpdate{Name: str("MINE")})), annot.Conflict)
		if _, err := meera.SetVerdict(ctx, annot.Verdict{SpanID: claim.ID, Reviewer: meeraName, Decision: annot.Accepted}); err != nil {
			t.Fatalf("the reviewer's verdict: %v", err)
		}
		// The guidelines are the reviewers' to keep; merging labels, as
		// renaming them, the owner's.
		storetest.WantKind(t, ravi.SetGuidelines(ctx, "tag anything"), annot.Conflict)
		if err := meera.SetGuidelines(ctx, "# Desk rules"); err != nil {
			t.Fatalf("the reviewer's guidelines: %v", err)
		}
		if g, _ := ravi.Guidelines(ctx); g != "# Desk rules" {
			t.Fatalf("ravi reads the guidelines as %q", g)
		}
		storetest.WantKind(t, errOf(ravi.MergeLabel(ctx, annot.LabelID("SOURCE"), annot.LabelID("ACTOR"))), annot.Conflict)
		if b := storetest.MustBundle(t, owner, doc); len(b.Spans) != 3 || b.Spans[2].Label != "SOURCE" {
			t.Fatalf("after ravi's refused label merge: %+v", b.Spans)
		}
		// Asha deletes her claim: ravi's link to it goes too, and comes
		// back when she undoes.
		if _, err := asha.DeleteSpan(ctx, claim.ID, ashaName); err != nil {
			t.Fatal(err)
		}
		if b := storetest.MustBundle(t, owner, doc); len(b.Relations) != 0 {
			t.Fatalf("links after asha deleted her claim: %+v", b.Relations)
		}
		storetest.MustUndo(t, asha, doc, ashaName, annot.ActionDeleteSpan)
		if b := storetest.MustBundle(t, owner, doc); len(b.Relations) != 2 {
			t.Fatalf("links after asha's undo: %+v, want hers and ravi's %s", b.Relations, raviLink.ID)
		}
	})
}

func errOf(_ annot.Change, err error) error { return err }

func str(s string) *string { return &s }

var _ = postgres.Redact

// TestRowLevelSecurity_Sync: an analyst's laptop pushes their own work
// under their role, articles imported offline included; a laptop that
// carries a change to a colleague's span is refused whole.
func TestRowLevelSecurity_Sync(t *testing.T) {
	project := pgtest.URL(t)
	owner := pgtest.OpenURL(t, project)
	serverDoc := storetest.NewDoc(t, owner, "An article the owner imported.")
	ashaName, ashaURL := newRole(t, project, "asha", "spanmark_analyst")
	asha := pgtest.OpenURL(t, ashaURL)

	dir := t.TempDir()
	laptopPath := filepath.Join(dir, "asha.db")
	laptop, err := store.Open(laptopPath)
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	laptop.SetClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) }) // offline, long before
	offline := storetest.NewDoc(t, laptop, "An article asha found offline.")
	storetest.MustSpan(t, laptop, offline, ashaName, 0, 10, "CLAIM")
	if _, err := asha.Merge(ctx, laptopPath, nil); err != nil {
		t.Fatalf("asha's own work, pushed as asha: %v", err)
	}
	docs, err := owner.Documents(ctx, annot.DocFilter{})
	if err != nil || len(docs) != 2 || docs[0].ID != offline || docs[1].ID != serverDoc {
		t.Fatalf("documents after asha's push: %+v, %v; want hers first, by when it was imported", docs, err)
	}

	// A laptop with a span in another's name is refused, and nothing of it lands.
	other := filepath.Join(dir, "other.db")
	x, err := store.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.NewDoc(t, x, "Yet another article.")
	storetest.MustSpan(t, x, d, "ravi", 0, 3, "ACTOR")
	x.Close()
	_, err = asha.Merge(ctx, other, nil)
	storetest.WantKind(t, err, annot.Conflict)
	if docs, _ := owner.Documents(ctx, annot.DocFilter{}); len(docs) != 2 {
		t.Fatalf("a refused push left %d documents", len(docs))
	}
}
