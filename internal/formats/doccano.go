package formats

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"

	"app.spanmark.org/spanmark/internal/annot"
)

// doccano writes JSONL in several shapes, all read here; offsets are code
// points (doccano is Python):
//
//   - sequence labelling: "label" (or "labels") a list of
//     [start, end, "LABEL"] triples or {start_offset, end_offset, label}
//     objects;
//   - relation extraction: "entities" as objects with numeric ids, and
//     "relations" joining them by from_id and to_id;
//   - intent detection and slot filling: "entities" as triples and
//     "cats", the intents;
//   - text classification: "label" a list of category names;
//   - doccano 1.x "JSONL (with user)": "annotations", each with a numeric
//     label id, a "user" id and, for spans, start_offset and end_offset.
//     A label id is named from Options.Labels (the project's label list,
//     which doccano exports from its Labels page); an id it does not name
//     becomes the label "label-ID", with a warning. A user id becomes the
//     annotator "doccano-user-ID", since the export names no one.
//
// Document categories (cats, text-classification labels, 1.x annotations
// without offsets) are kept in the meta under "categories", keyed by
// annotator. Other keys, doccano's "meta" among them, become the
// document's meta, as doccano itself does on import; "id" is kept as
// "doccano_id" and 1.x's "annotation_approver" as "doccano_approver"
// (an approval in doccano is not a Spanmark review, so it makes no gold).

const (
	metaDoccanoID       = "doccano_id"
	metaDoccanoApprover = "doccano_approver"
	doccanoUserPrefix   = "doccano-user-"
)

type doccanoDoc struct {
	Text        *string           `json:"text"`
	Label       json.RawMessage   `json:"label"`
	Labels      json.RawMessage   `json:"labels"`
	Entities    json.RawMessage   `json:"entities"`
	Relations   []doccanoRelation `json:"relations"`
	Meta        json.RawMessage   `json:"meta"`
	Cats        json.RawMessage   `json:"cats"`
	Annotations json.RawMessage   `json:"annotations"`
	Approver    json.RawMessage   `json:"annotation_approver"`
	ID          json.RawMessage   `json:"id"`
}

type doccanoEntity struct {
	ID          json.RawMessage `json:"id"`
	StartOffset *whole          `json:"start_offset"`
	EndOffset   *whole          `json:"end_offset"`
	Label       json.RawMessage `json:"label"`
	User        json.RawMessage `json:"user"`
}

