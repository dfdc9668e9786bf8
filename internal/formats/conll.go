package formats

import (
	"bufio"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// docLoss describes something a writer left out of a document.
func docLoss(d *Doc, format string, args ...any) error {
	where := d.Doc.Source
	if where == "" {
		where = d.Doc.ID
	}
	return &annot.Error{File: where, Kind: annot.Invalid,
		Msg: fmt.Sprintf("document %q: ", d.Doc.Title) + fmt.Sprintf(format, args...)}
}

// conllWriter writes BIO tags, CoNLL-2003 style: for each document a
// "-DOCSTART-<TAB>O" line and a blank line, then one "TOKEN<TAB>TAG" line
// per token, with a blank line after each sentence.
//
//   - Tokens are text.TokensSplitAt over the span boundaries: UAX #29
//     words with the danda on its own, cut wherever a span starts or ends,
//     so that every span is a whole number of tokens.
//   - Tags are B-LABEL on a span's first token, I-LABEL on the rest, O
//     elsewhere; white space in a label becomes "_".
//   - BIO gives each token one tag, so overlapping spans cannot all be
//     written. The earlier-starting span wins, then the longer, then the
//     label first in order; a span that overlaps one already kept is left
//     out whole (tagging a part of it would claim a span nobody made) and
//     reported through Losses. Copies of a kept span (same offsets and
//     label, from another annotator) are the same tag and are not losses.
//   - A sentence ends at a line break in the text, and after a token of
//     sentence-final punctuation (. ! ? । ॥ and the full-width 。！？ and
//     Arabic ؟), together with any closing quotes or brackets stuck to it.
//     This is deliberately simple: "Dr. Smith" is cut after "Dr.". A
//     sentence never ends inside a span, so no entity is broken in two.
type conllWriter struct {
	w      *bufio.Writer
	losses []error
	unheld lossCounter
}

func newCoNLLWriter(w *bufio.Writer) Writer { return &conllWriter{w: w} }

func (cw *conllWriter) Close() error { return cw.w.Flush() }

// Losses lists the spans left out because BIO cannot hold them, and
// counts the relations, notes and the rest that CoNLL has no place for
// (see Lossy).
func (cw *conllWriter) Losses() []error { return append(cw.losses, cw.unheld.errors("CoNLL")...) }

func (cw *conllWriter) WriteDoc(d *Doc) error {
	cw.unheld.unheld(d, 0)
	w := cw.w
	w.WriteString("-DOCSTART-\tO\n\n")
	for _, sent := range cw.sentences(d) {
		for _, t := range sent {
			w.WriteString(conllToken(t.word))
			w.WriteByte('\t')
			w.WriteString(t.tag)
			w.WriteByte('\n')
		}
		w.WriteByte('\n')
	}
	_, err := w.Write(nil) // bufio keeps the first write error
	return err
}

// bioToken is a word with its BIO tag.
type bioToken struct{ word, tag string }

// sentences tokenises a document, tags its words by the spans BIO can
// hold (reporting the others) and cuts it into sentences, by the rules
// in conllWriter's doc. The Hugging Face writer shares it.
func (cw *conllWriter) sentences(d *Doc) [][]bioToken {
	idx := text.NewIndex(d.Doc.Text)
	kept := cw.bioSpans(d)
	cuts := make([]int, 0, 2*len(kept))
	for _, s := range kept {
		cuts = append(cuts, s.Start, s.End)
	}
	toks := text.TokensSplitAt(d.Doc.Text, cuts)
	tags := bioTags(toks, kept)
	cw.loseUntagged(d, kept, tags)
	var out [][]bioToken
	var cur []bioToken
	final := false // the sentence so far ends in final punctuation
	for i, t := range toks {
		word := idx.Slice(t.Start, t.End)
		if i > 0 {
			gap := idx.Slice(toks[i-1].End, t.Start)
			if sentenceBreak(gap, word, final) && !strings.HasPrefix(tags[i], "I-") {
				out = append(out, cur)
				cur = nil
				final = false
			}
		}
		final = sentenceFinal(word) || (final && i > 0 && toks[i-1].End == t.Start && closing(word))
		cur = append(cur, bioToken{word, tags[i]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// bioSpans picks the spans BIO can hold, by the rule in conllWriter's doc,
// and records the others as losses.
func (cw *conllWriter) bioSpans(d *Doc) []annot.Span {
	order := make([]annot.Span, len(d.Spans))
	copy(order, d.Spans)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &order[i], &order[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.Label < b.Label
	})
	var kept []annot.Span
	for _, s := range order {
		if len(kept) > 0 {
			last := &kept[len(kept)-1]
			if s.Start == last.Start && s.End == last.End && noSpace(s.Label) == noSpace(last.Label) {
				continue
			}
			if s.Start < last.End {
				cw.losses = append(cw.losses, docLoss(d, "span %d-%d %s overlaps span %d-%d %s; BIO gives each token one tag, so it is left out",
					s.Start, s.End, s.Label, last.Start, last.End, last.Label))
				continue
			}
		}
		kept = append(kept, s)
	}
	return kept
}

// bioTags tags each token from the kept spans, which do not overlap, are
// sorted, and start and end on token boundaries.
func bioTags(toks []text.Token, kept []annot.Span) []string {
	tags := make([]string, len(toks))
	k, open := 0, -1 // open: the span whose B was written
	for i, t := range toks {
		for k < len(kept) && kept[k].End <= t.Start {
			k++
		}
		switch {
		case k < len(kept) && kept[k].Start <= t.Start && t.End <= kept[k].End && open == k:
			tags[i] = "I-" + noSpace(kept[k].Label)
		case k < len(kept) && kept[k].Start <= t.Start && t.End <= kept[k].End:
			tags[i] = "B-" + noSpace(kept[k].Label)
			open = k
		default:
			tags[i] = "O"
		}
	}
	return tags
}

// loseUntagged reports kept spans that cover no token (only white space),
// which BIO cannot show.
func (cw *conllWriter) loseUntagged(d *Doc, kept []annot.Span, tags []string) {
	begun := 0
	for _, t := range tags {
		if strings.HasPrefix(t, "B-") {
			begun++
		}
	}
	if begun == len(kept) {
		return
	}
	toks := text.Tokens(d.Doc.Text)
	for _, s := range kept {
		i := sort.Search(len(toks), func(i int) bool { return toks[i].End > s.Start })
		if i == len(toks) || toks[i].Start >= s.End {
			cw.losses = append(cw.losses, docLoss(d, "span %d-%d %s covers no word, only white space, so BIO cannot show it", s.Start, s.End, s.Label))
		}
	}
}

// sentenceBreak decides whether a new sentence starts at word, given the
// text since the previous token and whether that token ended a sentence.
func sentenceBreak(gap, word string, final bool) bool {
	if strings.ContainsFunc(gap, isLineBreak) {
		return true
	}
	return final && !sentenceFinal(word) && !(gap == "" && closing(word))
}

// sentenceFinal reports whether a token is only sentence-final punctuation.
func sentenceFinal(word string) bool {
	return word != "" && strings.Trim(word, ".!?।॥。！？؟") == ""
}

// closing reports whether a token is only closing quotes or brackets,
// which stay with the sentence they close.
func closing(word string) bool {
	for _, r := range word {
		if !unicode.Is(unicode.Pe, r) && !unicode.Is(unicode.Pf, r) && r != '"' && r != '\'' {
			return false
		}
	}
	return word != ""
}

// conllToken guards the one-token-a-line layout: tokens never hold white
// space or control characters, but if one did it would break the line.
func conllToken(word string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, word)
}
