package formats

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// prodigyWriter writes Prodigy JSONL. A document whose spans are all
// accepted (a --gold export, or a fully reviewed document) is one task:
// the reviewed version, answered "accept", duplicates folded. Otherwise
// it is one task per annotator, as Prodigy itself stores multi-user work:
// each task carries its "_annotator_id", and all of a document's tasks
// share its "_input_hash", so that several annotators' overlapping spans
// never meet in one task. Spans a reviewer rejected go into a task of
// their own answered "reject" (or the "ignore" an import kept), so that
// they never train a model as positives. A model's unreviewed
// predictions ("prediction:<version>" spans, from Label Studio) are
// written without an answer, as suggestions. An annotator who marked the
// document done without a span gets an empty accepted task: "nothing to
// tag" is an answer. A document nobody has worked on is written without
// an answer, as Prodigy input to annotate.
type prodigyWriter struct {
	w   *bufio.Writer
	buf []byte
}

func newProdigyWriter(w *bufio.Writer) Writer { return &prodigyWriter{w: w} }

// prodigyOut is one task to write: spans (indices into Doc.Spans) that
// one annotator made, and the answer they stand under.
type prodigyOut struct {
	who    string
	spans  []int
	answer string
}

func (pw *prodigyWriter) WriteDoc(d *Doc) error {
	fields, answer, inputHash := prodigyWriteMeta(d.Doc)
	if inputHash == nil {
		h := prodigyHash(d.Doc.Text)
		inputHash = &h
	}
	idx := text.NewIndex(d.Doc.Text)
	toks := prodigyTokens(d.Doc.Text, idx, d.Spans)
	b := pw.buf[:0]
	for _, t := range prodigyTasks(d, answer) {
		b = appendProdigyTask(b, d, &t, idx, toks, fields, *inputHash)
	}
	pw.buf = b
	_, err := pw.w.Write(b)
	return err
}

func (pw *prodigyWriter) Close() error { return pw.w.Flush() }

// prodigyWriteMeta splits the document's meta into what goes into the
// task's "meta" and what Spanmark kept of an imported task.
func prodigyWriteMeta(d *annot.Document) (fields []jsonField, answer string, inputHash *int64) {
	fields, err := objectFields(d.Meta)
	if err != nil {
		return nil, "", nil
	}
	kept := fields[:0]
	for _, f := range fields {
		switch f.Key {
		case metaProdigyAnswer:
			var a string
			if json.Unmarshal(f.Value, &a) == nil && (a == answerReject || a == answerIgnore) {
				answer = a
			}
		case metaProdigyInputHash:
			if h, ok := prodigyHashValue(f.Value); ok {
				inputHash = &h
			}
		default:
			kept = append(kept, f)
		}
	}
	return kept, answer, inputHash
}

// prodigyTasks groups a document's spans into the tasks to write, by
// annotator name so that output is stable. metaAnswer is the answer an
// imported task had when it was not accept.
func prodigyTasks(d *Doc, metaAnswer string) []prodigyOut {
	if t, ok := prodigyGold(d.Spans); ok {
		return []prodigyOut{t}
	}
	byWho := map[string][]int{}
	for i := range d.Spans {
		byWho[d.Spans[i].Annotator] = append(byWho[d.Spans[i].Annotator], i)
	}
	for who, st := range d.States {
		if _, ok := byWho[who]; !ok && st == annot.StateDone {
			byWho[who] = nil
		}
	}
	if len(byWho) == 0 {
		return []prodigyOut{{answer: metaAnswer}}
	}
	var out []prodigyOut
	for _, who := range sortedKeys(byWho) {
		var rest, rejected []int
		for _, i := range byWho[who] {
			if d.Spans[i].Status == annot.Rejected {
				rejected = append(rejected, i)
			} else {
				rest = append(rest, i)
			}
		}
		if metaAnswer != "" && len(rest) == 0 {
			out = append(out, prodigyOut{who, rejected, metaAnswer})
			continue
		}
		if len(rest) > 0 || len(rejected) == 0 {
			out = append(out, prodigyOut{who, rest, prodigyAnswerOf(who)})
		}
		if len(rejected) > 0 {
			out = append(out, prodigyOut{who, rejected, answerReject})
		}
	}
	return out
}

// prodigyAnswerOf is the answer an annotator's unrejected spans stand
// under: accept for a person's own work, none for a model's predictions,
// which are suggestions until someone reviews them (as in Prodigy's
// ner.correct before the annotator answers).
func prodigyAnswerOf(who string) string {
	if strings.HasPrefix(who, predictionPrefix) {
		return ""
	}
	return answerAccept
}

// prodigyGold makes the one task of a document whose spans are all
// accepted. It names an annotator only when all spans share one.
func prodigyGold(spans []annot.Span) (prodigyOut, bool) {
	t := prodigyOut{answer: answerAccept}
	for i := range spans {
		s := &spans[i]
		if s.Status != annot.Accepted {
			return prodigyOut{}, false
		}
		if i == 0 {
			t.who = s.Annotator
		} else if s.Annotator != t.who {
			t.who = ""
		}
		// Spans come sorted by start, end and label: duplicates are
		// neighbours.
		if k := len(t.spans); k > 0 {
			p := &spans[t.spans[k-1]]
			if p.Start == s.Start && p.End == s.End && p.Label == s.Label {
				continue
			}
		}
		t.spans = append(t.spans, i)
	}
	return t, len(t.spans) > 0
}

