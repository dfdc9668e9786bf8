package formats

import "app.spanmark.org/spanmark/internal/annot"

// Native JSONL carries the annotators' own answers (see annot.Answer)
// beside their spans and states: a span's "answer", and a document's
// "answers" (annotator name to accept, reject or ignore), both written
// only when there is one. They are never a review status.

func readNativeAnswers(rec *annot.Record, answers map[string]string) error {
	for who, a := range answers {
		if !annot.Answer(a).Valid() || a == "" {
			return annot.Errorf(annot.Invalid, "answer %q of %s is not accept, reject or ignore", a, who)
		}
		if rec.Answers == nil {
			rec.Answers = map[string]annot.Answer{}
		}
		rec.Answers[who] = annot.Answer(a)
	}
	return nil
}

func appendNativeAnswers(b []byte, answers map[string]annot.Answer) []byte {
	if len(answers) == 0 {
		return b
	}
	b = appendKey(b, true, "answers")
	b = append(b, '{')
	for i, who := range sortedKeys(answers) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, who)
		b = append(b, ':')
		b = appendString(b, string(answers[who]))
	}
	return append(b, '}')
}
