package storetest

import (
	"encoding/json"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// An annotator's own answer (Prodigy's) is stored per span and per
// document, comes back in exports, and is never a verdict; a record that
// joins a stored document adds its meta.
func testImport_AnswersAndJoinedMeta(t *testing.T, mustOpen Opener) {
	db := mustOpen(t)
	text := "Rao said costs rise."
	a := record(text, "asha", span(0, 3, "ACTOR"), span(9, 19, "CLAIM"))
	a.Spans[0].Answer = annot.AnswerAccept
	a.Spans[1].Answer = annot.AnswerReject
	a.Answers = map[string]annot.Answer{"asha": annot.AnswerAccept}
	a.Doc.Meta = json.RawMessage(`{"url":"x","categories":{"asha":["politics"]}}`)
	b := record(text, "ben")
	b.Answers = map[string]annot.Answer{"ben": annot.AnswerIgnore}
	b.Doc.Meta = json.RawMessage(`{"url":"y","categories":{"ben":["economy"]}}`)
	res := importDocs(t, db, a, b)
	if res.Records != 2 || res.Documents != 1 || res.NewDocuments != 1 || res.NewVerdicts != 0 {
		t.Fatalf("result %+v", res)
	}
	docs := exportAll(t, db, annot.ExportFilter{})
	d := docs[0]
	if got := string(d.Doc.Meta); got != `{"url":"x","categories":{"asha":["politics"],"ben":["economy"]}}` {
		t.Errorf("meta %s", got)
	}
	for _, s := range d.Spans {
		want := map[string]annot.Answer{"ACTOR": annot.AnswerAccept, "CLAIM": annot.AnswerReject}[s.Label]
		if s.Answer != want || s.Status != annot.Pending {
			t.Errorf("span %s: answer %q status %q", s.Label, s.Answer, s.Status)
		}
	}
	if d.Answers["asha"] != annot.AnswerAccept || d.Answers["ben"] != annot.AnswerIgnore || d.States["ben"] != annot.StateDone {
		t.Errorf("answers %v states %v", d.Answers, d.States)
	}
	if gold := exportAll(t, db, annot.ExportFilter{Gold: true}); len(gold[0].Spans) != 0 {
		t.Errorf("answers made gold: %+v", gold[0].Spans)
	}
	// A later answer replaces the stored one; the state never goes back.
	c := record(text, "ben")
	c.Answers = map[string]annot.Answer{"ben": annot.AnswerReject}
	c.States = map[string]annot.DocState{"ben": annot.StateInProgress}
	importDocs(t, db, c)
	d = exportAll(t, db, annot.ExportFilter{})[0]
	if d.Answers["ben"] != annot.AnswerReject || d.States["ben"] != annot.StateDone {
		t.Errorf("after a second answer: answers %v states %v", d.Answers, d.States)
	}
}
