package formats

import (
	"bufio"
	"encoding/hex"
	"hash/fnv"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// labelStudioWriter writes a JSON array of tasks for Label Studio's
// default named-entity project (<Labels name="label" toName="text">
// over <Text name="text" value="$text">), one task a line:
//   - "id" is the document's 1-based place in the export; Label Studio
//     gives imported tasks ids of its own anyway.
//   - "data" holds "text" and the document's meta fields, except the
//     "labelstudio_id" that an import added.
//   - Each annotator's spans and relations make one annotation, with
//     "completed_by": {"email": name}, the form Label Studio matches to
//     its users on import. A name that is no user's email is refused by
//     Label Studio unless ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS is set,
//     which gives the work to the importing user. An annotator who marked
//     the document done without tagging anything gets an empty
//     annotation: "nothing to tag" is an answer.
//   - An annotation whose spans are all accepted is "ground_truth".
//   - Spans of "prediction:<version>" annotators go back to
//     "predictions" with that model_version, and so do suggestions (export
//     --suggestions), one prediction per origin, the origin as
//     model_version ("import:prediction:v3" as "v3"). A span accepted
//     from a suggestion has "origin": "prediction", or
//     "prediction-changed" if the analyst changed it.
//   - A region's id is the first ten hex digits of its span's UUID, the
//     same in every export, and its offsets are UTF-16 units, as the
//     browser counts; "value.text" lets readers check them.
type labelStudioWriter struct {
	w      *bufio.Writer
	buf    []byte
	count  int
	losses lossCounter
}

// Losses counts what Label Studio's tasks have no place for: notes,
// answers, and verdicts other than an annotation accepted whole (see
// Lossy).
func (lw *labelStudioWriter) Losses() []error { return lw.losses.errors("Label Studio") }

func newLabelStudioWriter(w *bufio.Writer) Writer { return &labelStudioWriter{w: w} }

// lsGroup is one annotation to write.
type lsGroup struct {
	who   string
	spans []int
	rels  []int
}

func (lw *labelStudioWriter) WriteDoc(d *Doc) error {
	lw.count++
	lw.losses.unheld(d, holdsRelations|holdsAnnotators|holdsMeta|holdsStates|holdsVerdicts|holdsOrigins|holdsSuggestions)
	lw.losses.addN(d, originCount(d, lsKeepsOrigin), "names of the rules, patterns and occurrences that spans were accepted from (Label Studio marks them \"prediction\")")
	for _, g := range lsGroups(d) {
		if !allAccepted(d.Spans, g.spans) {
			for _, i := range g.spans {
				if d.Spans[i].Status != annot.Pending {
					lw.losses.add(d, "review verdicts other than an annotation accepted whole (ground truth)")
				}
			}
		}
	}
	b := lw.buf[:0]
	if lw.count == 1 {
		b = append(b, '[', '\n')
	} else {
		b = append(b, ',', '\n')
	}
	b = lw.appendTask(b, d)
	lw.buf = b
	_, err := lw.w.Write(b)
	return err
}

func (lw *labelStudioWriter) Close() error {
	end := "\n]\n"
	if lw.count == 0 {
		end = "[]\n"
	}
	if _, err := lw.w.WriteString(end); err != nil {
		return err
	}
	return lw.w.Flush()
}

func (lw *labelStudioWriter) appendTask(b []byte, d *Doc) []byte {
	idx := text.NewIndex(d.Doc.Text)
	sd, sugGroups := lsSuggestionDoc(d)
	var ids map[string]string
	if sd != nil {
		ids = lsResultIDs(append(append([]annot.Span(nil), d.Spans...), sd.Spans...))
	} else {
		ids = lsResultIDs(d.Spans)
	}
	groups := lsGroups(d)
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendInt(b, lw.count)
	b = appendKey(b, true, "data")
	b = appendLSData(b, d.Doc)
	b = appendKey(b, true, "annotations")
	b = append(b, '[')
	n := 0
	for _, g := range groups {
		if !strings.HasPrefix(g.who, predictionPrefix) {
			b = appendLSAnnotation(b, n, &g, d, idx, ids)
			n++
		}
	}
	b = append(b, ']')
	b = appendKey(b, true, "predictions")
	b = append(b, '[')
	n = 0
	for _, g := range groups {
		if strings.HasPrefix(g.who, predictionPrefix) {
			b = appendLSAnnotation(b, n, &g, d, idx, ids)
			n++
		}
	}
	for _, g := range sugGroups {
		b = appendLSAnnotation(b, n, &g, sd, idx, ids)
		n++
	}
	b = append(b, ']')
	return append(b, '}')
}

// appendLSData writes the task's data: the text, then the meta fields.
func appendLSData(b []byte, doc *annot.Document) []byte {
	fields, _ := objectFields(doc.Meta)
	keep := []jsonField{{labelStudioTextField, appendString(nil, doc.Text)}}
	for _, f := range fields {
		if f.Key != labelStudioTextField && f.Key != metaLabelStudioID {
			keep = append(keep, f)
		}
	}
	return appendFields(b, keep)
}

// lsGroups gathers each annotator's spans and relations, by name.
func lsGroups(d *Doc) []lsGroup {
	at := map[string]*lsGroup{}
	get := func(who string) *lsGroup {
		if at[who] == nil {
			at[who] = &lsGroup{who: who}
		}
		return at[who]
	}
	for i := range d.Spans {
		g := get(d.Spans[i].Annotator)
		g.spans = append(g.spans, i)
	}
	for i := range d.Relations {
		g := get(d.Relations[i].Annotator)
		g.rels = append(g.rels, i)
	}
	for who, st := range d.States {
		if st == annot.StateDone {
			get(who)
		}
	}
	out := make([]lsGroup, 0, len(at))
	for _, who := range sortedKeys(at) {
		out = append(out, *at[who])
	}
	return out
}

func appendLSAnnotation(b []byte, n int, g *lsGroup, d *Doc, idx *text.Index, ids map[string]string) []byte {
	if n > 0 {
		b = append(b, ',')
	}
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendInt(b, n+1)
	if v, ok := strings.CutPrefix(g.who, predictionPrefix); ok {
		b = appendKey(b, true, "model_version")
		b = appendString(b, v)
	} else {
		b = appendKey(b, true, "completed_by")
		b = append(b, `{"email":`...)
		b = appendString(b, g.who)
		b = append(b, '}')
		b = appendKey(b, true, "was_cancelled")
		b = append(b, "false"...)
		b = appendKey(b, true, "ground_truth")
		b = strconv.AppendBool(b, allAccepted(d.Spans, g.spans))
	}
	b = appendKey(b, true, "result")
	b = append(b, '[')
	for k, i := range g.spans {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendLSRegion(b, &d.Spans[i], idx, ids)
	}
	comma := len(g.spans) > 0
	for _, i := range g.rels {
		r := &d.Relations[i]
		from, to := ids[r.From], ids[r.To]
		if from == "" || to == "" {
			continue // Doc.Relations join only exported spans; be safe anyway
		}
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = append(b, `{"from_id":`...)
		b = appendString(b, from)
		b = appendKey(b, true, "to_id")
		b = appendString(b, to)
		b = append(b, `,"type":"relation","direction":"right","labels":[`...)
		b = appendString(b, r.Type)
		b = append(b, ']', '}')
	}
	b = append(b, ']')
	return append(b, '}')
}

func appendLSRegion(b []byte, s *annot.Span, idx *text.Index, ids map[string]string) []byte {
	b = append(b, '{')
	b = appendKey(b, false, "id")
	b = appendString(b, ids[s.ID])
	b = appendKey(b, true, "from_name")
	b = appendString(b, labelStudioFromName)
	b = appendKey(b, true, "to_name")
	b = appendString(b, labelStudioToName)
	b = append(b, `,"type":"labels","value":{"start":`...)
	b = appendInt(b, idx.UTF16(s.Start))
	b = appendKey(b, true, "end")
	b = appendInt(b, idx.UTF16(s.End))
	b = appendKey(b, true, "text")
	b = appendString(b, idx.Slice(s.Start, s.End))
	b = appendKey(b, true, "labels")
	b = append(b, '[')
	b = appendString(b, s.Label)
	b = append(b, ']', '}')
	if s.Origin != "" {
		b = appendKey(b, true, "origin")
		if s.Changed {
			b = appendString(b, lsOriginChanged)
		} else {
			b = appendString(b, lsOriginPrediction)
		}
	}
	return append(b, '}')
}

func allAccepted(spans []annot.Span, which []int) bool {
	for _, i := range which {
		if spans[i].Status != annot.Accepted {
			return false
		}
	}
	return len(which) > 0
}

// lsResultIDs gives each span a region id that stays the same from one
// export to the next: the first ten hex digits of its UUID (Label Studio's
// own ids are ten characters), longer where two spans of the document
// would share one, and a hash for a span id that is not hex.
func lsResultIDs(spans []annot.Span) map[string]string {
	ids := make(map[string]string, len(spans))
	used := make(map[string]bool, len(spans))
	for i := range spans {
		full := hexID(spans[i].ID)
		id := full[:min(10, len(full))]
		for n := len(id); used[id] && n < len(full); n++ {
			id = full[:n+1]
		}
		for k := 2; used[id]; k++ {
			id = full + "-" + strconv.Itoa(k)
		}
		used[id] = true
		ids[spans[i].ID] = id
	}
	return ids
}

// hexID is a span id as hex digits: a UUID without its dashes, or the
// FNV-64a hash of anything else.
func hexID(id string) string {
	h := strings.ReplaceAll(id, "-", "")
	if _, err := hex.DecodeString(h); err == nil && len(h) >= 10 {
		return strings.ToLower(h)
	}
	f := fnv.New64a()
	f.Write([]byte(id))
	return hex.EncodeToString(f.Sum(nil))
}
