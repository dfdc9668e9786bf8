package suggest

// Origins of suggestions, as the store records them. A rule or pattern
// origin carries its name: "rule:hi-ne-kaha", "pattern:people.jsonl".
const (
	OriginOccurrence = "occurrence"
	OriginRule       = "rule:"
	OriginPattern    = "pattern:"
)

// Span is a suggested span: [Start, End) in code points of the document's
// text, with a label and where the suggestion came from.
type Span struct {
	Start, End int
	Label      string
	Origin     string // "rule:NAME", "pattern:FILE" or "occurrence"
	ID         string // the pattern's "id", if it has one
}

// Link is a suggested relation between two suggested spans, by their
// index in Suggestions.Spans: a CLAIM to its ACTOR (SAID_BY) or to its
// SOURCE (ACCORDING_TO).
type Link struct {
	From, To int
	Type     string
	Origin   string
}

// Suggestions are the spans and links proposed for one document. Spans
// are sorted by start, end and label; a span proposed by several rules is
// listed once, with the first rule's origin.
type Suggestions struct {
	Spans []Span
	Links []Link
}