type doccanoRelation struct {
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

var doccanoKnown = map[string]bool{
	"text": true, "label": true, "labels": true, "entities": true, "relations": true, "meta": true,
	"cats": true, "annotations": true, "annotation_approver": true, "id": true,
}

// ReadDoccano reads doccano JSONL (or a .json array or single object).
func ReadDoccano(name string, data []byte, opt Options, sink *Sink) error {
	dr := &doccanoReader{name: name, opt: opt, sink: sink, unnamed: map[string]bool{}}
	return eachObject(name, data, dr.record)
}

type doccanoReader struct {
	name     string
	opt      Options
	sink     *Sink
	unnamed  map[string]bool // label ids already warned about
	toldCats bool
}

// doccanoRecord is one record being read.
type doccanoRecord struct {
	*doccanoReader
	line int
	b    *builder
	cats map[string][]string // annotator -> categories
}

func (dr *doccanoReader) record(line int, obj []byte) error {
	var d doccanoDoc
	if err := decodeObject(obj, &d); err != nil {
		return err
	}
	if d.Text == nil {
		return annot.Errorf(annot.Invalid, `no "text": every doccano record needs the document's text`)
	}
	r := &doccanoRecord{doccanoReader: dr, line: line, b: newBuilder(dr.name, line, *d.Text)}
	labels := d.Label
	if isAbsent(labels) {
		labels = d.Labels
	}
	if err := r.labels(labels); err != nil {
		return err
	}
	if err := r.entities(d.Entities, d.Relations); err != nil {
		return err
	}
	if err := r.categories(`"cats"`, d.Cats, dr.opt.Annotator); err != nil {
		return err
	}
	if err := r.annotations(d.Annotations); err != nil {
		return err
	}
	meta, err := r.meta(obj, &d)
	if err != nil {
		return err
	}
	rec, err := r.b.finish(metaTitle(meta), meta)
	if err != nil {
		return err
	}
	return dr.sink.Record(rec)
}

func isAbsent(raw json.RawMessage) bool { return len(raw) == 0 || firstByte(raw) == 'n' }

// labels reads a "label" list: spans as triples or objects, categories as
// strings.
func (r *doccanoRecord) labels(raw json.RawMessage) error {
	if isAbsent(raw) {
		return nil
	}
	// The record was decoded already, so the list is valid JSON: it is
	// split without being decoded again.
	if firstByte(raw) != '[' {
		return annot.Errorf(annot.Invalid, `"label" is %s, expected a list of [start, end, "LABEL"] triples or of category names`, describe(raw))
	}
	for i, it := range splitArray(raw) {
		if firstByte(it) == '"' {
			if err := r.addCategory(`"label"`, it, r.opt.Annotator); err != nil {
				return err
			}
			continue
		}
		start, end, label, err := doccanoSpan(it)
		if err != nil {
			return annot.Errorf(annot.Invalid, `"label" item %d: %v`, i+1, err)
		}
		if _, err := r.b.addSpan("", start, end, codePoints, label, r.opt.Annotator); err != nil {
			return annot.Errorf(annot.Invalid, `"label" item %d: %v`, i+1, err)
		}
	}
	return nil
}

// doccanoSpan parses one span: [start, end, "LABEL"] or
// {"start_offset":…, "end_offset":…, "label":…}.
func doccanoSpan(it json.RawMessage) (start, end int, label string, err error) {
	switch firstByte(it) {
	case '[':
		if start, end, label, ok := plainTriple(it); ok {
			return start, end, label, nil
		}
		return doccanoTriple(it)
	case '{':
		var e doccanoEntity
		if err := decodeObject(it, &e); err != nil {
			return 0, 0, "", err
		}
		if e.StartOffset == nil || e.EndOffset == nil {
			return 0, 0, "", annot.Errorf(annot.Invalid, "expected start_offset and end_offset in %s", clip(it))
		}
		if firstByte(e.Label) != '"' || json.Unmarshal(e.Label, &label) != nil {
			return 0, 0, "", annot.Errorf(annot.Invalid, "the label is %s, expected a string", describe(e.Label))
		}
		return int(*e.StartOffset), int(*e.EndOffset), label, nil
	}
	return 0, 0, "", annot.Errorf(annot.Invalid, "unknown label form: %s", describe(it))
}

// doccanoTriple parses [start, end, "LABEL"] in any form JSON allows.
func doccanoTriple(it json.RawMessage) (start, end int, label string, err error) {
	var parts []json.RawMessage
	if err := json.Unmarshal(it, &parts); err != nil || len(parts) != 3 {
		return 0, 0, "", annot.Errorf(annot.Invalid, "expected [start, end, \"LABEL\"], found %s", clip(it))
	}
	if start, err = jsonInt(parts[0]); err != nil {
		return 0, 0, "", err
	}
	if end, err = jsonInt(parts[1]); err != nil {
		return 0, 0, "", err
	}
	if err := json.Unmarshal(parts[2], &label); err != nil {
		return 0, 0, "", annot.Errorf(annot.Invalid, "the label is %s, expected a string", describe(parts[2]))
	}
	return start, end, label, nil
}

// jsonInt reads a JSON whole number (see whole), refusing fractions,
// strings and numbers too large for an offset.
func jsonInt(raw json.RawMessage) (int, error) {
	s := string(bytes.TrimSpace(raw))
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, annot.Errorf(annot.Invalid, "offset %s is not a whole number", clip(raw))
	}
	return int(f), nil
}

