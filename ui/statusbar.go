package ui

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// statusBar is the bottom bar: who is annotating, which database, and
// what the last action did; "saved" appears only after a commit.
type statusBar struct {
	who    *widget.Button
	mode   *widget.Button // annotate or review; a click switches
	review *widget.Label  // review progress, in review mode
	sugg   *widget.Label  // suggestions left, in annotate mode
	db     *widget.Label
	msg    *widget.Label
	layout *widget.Label
	box    fyne.CanvasObject
}

func newStatusBar(a *App) *statusBar {
	s := &statusBar{db: widget.NewLabel(""), msg: widget.NewLabel("ready"), layout: widget.NewLabel("")}
	s.who = widget.NewButton("annotator: ?", a.askAnnotator)
	s.who.Importance = widget.LowImportance
	s.mode = widget.NewButton("", a.toggleMode)
	s.mode.Importance = widget.LowImportance
	s.review = widget.NewLabel("")
	s.sugg = widget.NewLabel("")
	s.setMode(ModeAnnotate)
	s.msg.Truncation = fyne.TextTruncateEllipsis
	s.box = container.NewBorder(nil, nil, container.NewHBox(s.who, s.mode, s.db), container.NewHBox(s.sugg, s.review, s.layout), s.msg)
	return s
}

func (s *statusBar) set(msg string)       { s.msg.SetText(msg) }
func (s *statusBar) setLayout(msg string) { s.layout.SetText(msg) }
func (s *statusBar) setDB(path string)    { s.db.SetText("database: " + dbName(path)) }

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
		s.mode.SetText("reviewing (Ctrl+R to annotate)")
		return
	}
	s.mode.SetText("annotating (Ctrl+R to review)")
	s.review.SetText("")
}

func (s *statusBar) setReview(msg string) { s.review.SetText(msg) }

func (s *statusBar) setSuggestions(msg string) { s.sugg.SetText(msg) }

// message is the current status text, for tests.
func (s *statusBar) message() string { return s.msg.Text }
