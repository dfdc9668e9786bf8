package formats

import (
	"app.spanmark.org/spanmark/internal/annot"
)

// A reviewer's own span, made while reviewing, is part of gold and
// nobody's annotation (annot.Span.Curation): native JSONL marks it
// "curation": true, and a correction names the span it replaces in
// "corrects", so that a native export imported elsewhere, or merged,
// keeps what a review made:
//
//	{"id":"…","start":0,"end":12,"label":"ACTOR","annotator":"lead","status":"accepted",
//	 "reviewer":"lead","note":"","curation":true,"corrects":"<span id>"}
//
// "corrects" names a span that the file need not hold (a --gold export
// leaves the rejected span out): it is kept as it is, a record of what
// was corrected.

// appendNativeSpanCuration writes a reviewer's marks on their own span.
func appendNativeSpanCuration(b []byte, s *annot.Span) []byte {
	if !s.Curation {
		return b
	}
	b = append(b, `,"curation":true`...)
	if s.Corrects != "" {
		b = appendKey(b, true, "corrects")
		b = appendString(b, s.Corrects)
	}
	return b
}

// readSpanMarks reads what a span carries beyond its place and label: the
// annotator's answer, the suggestion it was accepted from, and a
// reviewer's marks.
func readSpanMarks(s *annot.Span, ns nativeSpan) error {
	if s.Answer = annot.Answer(ns.Answer); !s.Answer.Valid() {
		return annot.Errorf(annot.Invalid, "answer %q is not accept, reject or ignore", ns.Answer)
	}
	if ns.Origin != "" {
		if err := annot.CheckOrigin(ns.Origin); err != nil {
			return err
		}
	}
	s.Origin, s.Changed = ns.Origin, ns.Changed && ns.Origin != ""
	if ns.Corrects != "" && !ns.Curation {
		return annot.Errorf(annot.Invalid, `"corrects" is for a reviewer's own span, which has "curation": true`)
	}
	s.Curation, s.Corrects = ns.Curation, ns.Corrects
	return nil
}
