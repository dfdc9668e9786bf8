package annot

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// preferOne checks that exactly one way round prefers the winner, so a
// merge picks it whichever database receives.
func preferOne[T any](t *testing.T, name string, prefer func(a, b T) bool, win, lose T) {
	t.Helper()
	if !prefer(win, lose) || prefer(lose, win) {
		t.Errorf("%s: prefer(win, lose) = %v, prefer(lose, win) = %v", name, prefer(win, lose), prefer(lose, win))
	}
}

func TestPreferSpan(t *testing.T) {
	live := func(label, note string, updated int) SpanCopy {
		return SpanCopy{Span: Span{ID: "s", Label: label, Note: note, CreatedAt: at(0), UpdatedAt: at(updated)}}
	}
	dead := func(updated, deleted int) SpanCopy {
		s := live("CLAIM", "", updated)
		s.DeletedAt = at(deleted)
		return s
	}
	cases := []struct {
		name      string
		win, lose SpanCopy
	}{
		{"later edit", live("CLAIM", "b", 20), live("ACTOR", "a", 10)},
		{"tombstone over a later edit", dead(5, 6), live("ACTOR", "edited after", 30)},
		{"first deletion", dead(5, 6), dead(5, 9)},
		{"same time: smaller label", live("ACTOR", "z", 10), live("CLAIM", "a", 10)},
		{"same time and label: smaller note", live("CLAIM", "a", 10), live("CLAIM", "b", 10)},
		{"known time over none (plain export)", live("CLAIM", "", 10), SpanCopy{Span: Span{ID: "s", Label: "ACTOR"}}},
		{"same time, label and note: an answer over none", answered(live("CLAIM", "a", 10), AnswerReject), live("CLAIM", "a", 10)},
		{"same time, two answers: the smaller", answered(live("CLAIM", "a", 10), AnswerAccept), answered(live("CLAIM", "a", 10), AnswerIgnore)},
		{"an answer is part of the edit: later without one", live("CLAIM", "a", 11), answered(live("CLAIM", "a", 10), AnswerAccept)},
		{"tombstone over a copy with an answer", dead(5, 6), answered(live("CLAIM", "", 30), AnswerAccept)},
		{"tombstone over a later edit of a suggestion's span", dead(5, 6), marked(live("ACTOR", "", 30), func(s *Span) { s.Origin, s.Changed = "rule:x", true })},
		{"origin rides with the later edit", live("CLAIM", "", 11), marked(live("CLAIM", "", 10), func(s *Span) { s.Origin = "rule:x" })},
		{"all else equal: no origin first", live("CLAIM", "", 10), marked(live("CLAIM", "", 10), func(s *Span) { s.Origin = "rule:x" })},
		{"all else equal: unchanged first", marked(live("CLAIM", "", 10), func(s *Span) { s.Origin = "rule:x" }),
			marked(live("CLAIM", "", 10), func(s *Span) { s.Origin, s.Changed = "rule:x", true })},
		{"all else equal: an annotation before a correction", live("CLAIM", "", 10), marked(live("CLAIM", "", 10), func(s *Span) { s.Curation = true })},
		{"all else equal: the smaller span corrected", marked(live("CLAIM", "", 10), func(s *Span) { s.Curation, s.Corrects = true, "a" }),
			marked(live("CLAIM", "", 10), func(s *Span) { s.Curation, s.Corrects = true, "b" })},
	}
	for _, tc := range cases {
		preferOne(t, tc.name, PreferSpan, tc.win, tc.lose)
	}
	if s := live("CLAIM", "a", 10); PreferSpan(s, s) {
		t.Error("a span is preferred over an equal copy of itself")
	}
}

func marked(s SpanCopy, f func(*Span)) SpanCopy {
	f(&s.Span)
	return s
}

func answered(s SpanCopy, a Answer) SpanCopy {
	s.Answer = a
	return s
}

