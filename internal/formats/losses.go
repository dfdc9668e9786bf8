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
