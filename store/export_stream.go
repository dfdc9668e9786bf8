package store

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// exportStream hands fn every document of a project small enough to read
// in one go (see wholeExport), as SQLite reads it. One query returns each
// document in import order with its live spans packed into one string,
// so the first document reaches fn (and the export's writer, on another
// goroutine) while SQLite is still reading the rest: reading and writing
// overlap instead of following each other. Relations, states, answers,
// verdicts and suggestions, which most projects have few of, are read
// first, whole.
func exportStream(r *readTx, annotators map[string]string, f annot.ExportFilter, fn func(*annot.Bundle) error) error {
	labels, err := r.idNames(`SELECT id, name FROM labels`)
	if err != nil {
		return err
	}
	verdicts, err := r.verdicts(annotators)
	if err != nil {
		return err
	}
	var parts edit.ExportParts
	if parts.Relations, err = r.liveRelations(annotators); err != nil {
		return err
	}
	if parts.States, parts.Answers, err = r.statesAnswers(annotators); err != nil {
		return err
	}
	if f.Suggestions {
		if parts.Suggested, err = edit.SuggestedWhere(r.ctx, editTx{r.tx}, `1 = 1`); err != nil {
			return err
		}
	}
	var args []any
	who := ""
	if f.Annotator != "" {
		who = ` AND s.annotator_id = ?`
		for id, name := range annotators {
			if name == f.Annotator {
				args = append(args, id)
			}
		}
	}
	q := `SELECT d.id, d.seq, d.title, d.source, d.text, d.meta, d.hash, d.created_at,
		(SELECT group_concat(` + packedSpan + `, ';') FROM spans s WHERE s.doc_id = d.id AND s.deleted_at IS NULL` + who + `)
		FROM documents d WHERE ` + visibleDoc + ` ORDER BY d.seq`
	// SQLite's stepping is most of an export's time: it runs on its own
	// goroutine, and the spans are unpacked on this one meanwhile.
	scanned := make(chan *scannedDoc, 64)
	stop := make(chan struct{})
	scanErr := make(chan error, 1)
	go func() {
		defer close(scanned)
		scanErr <- scanDocs(r, q, args, scanned, stop)
	}()
	finish := func(err error) error {
		close(stop)
		for range scanned { // let scanDocs see stop and close its rows
		}
		if serr := <-scanErr; err == nil {
			err = serr
		}
		return err
	}
	for sd := range scanned {
		b := &sd.b
		d := &b.Doc
		if sd.packed != nil {
			if b.Spans, err = unpackSpans(d.ID, *sd.packed, annotators, labels, verdicts); err != nil {
				return finish(err)
			}
		}
		parts.Fill(b, f)
		if err := fn(b); err != nil {
			return finish(err)
		}
	}
	return finish(nil)
}

// scannedDoc is a document as exportStream's query returns it, its spans
// still packed (nil when it has none).
type scannedDoc struct {
	b      annot.Bundle
	packed *string
}

// scanDocs runs exportStream's query q and sends each row to out until
// the rows end or stop is closed.
func scanDocs(r *readTx, q string, args []any, out chan<- *scannedDoc, stop <-chan struct{}) error {
	rows, err := r.tx.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		sd := &scannedDoc{}
		d := &sd.b.Doc
		var meta, created string
		if err := rows.Scan(&d.ID, &d.Seq, &d.Title, &d.Source, &d.Text, &meta, &d.Hash, &created, &sd.packed); err != nil {
			return err
		}
		if meta != "{}" && meta != "" {
			d.Meta = []byte(meta)
		}
		d.CreatedAt = parseTime(created)
		select {
		case <-stop: // checked first: the reader drains out after stopping
			return nil
		default:
		}
		select {
		case out <- sd:
		case <-stop:
			return nil
		}
	}
	return rows.Err()
}

// packedSpan is one span of the s (spans) row as text: its ID, annotator
// ID, offsets and label ID, which no ID or number can confuse with the
// separators; and, only for a span with a note, an answer, a curation
// mark, a span it corrects, an origin or a change (few are), those six
// after them, the two free texts in hex. concat_ws leaves out the NULL
// that the CASE gives a plain span. Each part of the expression costs
// SQLite time on every one of the spans, so plain spans test rather than
// write the rare columns.
const packedSpan = `concat_ws(',', s.id, s.annotator_id, s.off_start, s.off_end, s.label_id,
	CASE WHEN s.note <> '' OR s.answer <> '' OR s.curation OR s.corrects IS NOT NULL OR s.origin <> '' OR s.changed
	THEN concat_ws(',', hex(s.note), s.answer, s.curation, COALESCE(s.corrects, ''), hex(s.origin), s.changed) END)`

// unpackSpans reads the spans of document doc that packedSpan wrote,
// joined by ';'.
func unpackSpans(doc, packed string, annotators, labels map[string]string, verdicts map[string]annot.Verdict) ([]annot.Span, error) {
	spans := make([]annot.Span, 0, strings.Count(packed, ";")+1)
	for rec := range strings.SplitSeq(packed, ";") {
		var f [11]string
		n := cutFields(rec, f[:])
		if n != 5 && n != 11 {
			return nil, fmt.Errorf("read spans of document %s: unexpected %q", doc, rec)
		}
		s := annot.Span{ID: f[0], DocID: doc, Annotator: annotators[f[1]], Label: labels[f[4]], Status: annot.Pending}
		var err error
		if s.Start, err = strconv.Atoi(f[2]); err == nil {
			s.End, err = strconv.Atoi(f[3])
		}
		if n == 11 && err == nil {
			var note, origin []byte
			if note, err = hex.DecodeString(f[5]); err == nil {
				origin, err = hex.DecodeString(f[9])
			}
			s.Note, s.Answer, s.Curation, s.Corrects = string(note), annot.Answer(f[6]), f[7] == "1", f[8]
			s.Origin, s.Changed = string(origin), f[10] == "1"
		}
		if err != nil {
			return nil, fmt.Errorf("read spans of document %s: %w", doc, err)
		}
		if v, ok := verdicts[s.ID]; ok {
			s.Status, s.Reviewer = v.Decision, v.Reviewer
		}
		spans = append(spans, s)
	}
	return spans, nil
}

// cutFields cuts s at commas into f and returns how many fields it
// found, len(f)+1 when there are more than f holds.
func cutFields(s string, f []string) int {
	for i := range f {
		j := strings.IndexByte(s, ',')
		if j < 0 {
			f[i] = s
			return i + 1
		}
		f[i], s = s[:j], s[j+1:]
	}
	return len(f) + 1
}
