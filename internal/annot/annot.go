// Package annot holds Spanmark's domain: documents, labels, annotators,
// spans, relations, verdicts and per-annotator document status, with the
// rules that keep them consistent. It imports neither Fyne nor SQL, so the
// window, the store and the format readers all speak the same types.
//
// Offsets everywhere in this package are Unicode code points, half-open
// [Start, End), into the document's stored text (see internal/text).
package annot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Document is one article as stored: its text after the two import
// normalisations (BOM dropped, CRLF/CR turned into LF), never altered again.
type Document struct {
	ID        string
	Title     string
	Source    string // file name or URL it came from
	Text      string
	Meta      json.RawMessage // free-form JSON object carried through exports
	Hash      string          // ContentHash(Text): the same article imported twice is one document
	Length    int             // Text's length in code points, when known
	CreatedAt time.Time
	Seq       int64 // import order; exports list documents by it
}

// Label is a span type such as CLAIM, with the colour and hotkey the window
// shows. Spans refer to labels by name; renaming a label renames its spans.
type Label struct {
	ID     string
	Name   string
	Color  string // "#rrggbb"
	Hotkey string // a single key, "" for none
	Order  int
}

// Annotator is a person who makes spans, relations and verdicts.
type Annotator struct {
	ID   string
	Name string
}

// Span is a labelled stretch of a document's text. Overlapping and nested
// spans are allowed. A deleted span is kept as a tombstone (Deleted set) so
// that a merge does not bring it back.
type Span struct {
	ID        string
	DocID     string
	Annotator string // annotator name
	Start     int    // code points, inclusive
	End       int    // code points, exclusive
	Label     string // label name
	Note      string
	Status    Status // derived from verdicts: pending, accepted or rejected
	Reviewer  string // who gave Status; "" while pending
	// Answer is the annotator's own answer on the span in the tool it
	// came from (Prodigy's accept, reject or ignore), "" for none. It is
	// never a reviewer's verdict: it does not change Status or make gold.
	Answer Answer
	// Origin is where the span came from when the annotator accepted it
	// from a suggestion: the suggestion's origin ("rule:hi-ne-kaha",
	// "import:prediction", ...); "" for a span made by hand. Changed says
	// they changed its label or offsets on accepting it, or its label
	// since (Label Studio's "prediction-changed").
	Origin  string
	Changed bool
	// Curation marks a span a reviewer made while reviewing (a correction
	// or an addition): it is part of the gold layer, accepted by its
	// maker, and nobody's annotation, so agreement leaves it out.
	Curation bool
	// Corrects is, for a reviewer's correction, the span it replaces.
	Corrects  string
	CreatedAt time.Time
	UpdatedAt time.Time
	Deleted   bool
}

// Relation links two spans of one document, for instance a CLAIM to the
// ACTOR who made it (SAID_BY).
type Relation struct {
	ID        string
	DocID     string
	Annotator string
	From      string // span ID
	To        string // span ID
	Type      string
	CreatedAt time.Time
	Deleted   bool
}

// Default relation types.
const (
	SaidBy      = "SAID_BY"
	AccordingTo = "ACCORDING_TO"
)

// Verdict is a reviewer's decision on one span.
type Verdict struct {
	ID       string
	SpanID   string
	Reviewer string // annotator name
	Decision Status // Accepted or Rejected
	Comment  string
	At       time.Time
}

// Status is a span's review state.
type Status string

// Span review states, as written in native JSONL.
const (
	Pending  Status = "pending"
	Accepted Status = "accepted"
	Rejected Status = "rejected"
)

// Valid reports whether s is one of the three review states.
func (s Status) Valid() bool {
	return s == Pending || s == Accepted || s == Rejected
}

// Answer is what an annotator said of their own task in the tool the
// work came from: Prodigy asks every annotator to accept, reject or
// ignore each task (and, in binary recipes, each span). It is kept apart
// from Status, which only a reviewer sets.
type Answer string

// Prodigy's answers; "" is no answer.
const (
	AnswerAccept Answer = "accept"
	AnswerReject Answer = "reject"
	AnswerIgnore Answer = "ignore"
)

// Valid reports whether a is no answer or one of the three.
func (a Answer) Valid() bool {
	return a == "" || a == AnswerAccept || a == AnswerReject || a == AnswerIgnore
}

// NewID returns a fresh identity for a row that can travel between
// databases. Version 7 UUIDs start with the time, so rows created together
// sit together in SQLite's B-trees: an import of 200,000 spans appends to
// its indexes instead of writing all over them.
func NewID() string {
	if id, err := uuid.NewV7(); err == nil {
		return id.String()
	}
	return uuid.NewString()
}

// namespace roots the name-derived identities below, so that two databases
// that each created annotator "asha" or label "CLAIM" agree on its ID and
// merge without duplicates.
var namespace = uuid.MustParse("5b0c4a8e-7a0e-4f3e-9a53-0d6f1c1e2a77")

// AnnotatorID is the identity of the annotator with this name, the same in
// every database.
func AnnotatorID(name string) string {
	return uuid.NewSHA1(namespace, []byte("annotator\x00"+name)).String()
}

// LabelID is the identity a label gets when it is first created under this
// name, the same in every database. A renamed label keeps its first ID.
func LabelID(name string) string {
	return uuid.NewSHA1(namespace, []byte("label\x00"+name)).String()
}

// ContentHash identifies a document's stored text.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
