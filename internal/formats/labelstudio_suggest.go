package formats

import (
	"strings"

	"app.spanmark.org/spanmark/internal/annot"
)

// The values of a Label Studio region's "origin": drawn by hand, taken
// from a prediction as it was, or taken from one and changed.
const (
	lsOriginPrediction = "prediction"
	lsOriginChanged    = "prediction-changed"
)

// suggestions turns each prediction's spans and relations into
// suggestions and suggested links (see ReadLabelStudio).
func (tr *lsTaskReader) suggestions(reads []lsRead) {
	done := map[string]bool{}
	for i := range reads {
		ar := &reads[i]
		if !ar.prediction || done[ar.who] {
			continue
		}
		done[ar.who] = true
		left := tr.b.rec.Suggest(lsPredictionOrigin(lsID(ar.a.ModelVersion)), func(s *annot.Span) bool { return s.Annotator == ar.who })
		warnLeftOut(tr.sink, tr.name, tr.line, tr.task+": predictions are suggestions", left)
	}
}

// lsPredictionOrigin is the origin of a prediction of model version v.
func lsPredictionOrigin(v string) string {
	switch {
	case v == "":
		return annot.OriginPrediction
	case annot.IsOrigin(v):
		return v
	}
	return annot.OriginPrediction + ":" + v
}

// lsModelVersion is the model_version a suggestion of origin o is
// exported under, which lsPredictionOrigin reads back as o.
func lsModelVersion(o string) string {
	if v, ok := strings.CutPrefix(o, annot.OriginPrediction+":"); ok && !annot.IsOrigin(v) {
		return v
	}
	return o
}

// lsKeepsOrigin reports whether a region's "origin" says all there is of
// a span's origin: Label Studio knows predictions, not rules or patterns.
func lsKeepsOrigin(o string) bool {
	return o == annot.OriginPrediction
}

// lsSuggestionDoc turns a document's suggestions (export --suggestions)
// into spans and relations, one group per origin, to be written as
// predictions with the origin as model_version.
func lsSuggestionDoc(d *Doc) (*Doc, []lsGroup) {
	g := d.Suggested
	if g == nil || len(g.Suggestions) == 0 {
		return nil, nil
	}
	sd := &Doc{Doc: d.Doc, Spans: make([]annot.Span, len(g.Suggestions))}
	at := map[string]*lsGroup{}
	var order []string
	byID := map[string]string{} // suggestion -> origin
	for i, s := range g.Suggestions {
		who := predictionPrefix + lsModelVersion(s.Origin)
		sd.Spans[i] = annot.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Annotator: who}
		if at[who] == nil {
			at[who] = &lsGroup{who: who}
			order = append(order, who)
		}
		at[who].spans = append(at[who].spans, i)
		byID[s.ID] = who
	}
	for _, l := range g.Links {
		who := byID[l.From]
		at[who].rels = append(at[who].rels, len(sd.Relations))
		sd.Relations = append(sd.Relations, annot.Relation{ID: l.ID, From: l.From, To: l.To, Type: l.Type, Annotator: who})
	}
	groups := make([]lsGroup, len(order))
	for i, who := range order {
		groups[i] = *at[who]
	}
	return sd, groups
}
