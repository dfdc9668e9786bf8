package annot

// DefaultLabels are the labels every new database starts with.
func DefaultLabels() []Label {
	return []Label{
		{ID: LabelID("CLAIM"), Name: "CLAIM", Color: "#f2a93b", Hotkey: "1", Order: 0},
		{ID: LabelID("ACTOR"), Name: "ACTOR", Color: "#4a90d9", Hotkey: "2", Order: 1},
		{ID: LabelID("SOURCE"), Name: "SOURCE", Color: "#3fae6a", Hotkey: "3", Order: 2},
	}
}

// palette gives labels created by an import distinct colours, in order.
var palette = []string{
	"#d9534f", "#9b59b6", "#1abc9c", "#e67e22", "#7f8c8d",
	"#c0392b", "#2980b9", "#8e44ad", "#16a085", "#d35400",
}

// NextColor picks a colour for the n-th label (counting from 0) that an
// import or the user adds.
func NextColor(n int) string {
	if n < 0 {
		n = -n
	}
	return palette[n%len(palette)]
}

// SpanKey is what makes two spans the same annotation: same document,
// annotator, offsets and label. Importing a span whose key is already
// stored adds nothing.
type SpanKey struct {
	Annotator  string
	Start, End int
	Label      string
}

// Key returns the span's identity for de-duplication.
func (s *Span) Key() SpanKey {
	return SpanKey{Annotator: s.Annotator, Start: s.Start, End: s.End, Label: s.Label}
}