func appendProdigyTask(b []byte, d *Doc, t *prodigyOut, idx *text.Index, toks []text.Token, meta []jsonField, inputHash int64) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "text")
	b = appendString(b, d.Doc.Text)
	b = appendKey(b, true, "meta")
	b = appendFields(b, meta)
	b = appendKey(b, true, "_input_hash")
	b = strconv.AppendInt(b, inputHash, 10)
	b = appendKey(b, true, "_task_hash")
	b = strconv.AppendInt(b, prodigyTaskHash(inputHash, t, d.Spans), 10)
	b = appendKey(b, true, "tokens")
	b = appendProdigyTokens(b, idx, toks)
	b = appendKey(b, true, "spans")
	b = appendProdigySpans(b, d.Spans, t.spans, idx, toks)
	if t.answer != "" {
		b = appendKey(b, true, "answer")
		b = appendString(b, t.answer)
	}
	if t.who != "" {
		b = appendKey(b, true, "_annotator_id")
		b = appendString(b, t.who)
	}
	return append(b, '}', '\n')
}

func appendProdigyTokens(b []byte, idx *text.Index, toks []text.Token) []byte {
	b = append(b, '[')
	for i, tk := range toks {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "text")
		b = appendString(b, idx.Slice(tk.Start, tk.End))
		b = appendKey(b, true, "start")
		b = appendInt(b, tk.Start)
		b = appendKey(b, true, "end")
		b = appendInt(b, tk.End)
		b = appendKey(b, true, "id")
		b = appendInt(b, i)
		b = appendKey(b, true, "ws")
		ws := tk.End < idx.Len() && (i+1 == len(toks) || toks[i+1].Start > tk.End)
		b = strconv.AppendBool(b, ws)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendProdigySpans(b []byte, spans []annot.Span, which []int, idx *text.Index, toks []text.Token) []byte {
	b = append(b, '[')
	for k, i := range which {
		s := &spans[i]
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, false, "start")
		b = appendInt(b, s.Start)
		b = appendKey(b, true, "end")
		b = appendInt(b, s.End)
		b = appendKey(b, true, "text")
		b = appendString(b, idx.Slice(s.Start, s.End))
		b = appendKey(b, true, "label")
		b = appendString(b, s.Label)
		if ts, te, ok := tokenIndices(toks, s.Start, s.End); ok {
			b = appendKey(b, true, "token_start")
			b = appendInt(b, ts)
			b = appendKey(b, true, "token_end")
			b = appendInt(b, te)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// tokenIndices finds the first and last (inclusive) token of [start,
// end). prodigyTokens makes every span boundary a token boundary, so it
// fails only for a span outside the text.
func tokenIndices(toks []text.Token, start, end int) (int, int, bool) {
	ts := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= start })
	te := sort.Search(len(toks), func(i int) bool { return toks[i].End >= end })
	if ts == len(toks) || te == len(toks) || toks[ts].Start != start || toks[te].End != end || te < ts {
		return 0, 0, false
	}
	return ts, te, true
}

// prodigyTokens tokenises s so that every span starts on a token's start
// and ends on a token's end, which Prodigy's manual interfaces require.
// Word tokens are split where a span boundary falls inside them; where a
// boundary falls in the white space between words (a span that starts or
// ends with a space), that white space becomes tokens of its own, as
// spaCy does with runs of spaces.
func prodigyTokens(s string, idx *text.Index, spans []annot.Span) []text.Token {
	cuts := make([]int, 0, 2*len(spans))
	starts := make(map[int]bool, len(spans))
	ends := make(map[int]bool, len(spans))
	for i := range spans {
		cuts = append(cuts, spans[i].Start, spans[i].End)
		starts[spans[i].Start] = true
		ends[spans[i].End] = true
	}
	sort.Ints(cuts)
	words := text.TokensSplitAt(s, cuts)
	out := make([]text.Token, 0, len(words)+len(cuts))
	prev := 0
	for _, w := range append(words, text.Token{Start: idx.Len(), End: idx.Len()}) {
		out = appendGap(out, prev, w.Start, cuts, starts[prev], ends[w.Start])
		if w.End > w.Start {
			out = append(out, w)
		}
		prev = w.End
	}
	return out
}

// appendGap covers the white space [g0, g1) with tokens split at the cuts
// inside it, when a span needs a boundary there.
func appendGap(out []text.Token, g0, g1 int, cuts []int, spanStarts, spanEnds bool) []text.Token {
	if g0 >= g1 {
		return out
	}
	k := sort.SearchInts(cuts, g0+1)
	inner := k < len(cuts) && cuts[k] < g1
	if !inner && !spanStarts && !spanEnds {
		return out
	}
	start := g0
	for ; k < len(cuts) && cuts[k] < g1; k++ {
		if cuts[k] > start {
			out = append(out, text.Token{Start: start, End: cuts[k]})
			start = cuts[k]
		}
	}
	return append(out, text.Token{Start: start, End: g1})
}

// prodigyHash names a text the way _input_hash does: a 32-bit signed
// integer, the same for the same text. Prodigy's own hash function is
// internal to it; FNV-1a is stable, fast and documented.
func prodigyHash(s string) int64 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int64(int32(h.Sum32()))
}

// prodigyTaskHash names one task: its input, its annotator and its spans,
// so that two annotators' tasks on one text are not merged as duplicates
// when Prodigy adds them to a dataset.
func prodigyTaskHash(inputHash int64, t *prodigyOut, spans []annot.Span) int64 {
	h := fnv.New32a()
	var b []byte
	b = strconv.AppendInt(b, inputHash, 10)
	b = append(b, 0)
	b = append(b, t.who...)
	for _, i := range t.spans {
		s := &spans[i]
		b = append(b, 0)
		b = appendInt(b, s.Start)
		b = append(b, ' ')
		b = appendInt(b, s.End)
		b = append(b, ' ')
		b = append(b, s.Label...)
	}
	h.Write(b)
	return int64(int32(h.Sum32()))
}
