package ui

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar is the bottom bar: who is annotating, which database, and
// what the last action did; "saved" appears only after a commit. The
// message takes whatever the others leave, so they are kept short:
// review progress and the suggestions' count in a few words, labels
// with nothing to say hidden, and how long the layout took added to the
// message that opened the document rather than kept on a label of its
// own (a warning about missing fonts keeps one).
type statusBar struct {
	who    *widget.Button
	mode   *widget.Button // annotate or review; a click switches
	review *widget.Label  // review progress, in review mode
	sugg   *widget.Label  // suggestions left, in annotate mode
	db     *widget.Label
	msg    *widget.Label
	warn   *widget.Label // characters no font draws
	warnAt *fyne.Container
	box    fyne.CanvasObject
}

func newStatusBar(a *App) *statusBar {
	s := &statusBar{db: widget.NewLabel(""), msg: widget.NewLabel("ready"), warn: widget.NewLabel("")}
	s.who = widget.NewButton("annotator: ?", a.askAnnotator)
	s.who.Importance = widget.LowImportance
	s.mode = widget.NewButton("", a.toggleMode)
	s.mode.Importance = widget.LowImportance
	s.review = widget.NewLabel("")
	s.sugg = widget.NewLabel("")
	s.setMode(ModeAnnotate)
	s.msg.Truncation = fyne.TextTruncateEllipsis
	s.db.Truncation = fyne.TextTruncateEllipsis
	s.warn.Truncation = fyne.TextTruncateEllipsis
	s.warnAt = container.New(&capWidth{label: s.warn, max: 320}, s.warn)
	s.warnAt.Hide()
	s.review.Hide()
	s.sugg.Hide()
	s.box = container.NewBorder(nil, nil, container.NewHBox(s.who, s.mode, container.New(&capWidth{label: s.db, max: 180}, s.db)),
		container.NewHBox(s.sugg, s.review, s.warnAt), s.msg)
	a.doc.OnChange(func(w What) {
		if w&WhatDoc != 0 {
			s.setWarning("") // the next document is checked afresh
		}
	})
	return s
}

// capWidth asks for the width of a truncating label's text, up to max:
// a long database name is cut short rather than taking the message's
// room.
type capWidth struct {
	label *widget.Label
	max   float32
}

func (c *capWidth) MinSize([]fyne.CanvasObject) fyne.Size {
	w := fyne.MeasureText(c.label.Text, theme.TextSize(), c.label.TextStyle).Width + 2*theme.InnerPadding() + 1
	return fyne.NewSize(min(w, c.max), c.label.MinSize().Height)
}

func (c *capWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

// setText shows a label (or what holds it) with text, and hides it with
// none, so that an empty label leaves the message its padding.
func setText(l *widget.Label, text string, holder ...fyne.CanvasObject) {
	l.SetText(text)
	var o fyne.CanvasObject = l
	if len(holder) > 0 {
		o = holder[0]
	}
	if text == "" {
		o.Hide()
	} else {
		o.Show()
	}
}

func (s *statusBar) set(msg string)        { s.msg.SetText(msg) }
func (s *statusBar) setWarning(msg string) { setText(s.warn, msg, s.warnAt) }
func (s *statusBar) setDB(path string)     { s.db.SetText("database: " + dbName(path)) }

// dbName is how the status bar names the project: a file by its name, a
// team server by its host and database (and schema, where the URL picks
// one).
func dbName(path string) string {
	u, err := url.Parse(path)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return filepath.Base(path)
	}
	name := u.Host + u.Path
	if u.User != nil {
		name = u.User.Username() + "@" + name
	}
	if sp := u.Query().Get("search_path"); sp != "" {
		name += " (" + sp + ")"
	}
	return name
}
func (s *statusBar) setAnnotator(name string) {
	s.who.SetText("annotator: " + name)
}

func (s *statusBar) setMode(m Mode) {
	if m == ModeReview {
		s.mode.SetText("reviewing (Ctrl+R)")
		return
	}
	s.mode.SetText("annotating (Ctrl+R to review)")
	setText(s.review, "")
}

func (s *statusBar) setReview(msg string) { setText(s.review, msg) }

func (s *statusBar) setSuggestions(msg string) { setText(s.sugg, msg) }

// message is the current status text, for tests.
func (s *statusBar) message() string { return s.msg.Text }
