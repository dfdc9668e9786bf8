package ui

import (
	"encoding/json"
	"io"
	"time"
)

// ActionLine is one line of the action log (SetActionLog), a JSON object:
// the write the analyst asked for, when the handler that asked began, how
// long the UI goroutine was held from there to the store's return, and
// the store's error, if it failed. Everything the window shows waits
// that long, so it is the latency the analyst feels, less the time the
// event spent queued before its handler ran.
type ActionLine struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	HeldMS float64   `json:"held_ms"`
	Error  string    `json:"error,omitempty"`
}

// SetActionLog makes the window write one ActionLine to w for each write
// an analyst's key or click asks of the store (tag, relabel, note,
// delete, link, unlink, undo, redo, mark done), and one "remote" line
// each time it shows what another program or a colleague wrote (the
// whole of that, not only the store's part), or stops it with nil. It is
// for measuring the window under load (spanmark-stress window-busy); it
// changes nothing the window does, and a failed write to w is ignored.
func (a *App) SetActionLog(w io.Writer) { a.actionLog = w }

// logAction writes the action log's line for an action whose handler
// began at start and whose store call has just returned err.
func (a *App) logAction(action string, start time.Time, err error) {
	if a.actionLog == nil {
		return
	}
	l := ActionLine{At: start, Action: action, HeldMS: float64(time.Since(start).Microseconds()) / 1000}
	if err != nil {
		l.Error = err.Error()
	}
	b, _ := json.Marshal(l)
	a.actionLog.Write(append(b, '\n')) // one write a line: a reader never sees half of one
}
