package formats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

// Label Studio exports a JSON array of tasks. A task's "data" holds its
// text (and whatever else the project imported with it); each of its
// "annotations" is one person's submitted work, a "result" list of
// regions ({"type":"labels", "value":{start, end, text, labels}}) and of
// relations between them ({"type":"relation", from_id, to_id, labels}).
// "predictions" have the same shape and come from a model.
//
// Offsets: the Label Studio browser counts UTF-16 code units, but
// predictions made by Python backends usually count code points. The two
// differ only after a character outside the Basic Multilingual Plane (an
// emoji), so each region is read in UTF-16 first and, if its "value.text"
// is not what that covers, in code points; a region whose text matches
// neither is refused. A region without "value.text" is taken as UTF-16.
//
// Choices made where Label Studio leaves room:
//   - The text is data.text; else the data field that the regions'
//     "to_name" names (Label Studio's default configs name the Text tag
//     after its field); else the only string field of data.
//   - The other data fields become the document's meta, with the task's
//     id as "labelstudio_id".
//   - An annotation's annotator is the email of "completed_by" (Label
//     Studio matches users by email on import), else its username or name,
//     else the email or name in "created_username", else
//     "labelstudio-<user id>", else the importing user. A submitted
//     annotation marks its annotator done with the document; one marked
//     "ground_truth" accepts its spans.
//   - Cancelled (skipped) annotations are left out, with a warning.
//   - Predictions are imported as suggestions (see annot.Suggestion) of
//     origin "import:prediction:<model_version>" ("import:prediction"
//     without one; the model_version itself when it is an origin, as
//     Spanmark's export writes), their relations as suggested links.
//   - A region that an annotator accepted from a prediction ("origin":
//     "prediction" or "prediction-changed") keeps that origin.
//   - A region with several labels becomes one span per label.
//   - A relation's type is its first label, "related" without one; a
//     relation drawn right-to-left is stored from its "to" region.
//   - Results of other types (choices, text areas, ratings) are left out,
//     with a warning once per type and file: Spanmark keeps spans.

const (
	metaLabelStudioID    = "labelstudio_id"
	predictionPrefix     = "prediction:"
	defaultRelationType  = "related"
	labelStudioFromName  = "label"
	labelStudioToName    = "text"
	labelStudioTextField = "text"
)

type lsTask struct {
	ID          json.RawMessage `json:"id"`
	Data        json.RawMessage `json:"data"`
	Annotations []lsAnnotation  `json:"annotations"`
	Completions []lsAnnotation  `json:"completions"` // Label Studio before 1.0
	Predictions []lsAnnotation  `json:"predictions"`
}

type lsAnnotation struct {
	ID              json.RawMessage `json:"id"`
	CompletedBy     json.RawMessage `json:"completed_by"`
	CreatedUsername string          `json:"created_username"`
	ModelVersion    json.RawMessage `json:"model_version"`
	Result          []lsResult      `json:"result"`
	WasCancelled    bool            `json:"was_cancelled"`
	GroundTruth     bool            `json:"ground_truth"`
}

type lsResult struct {
	ID        json.RawMessage `json:"id"`
	ToName    string          `json:"to_name"`
	Type      string          `json:"type"`
	Value     json.RawMessage `json:"value"`
	FromID    json.RawMessage `json:"from_id"`
	ToID      json.RawMessage `json:"to_id"`
	Direction string          `json:"direction"`
	Labels    []string        `json:"labels"`
	Origin    string          `json:"origin"`
}

type lsValue struct {
	Start  *whole   `json:"start"`
	End    *whole   `json:"end"`
	Text   *string  `json:"text"`
	Labels []string `json:"labels"`
}

type lsUser struct {
	ID        json.RawMessage `json:"id"`
	Email     string          `json:"email"`
	Username  string          `json:"username"`
	FirstName string          `json:"first_name"`
	LastName  string          `json:"last_name"`
}

// lsReader holds what lasts across the tasks of one file.
type lsReader struct {
	name    string
	opt     Options
	sink    *Sink
	n       int             // tasks read so far
	skipped map[string]bool // result types already warned about
}

// ReadLabelStudio reads a Label Studio JSON export (an array of tasks),
// or JSONL, or a single task.
func ReadLabelStudio(name string, data []byte, opt Options, sink *Sink) error {
	r := &lsReader{name: name, opt: opt, sink: sink, skipped: map[string]bool{}}
	return eachObject(name, data, r.readTask)
}

