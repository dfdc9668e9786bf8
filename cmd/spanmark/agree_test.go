package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/agree"
)

// raoJSONL is the hand-checked sentence by asha (A) and ravi (B),
// with a second article where their links differ, in native JSONL.
const raoJSONL = `{"title":"Rao on costs","source":"rao.txt","text":"Minister Rao said the plan will cut costs , PTI","spans":[` +
	`{"id":"a1","start":0,"end":12,"label":"ACTOR","annotator":"asha"},{"id":"a2","start":18,"end":41,"label":"CLAIM","annotator":"asha"},` +
	`{"id":"b1","start":0,"end":12,"label":"ACTOR","annotator":"ravi"},{"id":"b2","start":22,"end":41,"label":"CLAIM","annotator":"ravi"},` +
	`{"id":"b3","start":44,"end":47,"label":"SOURCE","annotator":"ravi"}]}
{"title":"Key on trade","source":"key.txt","text":"Prime Minister John Key said the deal stands, the Herald reported.","spans":[` +
	`{"id":"c1","start":0,"end":23,"label":"ACTOR","annotator":"asha"},{"id":"c2","start":29,"end":44,"label":"CLAIM","annotator":"asha"},` +
	`{"id":"c3","start":46,"end":56,"label":"SOURCE","annotator":"asha"},{"id":"d1","start":0,"end":23,"label":"ACTOR","annotator":"ravi"},` +
	`{"id":"d2","start":29,"end":44,"label":"CLAIM","annotator":"ravi"}],"relations":[` +
	`{"id":"r3","from":"c2","to":"c1","type":"SAID_BY","annotator":"asha"},{"id":"r4","from":"c2","to":"c3","type":"ACCORDING_TO","annotator":"asha"},` +
	`{"id":"r5","from":"d2","to":"d1","type":"SAID_BY","annotator":"ravi"}]}
`

func agreeDB(t *testing.T, jsonl string) string {
	t.Helper()
	dir := cliEnv(t)
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	mustSpanmark(t, "import", "--db", db, "--format", "native", in)
	return db
}

type agreeJSON struct {
	Documents int `json:"documents"`
	Pairs     []struct {
		A, B       string
		Documents  int
		ExactF1    *float64 `json:"exact_f1"`
		OverlapF1  *float64 `json:"overlap_f1"`
		TokenKappa *float64 `json:"token_kappa"`
		AlphaU     *float64 `json:"alpha_u"`
		LinksF1    *float64 `json:"links_f1"`
		Labels     map[string]struct {
			AlphaU     *float64 `json:"alpha_u"`
			TokenKappa *float64 `json:"token_kappa"`
		} `json:"labels"`
		Mean struct {
			TokenKappa *float64 `json:"token_kappa"`
		} `json:"mean_of_documents"`
		ByDocument []struct {
			Title         string   `json:"title"`
			ExactF1       *float64 `json:"exact_f1"`
			OverlapF1     *float64 `json:"overlap_f1"`
			TokenKappa    *float64 `json:"token_kappa"`
			AlphaU        *float64 `json:"alpha_u"`
			LinksF1       *float64 `json:"links_f1"`
			LinksF1Reason string   `json:"links_f1_reason"`
		} `json:"by_document"`
	} `json:"pairs"`
	Fleiss       *float64 `json:"fleiss_kappa"`
	FleissReason string   `json:"fleiss_kappa_reason"`
	FleissDocs   int      `json:"fleiss_documents"`
}

func agreeJSONOf(t *testing.T, args ...string) agreeJSON {
	t.Helper()
	out := mustSpanmark(t, append([]string{"agree", "--json"}, args...)...)
	var got agreeJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("agree --json printed what is not JSON: %v\n%s", err, out)
	}
	return got
}

func wantFigure(t *testing.T, what string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is null, want %v", what, want)
		return
	}
	if math.Abs(*got-want) > tol {
		t.Errorf("%s = %v, want %v", what, *got, want)
	}
}

