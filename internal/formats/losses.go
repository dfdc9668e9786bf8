package formats

import (
	"fmt"

	"app.spanmark.org/spanmark/internal/annot"
)

// lossCounter counts, by kind, what a writer could not put in its format,
// so that the export ends with one warning per kind that says how many
// were left out and in how many documents, instead of one per item.
type lossCounter struct {
	order []string
	kinds map[string]*lossKind
}

type lossKind struct {
	n     int
	docs  map[string]bool
	first string // the first document's title, for the message
}

// add counts one item of a kind for document d. what says what was lost
// and why, in the plural ("notes (brat has no place for them)").
func (c *lossCounter) add(d *Doc, what string, args ...any) {
	c.addN(d, 1, what, args...)
}

// addN counts n items at once.
func (c *lossCounter) addN(d *Doc, n int, what string, args ...any) {
	if n <= 0 {
		return
	}
	if len(args) > 0 {
		what = fmt.Sprintf(what, args...)
	}
	if c.kinds == nil {
		c.kinds = map[string]*lossKind{}
	}
	k := c.kinds[what]
	if k == nil {
		k = &lossKind{docs: map[string]bool{}, first: d.Doc.Title}
		c.kinds[what] = k
		c.order = append(c.order, what)
	}
	k.n += n
	k.docs[d.Doc.ID+"\x00"+d.Doc.Title] = true
}

// errors turns the counts into warnings naming the format.
func (c *lossCounter) errors(format string) []error {
	var out []error
	for _, what := range c.order {
		k := c.kinds[what]
		where := fmt.Sprintf("in %d documents (the first: %q)", len(k.docs), k.first)
		if len(k.docs) == 1 {
			where = fmt.Sprintf("in the document %q", k.first)
		}
		out = append(out, annot.Errorf(annot.Invalid, "%s cannot hold %d %s; left out %s", format, k.n, what, where))
	}
	return out
}

// holds says what a format can carry of a document beyond its spans.
type holds uint

const (
	holdsRelations   holds = 1 << iota
	holdsNotes             // a span's note
	holdsAnnotators        // whose each span and relation is
	holdsVerdicts          // a reviewer's accept or reject on a span
	holdsAnswers           // an annotator's own answer (Prodigy's)
	holdsMeta              // the document's meta (categories among it)
	holdsStates            // how far each annotator got
	holdsOrigins           // where a span accepted from a suggestion came from
	holdsSuggestions       // suggestions and the links between them (export --suggestions)
	holdsDecisions         // analysts' decisions on suggestions
)

// unheld counts what d has that a format holding only h cannot carry.
// Formats that hold a thing only in part count the rest themselves.
func (c *lossCounter) unheld(d *Doc, h holds) {
	if h&holdsRelations == 0 {
		c.addN(d, len(d.Relations), "relations")
	}
	notes, verdicts, answers := 0, 0, len(d.Answers)
	several := false // spans by more than one annotator
	for i := range d.Spans {
		s := &d.Spans[i]
		if s.Note != "" {
			notes++
		}
		if s.Status == annot.Accepted || s.Status == annot.Rejected {
			verdicts++
		}
		if s.Answer != "" {
			answers++
		}
		several = several || s.Annotator != d.Spans[0].Annotator
	}
	if h&holdsNotes == 0 {
		c.addN(d, notes, "notes")
	}
	if h&holdsVerdicts == 0 {
		c.addN(d, verdicts, "review verdicts (accepted or rejected)")
	}
	if h&holdsAnswers == 0 {
		c.addN(d, answers, "annotators' own answers (accept, reject, ignore)")
	}
	if h&holdsAnnotators == 0 && several {
		c.addN(d, len(d.Spans), "annotator names of spans by several annotators (written as one annotation)")
	}
	if h&holdsMeta == 0 && len(d.Doc.Meta) > 2 {
		c.add(d, "document meta objects")
	}
	if h&holdsStates == 0 {
		c.addN(d, len(d.States), "document states (how far each annotator got)")
	}
	if h&holdsOrigins == 0 {
		c.addN(d, originCount(d, nil), "origins of spans accepted from suggestions")
	}
	if g := d.Suggested; g != nil {
		if h&holdsSuggestions == 0 {
			c.addN(d, len(g.Suggestions), "suggestions")
			c.addN(d, len(g.Links), "suggested links")
		}
		if h&holdsDecisions == 0 {
			c.addN(d, len(g.Decisions), "decisions on suggestions (accepted, changed, rejected)")
		}
	}
}

// originCount counts the spans of d accepted from a suggestion, of an
// origin for which keep is false (all of them when keep is nil).
func originCount(d *Doc, keep func(string) bool) int {
	n := 0
	for i := range d.Spans {
		if o := d.Spans[i].Origin; o != "" && (keep == nil || !keep(o)) {
			n++
		}
	}
	return n
}