// entities reads the relation-extraction form (objects with ids) and the
// intent form (triples).
func (r *doccanoRecord) entities(raw json.RawMessage, rels []doccanoRelation) error {
	var ents []json.RawMessage
	if !isAbsent(raw) && (firstByte(raw) != '[' || json.Unmarshal(raw, &ents) != nil) {
		return annot.Errorf(annot.Invalid, `"entities" is %s, expected a list`, describe(raw))
	}
	ids := make(map[string]string, len(ents)) // doccano id -> span id
	for i, it := range ents {
		start, end, label, err := doccanoSpan(it)
		if err != nil {
			return annot.Errorf(annot.Invalid, "entity %d: %v", i+1, err)
		}
		s, err := r.b.addSpan("", start, end, codePoints, label, r.opt.Annotator)
		if err != nil {
			return annot.Errorf(annot.Invalid, "entity %d: %v", i+1, err)
		}
		if firstByte(it) != '{' {
			continue
		}
		var e doccanoEntity
		_ = json.Unmarshal(it, &e)
		if !isAbsent(e.ID) {
			key := string(bytes.TrimSpace(e.ID))
			if _, dup := ids[key]; dup {
				return annot.Errorf(annot.Invalid, "entity id %s is used twice", key)
			}
			ids[key] = s.ID
		}
	}
	for i, rel := range rels {
		from, ok1 := ids[string(bytes.TrimSpace(rel.FromID))]
		to, ok2 := ids[string(bytes.TrimSpace(rel.ToID))]
		if !ok1 || !ok2 {
			return annot.Errorf(annot.Invalid, "relation %d joins entities %s and %s, which are not both in \"entities\"", i+1, clip(rel.FromID), clip(rel.ToID))
		}
		if rel.Type == "" {
			return annot.Errorf(annot.Invalid, "relation %d has no type", i+1)
		}
		r.b.addRelation(from, to, rel.Type, r.opt.Annotator)
	}
	return nil
}

// annotations reads doccano 1.x's "annotations" (see above).
func (r *doccanoRecord) annotations(raw json.RawMessage) error {
	if isAbsent(raw) {
		return nil
	}
	var anns []doccanoEntity
	if firstByte(raw) != '[' {
		return annot.Errorf(annot.Invalid, `"annotations" is %s, expected a list`, describe(raw))
	}
	if err := decodeObject(raw, &anns); err != nil {
		return annot.Errorf(annot.Invalid, `"annotations": %v`, err)
	}
	for i, a := range anns {
		who := r.opt.Annotator
		if u := lsID(a.User); u != "" {
			who = doccanoUserPrefix + u
		}
		if isAbsent(a.Label) {
			r.sink.warn(r.name, r.line, "annotation %d has no label (a doccano sequence-to-sequence answer?); left out", i+1)
			continue
		}
		label := r.labelName(a.Label)
		if a.StartOffset == nil && a.EndOffset == nil {
			if err := r.addCategory(`"annotations"`, appendString(nil, label), who); err != nil {
				return err
			}
			continue
		}
		if a.StartOffset == nil || a.EndOffset == nil {
			return annot.Errorf(annot.Invalid, "annotation %d has only one of start_offset and end_offset", i+1)
		}
		if _, err := r.b.addSpan("", int(*a.StartOffset), int(*a.EndOffset), codePoints, label, who); err != nil {
			return annot.Errorf(annot.Invalid, "annotation %d: %v", i+1, err)
		}
	}
	return nil
}

// labelName names a 1.x label: a name as written, or an id looked up in
// the label list the user gave.
func (r *doccanoRecord) labelName(raw json.RawMessage) string {
	id := lsID(raw)
	if firstByte(raw) == '"' {
		if name, ok := r.opt.Labels[id]; ok {
			return name
		}
		return id
	}
	if name, ok := r.opt.Labels[id]; ok {
		return name
	}
	if !r.unnamed[id] {
		r.unnamed[id] = true
		how := "no label list was given (--labels FILE, the JSON that doccano's Labels page exports)"
		if len(r.opt.Labels) > 0 {
			how = "the label list given does not name it"
		}
		r.sink.warn(r.name, r.line, "label id %s cannot be named: %s; kept as the label %q (here and in later records)", id, how, "label-"+id)
	}
	return "label-" + id
}

// categories reads a list of category names for who.
func (r *doccanoRecord) categories(where string, raw json.RawMessage, who string) error {
	if isAbsent(raw) {
		return nil
	}
	var items []json.RawMessage
	if firstByte(raw) != '[' || json.Unmarshal(raw, &items) != nil {
		return annot.Errorf(annot.Invalid, `%s is %s, expected a list of category names`, where, describe(raw))
	}
	for _, it := range items {
		if err := r.addCategory(where, it, who); err != nil {
			return err
		}
	}
	return nil
}