func TestAgree_JSON(t *testing.T) {
	db := agreeDB(t, raoJSONL)
	got := agreeJSONOf(t, "--db", db)
	if got.Documents != 2 || len(got.Pairs) != 1 {
		t.Fatalf("documents %d, pairs %d; want 2 and 1", got.Documents, len(got.Pairs))
	}
	p := got.Pairs[0]
	if p.A != "asha" || p.B != "ravi" || p.Documents != 2 || len(p.ByDocument) != 2 {
		t.Fatalf("pair %s/%s over %d documents (%d listed), want asha/ravi over 2", p.A, p.B, p.Documents, len(p.ByDocument))
	}
	rao := p.ByDocument[0]
	if rao.Title != "Rao on costs" {
		t.Fatalf("first document %q, want the one imported first", rao.Title)
	}
	wantFigure(t, "exact F1", rao.ExactF1, 0.4, 1e-12)
	wantFigure(t, "overlap F1", rao.OverlapF1, 0.8, 1e-12)
	wantFigure(t, "token kappa", rao.TokenKappa, 47.0/67, 1e-12)
	wantFigure(t, "alpha U", rao.AlphaU, 0.9269, 0.00005)
	if rao.LinksF1 != nil || rao.LinksF1Reason == "" {
		t.Errorf("links F1 of a document without links = %v (%q), want null with a reason", rao.LinksF1, rao.LinksF1Reason)
	}
	// Pooled over both documents: asha 5 spans, ravi 5; exact ACTOR×1,
	// CLAIM×1, ACTOR×1 = 3.
	wantFigure(t, "pooled exact F1", p.ExactF1, 2.0*3/10, 1e-12)
	// Links of the claim both marked: asha SAID_BY and ACCORDING_TO, ravi
	// the same SAID_BY: F1 2·1/(2+1).
	wantFigure(t, "links F1", p.LinksF1, 2.0/3, 1e-12)
	for _, l := range []string{"ACTOR", "CLAIM", "SOURCE"} {
		if p.Labels[l].AlphaU == nil || p.Labels[l].TokenKappa == nil {
			t.Errorf("label %s missing from %v", l, p.Labels)
		}
	}
	if p.Mean.TokenKappa == nil {
		t.Error("mean of documents has no token kappa")
	}
	if got.Fleiss != nil || got.FleissReason == "" {
		t.Errorf("Fleiss' kappa with two annotators = %v (%q), want null with a reason", got.Fleiss, got.FleissReason)
	}
}

