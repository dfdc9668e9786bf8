package formats

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func relDescs(rec *annot.Record) []string {
	pos := map[string]annot.Span{}
	for _, s := range rec.Spans {
		pos[s.ID] = s
	}
	var out []string
	for _, r := range rec.Relations {
		f, t := pos[r.From], pos[r.To]
		out = append(out, fmt.Sprintf("%d-%d %s %d-%d %s", f.Start, f.End, r.Type, t.Start, t.End, r.Annotator))
	}
	sort.Strings(out)
	return out
}

// A real rel.manual export (Decide Madrid 2019 annotations): spans,
// relations (two of a pair joined twice, with different labels) and
// rejected tasks come in, and back out of a Prodigy export unchanged.
func TestProdigy_RelManualRealFile(t *testing.T) {
	data, err := os.ReadFile("testdata/prodigy-decide-madrid-rel.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	recs, warns, err := roundRead(ReadProdigy, "intra_andres.jsonl", data, "andres")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || len(warns) != 0 {
		t.Fatalf("%d records, warnings %v", len(recs), warns)
	}
	second := recs[1]
	wantRels := []string{"0-46 REASON 50-178 andres", "0-46 SUPPORT 50-178 andres"}
	if got := relDescs(second); !roundEqual(got, wantRels) {
		t.Errorf("relations %q, want %q", got, wantRels)
	}
	if !bytes.Contains(second.Doc.Meta, []byte(`"proposal_id":"50","info":"summary"`)) {
		t.Errorf("custom keys lost: meta %s", second.Doc.Meta)
	}
	if recs[2].Answers["andres"] != annot.AnswerReject || len(recs[2].Spans) != 0 || len(recs[2].Verdicts) != 0 {
		t.Errorf("rejected task read as %+v", recs[2])
	}
	for _, rec := range recs {
		if len(rec.Verdicts) != 0 {
			t.Errorf("%q: an annotator's answer became verdicts %v", rec.Doc.Title, rec.Verdicts)
		}
	}
	out := roundWrite(t, Prodigy, roundDocs(recs))
	back, warns, err := roundRead(ReadProdigy, "export.jsonl", out, "someone-else")
	if err != nil || len(warns) != 0 {
		t.Fatalf("re-reading: %v %v", err, warns)
	}
	for i := range recs {
		if !roundEqual(roundSpans(back[i]), roundSpans(recs[i])) || !roundEqual(relDescs(back[i]), relDescs(recs[i])) {
			t.Errorf("task %d changed:\n%q %q\n%q %q", i+1, roundSpans(recs[i]), relDescs(recs[i]), roundSpans(back[i]), relDescs(back[i]))
		}
		if back[i].Answers["andres"] != recs[i].Answers["andres"] || string(back[i].Doc.Meta) != string(recs[i].Doc.Meta) {
			t.Errorf("task %d: answers %v meta %s, want %v %s", i+1, back[i].Answers, back[i].Doc.Meta, recs[i].Answers, recs[i].Doc.Meta)
		}
	}
}

// Prodigy's review recipe output: each version is its sessions' own work;
// the reviewer's spans at the top accept what they kept and reject the
// rest; a span only the reviewer has is theirs, accepted.
func TestReadProdigy_Review(t *testing.T) {
	in := `{"text":"Rao said costs rise","spans":[{"start":0,"end":3,"label":"ACTOR"},{"start":9,"end":19,"label":"CLAIM"}],` +
		`"answer":"accept","_view_id":"review","_annotator_id":"rita","sessions":["news-asha"],"versions":[` +
		`{"text":"Rao said costs rise","spans":[{"start":0,"end":3,"label":"ACTOR"},{"start":4,"end":8,"label":"CLAIM"}],"answer":"accept","sessions":["news-asha"],"default":true},` +
		`{"text":"Rao said costs rise","spans":[{"start":0,"end":3,"label":"ACTOR"}],"answer":"reject","sessions":["news-ben","news-cleo"],"default":false}]}`
	recs, warns, err := roundRead(ReadProdigy, "review.jsonl", []byte(in), "asha")
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	rec := recs[0]
	want := []string{
		`0-3 ACTOR "Rao" news-asha accepted answer=accept`,
		`0-3 ACTOR "Rao" news-ben accepted answer=reject`,
		`0-3 ACTOR "Rao" news-cleo accepted answer=reject`,
		`4-8 CLAIM "said" news-asha rejected answer=accept`,
		`9-19 CLAIM "costs rise" rita accepted answer=accept`,
	}
	if got := roundSpans(rec); !roundEqual(got, want) {
		t.Errorf("spans\n got %q\nwant %q", got, want)
	}
	for _, v := range rec.Verdicts {
		if v.Reviewer != "rita" {
			t.Errorf("verdict by %q", v.Reviewer)
		}
	}
	if rec.States["rita"] != annot.StateReviewed || rec.States["news-ben"] != annot.StateDone || rec.Answers["news-ben"] != annot.AnswerReject {
		t.Errorf("states %v answers %v", rec.States, rec.Answers)
	}
}

// Text classification comes back out of every JSON format that carries
// meta, and out of Prodigy as "accept" with its options.
func TestProdigy_TextcatRoundTrip(t *testing.T) {
	in := `{"text":"Great flight","options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"accept":["POS"],"answer":"accept","_annotator_id":"asha"}`
	recs, _, err := roundRead(ReadProdigy, "tc.jsonl", []byte(in), "x")
	if err != nil {
		t.Fatal(err)
	}
	out := roundWrite(t, Prodigy, roundDocs(recs))
	if !bytes.Contains(out, []byte(`"options":[{"id":"POS","text":"positive"},{"id":"NEG","text":"negative"}],"accept":["POS"],"answer":"accept","_annotator_id":"asha"`)) {
		t.Errorf("export %s", out)
	}
	if strings.Contains(string(out), "categories") {
		t.Errorf("categories leak into the task's meta: %s", out)
	}
	for _, f := range []string{Native, Doccano} {
		out := roundWrite(t, f, roundDocs(recs))
		if !bytes.Contains(out, []byte(`"asha":["POS"]`)) && !bytes.Contains(out, []byte(`"cats":["POS"]`)) {
			t.Errorf("%s export lost the category: %s", f, out)
		}
	}
}
