package ui

import (
	"regexp"
	"strings"
)

// keyHelp is one row of the list of keys: what to press (Markdown, keys in
// backticks) and what it does, in one part of the window. The help
// overlay (F1 or ?) and the README's three key tables are all made from
// keyTable, and tests keep the README in step and check that every key
// the window binds, review mode's and the suggestions' too, is in it.
type keyHelp struct {
	part keyPart
	keys string
	does string
}

// keyPart is where a row of keyTable applies; each has a table of its own
// in the README and a heading in the overlay.
type keyPart int

const (
	keysWindow  keyPart = iota // anywhere, annotating
	keysReview                 // review mode
	keysSuggest                // suggestions shown, annotating
)

// keyParts are the parts in order: the README's marker of each table
// (an HTML comment before it), its header and the overlay's heading.
var keyParts = []struct {
	part            keyPart
	marker, heading string
	header          string
}{
	{keysWindow, "<!-- keys: window (made from ui/keytable.go) -->", "Annotating", "| key | does |"},
	{keysReview, "<!-- keys: review (made from ui/keytable.go) -->", "Review mode (Ctrl+R)", "| key | does (review mode) |"},
	{keysSuggest, "<!-- keys: suggestions (made from ui/keytable.go) -->", "Suggestions", "| key | does (annotate mode, suggestions shown) |"},
}

// keyTable is every key and pointer action the window answers to.
var keyTable = []keyHelp{
	{keysWindow, "drag, double click", "select whole words"},
	{keysWindow, "`Alt`+drag, or the “Clusters” box", "select grapheme clusters (conjuncts, emoji and flags stay whole)"},
	{keysWindow, "`Shift`+click", "extend the selection to the word clicked (for spans longer than the screen)"},
	{keysWindow, "click a span", "select it (the innermost, where spans nest)"},
	{keysWindow, "`1`…`9`, a label's hotkey", "tag the selection, or relabel the selected span"},
	{keysWindow, "`L` or `Ctrl+L`, then click a span", "link the selected span: a CLAIM to its ACTOR (`SAID_BY`) or SOURCE (`ACCORDING_TO`), or an ACTOR or SOURCE to its CLAIM"},
	{keysWindow, "`Esc`", "stop linking; clear the selection; close the find bar or the list of keys"},
	{keysWindow, "`Delete`", "delete the selected span and its links"},
	{keysWindow, "`Ctrl+Z`", "undo (per document, kept across sessions; a label merge is undone whole)"},
	{keysWindow, "`Ctrl+Shift+Z`, `Ctrl+Y`", "redo"},
	{keysWindow, "`Ctrl+Enter`", "mark the document done and open the next one in the list"},
	{keysWindow, "`Ctrl+F`", "find in the document; `Enter` finds the next"},
	{keysWindow, "`Ctrl+R`", "review mode on or off (see [Review](#review))"},
	{keysWindow, "`Page Down`, `Space`, `Page Up`, `↑`, `↓`", "scroll the article"},
	{keysWindow, "`Ctrl+=`, `Ctrl+-`", "larger, smaller text"},
	{keysWindow, "`Ctrl+G`", "show the guidelines beside the article, or the spans again"},
	{keysWindow, "`Ctrl+N`, `Ctrl+O`", "new database, open a database (File ▸ Open recent lists the last ones)"},
	{keysWindow, "`F1`, `?`", "this list of keys"},
	{keysWindow, "`Ctrl+Q`", "quit"},

	{keysReview, "click a bar in a lane", "select that annotator's span (clicking the text picks the innermost span)"},
	{keysReview, "`N`, `P`", "select the next, previous undecided span the compared annotators disagree on"},
	{keysReview, "`A`", "accept the selected span, with the same span of every other annotator; for a claim, also the undecided spans its links point to (its actor and source), so it reaches gold with who said it"},
	{keysReview, "`R` or `Delete`", "reject the selected span, with the same span of every other annotator"},
	{keysReview, "`M`", "accept every undecided span that all compared annotators marked the same (\"at least K\" in the bar lowers that to K of them); decisions already made stay"},
	{keysReview, "`E`, select, label key or `Enter`", "correct the selected span: select the right words and press a label's key, or `Enter` to keep its label (`Esc` cancels)"},
	{keysReview, "label key on a selected span", "correct its label"},
	{keysReview, "select, label key", "add a span nobody marked"},
	{keysReview, "`Ctrl+Z`, `Ctrl+Shift+Z`", "undo, redo a review action (the same history as tagging)"},
	{keysReview, "`Ctrl+Enter`", "open the next document with something undecided"},
	{keysReview, "`Ctrl+R`", "back to annotating"},

	{keysSuggest, "click a dashed frame, `]`, `[`", "select a suggestion; the next, the previous one"},
	{keysSuggest, "`Enter`, or a click on the tick", "accept the selected suggestion, else the one under the pointer; the next one is selected"},
	{keysSuggest, "`Backspace`, or a click on the cross", "reject it (hidden for you from then on)"},
	{keysSuggest, "`1`…`9`, a label's hotkey", "accept the selected suggestion as that label (changed, as Label Studio's `prediction-changed`)"},
	{keysSuggest, "`Esc`", "unselect the suggestion"},
	{keysSuggest, "`Alt+Enter`, `Alt+Backspace`", "accept, reject every open suggestion of the selected one's label, at once"},
	{keysSuggest, "`Alt+Shift+Enter`, `Alt+Shift+Backspace`", "the same for its origin (one rule, one pattern file; for occurrences, one batch)"},
	{keysSuggest, "`Ctrl+D`", "tag all occurrences: the selected span's text, with its label, everywhere else in the document, as one batch, the first of it selected"},
	{keysSuggest, "`Ctrl+Shift+D`", "the same in every document of the project, then offers to accept the batch in the others at once"},
	{keysSuggest, "`Ctrl+Z`, `Ctrl+Shift+Z`", "undo, redo each of these, a batch as one step"},
}

var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// plainText is a cell without Markdown, as the overlay shows it: no
// backticks, and a link's text without its target.
func plainText(s string) string {
	return mdLink.ReplaceAllString(strings.ReplaceAll(s, "`", ""), "$1")
}

// readmeKeyTable is one part's table as the README has it.
func readmeKeyTable(p int) string {
	var b strings.Builder
	b.WriteString(keyParts[p].header + "\n| --- | --- |\n")
	for _, k := range keyTable {
		if k.part == keyParts[p].part {
			b.WriteString("| " + k.keys + " | " + k.does + " |\n")
		}
	}
	return b.String()
}

// listedKeys are the keys in backticks in the rows of part, and
// "label key" if a row takes a label's key.
func listedKeys(part keyPart) map[string]bool {
	listed := map[string]bool{}
	for _, k := range keyTable {
		if k.part != part {
			continue
		}
		for i, s := range strings.Split(k.keys, "`") {
			if i%2 == 1 {
				listed[s] = true
			}
		}
		if strings.Contains(k.keys, "label key") || strings.Contains(k.keys, "label's hotkey") {
			listed["label key"] = true
		}
	}
	return listed
}