func TestAgree_Table(t *testing.T) {
	db := agreeDB(t, raoJSONL)
	out := mustSpanmark(t, "agree", "--db", db)
	for _, want := range []string{"exact F1", "overlap F1", "token kappa", "alpha U", "links F1",
		"asha / ravi", "pooled", "mean of documents", "CLAIM", "Fleiss' kappa: n/a", "Rao on costs"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestAgree_Options(t *testing.T) {
	db := agreeDB(t, raoJSONL)
	t.Run("label", func(t *testing.T) {
		p := agreeJSONOf(t, "--db", db, "--label", "CLAIM").Pairs[0]
		if len(p.Labels) != 1 {
			t.Fatalf("labels %v, want CLAIM alone", p.Labels)
		}
		wantFigure(t, "exact F1 of CLAIM", p.ExactF1, 0.5, 1e-12)
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown annotator", []string{"--annotator", "asha", "--annotator", "nobody"}, exitError, `no annotator called "nobody"`},
		{"one annotator", []string{"--annotator", "asha"}, exitUsage, "at least twice"},
		{"unknown label", []string{"--label", "QUOTE"}, exitError, `no label called "QUOTE"`},
		{"a path", []string{"x.db"}, exitUsage, "takes no paths"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := spanmark(t, append([]string{"agree", "--db", db}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
				t.Fatalf("want exit %d and %q; %v", tc.code, tc.msg, r)
			}
		})
	}
}

func TestAgree_NothingShared(t *testing.T) {
	db := agreeDB(t, `{"text":"Rao said costs will fall.","spans":[{"start":0,"end":3,"label":"ACTOR","annotator":"asha"}]}
{"text":"Key said the deal stands.","spans":[{"start":0,"end":3,"label":"ACTOR","annotator":"ravi"}]}
`)
	got := agreeJSONOf(t, "--db", db)
	if len(got.Pairs) != 0 || got.Fleiss != nil || got.FleissReason == "" {
		t.Fatalf("got %+v, want no pairs and Fleiss null with a reason", got)
	}
	if out := mustSpanmark(t, "agree", "--db", db); !strings.Contains(out, "No two annotators share a document") {
		t.Fatalf("table says:\n%s", out)
	}
}

func TestAgree_Fleiss(t *testing.T) {
	// meera tags the first article only.
	three := strings.Replace(raoJSONL, `"annotator":"ravi"}]}`, `"annotator":"ravi"},{"id":"e1","start":0,"end":12,"label":"ACTOR","annotator":"meera"}]}`, 1)
	db := agreeDB(t, three)
	got := agreeJSONOf(t, "--db", db)
	if len(got.Pairs) != 3 {
		t.Fatalf("%d pairs, want 3", len(got.Pairs))
	}
	if got.Fleiss == nil || got.FleissDocs != 1 {
		t.Fatalf("Fleiss %v over %d documents (%s), want a figure over the one document all three annotated", got.Fleiss, got.FleissDocs, got.FleissReason)
	}
}

// TestAgree_TableColumnsLineUp: with two pairs, each with label rows
// between them, every figure of a column starts where the column's
// heading starts, and no line ends in spaces. The label rows, which have
// no links F1, used to end the alpha U column's block, so the second
// pair's alpha U and links F1 stood two places left of the first's.
func TestAgree_TableColumnsLineUp(t *testing.T) {
	fig := func(v float64) agree.Figure { return agree.Figure{Value: v, OK: true} }
	pf := agree.PairFigures{ExactF1: fig(0.72), OverlapF1: fig(0.88), TokenKappa: fig(0.967), AlphaU: fig(0.999), LinksF1: fig(0.8)}
	lf := agree.LabelFigures{ExactF1: fig(0.5), OverlapF1: fig(1), TokenKappa: fig(0.9), AlphaU: fig(-0.274)}
	rep := &agree.Report{Labels: []string{"ACTOR", "CLAIM"}, Documents: 2}
	for _, b := range []string{"meera", "ravi"} {
		rep.Pairs = append(rep.Pairs, agree.Pair{A: "asha", B: b, Documents: 2, Pooled: pf, MeanOfDocuments: pf,
			Labels: map[string]agree.LabelFigures{"ACTOR": lf, "CLAIM": lf}})
	}
	var out strings.Builder
	printAgreement(&out, rep)
	lines := strings.Split(out.String(), "\n")
	head := lines[0]
	for _, l := range lines {
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line ends in spaces: %q", l)
		}
	}
	rows := 0
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "asha / ") {
			continue
		}
		rows++
		for col, v := range map[string]string{"alpha U": "0.999", "links F1": "0.800"} {
			if strings.Contains(l, "pooled") && strings.Index(l, v) != strings.Index(head, col) {
				t.Errorf("%s of %q starts at %d, its heading at %d:\n%s", col, l, strings.Index(l, v), strings.Index(head, col), out.String())
			}
		}
		if strings.Contains(l, "ACTOR") && strings.Index(l, "-0.274") != strings.Index(head, "alpha U") {
			t.Errorf("alpha U of %q starts at %d, its heading at %d:\n%s", l, strings.Index(l, "-0.274"), strings.Index(head, "alpha U"), out.String())
		}
	}
	if rows != 8 {
		t.Fatalf("%d rows of pairs, want 8:\n%s", rows, out.String())
	}
}
