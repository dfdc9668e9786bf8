package annot

import (
	"context"
	"slices"
	"sort"
)

// Assigner is what a team server adds to a project: documents dealt out
// to analysts, so that each is annotated by as many as the agreement
// study needs (the overlap), and each analyst asks for the next one.
// Only the PostgreSQL store implements it.
type Assigner interface {
	// Assign deals every document not yet dealt to overlap analysts out
	// to more of them (Deal), and keeps overlap as the project's, for
	// NextDocument. Earlier assignments stay. Invalid when overlap is
	// below 1 or above the number of analysts; annotators who are new to
	// the project are added.
	Assign(ctx context.Context, overlap int, annotators []string) (AssignResult, error)
	// NextDocument is the document annotator should open next: the first
	// one dealt to them that they have not finished, else the first one
	// dealt to fewer than overlap analysts, which is dealt to them on the
	// spot. Two analysts asking at once get different documents, and no
	// document is dealt to more than overlap analysts this way. ok is
	// false when nothing is left.
	NextDocument(ctx context.Context, annotator string) (docID string, ok bool, err error)
}

// AssignResult says what Assign dealt.
type AssignResult struct {
	Documents int            // documents in the project
	Dealt     int            // new assignments made
	Short     int            // documents still below the overlap (too few analysts)
	Load      map[string]int // assignments per analyst, after
}

// Deal decides who annotates what: for each document in order (IDs, in
// import order), as many analysts as it lacks of overlap, picked among
// those not on it yet, the least loaded first (then by name, so that the
// deal is the same every time). have holds the assignments there are,
// by document; the result holds the new ones only.
func Deal(docs []string, have map[string][]string, annotators []string, overlap int) map[string][]string {
	load := make(map[string]int, len(annotators))
	for _, names := range have {
		for _, n := range names {
			load[n]++
		}
	}
	names := slices.Clone(annotators)
	sort.Strings(names)
	names = slices.Compact(names)
	out := map[string][]string{}
	for _, doc := range docs {
		need := overlap - len(have[doc])
		if need <= 0 {
			continue
		}
		candidates := make([]string, 0, len(names))
		for _, n := range names {
			if !slices.Contains(have[doc], n) {
				candidates = append(candidates, n)
			}
		}
		sort.SliceStable(candidates, func(i, j int) bool { return load[candidates[i]] < load[candidates[j]] })
		for _, n := range candidates[:min(need, len(candidates))] {
			out[doc] = append(out[doc], n)
			load[n]++
		}
	}
	return out
}

// AssignedFirst puts the documents dealt to annotator first, keeping the
// order within each part, so that the document list shows an analyst
// their own work at the top.
func AssignedFirst(docs []DocSummary, annotator string) {
	slices.SortStableFunc(docs, func(a, b DocSummary) int {
		am, bm := slices.Contains(a.Assigned, annotator), slices.Contains(b.Assigned, annotator)
		switch {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
}
