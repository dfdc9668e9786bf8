package annot

// DocState is how far one annotator has got with one document.
type DocState string

// Document states per annotator, in the order an annotator moves
// through them.
const (
	StateNew        DocState = "new"
	StateInProgress DocState = "in progress"
	StateDone       DocState = "done"
	StateReviewed   DocState = "reviewed"
)

// stateOrder is the one place the order of states is written.
var stateOrder = []DocState{StateNew, StateInProgress, StateDone, StateReviewed}

// DocStates lists the states in order, from new to reviewed.
func DocStates() []DocState { return append([]DocState(nil), stateOrder...) }

// Valid reports whether s is a known document state.
func (s DocState) Valid() bool { return s.Rank() >= 0 && s != "" }

// Rank is s's place in DocStates (new is 0), or -1 for a state that is
// not known.
func (s DocState) Rank() int {
	for i, o := range stateOrder {
		if o == s {
			return i
		}
	}
	return -1
}

// Advances reports whether moving from state from to s goes forward.
// Imports and merges only ever move an annotator forward: a document
// reviewed here stays reviewed when a file that says "done" comes in.
// An unknown or missing from counts as new.
func (s DocState) Advances(from DocState) bool {
	return s.Rank() > max(from.Rank(), 0)
}

// Effective is the state an annotator is in when the stored state is
// stored (possibly "", never set) and they have spans live spans in the
// document: a set state counts; otherwise whoever has tagged something
// is in progress, and everyone else is new.
func Effective(stored DocState, spans int) DocState {
	switch {
	case stored != "":
		return stored
	case spans > 0:
		return StateInProgress
	}
	return StateNew
}

// EffectiveStates adds, to the stored states of one document by
// annotator, "in progress" for every annotator who has spans there
// (counted in spans) but never set a state. It changes and returns
// states, which may be nil.
func EffectiveStates(states map[string]DocState, spans map[string]int) map[string]DocState {
	for name, n := range spans {
		if _, ok := states[name]; !ok && n > 0 {
			if states == nil {
				states = map[string]DocState{}
			}
			states[name] = Effective("", n)
		}
	}
	return states
}

// AfterTagging is the state an annotator moves to when they tag in a
// document they were in state cur: starting work makes a new document in
// progress; later states stay as they are. ok is false when nothing
// changes.
func AfterTagging(cur DocState) (next DocState, ok bool) {
	if cur == "" || cur == StateNew {
		return StateInProgress, true
	}
	return cur, false
}

// StateOf is how far annotator has got with the listed document.
func (d *DocSummary) StateOf(annotator string) DocState {
	return Effective(d.States[annotator], d.Spans[annotator])
}