func TestSameSpanCopy(t *testing.T) {
	s := Span{ID: "s", DocID: "d", Annotator: "asha", Start: 1, End: 4, Label: "CLAIM", Note: "x"}
	edited := s
	edited.Label, edited.Note = "ACTOR", "y"
	moved := s
	moved.End = 5
	if !SameSpanCopy(s, edited) || SameSpanCopy(s, moved) {
		t.Error("SameSpan must ignore label and note edits and see other offsets")
	}
}

func TestPreferRelation(t *testing.T) {
	r := RelationCopy{Relation: Relation{ID: "r", From: "a", To: "b", Type: SaidBy, CreatedAt: at(1)}}
	dead := r
	dead.DeletedAt = at(5)
	later := dead
	later.DeletedAt = at(8)
	preferOne(t, "tombstone", PreferRelation, dead, r)
	preferOne(t, "first deletion", PreferRelation, dead, later)
}

func TestPreferVerdict(t *testing.T) {
	v := VerdictCopy{Verdict: Verdict{ID: "v", SpanID: "s", Reviewer: "ravi", Decision: Accepted, At: at(3)}}
	w := v
	w.At = at(4)
	preferOne(t, "earlier", PreferVerdict, v, w)
	if PreferVerdict(v, v) {
		t.Error("a verdict is preferred over itself")
	}
	// An undone review withdraws its verdict: the withdrawal wins over
	// the live copy, as a tombstone does over a span, whatever the times.
	out := v
	out.WithdrawnAt = at(9)
	preferOne(t, "withdrawn over live", PreferVerdict, out, v)
	preferOne(t, "withdrawn over an earlier live copy", PreferVerdict, out, VerdictCopy{Verdict: Verdict{ID: "v", SpanID: "s", Reviewer: "ravi", Decision: Accepted, At: at(1)}})
	first := out
	first.WithdrawnAt = at(5)
	preferOne(t, "first withdrawal", PreferVerdict, first, out)
	if out.Live() || !v.Live() {
		t.Error("Live is wrong")
	}
}

func TestPreferState(t *testing.T) {
	preferOne(t, "further state", PreferState, StateCopy{State: StateDone, At: at(1)}, StateCopy{State: StateInProgress, At: at(9)})
	preferOne(t, "reviewed beats done", PreferState, StateCopy{State: StateReviewed}, StateCopy{State: StateDone, At: at(9)})
	preferOne(t, "same state: later", PreferState, StateCopy{State: StateDone, At: at(9)}, StateCopy{State: StateDone, At: at(1)})
	// The answer rides with its record: a further or later record wins
	// whole, with its answer or without one.
	preferOne(t, "further state without an answer", PreferState, StateCopy{State: StateReviewed, At: at(1)},
		StateCopy{State: StateDone, Answer: AnswerAccept, At: at(9)})
	preferOne(t, "later record, another answer", PreferState, StateCopy{State: StateDone, Answer: AnswerReject, At: at(9)},
		StateCopy{State: StateDone, Answer: AnswerAccept, At: at(1)})
	preferOne(t, "same state and time: an answer over none", PreferState, StateCopy{State: StateDone, Answer: AnswerIgnore, At: at(5)},
		StateCopy{State: StateDone, At: at(5)})
	preferOne(t, "same state and time: the smaller answer", PreferState, StateCopy{State: StateDone, Answer: AnswerAccept, At: at(5)},
		StateCopy{State: StateDone, Answer: AnswerReject, At: at(5)})
	if s := (StateCopy{State: StateDone, Answer: AnswerAccept, At: at(5)}); PreferState(s, s) {
		t.Error("a record is preferred over an equal copy of itself")
	}
}

