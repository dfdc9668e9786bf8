package formats

import (
	"fmt"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// review reads the output of Prodigy's review recipe: the annotators'
// versions of a task, then the reviewer's decision at the top. See the
// comment at the top of prodigy.go.
func (tr *prodigyTaskReader) review(t *prodigyTask, reviewer string, answer annot.Answer) error {
	type key struct {
		start, end int
		label      string
	}
	made := map[key][]string{} // version spans by offsets and label
	relSeen := map[string]bool{}
	for vi := range t.Versions {
		v := &t.Versions[vi]
		va, err := prodigyAnswer(v.Answer)
		if err != nil {
			return annot.Errorf(annot.Invalid, "version %d: %v", vi+1, err)
		}
		who := v.Sessions
		if len(who) == 0 {
			name := prodigyAnnotator(v, "")
			if name == "" {
				name = fmt.Sprintf("version-%d", vi+1)
				tr.warn("review version %d names no session; its spans are kept as annotator %q", vi+1, name)
			}
			who = []string{name}
		}
		for _, w := range who {
			first := len(tr.b.rec.Spans)
			firstRel := len(tr.b.rec.Relations)
			if _, err := tr.version(v, w, va); err != nil {
				return annot.Errorf(annot.Invalid, "version %d: %v", vi+1, err)
			}
			for i := first; i < len(tr.b.rec.Spans); i++ {
				s := &tr.b.rec.Spans[i]
				k := key{s.Start, s.End, s.Label}
				made[k] = append(made[k], s.ID)
			}
			for _, r := range tr.b.rec.Relations[firstRel:] {
				relSeen[r.Type+"\x00"+r.From+"\x00"+r.To] = true
			}
		}
	}
	// The reviewer's decision.
	kept := map[string]bool{}
	top := make([]string, len(t.Spans)) // span id standing for each top span
	for i := range t.Spans {
		sp := &t.Spans[i]
		start, end, ok := prodigySpanOffsets(t, sp)
		if !ok {
			return annot.Errorf(annot.Invalid, `reviewed span %d needs "start" and "end"`, i+1)
		}
		s, e, err := tr.b.mapSpan(start, end, codePoints)
		if err != nil {
			return annot.Errorf(annot.Invalid, "reviewed span %d: %v", i+1, err)
		}
		if ids := made[key{s, e, strings.TrimSpace(sp.Label)}]; len(ids) > 0 && answer == annot.AnswerAccept {
			for _, id := range ids {
				kept[id] = true
			}
			top[i] = ids[0]
			continue
		}
		// The reviewer's own span, which no annotator made.
		own, err := readProdigySpan(tr.b, t, i, reviewer, tr.warn)
		if err != nil {
			return annot.Errorf(annot.Invalid, "reviewed span %d: %v", i+1, err)
		}
		own.Answer, own.Note = answer, sp.Note
		top[i] = own.ID
		if answer == annot.AnswerAccept {
			kept[own.ID] = true
		}
	}
	if answer == annot.AnswerAccept || answer == annot.AnswerReject {
		for i := range tr.b.rec.Spans {
			s := &tr.b.rec.Spans[i]
			d := annot.Rejected
			if kept[s.ID] {
				d = annot.Accepted
			}
			s.Status, s.Reviewer = d, reviewer
			tr.b.addVerdict(s.ID, d, reviewer, "prodigy review")
		}
	}
	for i := range t.Relations {
		r := &t.Relations[i]
		from := prodigyRelationEnd(t, top, r.HeadSpan, r.Head)
		to := prodigyRelationEnd(t, top, r.ChildSpan, r.Child)
		if r.Label == "" || from == "" || to == "" {
			tr.warn("the reviewer's relation %d (%s) does not join two reviewed spans; left out", i+1, r.Label)
			continue
		}
		if !relSeen[r.Label+"\x00"+from+"\x00"+to] {
			tr.b.addRelation(from, to, r.Label, reviewer)
		}
	}
	if answer != "" {
		if tr.b.rec.States == nil {
			tr.b.rec.States = map[string]annot.DocState{}
			tr.b.rec.Answers = map[string]annot.Answer{}
		}
		tr.b.rec.Answers[reviewer] = answer
		tr.b.rec.States[reviewer] = annot.StateReviewed
		if answer == annot.AnswerIgnore {
			tr.b.rec.States[reviewer] = annot.StateDone
		}
	}
	return tr.textcat(t, reviewer, answer)
}

// prodigySpanOffsets reads a span's character offsets, from its tokens
// when it has no start and end.
func prodigySpanOffsets(t *prodigyTask, sp *prodigySpan) (int, int, bool) {
	if sp.Start != nil && sp.End != nil {
		return int(*sp.Start), int(*sp.End), true
	}
	return prodigyTokenRange(t.Tokens, sp)
}
