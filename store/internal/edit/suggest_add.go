package edit

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
)

// SugKey is what makes two suggestions of a document the same.
type SugKey struct {
	Start, End int
	Label      string // label ID
}

// LinkKey is what makes two suggested links the same.
type LinkKey struct{ From, To, Type string }

// DocSuggestions is what a document holds already, to skip duplicates.
type DocSuggestions struct {
	IDs   map[SugKey]string
	Links map[LinkKey]bool
}

// SuggestionQueue is a store's side of storing suggestions: how it finds
// what a document holds and how it queues new rows (SQLite in multi-row
// statements, PostgreSQL in batches).
type SuggestionQueue interface {
	// Existing reads what the document holds already, what is queued
	// for it included.
	Existing(docID string) (*DocSuggestions, error)
	// LabelID is the ID of the label called name, added if it is new.
	LabelID(name string) (string, error)
	// QueueSuggestion queues a new suggestion, whose label has the ID
	// lid; QueueLink a new link.
	QueueSuggestion(s annot.Suggestion, lid string)
	QueueLink(l annot.SuggestionLink)
}

// SuggestionAdder adds suggestions and their links inside one write
// transaction, for adding suggestions and for an import's predictions.
type SuggestionAdder struct {
	q     Queryer
	queue SuggestionQueue
	taken map[string]bool // IDs from a file given out in this transaction
}

// NewSuggestionAdder adds through queue, looking IDs up in q.
func NewSuggestionAdder(q Queryer, queue SuggestionQueue) *SuggestionAdder {
	return &SuggestionAdder{q: q, queue: queue, taken: map[string]bool{}}
}

// Add queues a document's suggestions and links, already checked,
// skipping what is stored or queued. Given IDs are kept when keepIDs is
// set and they are UUIDs that no stored row has (an import of a file);
// otherwise each gets a fresh one. It returns each given suggestion ID's
// stored ID, and how many suggestions and links were new.
func (a *SuggestionAdder) Add(ctx context.Context, docID string, sugs []annot.Suggestion, links []annot.SuggestionLink, keepIDs bool) (map[string]string, [2]int, error) {
	var added [2]int
	if len(sugs) == 0 {
		return nil, added, nil
	}
	ex, err := a.queue.Existing(docID)
	if err != nil {
		return nil, added, err
	}
	ids := make(map[string]string, len(sugs))
	for i := range sugs {
		s := &sugs[i]
		label := strings.TrimSpace(s.Label)
		lid, err := a.queue.LabelID(label)
		if err != nil {
			return nil, added, err
		}
		k := SugKey{s.Start, s.End, lid}
		if id, ok := ex.IDs[k]; ok {
			if s.ID != "" {
				ids[s.ID] = id
			}
			continue
		}
		id := annot.NewID()
		if keepIDs {
			if id, err = a.freeID(ctx, s.ID, `SELECT COUNT(*) FROM suggestions WHERE id = ?`); err != nil {
				return nil, added, err
			}
		}
		ex.IDs[k] = id
		if s.ID != "" {
			ids[s.ID] = id
		}
		a.queue.QueueSuggestion(annot.Suggestion{ID: id, DocID: docID, Start: s.Start, End: s.End, Label: label, Origin: s.Origin}, lid)
		added[0]++
	}
	for _, l := range links {
		from, to := ids[l.From], ids[l.To]
		if from == "" || to == "" || from == to {
			continue
		}
		k := LinkKey{from, to, l.Type}
		if ex.Links[k] {
			continue
		}
		ex.Links[k] = true
		id := annot.NewID()
		if keepIDs {
			if id, err = a.freeID(ctx, l.ID, `SELECT COUNT(*) FROM suggestion_links WHERE id = ?`); err != nil {
				return nil, added, err
			}
		}
		a.queue.QueueLink(annot.SuggestionLink{ID: id, DocID: docID, From: from, To: to, Type: l.Type, Origin: l.Origin})
		added[1]++
	}
	return ids, added, nil
}

// freeID keeps id if it is a UUID that no row has (q counts them) and
// that this transaction has not given out, else makes a fresh one.
func (a *SuggestionAdder) freeID(ctx context.Context, id, q string) (string, error) {
	if _, perr := uuid.Parse(id); perr != nil || a.taken[id] {
		return annot.NewID(), nil
	}
	var n int
	if err := a.q.QueryRow(ctx, q, id).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return annot.NewID(), nil
	}
	a.taken[id] = true
	return id, nil
}
