package formats

import "app.spanmark.org/spanmark/internal/annot"

// A Prodigy task that nobody has answered is input: what a model or a
// pattern file proposed before anyone looked (the "spans" that ner.manual
// pre-highlights). Its spans come in as suggestions, of origin
// "import:prediction" or the "origin" a span carries (as Spanmark's own
// export writes), and its relations as suggested links. A task is input
// when it has no "answer", names nobody ("_annotator_id", "_session_id")
// and none of its spans has an answer of its own: an annotator's work in
// progress, as Spanmark exports it, names its annotator.
func prodigyModelInput(t *prodigyTask) bool {
	return t.Answer == "" && t.AnnotatorID == "" && t.SessionID == "" && len(t.answers) == 0 && len(t.Versions) == 0
}

// suggestions turns the task's spans (ids, in task order) into
// suggestions, warning about what a suggestion cannot carry.
func (tr *prodigyTaskReader) suggestions(t *prodigyTask, ids []string) error {
	origin := map[string]string{}
	for i, id := range ids {
		if o := t.Spans[i].Origin; o != "" {
			origin[id] = o
		}
	}
	rec := tr.b.rec
	first := len(rec.Suggestions)
	left := rec.Suggest(annot.OriginPrediction, nil)
	for i := first; i < len(rec.Suggestions); i++ {
		if o := origin[rec.Suggestions[i].ID]; o != "" {
			rec.Suggestions[i].Origin = o
		}
	}
	warnLeftOut(tr.sink, tr.name, tr.line, "an unanswered Prodigy task is a model's suggestions", left)
	return nil
}

// warnLeftOut says what turning spans into suggestions left out, and why.
func warnLeftOut(sink *Sink, name string, line int, why string, l annot.LeftOut) {
	if l.Notes > 0 {
		sink.warn(name, line, "%s: %d notes left out (a suggestion has no note)", why, l.Notes)
	}
	if l.Verdicts > 0 {
		sink.warn(name, line, "%s: %d review verdicts left out (a suggestion is not reviewed; accept it first)", why, l.Verdicts)
	}
	if l.Relations > 0 {
		sink.warn(name, line, "%s: %d relations between a suggestion and a span left out", why, l.Relations)
	}
	if l.States > 0 {
		sink.warn(name, line, "%s: the states and answers of %d annotators left out (suggestions are nobody's work)", why, l.States)
	}
}

// suggestionTask turns a document's suggestions (export --suggestions)
// into a task of their own: spans with their "origin", links as
// relations, no answer and no annotator, the form ReadProdigy reads back
// as suggestions and ner.manual shows pre-highlighted. It returns nil
// when there are none. Decisions on them have no place in Prodigy.
func (pw *prodigyWriter) suggestionTask(d *Doc) (*Doc, *prodigyOut) {
	g := d.Suggested
	if g == nil {
		return nil, nil
	}
	pw.losses.addN(d, len(g.Decisions), "decisions on suggestions (accepted, changed, rejected)")
	if len(g.Suggestions) == 0 {
		return nil, nil
	}
	sd := &Doc{Doc: d.Doc, Spans: make([]annot.Span, len(g.Suggestions))}
	t := &prodigyOut{spans: make([]int, len(g.Suggestions))}
	for i, s := range g.Suggestions {
		sd.Spans[i] = annot.Span{ID: s.ID, DocID: s.DocID, Start: s.Start, End: s.End, Label: s.Label, Origin: s.Origin}
		t.spans[i] = i
	}
	for _, l := range g.Links {
		t.rels = append(t.rels, len(sd.Relations))
		sd.Relations = append(sd.Relations, annot.Relation{ID: l.ID, From: l.From, To: l.To, Type: l.Type})
	}
	return sd, t
}