// Joining two copies of an article joins their meta as an import does,
// on the copy kept, and gives the same bytes either way round; joining
// the result with either copy again changes nothing.
func TestJoinedMeta(t *testing.T) {
	first := Document{ID: "b", CreatedAt: at(1), Meta: []byte(`{"source":"NYT","categories":{"asha":["econ"]},"n":1}`)}
	later := Document{ID: "a", CreatedAt: at(2), Meta: []byte(`{"n":2,"categories":{"ravi":["tech"]},"url":"u"}`)}
	want := `{"source":"NYT","categories":{"asha":["econ"],"ravi":["tech"]},"n":1,"url":"u"}`
	ab, changed := JoinedMeta(first, later)
	if string(ab) != want || !changed {
		t.Errorf("JoinedMeta(first, later) = %s %v, want %s true", ab, changed, want)
	}
	if ba, _ := JoinedMeta(later, first); string(ba) != string(ab) {
		t.Errorf("the other way round: %s, want %s", ba, ab)
	}
	joined := first
	joined.Meta = ab
	for _, other := range []Document{first, later} {
		if again, changed := JoinedMeta(joined, other); changed || string(again) != want {
			t.Errorf("joining %s again: %s %v", other.ID, again, changed)
		}
	}
	same := Document{ID: "c", Meta: []byte(`{"x":1}`)}
	if m, changed := JoinedMeta(same, same); changed || string(m) != `{"x":1}` {
		t.Errorf("a copy joined with itself: %s %v", m, changed)
	}
}

func TestPreferDocument(t *testing.T) {
	a := Document{ID: "b-id", Title: "x", CreatedAt: at(1)}
	b := Document{ID: "a-id", Title: "x", CreatedAt: at(2)}
	preferOne(t, "imported first", PreferDocument, a, b)
	b.CreatedAt = a.CreatedAt
	preferOne(t, "same time: smaller ID", PreferDocument, b, a)
	preferOne(t, "a known time over none", PreferDocument, Document{ID: "z", CreatedAt: at(5)}, Document{ID: "a"})
	same := a
	same.Seq = 7
	if PreferDocument(a, same) || PreferDocument(same, a) {
		t.Error("copies that differ only in their place are preferred one over the other")
	}
}

func TestCompareDocOrder(t *testing.T) {
	docs := []Document{
		{ID: "d", CreatedAt: at(5), Seq: 1},
		{ID: "c", CreatedAt: at(1), Seq: 9},
		{ID: "b", CreatedAt: at(1), Seq: 2},
		{ID: "a", Seq: 1}, // no time: last
	}
	slices.SortFunc(docs, CompareDocOrder)
	var got []string
	for _, d := range docs {
		got = append(got, d.ID)
	}
	if want := []string{"b", "c", "d", "a"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v: by import time, then place in the import", got, want)
	}
}

