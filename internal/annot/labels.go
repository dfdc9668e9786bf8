package annot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The default label names. The link rules (LinkType) and the guidelines
// refer to them.
const (
	Claim  = "CLAIM"
	Actor  = "ACTOR"
	Source = "SOURCE"
)

// DefaultLabels are the labels every new database starts with.
func DefaultLabels() []Label {
	return []Label{
		{ID: LabelID(Claim), Name: Claim, Color: "#f2a93b", Hotkey: "1", Order: 0},
		{ID: LabelID(Actor), Name: Actor, Color: "#4a90d9", Hotkey: "2", Order: 1},
		{ID: LabelID(Source), Name: Source, Color: "#3fae6a", Hotkey: "3", Order: 2},
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

// CheckLabel validates a label as the user or an import gives it and
// returns it tidied: the name trimmed, which must be left with visible
// characters; the colour #rrggbb, in lower case; the hotkey empty or one
// visible character.
func CheckLabel(l Label) (Label, error) {
	l.Name = strings.TrimSpace(l.Name)
	switch {
	case l.Name == "":
		return l, Errorf(Invalid, "a label needs a name")
	case !utf8.ValidString(l.Name) || strings.ContainsFunc(l.Name, unicode.IsControl):
		return l, Errorf(Invalid, "label name %q has characters that cannot be shown", l.Name)
	}
	c := l.Color
	ok := len(c) == 7 && c[0] == '#'
	for i := 1; ok && i < len(c); i++ {
		ok = strings.IndexByte("0123456789abcdefABCDEF", c[i]) >= 0
	}
	if !ok {
		return l, Errorf(Invalid, "colour %q is not of the form #rrggbb", c)
	}
	l.Color = strings.ToLower(c)
	if k := l.Hotkey; k != "" {
		r, n := utf8.DecodeRuneInString(k)
		if n != len(k) || r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
			return l, Errorf(Invalid, "hotkey %q is not a single visible character", k)
		}
	}
	return l, nil
}

// CheckLabelFree reports a Conflict if a label of labels other than l
// itself (by ID) has l's name or hotkey. Hotkeys are compared as
// LabelForKey reads them, ignoring case, so that a key never tags with
// two labels.
func CheckLabelFree(labels []Label, l Label) error {
	for _, o := range labels {
		if o.ID == l.ID {
			continue
		}
		if o.Name == l.Name {
			return Errorf(Conflict, "there is already a label called %q", l.Name)
		}
		if l.Hotkey != "" && strings.EqualFold(o.Hotkey, l.Hotkey) {
			return Errorf(Conflict, "hotkey %q is already used by label %s", l.Hotkey, o.Name)
		}
	}
	return nil
}

// FreeHotkey is the first digit key from 1 to 9 that taken does not
// hold, for a label an import creates; "" when all nine are used.
func FreeHotkey(taken map[string]bool) string {
	for d := 1; d <= 9; d++ {
		if k := strconv.Itoa(d); !taken[k] {
			return k
		}
	}
	return ""
}

// LabelForKey finds the label that typing key tags with: the label whose
// hotkey it is (ignoring case), else, for 1 to 9, the label in that
// place of labels (in display order).
func LabelForKey(labels []Label, key rune) (Label, bool) {
	k := string(key)
	for _, l := range labels {
		if l.Hotkey != "" && strings.EqualFold(l.Hotkey, k) {
			return l, true
		}
	}
	if key >= '1' && key <= '9' && int(key-'1') < len(labels) {
		return labels[key-'1'], true
	}
	return Label{}, false
}

// KeyFor is the key that tags with labels[i], as a label button shows
// it: its hotkey, else its place (1 to 9) if that digit is nobody's
// hotkey; "" when no key reaches it.
func KeyFor(labels []Label, i int) string {
	if i < 0 || i >= len(labels) {
		return ""
	}
	if k := labels[i].Hotkey; k != "" {
		return k
	}
	if i < 9 {
		d := rune('1' + i)
		if l, ok := LabelForKey(labels, d); ok && l == labels[i] {
			return string(d)
		}
	}
	return ""
}

// RemovedLabelName is the name a removed label is kept under: its own
// name is free again for a new label, the ID keeps it unique, and it is
// still readable in an export.
func RemovedLabelName(name, id string) string { return name + " (removed " + id + ")" }

// CheckLabelMerge refuses to merge a label into itself.
func CheckLabelMerge(from, into string) error {
	if from == into {
		return Errorf(Invalid, "a label cannot be merged into itself")
	}
	return nil
}
