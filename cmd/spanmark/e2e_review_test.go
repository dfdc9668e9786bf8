package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/sample"
)

// The review scenario on the Hindi sample, as the window's headless test
// (ui/review_test.go) has it: asha and ravi agree on two SOURCEs and an
// ACTOR; only ravi marked the prime minister; asha's CLAIM after
// "शिन्हुआ के अनुसार," stops early and ravi's leaves out "ली ने".
const (
	e2eSource = "चीनी राज्य मीडिया शिन्हुआ"
	e2eSCMP   = "साउथ चाइना मॉर्निंग पोस्ट"
	e2ePM     = "चीनी प्रधान मंत्री ली क़ियांग"
	e2eShort  = "ली ने चीनी विज्ञान अकादमी के गंजियांग इनोवेशन अकादमी सहित प्रमुख उत्पादकों, अनुसंधान संस्थानों का निरीक्षण किया"
	e2eRavi   = "चीनी विज्ञान अकादमी के गंजियांग इनोवेशन अकादमी सहित प्रमुख उत्पादकों, अनुसंधान संस्थानों का निरीक्षण किया और स्थानीय व्यापार नेताओं और वैज्ञानिकों के साथ बातचीत की"
	e2eFixed  = "ली ने " + e2eRavi
)

// reviewJSONL is the scenario as a native JSONL record of the sample.
func reviewJSONL(t *testing.T) []byte {
	t.Helper()
	text := string(sample.Text)
	runes := []rune(text)
	at := func(words string) int {
		i := strings.Index(text, words)
		if i < 0 {
			t.Fatalf("%q is not in the sample", words)
		}
		return len([]rune(text[:i]))
	}
	type span struct {
		ID        string `json:"id"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
		Text      string `json:"text"`
		Label     string `json:"label"`
		Annotator string `json:"annotator"`
	}
	type rel struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		To        string `json:"to"`
		Type      string `json:"type"`
		Annotator string `json:"annotator"`
	}
	var spans []span
	var rels []rel
	mk := func(id, who, label string, start, n int) {
		spans = append(spans, span{id, start, start + n, string(runes[start : start+n]), label, who})
	}
	li := at(e2eSCMP+" ने ली") + len([]rune(e2eSCMP+" ने "))
	for _, who := range []string{"asha", "ravi"} {
		mk(who+"-src", who, "SOURCE", at(e2eSource), len([]rune(e2eSource)))
		mk(who+"-scmp", who, "SOURCE", at(e2eSCMP), len([]rune(e2eSCMP)))
		mk(who+"-li", who, "ACTOR", li, len([]rune("ली")))
		claim := map[string]string{"asha": e2eShort, "ravi": e2eRavi}[who]
		mk(who+"-claim", who, "CLAIM", at(claim), len([]rune(claim)))
		rels = append(rels, rel{who + "-rel", who + "-claim", who + "-src", "ACCORDING_TO", who})
	}
	mk("ravi-pm", "ravi", "ACTOR", at(e2ePM), len([]rune(e2ePM)))
	line, err := json.Marshal(map[string]any{"title": "sample", "source": sample.Name, "text": text, "spans": spans, "relations": rels})
	if err != nil {
		t.Fatal(err)
	}
	return append(line, '\n')
}

// TestWindow_XdotoolReview reviews two annotators' work in the real
// binary under Xvfb with real keys and a drag, as the reviewer "e2e":
// Ctrl+R shows asha's and ravi's spans in lanes; N goes to the first
// disagreement (ravi's prime minister) and A accepts it; N and R reject
// asha's short claim; M accepts what both marked the same; N, E, a drag
// over the right words and 1 correct ravi's claim. After each step a
// second process reads the database, and at the end `export --gold`
// holds exactly the expected spans and link.
func TestWindow_XdotoolReview(t *testing.T) {
	w := startWindowWith(t, "1400x900x24", []string{"FYNE_THEME=dark"}, func(w *window) {
		in := filepath.Join(t.TempDir(), "review.jsonl")
		if err := os.WriteFile(in, reviewJSONL(t), 0o644); err != nil {
			t.Fatal(err)
		}
		w.run("import", "--format", "native", in)
	})
	w.focusText()
	w.key("ctrl+r")
	w.shot("review-mode")

	w.key("n")
	w.key("a")
	w.wantReview("accept ravi's prime minister", map[string]string{"ravi ACTOR " + e2ePM: "accepted"})
	w.key("n")
	w.key("r")
	w.wantReview("reject asha's claim", map[string]string{"asha CLAIM " + e2eShort: "rejected"})
	w.key("m")
	w.wantReview("accept what both marked", map[string]string{
		"asha SOURCE " + e2eSource: "accepted", "ravi SOURCE " + e2eSource: "accepted",
		"asha SOURCE " + e2eSCMP: "accepted", "ravi SOURCE " + e2eSCMP: "accepted",
		"asha ACTOR ली": "accepted", "ravi ACTOR ली": "accepted",
		"ravi CLAIM " + e2eRavi: "pending",
	})
	w.key("n")
	w.key("e")
	w.shot("correcting")
	// The right extent runs from "ली ने चीनी" to "बातचीत की" over three
	// lines. The find bar shows where they are (the end first: finding it
	// may scroll, and the start is then two lines above, in view); the
	// drag goes from one to the other.
	last, first := w.findOnScreen("बातचीत की"), w.findOnScreen("ली ने चीनी")
	if first.Min.Y >= last.Min.Y {
		t.Fatalf("the claim's first words are drawn at %v, its last at %v", first, last)
	}
	from := image.Pt(first.Min.X+4, (first.Min.Y+first.Max.Y)/2)
	to := image.Pt(last.Max.X-4, (last.Min.Y+last.Max.Y)/2)
	mid := from.Add(to).Div(2)
	pt := func(p image.Point) []string {
		return []string{"mousemove", "--window", w.id, strconv.Itoa(p.X), strconv.Itoa(p.Y)}
	}
	drag := append(pt(from), "mousedown", "1")
	drag = append(append(append(drag, pt(from.Add(image.Pt(20, 4)))...), pt(mid)...), pt(to)...)
	w.xdo(append(drag, "mouseup", "1")...)
	w.settle()
	w.shot("corrected-extent")
	w.key("1")
	w.wantReview("correct ravi's claim", map[string]string{
		"ravi CLAIM " + e2eRavi: "rejected", "e2e CLAIM " + e2eFixed: "accepted",
	})
	w.shot("reviewed")

	spans, rels := w.gold()
	want := []string{"ACTOR ली", "ACTOR " + e2ePM, "CLAIM " + e2eFixed, "SOURCE " + e2eSCMP, "SOURCE " + e2eSource}
	sort.Strings(want)
	if !equal(spans, want) {
		t.Fatalf("export --gold holds spans\n%q\nwant\n%q", spans, want)
	}
	if wantRels := []string{"CLAIM " + e2eFixed + " ACCORDING_TO SOURCE " + e2eSource}; !equal(rels, wantRels) {
		t.Fatalf("export --gold holds relations %q, want %q", rels, wantRels)
	}
	w.quit()
}

// shot saves a screenshot of the display into $SPANMARK_E2E_SHOTS, when
// it is set, to see where a step went wrong.
func (w *window) shot(name string) {
	dir := os.Getenv("SPANMARK_E2E_SHOTS")
	if dir == "" {
		return
	}
	cmd := exec.Command("import", "-window", "root", filepath.Join(dir, name+".png"))
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Logf("screenshot %s: %v %s", name, err, out)
	}
}

// reviewed reads every span of the sample with `spanmark export` in a
// second process, as "annotator LABEL text" -> status.
func (w *window) reviewed() map[string]string {
	w.t.Helper()
	out := map[string]string{}
	for _, d := range w.exportDocs() {
		for _, s := range d.Spans {
			out[s.Annotator+" "+s.Label+" "+s.Text] = s.Status
		}
	}
	return out
}

type reviewDoc struct {
	Spans []struct {
		ID, Label, Text, Annotator, Status, Reviewer string
	} `json:"spans"`
	Relations []struct {
		From, To, Type string
	} `json:"relations"`
}

func (w *window) exportDocs(extra ...string) []reviewDoc {
	w.t.Helper()
	cmd := exec.Command(w.bin, append([]string{"export", "--db", w.db, "--format", "native"}, extra...)...)
	cmd.Env = w.env
	data, err := cmd.Output()
	if err != nil {
		return nil
	}
	var docs []reviewDoc
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d reviewDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			w.t.Fatalf("export line: %v", err)
		}
		docs = append(docs, d)
	}
	return docs
}

// wantReview waits until another process's export shows each span with
// the status given, every decision by e2e.
func (w *window) wantReview(step string, want map[string]string) {
	w.t.Helper()
	var got map[string]string
	deadline := time.Now().Add(15 * time.Second)
	for {
		got = w.reviewed()
		ok := true
		for k, st := range want {
			ok = ok && got[k] == st
		}
		if ok {
			for _, d := range w.exportDocs() {
				for _, s := range d.Spans {
					if s.Status != "pending" && s.Reviewer != "e2e" {
						w.t.Fatalf("%s: %s %q is %s by %q, want by e2e", step, s.Label, s.Text, s.Status, s.Reviewer)
					}
				}
			}
			return
		}
		if time.Now().After(deadline) {
			w.shot("failed-" + strings.ReplaceAll(step, " ", "-"))
			var lines []string
			for k, st := range got {
				lines = append(lines, fmt.Sprintf("%s: %s", k, st))
			}
			sort.Strings(lines)
			w.t.Fatalf("%s: the database holds\n%s\nwant %q\napp said:\n%s", step, strings.Join(lines, "\n"), want, w.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// gold reads `export --gold` as "LABEL text" and "LABEL text TYPE LABEL
// text", sorted.
func (w *window) gold() (spans, rels []string) {
	w.t.Helper()
	for _, d := range w.exportDocs("--gold") {
		name := map[string]string{}
		for _, s := range d.Spans {
			name[s.ID] = s.Label + " " + s.Text
			spans = append(spans, name[s.ID])
		}
		for _, r := range d.Relations {
			rels = append(rels, name[r.From]+" "+r.Type+" "+name[r.To])
		}
	}
	sort.Strings(spans)
	sort.Strings(rels)
	return spans, rels
}