// lsTaskReader reads one task into one record.
type lsTaskReader struct {
	*lsReader
	line int
	task string // how messages name the task
	b    *builder
	all  map[string][]string // result id -> span ids, across the task
}

// lsRead is an annotation (or prediction) being read.
type lsRead struct {
	a          *lsAnnotation
	who        string
	prediction bool
	regions    map[string][]string // result id -> span ids
}

func (r *lsReader) readTask(line int, obj []byte) error {
	r.n++
	var t lsTask
	if err := decodeObject(obj, &t); err != nil {
		return err
	}
	tr := &lsTaskReader{lsReader: r, line: line, task: lsTaskName(t.ID, r.n), all: map[string][]string{}}
	fields, err := objectFields(t.Data)
	if err != nil {
		return annot.Errorf(annot.Invalid, `%s: "data" %v`, tr.task, err)
	}
	anns := append(t.Annotations, t.Completions...)
	key, raw, err := lsText(fields, anns, t.Predictions)
	if err != nil {
		return annot.Errorf(annot.Invalid, "%s: %v", tr.task, err)
	}
	tr.b = newBuilder(r.name, line, raw)
	reads := tr.kept(anns, false)
	reads = append(reads, tr.kept(t.Predictions, true)...)
	// Regions first, relations after: a relation may point into an
	// annotation that comes later in the task.
	for i := range reads {
		if err := tr.regions(&reads[i]); err != nil {
			return err
		}
	}
	for i := range reads {
		if err := tr.relations(&reads[i]); err != nil {
			return err
		}
		tr.submitted(&reads[i])
	}
	tr.suggestions(reads)
	meta := lsMeta(fields, key, t.ID)
	rec, err := tr.b.finish(metaTitle(meta), meta)
	if err != nil {
		return err
	}
	return r.sink.Record(rec)
}

// kept names the annotators of anns and leaves out, with a warning, the
// annotations that were cancelled.
func (tr *lsTaskReader) kept(anns []lsAnnotation, prediction bool) []lsRead {
	out := make([]lsRead, 0, len(anns))
	for i := range anns {
		a := &anns[i]
		who := tr.annotator(a, prediction)
		if a.WasCancelled {
			tr.sink.warn(tr.name, tr.line, "%s: the annotation %s by %s was cancelled in Label Studio; left out",
				tr.task, lsOr(lsID(a.ID), "without id"), who)
			continue
		}
		out = append(out, lsRead{a: a, who: who, prediction: prediction, regions: map[string][]string{}})
	}
	return out
}

func (tr *lsTaskReader) regions(ar *lsRead) error {
	for i := range ar.a.Result {
		if err := tr.region(ar, &ar.a.Result[i], i); err != nil {
			return err
		}
	}
	return nil
}

func (tr *lsTaskReader) relations(ar *lsRead) error {
	for i := range ar.a.Result {
		if err := tr.relation(ar, &ar.a.Result[i], i); err != nil {
			return err
		}
	}
	return nil
}

// submitted records what a person's submitted annotation says beyond its
// spans: they are done with the document, and a ground truth annotation
// accepts its spans.
func (tr *lsTaskReader) submitted(ar *lsRead) {
	if ar.prediction {
		return
	}
	if tr.b.rec.States == nil {
		tr.b.rec.States = map[string]annot.DocState{}
	}
	tr.b.rec.States[ar.who] = annot.StateDone
	if ar.a.GroundTruth {
		tr.acceptAll(ar.who)
	}
}

// lsTaskName names a task in messages by its id, else by its place.
func lsTaskName(id json.RawMessage, n int) string {
	if s := lsID(id); s != "" {
		return "task " + s
	}
	return fmt.Sprintf("task %d of the file", n)
}

