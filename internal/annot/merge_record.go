package annot

import (
	"fmt"
	"strings"
)

// DocHistory is one document with everything a merge needs from it: every
// span and relation including tombstones, every verdict including
// withdrawn ones, each annotator's state with its answer and time, and
// its suggestions with their links and every decision on them, undone
// ones included. A native export written with --history carries it
// (see internal/formats), so that a colleague can send one JSONL file
// instead of a database, and merging that file does what merging the
// database does.
type DocHistory struct {
	Line      int      // where the document starts in its file
	Doc       Document // CreatedAt is zero when the file does not say; Seq is its place in its database
	Spans     []SpanCopy
	Relations []RelationCopy
	Verdicts  []VerdictCopy
	States    []StateCopy
	// Suggestions (CreatedAt zero when the file does not say), the links
	// between them and the analysts' decisions on them, tombstones
	// included.
	Suggestions     []Suggestion
	SuggestionLinks []SuggestionLinkCopy
	Decisions       []DecisionCopy
	// Labels are the project's labels with their colours and IDs. An
	// export writes them with its first document; nil elsewhere.
	Labels []LabelCopy
}

// MergeResult says what a merge found in the other database and what it
// changed here.
type MergeResult struct {
	Documents       int // documents in the other database
	NewDocuments    int // added here
	JoinedDocuments int // the same text stored here under another ID: one document now

	Spans         int // spans in the other, tombstones included
	NewSpans      int
	UpdatedSpans  int // a later edit there replaced the copy here
	Tombstones    int // spans live here that the other had deleted
	FoldedSpans   int // the same annotation under two IDs: one kept
	Relations     int
	NewRelations  int
	DeadRelations int // live relations here deleted by the merge (deleted there, or their span was)
	FoldedLinks   int // the same link made twice: one kept
	Verdicts      int
	NewVerdicts   int
	Withdrawn     int // verdicts live here that the other had withdrawn (an undone review)
	States        int
	ChangedStates int // added, or moved further or given another answer by the other (not counting a later time alone)
	Reviewed      int // annotators' states moved to reviewed: the merged document has nothing left undecided

	Suggestions        int // suggestions in the other
	NewSuggestions     int // proposals this database lacked
	SuggestionLinks    int
	NewSuggestionLinks int
	Decisions          int // analysts' decisions on suggestions in the other, tombstones included
	NewDecisions       int
	UndoneDecisions    int // live here, tombstoned by the merge: undone there, or a later decision there replaced them
	NewLabels          []string
	NewAnnotators      []string
	LabelConflicts     []string // what was kept where the two disagree on a label's look
}

// Summary says in a few lines what the merge did.
func (r MergeResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "documents: %d added, %d already here", r.NewDocuments, r.Documents-r.NewDocuments)
	if r.JoinedDocuments > 0 {
		fmt.Fprintf(&b, " (%d of them imported separately, joined by their text)", r.JoinedDocuments)
	}
	fmt.Fprintf(&b, "\nspans: %d added, %d updated by a later edit, %d deleted (tombstones applied)", r.NewSpans, r.UpdatedSpans, r.Tombstones)
	if r.FoldedSpans > 0 {
		fmt.Fprintf(&b, "; %d were one annotation under two IDs (the same file imported in both) and are one now", r.FoldedSpans)
	}
	fmt.Fprintf(&b, "\nrelations: %d added, %d deleted", r.NewRelations, r.DeadRelations)
	if r.FoldedLinks > 0 {
		fmt.Fprintf(&b, "; %d links made in both are one now", r.FoldedLinks)
	}
	fmt.Fprintf(&b, "\nverdicts: %d added", r.NewVerdicts)
	if r.Withdrawn > 0 {
		fmt.Fprintf(&b, ", %d withdrawn (undone there)", r.Withdrawn)
	}
	fmt.Fprintf(&b, "\nstates: %d changed", r.ChangedStates)
	if r.Reviewed > 0 {
		fmt.Fprintf(&b, "; %d moved to reviewed, nothing being left undecided", r.Reviewed)
	}
	if r.Suggestions+r.Decisions > 0 {
		fmt.Fprintf(&b, "\nsuggestions: %d added, %d links added; decisions on them: %d added, %d undone",
			r.NewSuggestions, r.NewSuggestionLinks, r.NewDecisions, r.UndoneDecisions)
	}
	if len(r.NewLabels) > 0 {
		fmt.Fprintf(&b, "\nnew labels: %s", strings.Join(r.NewLabels, ", "))
	}
	if len(r.NewAnnotators) > 0 {
		fmt.Fprintf(&b, "\nnew annotators: %s", strings.Join(r.NewAnnotators, ", "))
	}
	if len(r.LabelConflicts) == 0 {
		b.WriteString("\nconflicts: none")
	} else {
		fmt.Fprintf(&b, "\nconflicts: %d\n  %s", len(r.LabelConflicts), strings.Join(r.LabelConflicts, "\n  "))
	}
	return b.String()
}

// Add sums two results, for a command that merges several sources.
func (r *MergeResult) Add(o MergeResult) {
	r.Documents += o.Documents
	r.NewDocuments += o.NewDocuments
	r.JoinedDocuments += o.JoinedDocuments
	r.Spans += o.Spans
	r.NewSpans += o.NewSpans
	r.UpdatedSpans += o.UpdatedSpans
	r.Tombstones += o.Tombstones
	r.FoldedSpans += o.FoldedSpans
	r.Relations += o.Relations
	r.NewRelations += o.NewRelations
	r.DeadRelations += o.DeadRelations
	r.FoldedLinks += o.FoldedLinks
	r.Verdicts += o.Verdicts
	r.NewVerdicts += o.NewVerdicts
	r.Withdrawn += o.Withdrawn
	r.States += o.States
	r.ChangedStates += o.ChangedStates
	r.Reviewed += o.Reviewed
	r.Suggestions += o.Suggestions
	r.NewSuggestions += o.NewSuggestions
	r.SuggestionLinks += o.SuggestionLinks
	r.NewSuggestionLinks += o.NewSuggestionLinks
	r.Decisions += o.Decisions
	r.NewDecisions += o.NewDecisions
	r.UndoneDecisions += o.UndoneDecisions
	r.NewLabels = append(r.NewLabels, o.NewLabels...)
	r.NewAnnotators = append(r.NewAnnotators, o.NewAnnotators...)
	r.LabelConflicts = append(r.LabelConflicts, o.LabelConflicts...)
}

// MergeProgress is told which step of a merge is running, as done of
// total steps.
type MergeProgress func(step string, done, total int)