func (r *doccanoRecord) addCategory(where string, raw json.RawMessage, who string) error {
	name := lsID(raw)
	if firstByte(raw) != '"' && firstByte(raw) != '-' && (firstByte(raw) < '0' || firstByte(raw) > '9') || name == "" {
		return annot.Errorf(annot.Invalid, `%s holds %s, expected a category name`, where, describe(raw))
	}
	if r.cats == nil {
		r.cats = map[string][]string{}
	}
	for _, c := range r.cats[who] {
		if c == name {
			return nil
		}
	}
	r.cats[who] = append(r.cats[who], name)
	if !r.toldCats {
		r.toldCats = true
		r.sink.warn(r.name, r.line, `document categories (%s) are kept in the document's meta under "categories", not as spans (here and in later records)`, where)
	}
	return nil
}

// meta is doccano's "meta" plus the record's other keys, its id, its
// approver and its categories.
func (r *doccanoRecord) meta(obj []byte, d *doccanoDoc) (json.RawMessage, error) {
	meta := compactMeta(d.Meta)
	var extra []jsonField
	if !isAbsent(d.Meta) && firstByte(d.Meta) != '{' {
		extra = append(extra, jsonField{"meta", d.Meta})
	}
	var fields []jsonField
	if hasOtherKeys(obj, doccanoKnown) {
		var err error
		if fields, err = objectFields(obj); err != nil {
			return nil, err
		}
	}
	inMeta, _ := objectFields(meta)
	for _, f := range fields {
		if doccanoKnown[f.Key] {
			continue
		}
		if hasField(inMeta, f.Key) {
			r.sink.warn(r.name, r.line, `the key %q is also in "meta"; the meta's value is kept and %s left out`, f.Key, clip(f.Value))
			continue
		}
		extra = append(extra, f)
	}
	if !isAbsent(d.ID) {
		extra = append(extra, jsonField{metaDoccanoID, d.ID})
	}
	if !isAbsent(d.Approver) {
		extra = append(extra, jsonField{metaDoccanoApprover, d.Approver})
	}
	if len(r.cats) > 0 {
		extra = append(extra, jsonField{metaCategories, categoriesJSON(r.cats)})
	}
	return metaWith(meta, extra), nil
}

// categoriesJSON writes annotator -> categories as a JSON object.
func categoriesJSON(cats map[string][]string) json.RawMessage {
	var obj []jsonField
	for _, who := range sortedKeys(cats) {
		list := []byte{'['}
		for i, c := range cats[who] {
			if i > 0 {
				list = append(list, ',')
			}
			list = appendString(list, c)
		}
		obj = append(obj, jsonField{who, append(list, ']')})
	}
	return appendFields(nil, obj)
}

// metaCategoryList is the union of every annotator's categories in a
// document's meta, in order of first appearance by annotator name.
func metaCategoryList(meta json.RawMessage) []string {
	// Most meta has no categories: without the key written out, or a
	// backslash that could spell it another way, there is none to find,
	// and the object need not be taken apart.
	if !bytes.Contains(meta, []byte(`"`+metaCategories+`"`)) && bytes.IndexByte(meta, '\\') < 0 {
		return nil
	}
	fields, err := objectFields(meta)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Key != metaCategories {
			continue
		}
		sub, err := objectFields(f.Value)
		if err != nil {
			return nil
		}
		sort.Slice(sub, func(i, j int) bool { return sub[i].Key < sub[j].Key })
		for _, who := range sub {
			var list []string
			_ = json.Unmarshal(who.Value, &list)
			for _, c := range list {
				if !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// metaTitle takes a title from a meta object, if it has one.
func metaTitle(meta json.RawMessage) string {
	if firstByte(meta) != '{' {
		return ""
	}
	var m struct {
		Title json.RawMessage `json:"title"`
	}
	_ = json.Unmarshal(meta, &m)
	var s string
	if json.Unmarshal(m.Title, &s) == nil {
		return s
	}
	return ""
}

// compactMeta keeps a meta object on one line, or drops what is not one.
func compactMeta(meta json.RawMessage) json.RawMessage {
	if firstByte(meta) != '{' {
		return nil
	}
	var buf bytes.Buffer
	if json.Compact(&buf, meta) != nil {
		return nil
	}
	if buf.Len() == 2 {
		return nil
	}
	return buf.Bytes()
}