// lsID reads an id that Label Studio writes as a string or a number.
func lsID(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == 'n' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// lsText picks the data field that holds the text (see the rules above)
// and returns its name and value.
func lsText(fields []jsonField, anns ...[]lsAnnotation) (string, string, error) {
	str := func(key string) (string, bool) {
		for _, f := range fields {
			var s string
			if f.Key == key && firstByte(f.Value) == '"' && json.Unmarshal(f.Value, &s) == nil {
				return s, true
			}
		}
		return "", false
	}
	if s, ok := str(labelStudioTextField); ok {
		return labelStudioTextField, s, nil
	}
	if to := lsToName(anns); to != "" {
		if s, ok := str(to); ok {
			return to, s, nil
		}
	}
	var names []string
	for _, f := range fields {
		if firstByte(f.Value) == '"' {
			names = append(names, f.Key)
		}
	}
	if len(names) == 1 {
		s, _ := str(names[0])
		return names[0], s, nil
	}
	if len(names) == 0 {
		return "", "", annot.Errorf(annot.Invalid, `no text: "data" has no string field`)
	}
	return "", "", annot.Errorf(annot.Invalid, `no "text" in "data", and its string fields (%s) leave the text unclear: name it "text"`,
		strings.Join(names, ", "))
}

// lsToName is the object the first labelled region points at.
func lsToName(groups [][]lsAnnotation) string {
	for _, anns := range groups {
		for _, a := range anns {
			for _, r := range a.Result {
				if r.Type == "labels" && r.ToName != "" {
					return r.ToName
				}
			}
		}
	}
	return ""
}

// lsMeta keeps the data fields other than the text, and the task id.
func lsMeta(fields []jsonField, textKey string, id json.RawMessage) json.RawMessage {
	var keep []jsonField
	for _, f := range fields {
		if f.Key != textKey && f.Key != metaLabelStudioID {
			keep = append(keep, f)
		}
	}
	if firstByte(id) != 0 && firstByte(id) != 'n' {
		keep = append(keep, jsonField{metaLabelStudioID, id})
	}
	if len(keep) == 0 {
		return nil
	}
	return appendFields(nil, keep)
}

// acceptAll accepts the spans of who that have no verdict yet.
func (tr *lsTaskReader) acceptAll(who string) {
	for i := range tr.b.rec.Spans {
		s := &tr.b.rec.Spans[i]
		if s.Annotator == who && s.Status == annot.Pending {
			s.Status, s.Reviewer = annot.Accepted, who
			tr.b.addVerdict(s.ID, annot.Accepted, who, "labelstudio ground truth")
		}
	}
}

// annotator names who made an annotation (see the rules above).
func (tr *lsTaskReader) annotator(a *lsAnnotation, prediction bool) string {
	if prediction {
		v := lsID(a.ModelVersion)
		if v == "" {
			v = "model"
		}
		return predictionPrefix + v
	}
	switch firstByte(a.CompletedBy) {
	case '{':
		var u lsUser
		if json.Unmarshal(a.CompletedBy, &u) == nil {
			name := strings.TrimSpace(u.FirstName + " " + u.LastName)
			if s := lsOr(u.Email, u.Username, name, lsUserID(lsID(u.ID))); s != "" {
				return s
			}
		}
	case '"':
		if s := lsID(a.CompletedBy); s != "" {
			return s
		}
	}
	if s := createdUsername(a.CreatedUsername); s != "" {
		return s
	}
	if s := lsUserID(lsID(a.CompletedBy)); s != "" {
		return s
	}
	return tr.opt.Annotator
}

func lsUserID(id string) string {
	if id == "" {
		return ""
	}
	return "labelstudio-" + id
}

// createdUsername reads the "First Last email, id" that Label Studio
// exports: the email if there is one, else the name.
func createdUsername(s string) string {
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		if _, err := strconv.Atoi(strings.TrimSpace(s[i+1:])); err == nil {
			s = s[:i]
		}
	}
	words := strings.Fields(s)
	for _, w := range words {
		if strings.Contains(w, "@") {
			return w
		}
	}
	return strings.Join(words, " ")
}

func lsOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// region reads a labelled region into one span per label.
func (tr *lsTaskReader) region(ar *lsRead, r *lsResult, i int) error {
	if r.Type != "labels" {
		if r.Type != "relation" && !tr.skipped[r.Type] {
			tr.skipped[r.Type] = true
			tr.sink.warn(tr.name, tr.line, "%s: results of type %q are left out (here and in later tasks): Spanmark imports text spans and relations",
				tr.task, r.Type)
		}
		return nil
	}
	id := lsID(r.ID)
	name := fmt.Sprintf("%s, result %d", tr.task, i+1)
	if id != "" {
		name = fmt.Sprintf("%s, result %q", tr.task, id)
	}
	var v lsValue
	if err := decodeObject(r.Value, &v); err != nil {
		return annot.Errorf(annot.Invalid, "%s: value: %v", name, err)
	}
	if v.Start == nil || v.End == nil {
		return annot.Errorf(annot.Invalid, `%s: "value" needs "start" and "end"`, name)
	}
	if len(v.Labels) == 0 {
		return annot.Errorf(annot.Invalid, `%s: %d-%d has no "labels"`, name, *v.Start, *v.End)
	}
	u, err := tr.units(&v)
	if err != nil {
		return annot.Errorf(annot.Invalid, "%s: %v", name, err)
	}
	for _, label := range v.Labels {
		s, err := tr.b.addSpan("", int(*v.Start), int(*v.End), u, label, ar.who)
		if err != nil {
			return annot.Errorf(annot.Invalid, "%s: %v", name, err)
		}
		if !ar.prediction && (r.Origin == lsOriginPrediction || r.Origin == lsOriginChanged) {
			s.Origin, s.Changed = annot.OriginPrediction, r.Origin == lsOriginChanged
		}
		if id != "" {
			ar.regions[id] = append(ar.regions[id], s.ID)
			tr.all[id] = append(tr.all[id], s.ID)
		}
	}
	return nil
}

// units decides how a region counts: UTF-16 unless its text says that
// only code points cover it.
func (tr *lsTaskReader) units(v *lsValue) (units, error) {
	if v.Text == nil {
		return utf16, nil
	}
	raw := tr.rawIndex()
	s, e := int(*v.Start), int(*v.End)
	var in16, inCP string
	ok16 := false
	if cs, err := raw.FromUTF16(s); err == nil {
		if ce, err := raw.FromUTF16(e); err == nil && cs <= ce {
			in16, ok16 = raw.Slice(cs, ce), true
			if sameText(in16, *v.Text) {
				return utf16, nil
			}
		}
	}
	if s >= 0 && s <= e && e <= raw.Len() {
		if inCP = raw.Slice(s, e); sameText(inCP, *v.Text) {
			return codePoints, nil
		}
		if !ok16 {
			return 0, annot.Errorf(annot.Invalid, "its text %q is not the text at %d-%d (%q)", *v.Text, s, e, inCP)
		}
		return 0, annot.Errorf(annot.Invalid, "its text %q is neither the text at %d-%d counted in UTF-16 units (%q) nor in code points (%q)",
			*v.Text, s, e, in16, inCP)
	}
	if ok16 {
		return 0, annot.Errorf(annot.Invalid, "its text %q is not the text at %d-%d counted in UTF-16 units (%q)", *v.Text, s, e, in16)
	}
	// Out of range either way: let the builder say so.
	return utf16, nil
}

// rawIndex indexes the text as the file gives it, shared with the
// builder's own UTF-16 mapping.
func (tr *lsTaskReader) rawIndex() *text.Index {
	return tr.b.rawIndex()
}

// sameText compares a region's text with the document's, allowing for
// line breaks that one side wrote as CRLF.
func sameText(a, b string) bool {
	if a == b {
		return true
	}
	if !strings.ContainsRune(a, '\r') && !strings.ContainsRune(b, '\r') {
		return false
	}
	return text.NormalizeString(a).Text == text.NormalizeString(b).Text
}

// relation reads a relation between two regions: of the same annotation,
// as Label Studio draws them, or else of another one in the task.
func (tr *lsTaskReader) relation(ar *lsRead, r *lsResult, i int) error {
	if r.Type != "relation" {
		return nil
	}
	from, to := tr.regionSpan(ar, lsID(r.FromID)), tr.regionSpan(ar, lsID(r.ToID))
	if from == "" || to == "" {
		return annot.Errorf(annot.Invalid, "%s, result %d: the relation joins regions %s and %s, which are not both labelled regions of the task",
			tr.task, i+1, lsOr(lsID(r.FromID), `""`), lsOr(lsID(r.ToID), `""`))
	}
	if r.Direction == "left" {
		from, to = to, from
	}
	typ := defaultRelationType
	for _, l := range r.Labels {
		if l = strings.TrimSpace(l); l != "" {
			typ = l
			break
		}
	}
	tr.b.addRelation(from, to, typ, ar.who)
	return nil
}

// regionSpan is the first span made from a region.
func (tr *lsTaskReader) regionSpan(ar *lsRead, id string) string {
	if ids := ar.regions[id]; len(ids) > 0 {
		return ids[0]
	}
	if ids := tr.all[id]; len(ids) > 0 {
		return ids[0]
	}
	return ""
}
