package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// richArticle is the i-th record of a large import that carries all a
// record can: spans of two annotators with labels new to the project,
// notes, answers, a reviewer's correction, relations, verdicts, states,
// answers on the task, suggestions with a link and decisions on them.
// Every fifth text repeats an earlier one, so that chunks join documents.
func richArticle(i int) *annot.Record {
	text := fmt.Sprintf("Article %05d: Reuters said the ministry expects exports to fall.", i)
	if i%5 == 4 {
		text = fmt.Sprintf("Article %05d: Reuters said the ministry expects exports to fall.", i-3)
	}
	id := func(s string) string { return fmt.Sprintf("%s-%d", s, i) }
	rec := &annot.Record{Doc: annot.Document{Title: fmt.Sprintf("Article %d", i), Text: text}}
	rec.Spans = []annot.Span{
		{ID: id("src"), Annotator: "asha", Start: 15, End: 22, Label: "SOURCE", Note: "wire"},
		{ID: id("claim"), Annotator: "asha", Start: 28, End: 65, Label: fmt.Sprintf("TOPIC_%d", i%17), Answer: annot.AnswerAccept},
		{ID: id("actor"), Annotator: "meera", Start: 28, End: 40, Label: "ACTOR"},
		{ID: id("fix"), Annotator: "ravi", Start: 15, End: 22, Label: "ACTOR", Curation: true, Corrects: id("src")},
	}
	rec.Relations = []annot.Relation{{ID: id("rel"), Annotator: "asha", From: id("claim"), To: id("src"), Type: annot.AccordingTo}}
	rec.Verdicts = []annot.Verdict{{ID: id("v"), SpanID: id("actor"), Reviewer: "ravi", Decision: annot.Accepted}}
	rec.States = map[string]annot.DocState{"asha": annot.StateDone, fmt.Sprintf("guest%d", i%7): annot.StateInProgress}
	rec.Answers = map[string]annot.Answer{"meera": annot.AnswerReject}
	rec.Suggestions = []annot.Suggestion{
		{ID: id("s1"), Start: 28, End: 40, Label: "ACTOR", Origin: "import:prediction"},
		{ID: id("s2"), Start: 41, End: 65, Label: "CLAIM", Origin: "import:prediction"},
	}
	rec.SuggestionLinks = []annot.SuggestionLink{{ID: id("l"), From: id("s2"), To: id("s1"), Type: annot.SaidBy, Origin: "import:prediction"}}
	rec.SuggestionDecisions = []annot.SuggestionDecision{
		{ID: id("d1"), Suggestion: id("s1"), Annotator: "meera", Decision: annot.DecisionAccepted, Span: id("actor")},
		{ID: id("d2"), Suggestion: id("s2"), Annotator: "asha", Decision: annot.DecisionRejected},
	}
	return rec
}

// A chunked import stores its chunks without SQLite checking their
// foreign keys (see chunks.store): whatever a record carries, every row
// it stores must still refer to rows that are there.
func TestImport_ChunkedRowsKeepTheirReferences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	const n = 1500 // four chunks and more
	res, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		for i := 0; i < n; i++ {
			if err := emit(richArticle(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := n - n/5; res.NewDocuments != want {
		t.Errorf("%d new documents, want %d (every fifth text repeats one)", res.NewDocuments, want)
	}
	db.Close()

	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		if bad++; bad <= 5 {
			t.Errorf("a row of %s (rowid %v) refers to a %s that is not there", table, rowid.Int64, parent)
		}
	}
	if bad > 0 {
		t.Errorf("%d rows refer to rows that are not there", bad)
	}
	for table, min := range map[string]int{"spans": 4 * (n - n/5), "relations": n - n/5, "verdicts": n - n/5,
		"suggestions": 2 * (n - n/5), "suggestion_links": n - n/5, "suggestion_decisions": n - n/5, "doc_status": 2 * (n - n/5)} {
		var got int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got < min {
			t.Errorf("%d rows in %s, want at least %d", got, table, min)
		}
	}
}
