package formats

import (
	"fmt"
	"strings"
	"unicode"

	"app.spanmark.org/spanmark/internal/annot"
)

// The passes of ReadBrat over an .ann file's lines, one kind of line at a
// time (see bratReader).

// readTexts turns T lines into spans.
func (r *bratReader) readTexts(lines []bratLine) error {
	for _, l := range lines {
		if l.kind() == 'T' {
			if err := r.readText(l); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *bratReader) readText(l bratLine) error {
	typ, offs, _ := strings.Cut(l.fields, " ")
	if typ == "" || strings.TrimSpace(offs) == "" {
		return r.fail(l, "expected a type and offsets (\"Person 0 5\"), found %q", clipString(l.fields))
	}
	frags, err := parseFragments(offs)
	if err != nil {
		return r.fail(l, "%v", err)
	}
	if !l.hasText {
		return r.fail(l, "no text after the offsets: brat writes the covered text after a second tab")
	}
	parts := make([]string, len(frags))
	for i, f := range frags {
		if err := annot.CheckSpan(f[0], f[1], r.raw.Len()); err != nil {
			return r.fail(l, "%v", err)
		}
		parts[i] = r.raw.Slice(f[0], f[1])
	}
	// brat itself takes the characters the offsets cover and ignores the
	// text after them, which editors and scripts leave with stray spaces
	// at its ends; only a text that differs in more is refused.
	if got := strings.Join(parts, " "); got != l.text && strings.TrimSpace(got) != strings.TrimSpace(l.text) {
		return r.fail(l, "its text %q is not the .txt's text %q at %s; is this the .ann of another text?", clipString(l.text), clipString(got), clipString(strings.TrimSpace(offs)))
	}
	if _, dup := r.targets[l.id]; dup {
		return r.fail(l, "the id is used twice")
	}
	groups := r.mergeFragments(frags)
	where := clipString(strings.TrimSpace(offs))
	var first string
	for i, g := range groups {
		s, err := r.b.addSpan("", g[0], g[1], codePoints, typ, r.annotator)
		if err != nil {
			return r.fail(l, "%v", err)
		}
		r.pos[s.ID] = len(r.b.rec.Spans) - 1
		if i == 0 {
			first = s.ID
		}
		if len(groups) > 1 {
			r.addNote(s.ID, fmt.Sprintf("fragment %d of %d of discontinuous %s %s %s", i+1, len(groups), l.id, typ, where))
		}
	}
	if len(groups) > 1 {
		r.sink.warn(r.annName, l.n, "%s %s is discontinuous (%s): kept as %d spans, each with a note, since a Spanmark span is contiguous",
			l.id, typ, where, len(groups))
	}
	return r.register(l, bratTarget{span: first})
}

// parseFragments reads "0 5" or "0 5;10 15".
func parseFragments(offs string) ([][2]int, error) {
	var out [][2]int
	for _, f := range strings.Split(offs, ";") {
		nums := strings.Fields(f)
		if len(nums) != 2 {
			return nil, annot.Errorf(annot.Invalid, "offsets %q: expected START END, or START END;START END for a discontinuous span", clipString(strings.TrimSpace(offs)))
		}
		start, err := parseOffset(nums[0])
		if err != nil {
			return nil, err
		}
		end, err := parseOffset(nums[1])
		if err != nil {
			return nil, err
		}
		out = append(out, [2]int{start, end})
	}
	return out, nil
}

// parseOffset reads a non-negative whole number small enough for any text.
func parseOffset(s string) (int, error) {
	if s == "" || len(s) > 10 {
		return 0, annot.Errorf(annot.Invalid, "offset %q is not a whole number", clipString(s))
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, annot.Errorf(annot.Invalid, "offset %q is not a whole number", clipString(s))
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, nil
}

// mergeFragments joins fragments in order whose gaps hold only white
// space into one span: the form Spanmark's export gives a span that
// crosses a line break, and one that covers the same words. Other
// fragments stay apart.
func (r *bratReader) mergeFragments(frags [][2]int) [][2]int {
	for i := 1; i < len(frags); i++ {
		if frags[i][0] < frags[i-1][1] || strings.TrimFunc(r.raw.Slice(frags[i-1][1], frags[i][0]), isGap) != "" {
			return frags
		}
	}
	return [][2]int{{frags[0][0], frags[len(frags)-1][1]}}
}

func isGap(r rune) bool { return unicode.IsSpace(r) || isLineBreak(r) }

// readEvents registers E lines, so that later lines may point at an event;
// their notes are made in readNotes.
func (r *bratReader) readEvents(lines []bratLine) error {
	for _, l := range lines {
		if l.kind() != 'E' {
			continue
		}
		typ, trig, err := r.eventHead(l)
		if err != nil {
			return err
		}
		t, err := r.resolve(l, trig)
		if err != nil {
			return err
		}
		if t.what != "" {
			return r.fail(l, "its trigger %s is not a text-bound (T) annotation", trig)
		}
		if err := r.register(l, bratTarget{span: t.span, what: "event " + l.id + " " + typ}); err != nil {
			return err
		}
	}
	return nil
}

func (r *bratReader) eventHead(l bratLine) (typ, trigger string, err error) {
	f := strings.Fields(l.fields)
	if len(f) > 0 {
		typ, trigger, _ = strings.Cut(f[0], ":")
	}
	if typ == "" || trigger == "" {
		return "", "", r.fail(l, "expected TYPE:TRIGGER first, as in \"Merge-org:T3 Org-Arg:T1\", found %q", clipString(l.fields))
	}
	return typ, trigger, nil
}

// readRelations turns R lines and equivalences (*) into relations.
func (r *bratReader) readRelations(lines []bratLine) error {
	for _, l := range lines {
		var err error
		switch l.kind() {
		case 'R':
			err = r.readRelation(l)
		case '*':
			err = r.readEquiv(l)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *bratReader) readRelation(l bratLine) error {
	f := strings.Fields(l.fields)
	if len(f) != 3 {
		return r.fail(l, "expected TYPE Arg1:ID Arg2:ID, found %q", clipString(l.fields))
	}
	args := map[string]string{}
	for _, a := range f[1:] {
		role, id, _ := strings.Cut(a, ":")
		if (role != "Arg1" && role != "Arg2") || id == "" || args[role] != "" {
			return r.fail(l, "expected TYPE Arg1:ID Arg2:ID, found %q", clipString(l.fields))
		}
		args[role] = id
	}
	from, err := r.resolve(l, args["Arg1"])
	if err != nil {
		return err
	}
	to, err := r.resolve(l, args["Arg2"])
	if err != nil {
		return err
	}
	r.b.addRelation(from.span, to.span, f[0], r.annotator)
	what := "relation " + l.id + " " + f[0]
	if c := strings.TrimSpace(l.text); c != "" {
		r.addNote(from.span, what+": "+c)
	}
	return r.register(l, bratTarget{span: from.span, what: what})
}

func (r *bratReader) readEquiv(l bratLine) error {
	f := strings.Fields(l.fields)
	if len(f) < 3 {
		return r.fail(l, "expected TYPE ID ID..., found %q", clipString(l.fields))
	}
	var spans []string
	for _, id := range f[1:] {
		t, err := r.resolve(l, id)
		if err != nil {
			return err
		}
		spans = append(spans, t.span)
	}
	for _, s := range spans[1:] {
		r.b.addRelation(spans[0], s, f[0], r.annotator)
	}
	return nil
}

// readAttributes registers A, M and N lines, which a note may point at.
func (r *bratReader) readAttributes(lines []bratLine) error {
	for _, l := range lines {
		var name, target string
		var err error
		switch l.kind() {
		case 'A', 'M':
			name, target, _, err = r.attrFields(l)
		case 'N':
			name, target, _, err = r.normFields(l)
		default:
			continue
		}
		if err != nil {
			return err
		}
		t, err := r.resolve(l, target)
		if err != nil {
			return err
		}
		kind := "attribute "
		if l.kind() == 'N' {
			kind = "normalization "
		}
		if err := r.register(l, bratTarget{span: t.span, what: kind + l.id + " " + name}); err != nil {
			return err
		}
	}
	return nil
}

func (r *bratReader) attrFields(l bratLine) (name, target, value string, err error) {
	f := strings.Fields(l.fields)
	if len(f) != 2 && len(f) != 3 {
		return "", "", "", r.fail(l, "expected NAME ID or NAME ID VALUE, found %q", clipString(l.fields))
	}
	if len(f) == 3 {
		value = f[2]
	}
	return f[0], f[1], value, nil
}

func (r *bratReader) normFields(l bratLine) (typ, target, ref string, err error) {
	f := strings.Fields(l.fields)
	if len(f) != 3 {
		return "", "", "", r.fail(l, "expected TYPE ID DB:ENTRY, found %q", clipString(l.fields))
	}
	return f[0], f[1], f[2], nil
}

// readNotes turns E, A, M, N and # lines into note lines on the spans
// they point at, in file order.
func (r *bratReader) readNotes(lines []bratLine) error {
	for _, l := range lines {
		var span, note string
		var err error
		switch l.kind() {
		case 'E':
			span, note, err = r.eventNote(l)
		case 'A', 'M':
			span, note, err = r.attrNote(l)
		case 'N':
			span, note, err = r.normNote(l)
		case '#':
			span, note, err = r.commentNote(l)
		default:
			continue
		}
		if err != nil {
			return err
		}
		r.addNote(span, note)
	}
	return nil
}

func (r *bratReader) eventNote(l bratLine) (string, string, error) {
	typ, _, err := r.eventHead(l)
	if err != nil {
		return "", "", err
	}
	var args []string
	for _, a := range strings.Fields(l.fields)[1:] {
		role, id, _ := strings.Cut(a, ":")
		if role == "" || id == "" {
			return "", "", r.fail(l, "argument %q: expected ROLE:ID", clipString(a))
		}
		t, err := r.resolve(l, id)
		if err != nil {
			return "", "", err
		}
		// A T's id means nothing once the span is in Spanmark (and its
		// number changes on export), so the note quotes its text; an
		// event keeps its id, which other notes use.
		arg := role + " " + r.quote(t.span)
		if t.what != "" {
			arg = role + " " + id + " " + r.quote(t.span)
		}
		args = append(args, arg)
	}
	note := "event " + l.id + " " + typ
	if len(args) > 0 {
		note += ": " + strings.Join(args, ", ")
	}
	return r.targets[l.id].span, note, nil
}

func (r *bratReader) attrNote(l bratLine) (string, string, error) {
	name, target, value, err := r.attrFields(l)
	if err != nil {
		return "", "", err
	}
	t, err := r.resolve(l, target)
	if err != nil {
		return "", "", err
	}
	note := "attribute " + name
	if value != "" {
		note += "=" + value
	}
	return t.span, note + on(t), nil
}

func (r *bratReader) normNote(l bratLine) (string, string, error) {
	typ, target, ref, err := r.normFields(l)
	if err != nil {
		return "", "", err
	}
	t, err := r.resolve(l, target)
	if err != nil {
		return "", "", err
	}
	note := "normalization " + typ + " " + ref
	if s := strings.TrimSpace(l.text); s != "" {
		note += ` "` + s + `"`
	}
	return t.span, note + on(t), nil
}

// commentNote reads "#1<TAB>AnnotatorNotes T1<TAB>text". On a T it is the
// span's note as written; elsewhere it says what it was written on.
func (r *bratReader) commentNote(l bratLine) (string, string, error) {
	f := strings.Fields(l.fields)
	if len(f) != 2 {
		return "", "", r.fail(l, "expected AnnotatorNotes ID, found %q", clipString(l.fields))
	}
	t, err := r.resolve(l, f[1])
	if err != nil {
		return "", "", err
	}
	switch {
	case t.what == "" && f[0] == "AnnotatorNotes":
		return t.span, l.text, nil
	case t.what == "":
		return t.span, f[0] + ": " + l.text, nil
	case f[0] == "AnnotatorNotes":
		return t.span, "note on " + t.what + ": " + l.text, nil
	}
	return t.span, f[0] + " on " + t.what + ": " + l.text, nil
}

// on names what a note was written on, when that is not the span itself.
func on(t bratTarget) string {
	if t.what == "" {
		return ""
	}
	return " (on " + t.what + ")"
}

func clipString(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
