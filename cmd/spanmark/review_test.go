package main

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// goldOf lists the gold export as "LABEL text" spans and "LABEL text TYPE
// LABEL text" relations, sorted, with every span's status and reviewer.
func goldOf(t *testing.T, db string) (spans, rels []string) {
	t.Helper()
	type doc struct {
		Spans []struct {
			ID, Text, Label, Status, Reviewer string
		} `json:"spans"`
		Relations []nativeRelation `json:"relations"`
	}
	for _, d := range jsonLines[doc](t, exportNative(t, db, "--gold")) {
		name := map[string]string{}
		for _, s := range d.Spans {
			name[s.ID] = s.Label + " " + s.Text
			if s.Status != "accepted" || s.Reviewer == "" {
				t.Errorf("gold span %q is %s by %q", s.Text, s.Status, s.Reviewer)
			}
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

func TestCLI_ReviewAcceptAgreed(t *testing.T) {
	db := agreeDB(t, raoJSONL)
	out := mustSpanmark(t, "review", "--db", db, "--accept-agreed", "--reviewer", "boss")
	if !strings.Contains(out, "accepted 6 spans in 2 documents as boss") || !strings.Contains(out, "reviewed: 0 of 2") {
		t.Fatalf("review said:\n%s", out)
	}
	spans, rels := goldOf(t, db)
	want := []string{"ACTOR Minister Rao", "ACTOR Prime Minister John Key", "CLAIM the deal stands"}
	if !reflect.DeepEqual(spans, want) {
		t.Fatalf("gold spans %q, want %q", spans, want)
	}
	// Both annotators linked the claim to the actor: once in gold. The link
	// to the SOURCE only asha marked stays out with its source.
	if w := []string{"CLAIM the deal stands SAID_BY ACTOR Prime Minister John Key"}; !reflect.DeepEqual(rels, w) {
		t.Fatalf("gold relations %q, want %q", rels, w)
	}
	if out := mustSpanmark(t, "review", "--db", db, "--accept-agreed", "--reviewer", "boss"); !strings.Contains(out, "accepted 0 spans") {
		t.Fatalf("a second run said:\n%s", out)
	}

	out = mustSpanmark(t, "review", "--db", db, "--accept-agreed", "--min", "1", "--reviewer", "boss")
	if !strings.Contains(out, "accepted 4 spans") || !strings.Contains(out, "reviewed: 2 of 2") {
		t.Fatalf("--min 1 said:\n%s", out)
	}
	stats := mustSpanmark(t, "stats", "--db", db)
	if !strings.Contains(stats, "reviewed:  2 of 2 documents with spans") {
		t.Fatalf("stats:\n%s", stats)
	}
	for _, who := range []string{"asha", "ravi"} {
		// documents by annotator: new, in progress, done, reviewed
		if !regexp.MustCompile(`(?m)^ *` + who + ` +0 +0 +0 +2 *$`).MatchString(stats) {
			t.Fatalf("stats does not count %s's 2 documents reviewed:\n%s", who, stats)
		}
	}
}

func TestCLI_ReviewErrors(t *testing.T) {
	db := agreeDB(t, raoJSONL)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"review", "--db", db}, exitUsage, "needs --accept-agreed"},
		{[]string{"review", "--db", db, "--accept-agreed", "--min", "-1"}, exitUsage, "--min"},
		{[]string{"review", "--db", db, "--accept-agreed", "--min", "0"}, exitUsage, "--min is a number of annotators, 1 or more"},
		{[]string{"review", "--db", db, "--accept-agreed", "extra"}, exitUsage, "no paths"},
		{[]string{"review", "--db", db, "--accept-agreed", "--annotator", "nobody"}, exitError, `no annotator called "nobody"`},
	} {
		r := spanmark(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("spanmark %s: %v\nwant exit %d saying %q", strings.Join(tc.args, " "), r, tc.code, tc.msg)
		}
	}
}