func TestChooseIDs(t *testing.T) {
	derive := func(n string) string { return "derived-" + n }
	cases := []struct {
		name string
		rows []NamedID
		want map[string]string // name -> ID, "*" for a derived one
	}{
		{"one ID", []NamedID{{"x", "CLAIM"}, {"x", "CLAIM"}}, map[string]string{"CLAIM": "x"}},
		{"two IDs: the smaller", []NamedID{{"y", "CLAIM"}, {"x", "CLAIM"}}, map[string]string{"CLAIM": "x"}},
		{"renamed: smaller name keeps the ID, the other its own", []NamedID{{"x", "SOURCE"}, {"x", "OUTLET"}, {"z", "SOURCE"}},
			map[string]string{"OUTLET": "x", "SOURCE": "z"}},
		{"renamed, no other ID: derived", []NamedID{{"x", "SOURCE"}, {"x", "OUTLET"}}, map[string]string{"OUTLET": "x", "SOURCE": "*"}},
		{"name only: derive", []NamedID{{"", "QUOTE"}}, map[string]string{"QUOTE": "derived-QUOTE"}},
		{"name only, known elsewhere", []NamedID{{"", "QUOTE"}, {"q", "QUOTE"}}, map[string]string{"QUOTE": "q"}},
		{"name only, derived ID held by another", []NamedID{{"", "QUOTE"}, {"derived-QUOTE", "CITATION"}},
			map[string]string{"CITATION": "derived-QUOTE", "QUOTE": "*"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ChooseIDs("label", tc.rows, derive)
			rev := slices.Clone(tc.rows)
			slices.Reverse(rev)
			if again := ChooseIDs("label", rev, derive); !mapsEqual(got, again) {
				t.Fatalf("the order of the rows changed the IDs: %v against %v", got, again)
			}
			seen := map[string]bool{}
			for name, want := range tc.want {
				id := got[name]
				if seen[id] {
					t.Errorf("ID %s given twice in %v", id, got)
				}
				seen[id] = true
				switch {
				case want == "*" && (id == "" || id == derive(name)):
					t.Errorf("%s got %q, want an ID derived from the one it lost", name, id)
				case want != "*" && id != want:
					t.Errorf("%s got %q, want %q", name, id, want)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFoldSpans(t *testing.T) {
	g := []SpanCopy{
		{Span: Span{ID: "b", CreatedAt: at(2), UpdatedAt: at(7)}},
		{Span: Span{ID: "c", CreatedAt: at(1), UpdatedAt: at(3)}},
		{Span: Span{ID: "a", CreatedAt: at(2), UpdatedAt: at(4)}},
	}
	keep, when := FoldSpans(g)
	if g[keep].ID != "c" || !when.Equal(at(7)) {
		t.Errorf("kept %s at %v, want the first made (c), the others folded at the latest edit", g[keep].ID, when)
	}
	slices.Reverse(g)
	if k, _ := FoldSpans(g); g[k].ID != "c" {
		t.Error("the order of the group changed the span kept")
	}
	g[0].CreatedAt = at(1) // c and a made together: the smaller ID
	if k, _ := FoldSpans(g); g[k].ID != "a" {
		t.Errorf("kept %s, want a", g[k].ID)
	}
}

func TestFoldRelations(t *testing.T) {
	g := []RelationCopy{{Relation: Relation{ID: "y", CreatedAt: at(5)}}, {Relation: Relation{ID: "x", CreatedAt: at(5)}}}
	keep, when := FoldRelations(g)
	if g[keep].ID != "x" || !when.Equal(at(5)) {
		t.Errorf("kept %s at %v", g[keep].ID, when)
	}
}

func TestDeadEndAt(t *testing.T) {
	if got := DeadEndAt(at(5), at(3)); !got.Equal(at(3)) {
		t.Errorf("DeadEndAt = %v, want the first deletion", got)
	}
	if got := DeadEndAt(time.Time{}, at(3)); !got.Equal(at(3)) {
		t.Errorf("DeadEndAt with one live end = %v", got)
	}
}

func TestDerivedIDs(t *testing.T) {
	// Fixed values: every database must derive the same IDs, in every
	// version of Spanmark.
	if got := MovedID("r", "s"); got != "8ead7eac-77e9-5be8-8c03-3433a0785402" || got == MovedID("r", "t") {
		t.Errorf("MovedID = %s", got)
	}
	if got := VerdictID("s", "ravi", Accepted); got != "5ccba2cb-38a7-5e09-a35d-6c3056fead91" || got == VerdictID("s", "ravi", Rejected) {
		t.Errorf("VerdictID = %s", got)
	}
}

func TestMergeResultSummary(t *testing.T) {
	r := MergeResult{Documents: 5, NewDocuments: 2, JoinedDocuments: 1, NewSpans: 7, Tombstones: 1,
		LabelConflicts: []string{"label CLAIM: kept this database's colour #111111 (the other has #222222)"}}
	s := r.Summary()
	for _, want := range []string{"2 added, 3 already here", "1 of them imported separately", "7 added", "1 deleted (tombstones applied)", "conflicts: 1", "label CLAIM"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	for _, not := range []string{"withdrawn", "suggestions", "reviewed"} {
		if strings.Contains(s, not) {
			t.Errorf("a merge without %s mentions them:\n%s", not, s)
		}
	}
	r.Add(MergeResult{NewVerdicts: 1, Withdrawn: 2, Reviewed: 3, Suggestions: 9, NewSuggestions: 4, NewSuggestionLinks: 5, NewDecisions: 6, UndoneDecisions: 7})
	s = r.Summary()
	for _, want := range []string{"verdicts: 1 added, 2 withdrawn (undone there)", "3 moved to reviewed",
		"suggestions: 4 added, 5 links added; decisions on them: 6 added, 7 undone"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
